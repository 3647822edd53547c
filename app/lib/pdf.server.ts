import fs from "node:fs";
import { createRequire } from "node:module";

import PDFDocument from "pdfkit";

// The one place PDFs are started (certificates, invoices, receipts). pdfkit embeds a subset of
// a TrueType Japanese font; the woff2 files the web pages use render blank in pdfkit, so the
// static Noto Sans JP TTFs of @expo-google-fonts/noto-sans-jp are used (../shared/STACK.md).

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf"),
} as const;

export type PdfFont = keyof typeof FONT_FILES;

// The TrueType files (5.4 MB each) are read once per process, not once per document: a
// certificate ZIP of 500 would otherwise read 5 GB from disk.
let fontData: Record<PdfFont, Buffer> | undefined;
function fonts(): Record<PdfFont, Buffer> {
  fontData ??= {
    regular: fs.readFileSync(FONT_FILES.regular),
    bold: fs.readFileSync(FONT_FILES.bold),
  };
  return fontData;
}

export type PdfMetadata = { title: string; author: string; subject?: string };

/**
 * A new A4 document with the Japanese fonts registered as "regular" and "bold" and the
 * regular one selected. Draw on it, then pass it to `pdfBytes`.
 */
export function startPdf(meta: PdfMetadata, options: { margin?: number } = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: "A4",
    margin: options.margin ?? 56,
    info: { Title: meta.title, Author: meta.author, Subject: meta.subject ?? meta.title },
    // Stable output for the same input: no creation date varies the bytes beyond what is set.
    compress: true,
    lang: "ja-JP",
    displayTitle: true,
  });
  for (const [name, data] of Object.entries(fonts())) doc.registerFont(name, data);
  doc.font("regular");
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    doc.end();
  });
}

/** Headers for a PDF answer: a download with a Japanese file name (RFC 6266 / 5987). */
export function pdfHeaders(fileName: string, disposition: "inline" | "attachment" = "attachment"): HeadersInit {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "Content-Type": "application/pdf",
    "Content-Disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
