#!/usr/bin/env bash
# Refresh the vendored YASGUI from the npm registry: ./refresh.sh [VERSION]
# Installs @zazuko/yasgui into a temporary folder, copies its built JS and CSS here (without the
# source-map comment, so browsers ask for no .map file), and writes the licence notices of the
# package and of everything its bundle is built from.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:-4.6.2}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "@zazuko/yasgui@${version}" >/dev/null
build=node_modules/@zazuko/yasgui/build
sed '/^\/\/# sourceMappingURL=/d' "$build/yasgui.min.js" > "$here/yasgui.min.js"
sed 's|/\*# sourceMappingURL=.*\*/||' "$build/yasgui.min.css" > "$here/yasgui.min.css"
{
  echo "Licences of the npm packages installed with @zazuko/yasgui@${version} (its bundle is built from them)."
  echo
  npm ls --all --parseable | tail -n +2 | sort -u | while read -r dir; do
    name=$(node -p "const p=require('$dir/package.json'); p.name+'@'+p.version+' ('+(p.license||'see licence text')+')'")
    echo "================================================================================"
    echo "$name"
    echo "================================================================================"
    lic=$(find "$dir" -maxdepth 1 -iname 'licen[cs]e*' | head -n 1)
    if [ -n "$lic" ]; then cat "$lic"; else echo "(the package ships no licence file; package.json declares the licence above)"; fi
    echo
  done
} > "$here/THIRD-PARTY-LICENSES.txt"
echo "$version" > "$here/VERSION"
echo "YASGUI ${version} vendored into $here"
