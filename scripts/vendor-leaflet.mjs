// Puts the vendored Leaflet into www/vendor/leaflet/: the stylesheet, its images, the minified
// build (leaflet.js, 42 KB gzip instead of 109 KB for the unminified module), and in place of
// the unminified ES module `leaflet-src.esm.js` a small module that loads the minified build and
// re-exports the same names, so every `import * as L from '../vendor/leaflet/leaflet-src.esm.js'`
// keeps working unchanged. Run by scripts/build.sh.
//   node scripts/vendor-leaflet.mjs [from=node_modules/leaflet/dist] [to=www/vendor/leaflet]
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const from = process.argv[2] || 'node_modules/leaflet/dist';
const to = process.argv[3] || 'www/vendor/leaflet';

const esm = readFileSync(join(from, 'leaflet-src.esm.js'), 'utf8');
const list = esm.match(/export\s*\{([^}]*)\}\s*;?\s*(\/\/[^\n]*\s*)?$/);
if (!list) {
  console.error(`${from}/leaflet-src.esm.js: no final export list found`);
  process.exit(1);
}
// `index as Projection` exports the name after `as`
const names = list[1]
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map((s) => s.split(/\s+as\s+/).pop());
const version = (readFileSync(join(from, 'leaflet.js'), 'utf8').match(/Leaflet (\d+\.\d+\.\d+)/) || [])[1] || '?';

rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
cpSync(join(from, 'leaflet.js'), join(to, 'leaflet.js'));
cpSync(join(from, 'leaflet.css'), join(to, 'leaflet.css'));
cpSync(join(from, 'images'), join(to, 'images'), { recursive: true });
writeFileSync(
  join(to, 'leaflet-src.esm.js'),
  `// Written by scripts/vendor-leaflet.mjs: Leaflet ${version} as an ES module, made from the\n` +
    `// minified build (leaflet.js sets globalThis.leaflet); the names are those of Leaflet's own\n` +
    `// leaflet-src.esm.js.\n` +
    `import './leaflet.js';\n\n` +
    `const L = globalThis.leaflet;\n` +
    `export default L;\n` +
    `export const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = L;\n`,
);
console.error(`vendor/leaflet: Leaflet ${version}, ${names.length} names re-exported from the minified build`);
