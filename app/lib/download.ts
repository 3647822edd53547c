// The headers of a file download: the Japanese name as RFC 5987 filename*, with an ASCII
// fallback for clients that do not read it, and no caching of a signed-in user's data.

/** Content-Disposition for an attachment named `filename` (Japanese) or `asciiFilename`. */
export function contentDisposition(filename: string, asciiFilename: string): string {
  const ascii = asciiFilename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Windows and macOS refuse these in a file name; runs of them (and spaces) become one "_". */
export function safeFilename(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, "_");
}

export function downloadHeaders(contentType: string, filename: string, asciiFilename: string): HeadersInit {
  return {
    "Content-Type": contentType,
    "Content-Disposition": contentDisposition(filename, asciiFilename),
    "Cache-Control": "private, no-store",
  };
}
