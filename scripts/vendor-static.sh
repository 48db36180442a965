#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry. Run by hand when upgrading;
# the result is committed, so nothing is fetched at run time.
set -euo pipefail
dest="$(cd "$(dirname "$0")/.." && pwd)/src/opencqi/site/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent \
  @uswds/uswds@3.14.0 htmx.org@2.0.11 vega@6.4.0 vega-lite@6.4.3 vega-embed@7.3.0 axe-core@4.14.1
m=node_modules
rm -rf "$dest" && mkdir -p "$dest"/uswds/{css,js,img} "$dest"/js
cp $m/@uswds/uswds/dist/css/uswds.min.css "$dest/uswds/css/"
cp $m/@uswds/uswds/dist/js/uswds.min.js $m/@uswds/uswds/dist/js/uswds-init.min.js "$dest/uswds/js/"
cp -r $m/@uswds/uswds/dist/fonts "$dest/uswds/"
find "$dest/uswds/fonts" -type f ! -name '*.woff2' -delete
find $m/@uswds/uswds/dist/img -maxdepth 1 -type f -exec cp {} "$dest/uswds/img/" \;
cp -r $m/@uswds/uswds/dist/img/usa-icons $m/@uswds/uswds/dist/img/usa-icons-bg "$dest/uswds/img/"
cp $m/htmx.org/dist/htmx.min.js "$dest/js/"
cp $m/vega/build/vega.min.js $m/vega-lite/build/vega-lite.min.js \
   $m/vega-embed/build/vega-embed.min.js "$dest/js/"
cp $m/axe-core/axe.min.js "$dest/js/"
for p in @uswds/uswds htmx.org vega vega-lite vega-embed axe-core; do
  printf '%s %s\n' "$p" "$(node -p "require('$PWD/$m/$p/package.json').version")"
done > "$dest/VERSIONS.txt"
