#!/usr/bin/env bash
# Refresh the vendored NHS.UK frontend (CSS, JS, images) in static/nhsuk/ from the npm package.
# Usage: scripts/refresh-nhsuk-frontend.sh [VERSION]   (default: the version in static/nhsuk/VERSION)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-$(cat static/nhsuk/VERSION)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "nhsuk-frontend@${version}" >/dev/null && tar xzf nhsuk-frontend-*.tgz)
src="$work/package/dist/nhsuk"
dest=static/nhsuk
rm -rf "$dest"
mkdir -p "$dest/assets"
# The stylesheet points at /assets/...; make it relative so hashed static names follow.
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$src/nhsuk-frontend.min.css" > "$dest/nhsuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' "$src/nhsuk-frontend.min.js" > "$dest/nhsuk-frontend.min.js"
cp -r "$src/assets/images" "$dest/assets/images"
echo "$version" > "$dest/VERSION"
echo "NHS.UK frontend $version vendored in $dest"
