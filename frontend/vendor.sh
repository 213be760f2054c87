#!/bin/sh
# Refresh static/vendor/ from the npm packages pinned in frontend/package.json.
# The copied files are committed, so neither `make run` nor `make test` needs npm or a
# network; run this only to change a version, then commit the result.
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
rm -rf ../static/vendor
mkdir -p ../static/vendor/leaflet/images ../static/vendor/leaflet.markercluster ../static/vendor/chart.js ../static/vendor/htmx.org
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE ../static/vendor/leaflet/
cp node_modules/leaflet/dist/images/*.png ../static/vendor/leaflet/images/
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css node_modules/leaflet.markercluster/MIT-LICENCE.txt \
   ../static/vendor/leaflet.markercluster/
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md ../static/vendor/chart.js/
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE ../static/vendor/htmx.org/
# Source-map comments point at files we do not ship; drop them so browsers ask for nothing missing.
sed -i '/^\/\/# sourceMappingURL=/d' ../static/vendor/*/*.js
for package in leaflet leaflet.markercluster chart.js htmx.org; do
  node -e "const p=require('./node_modules/$package/package.json'); console.log(p.name + ' ' + p.version + ' (' + p.license + ')')"
done > ../static/vendor/VERSIONS.txt
# axe-core checks the pages' accessibility in the browser tests only (tests/accessibility.py injects
# it into the page); it is not a static file and no page loads it.
rm -rf ../tests/vendor/axe-core
mkdir -p ../tests/vendor/axe-core
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE ../tests/vendor/axe-core/
node -e "const p=require('./node_modules/axe-core/package.json'); console.log(p.name + ' ' + p.version + ' (' + p.license + ')')" \
  > ../tests/vendor/axe-core/VERSION.txt
