import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { PRECOMPRESSED_EXTENSIONS } from "../lib/compression.server";

// Part of `npm run build`: writes NAME.br (brotli, quality 11) and NAME.gz (gzip, level 9)
// beside every compressible file of public/build, so the server sends them as they are
// (decision 0010). Files that would not get smaller are left alone.

const root = path.resolve(import.meta.dirname, "../../public/build");

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (PRECOMPRESSED_EXTENSIONS.includes(path.extname(entry.name))) yield full;
  }
}

let count = 0;
let before = 0;
let after = 0;
for (const file of files(root)) {
  const body = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = zlib.gzipSync(body, { level: 9 });
  if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz);
  count++;
  before += body.length;
  after += br.length;
}
console.log(
  `precompress: ${count} files in public/build, ${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB brotli`,
);
