#!/bin/sh
# The Swedish translation is always complete: every string the sources mark
# for translation has a Swedish msgstr in po/sv.po (fuzzy does not count),
# and every source file with such strings is listed in po/POTFILES.in.
# Usage: check-translation.sh SOURCE_ROOT
set -eu
cd "$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
for f in $(grep -lE '(_|N_|C_|NC_)\(|ngettext \(' app/core/*.c app/ui/*.c 2>/dev/null) \
         $(grep -l 'translatable="yes"' ui/*.ui 2>/dev/null); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

# The same keywords as meson's i18n "glib" preset.
xgettext --files-from=po/POTFILES.in --directory=. --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 \
  --output="$tmp/handla.pot"

msgfmt --check --output-file=/dev/null po/sv.po
if ! msgcmp po/sv.po "$tmp/handla.pot"; then
  echo "po/sv.po lacks Swedish for the strings above: run 'meson compile -C build handla-update-po' and translate them"
  status=1
fi

[ "$status" -eq 0 ] && echo "po/sv.po translates all $(grep -c '^msgid ' "$tmp/handla.pot") strings"
exit "$status"
