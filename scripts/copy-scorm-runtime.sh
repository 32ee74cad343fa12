#!/usr/bin/env bash
# Copies the SCORM runtime (scorm-again, installed from the npm registry with the
# committed lockfile and --ignore-scripts) into static/scorm-again/, with its licence.
set -euo pipefail
cd "$(dirname "$0")/.."
source=node_modules/scorm-again
target=static/scorm-again
rm -rf "$target"
mkdir -p "$target"
for name in scorm12 scorm2004 cross-frame-lms cross-frame-api; do
  cp "$source/dist/$name.min.js" "$target/$name.min.js"
done
cp "$source/LICENSE" "$target/LICENSE"
version=$(python3 -c "import json; print(json.load(open('$source/package.json'))['version'])")
printf 'scorm-again %s, MIT licence (LICENSE).\n' "$version" > "$target/NOTICE"
