// Draws the app's icons (no dependencies): a patrol route with its stops on the app's green,
// written as PNG (192, 512, and a maskable 512 whose motif stays inside the safe circle) and a
// favicon.ico holding 16/32/48 px PNGs. Deterministic: the same bytes on every run.
//   node scripts/icons.mjs [outDir=www/icons]   (favicon.ico goes to outDir/..)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const GREEN = [20, 83, 45];
const WHITE = [255, 255, 255];
const AMBER = [245, 158, 11];

// The motif in unit coordinates (0..1 across the icon): a route through four stops.
const ROUTE = [
  [0.24, 0.72],
  [0.4, 0.38],
  [0.62, 0.6],
  [0.78, 0.28],
];

function segDist(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** The colour at a point (unit coordinates) of an icon whose motif is scaled by `k` about the
 *  centre; null outside the rounded background (transparent). */
function colourAt(x, y, { k, radius, full }) {
  const cx = x - 0.5;
  const cy = y - 0.5;
  if (!full) {
    // rounded square background
    const qx = Math.abs(cx) - (0.5 - radius);
    const qy = Math.abs(cy) - (0.5 - radius);
    if (Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) > radius) return null;
  }
  const ux = 0.5 + cx / k;
  const uy = 0.5 + cy / k;
  for (let i = 0; i < ROUTE.length; i++) {
    const [sx, sy] = ROUTE[i];
    const d = Math.hypot(ux - sx, uy - sy);
    const r = i === 0 || i === ROUTE.length - 1 ? 0.085 : 0.07;
    if (d < r) return d < r - 0.035 ? (i === ROUTE.length - 1 ? AMBER : GREEN) : WHITE;
  }
  for (let i = 1; i < ROUTE.length; i++) {
    if (segDist(ux, uy, ROUTE[i - 1], ROUTE[i]) < 0.035) return WHITE;
  }
  return GREEN;
}

/** RGBA pixels of a size×size icon, 4×4 supersampled. */
function render(size, opts) {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size, opts);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = (y * size + x) * 4;
      if (a) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((255 * a) / (n * n));
    }
  }
  return px;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A PNG file (8-bit RGBA, no filter) of the pixels. */
function png(size, px) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(px.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An .ico file holding PNG images (supported by every current browser). */
function ico(images) {
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    head[e] = size >= 256 ? 0 : size;
    head[e + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, e + 4); // planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map((i) => i.data)]);
}

const outDir = resolve(process.argv[2] || 'www/icons');
mkdirSync(outDir, { recursive: true });
const plain = { k: 1, radius: 0.18, full: false };
for (const size of [192, 512]) writeFileSync(join(outDir, `icon-${size}.png`), png(size, render(size, plain)));
// maskable: full bleed, motif inside the central 80 % circle
writeFileSync(join(outDir, 'maskable-512.png'), png(512, render(512, { k: 0.72, radius: 0, full: true })));
const small = [16, 32, 48].map((size) => ({ size, data: png(size, render(size, plain)) }));
writeFileSync(join(dirname(outDir), 'favicon.ico'), ico(small));
console.error(`icons written to ${outDir} and ${join(dirname(outDir), 'favicon.ico')}`);
