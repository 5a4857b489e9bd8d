#!/bin/sh
# Lints the supplier protocol: check-openapi.sh REDOCLY_BIN SPEC [INSTALL_FAILED]
#
# Runs "REDOCLY_BIN lint SPEC" with docs/redocly.yaml (the redocly.yaml next
# to SPEC) and fails on any error or warning, printing the linter's output.
# REDOCLY_BIN is @redocly/cli's "redocly" (./dev installs it under
# build/npm). Exit status: 0 clean, 1 problems found or REDOCLY_BIN
# missing (never a silent skip: the lint is the test), 2 on bad usage, and
# 77 (skipped) only when REDOCLY_BIN is missing because ./dev could not
# install it and wrote why to the file INSTALL_FAILED.
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 REDOCLY_BIN SPEC [INSTALL_FAILED]" >&2
  exit 2
fi
redocly=$1
spec=$2
install_failed=${3:-}
config=$(dirname "$spec")/redocly.yaml

if ! command -v "$redocly" >/dev/null 2>&1; then
  if [ -n "$install_failed" ] && [ -s "$install_failed" ]; then
    echo "check-openapi: SKIPPED, the linter could not be installed here:"
    cat "$install_failed"
    exit 77
  fi
  echo "check-openapi: $redocly not found or not executable (./dev installs @redocly/cli)" >&2
  exit 1
fi
if [ ! -f "$spec" ] || [ ! -f "$config" ]; then
  echo "check-openapi: missing $spec or $config" >&2
  exit 1
fi

# No telemetry, no update check, plain output.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1 FORCE_COLOR=0

out=$("$redocly" lint --config "$config" --format stylish --max-problems 1000 "$spec" 2>&1)
status=$?
printf '%s\n' "$out"

if [ "$status" -ne 0 ]; then
  echo "check-openapi: redocly lint failed (exit $status)" >&2
  exit 1
fi
# redocly exits 0 when there are only warnings; count them from its summary
# ("Woohoo! Your API description is valid." is printed only when clean, and
# "You have N warnings." otherwise).
if printf '%s\n' "$out" | grep -Eq '(^|[^0-9])[1-9][0-9]* (warning|error)s?\b|You have [0-9]+ warning'; then
  echo "check-openapi: redocly lint reported warnings; fix them (or justify a rule change in $config)" >&2
  exit 1
fi
if ! printf '%s\n' "$out" | grep -q 'Your API description is valid'; then
  echo "check-openapi: redocly lint did not report a clean result" >&2
  exit 1
fi
echo "check-openapi: $spec lints clean"
