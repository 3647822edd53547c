import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import type { RequestHandler } from "express";

// Compressed responses (decision 0010). Pages and data are compressed per response by the
// `compression` middleware (brotli at quality 4 or gzip, whichever the browser prefers);
// the fingerprinted files in public/build are compressed once at build time
// (app/build-tools/precompress.ts writes NAME.br and NAME.gz beside each) and served from there.

/** File types worth compressing; fonts (woff2) and images are compressed already. */
export const PRECOMPRESSED_EXTENSIONS = [".js", ".css", ".svg", ".json", ".map", ".txt"];

/** Compresses dynamic responses (HTML, single-fetch data, CSV) when the client accepts it. */
export function compressedResponses(): RequestHandler {
  return compression();
}

/**
 * Serves `NAME.br` or `NAME.gz` from `root` for a request of NAME when the browser accepts
 * that encoding and the file exists; otherwise passes on (to express.static). Which files
 * exist is remembered: the directory only holds fingerprinted, immutable files.
 */
export function precompressedAssets(root: string, { maxAgeSeconds = 31536000 } = {}): RequestHandler {
  const base = path.resolve(root);
  const exists = new Map<string, boolean>();
  const has = (file: string) => {
    let found = exists.get(file);
    if (found === undefined) {
      found = fs.existsSync(file);
      exists.set(file, found);
    }
    return found;
  };
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const ext = path.extname(req.path);
    if (!PRECOMPRESSED_EXTENSIONS.includes(ext)) return next();
    const file = path.join(base, path.normalize(decodeURIComponent(req.path)));
    if (!file.startsWith(base + path.sep)) return next();
    res.vary("Accept-Encoding");
    // Brotli whenever accepted (browsers list gzip first, but brotli files are smaller).
    const encoding = req.acceptsEncodings("br") ? "br" : req.acceptsEncodings("gzip") ? "gzip" : null;
    const suffix = encoding === "br" ? ".br" : ".gz";
    if (!encoding || !has(file + suffix)) return next();
    res.type(ext);
    res.set("Content-Encoding", encoding);
    res.sendFile(file + suffix, { maxAge: maxAgeSeconds * 1000, immutable: true, lastModified: true }, (error) => {
      if (error) next(error);
    });
  };
}
