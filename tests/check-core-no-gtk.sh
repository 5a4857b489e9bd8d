#!/bin/sh
# app/core must build without GTK: no GTK, GDK, GSK or libadwaita header.
set -eu
hits=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](gtk|gdk|gsk|adwaita)' "$1" || true)
if [ -n "$hits" ]; then
  echo "app/core includes a GTK header:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "app/core includes no GTK header"
