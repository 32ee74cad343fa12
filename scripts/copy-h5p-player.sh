#!/usr/bin/env bash
# Copies the H5P player (h5p-standalone, installed from the npm registry with the
# committed lockfile) into static/h5p-player/, with its licence notices.
set -euo pipefail
cd "$(dirname "$0")/.."
source=node_modules/h5p-standalone
target=static/h5p-player
rm -rf "$target"
mkdir -p "$target"
cp -R "$source/dist/." "$target/"
cp "$source/LICENSE" "$target/LICENSE"
version=$(python3 -c "import json; print(json.load(open('$source/package.json'))['version'])")
printf 'h5p-standalone %s, MIT licence (LICENSE); bundled third-party notices in main.bundle.js.LICENSE.txt.\n' "$version" > "$target/NOTICE"
