#!/usr/bin/env bash
# Generates every bundled snapshot (not only the committed default) into a scratch directory beside
# generated/ (so its relative imports resolve) and type-checks the result: a new CloudStack version
# must produce code that compiles, not just code that was written.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=typecheck-snapshot
trap 'rm -rf "$scratch" tsconfig.typecheck.json' EXIT
printf '{ "extends": "./tsconfig.json", "include": ["%s/**/*"] }\n' "$scratch" > tsconfig.typecheck.json

for snapshot in api-snapshots/cloudstack-*.json; do
  case "$snapshot" in *.meta.json|*.capture.json) continue ;; esac
  rm -rf "$scratch"
  npm run -s codegen -- --snapshot "$snapshot" --out "$scratch" --quiet
  npx tsc --noEmit -p tsconfig.typecheck.json
  echo "typecheck: $(basename "$snapshot") generates code that compiles"
done
