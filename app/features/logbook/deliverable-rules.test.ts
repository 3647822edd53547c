import { describe, expect, it } from "vitest";
import {
  attachmentDisposition,
  createContentSniffer,
  DELIVERABLE_MESSAGES,
  deliverableTypeOf,
  displayFileName,
} from "./deliverable-rules";

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

/** Sniffs the bytes fed in chunks of the given size. */
function sniff(data: Buffer, chunkSize = 7) {
  const s = createContentSniffer();
  for (let i = 0; i < data.length; i += chunkSize) {
    const early = s.update(data.subarray(i, i + chunkSize));
    if (early) return early;
  }
  return s.finish();
}
const typeOf = (data: Buffer, chunkSize?: number) => {
  const r = sniff(data, chunkSize);
  return r.ok ? r.type.mediaType : r.message;
};

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const zipWith = (...names: string[]) =>
  bytes(
    "PK\x03\x04",
    Buffer.alloc(26),
    ...names.flatMap((n) => [n, Buffer.alloc(40, 7)]),
    "PK\x01\x02",
    Buffer.alloc(30),
  );

describe("deliverable content types", () => {
  it("recognises PDF, images and Office files from their bytes", () => {
    expect(typeOf(bytes("%PDF-1.7\n", Buffer.alloc(100)))).toBe("application/pdf");
    expect(typeOf(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], Buffer.alloc(30)))).toBe("image/png");
    expect(typeOf(bytes([0xff, 0xd8, 0xff, 0xe0], Buffer.alloc(30)))).toBe("image/jpeg");
    expect(typeOf(bytes("GIF89a", Buffer.alloc(30)))).toBe("image/gif");
    expect(typeOf(bytes("RIFF\x10\x00\x00\x00WEBPVP8 ", Buffer.alloc(30)))).toBe("image/webp");
    expect(typeOf(zipWith("[Content_Types].xml", "_rels/.rels", "word/document.xml"))).toBe(
      deliverableTypeOf("application/vnd.openxmlformats-officedocument.wordprocessingml.document")!.mediaType,
    );
    expect(typeOf(zipWith("[Content_Types].xml", "xl/workbook.xml"), 5)).toContain("spreadsheetml");
    expect(typeOf(zipWith("[Content_Types].xml", "ppt/presentation.xml"), 3)).toContain("presentationml");
    expect(typeOf(bytes(OLE, Buffer.alloc(600), Buffer.from("WordDocument", "utf16le"), Buffer.alloc(50)))).toBe(
      "application/msword",
    );
    expect(typeOf(bytes(OLE, Buffer.alloc(600), Buffer.from("Workbook", "utf16le"), Buffer.alloc(50)))).toBe(
      "application/vnd.ms-excel",
    );
    expect(typeOf(bytes(OLE, Buffer.from("PowerPoint Document", "utf16le"), Buffer.alloc(50)), 4)).toBe(
      "application/vnd.ms-powerpoint",
    );
  });

  it("a marker split across chunks is still found, whatever the chunk size", () => {
    const docx = zipWith("[Content_Types].xml", "word/document.xml");
    for (const size of [1, 2, 5, 16, 17, 1000]) expect(typeOf(docx, size)).toContain("wordprocessingml");
  });

  it("refuses executables at once, and any other ZIP, OLE or unknown content at the end", () => {
    const mz = bytes("MZ\x90\x00", Buffer.alloc(100));
    const s = createContentSniffer();
    expect(s.update(mz.subarray(0, 16))).toEqual({ ok: false, message: DELIVERABLE_MESSAGES.executable });
    expect(typeOf(bytes([0x7f, 0x45, 0x4c, 0x46], Buffer.alloc(60)))).toBe(DELIVERABLE_MESSAGES.executable);
    expect(typeOf(bytes("#!/bin/sh\nrm -rf /\n"))).toBe(DELIVERABLE_MESSAGES.executable);
    // A plain ZIP, a JAR-like ZIP without [Content_Types].xml, an MSI-like OLE file, HTML, text.
    expect(typeOf(zipWith("a.txt", "b.txt"))).toBe(DELIVERABLE_MESSAGES.wrongType);
    expect(typeOf(zipWith("word/document.xml"))).toBe(DELIVERABLE_MESSAGES.wrongType);
    expect(typeOf(bytes(OLE, Buffer.alloc(600)))).toBe(DELIVERABLE_MESSAGES.wrongType);
    expect(typeOf(bytes("<html><script>alert(1)</script></html>"))).toBe(DELIVERABLE_MESSAGES.wrongType);
    expect(typeOf(bytes("%PD"))).toBe(DELIVERABLE_MESSAGES.wrongType);
  });
});

describe("deliverable file names", () => {
  it("are NFC, without path, control or bidi characters, with the extension of their content", () => {
    expect(displayFileName("ﾃｽﾄ/議事録.pdf")).toBe("議事録.pdf");
    expect(displayFileName("C:\\Users\\taro\\報告書.docx")).toBe("報告書.docx");
    expect(displayFileName("か\u3099いよう.pdf")).toBe("がいよう.pdf");
    expect(displayFileName("invoice\u202efdp.exe")).toBe("invoicefdp.exe");
    expect(displayFileName('a"b<c>.pdf')).toBe("a_b_c_.pdf");
    expect(displayFileName("...")).toBe("file");
    expect(displayFileName("報告.png", deliverableTypeOf("application/pdf"))).toBe("報告.png.pdf");
    expect(displayFileName("写真.JPEG", deliverableTypeOf("image/jpeg"))).toBe("写真.JPEG");
    const long = displayFileName(`${"あ".repeat(300)}.pdf`);
    expect([...long].length).toBe(200);
    expect(long.endsWith(".pdf")).toBe(true);
  });

  it("are sent as an attachment with an ASCII fallback and an RFC 5987 filename*", () => {
    expect(attachmentDisposition("議事録 (案).pdf")).toBe(
      `attachment; filename="___ (_).pdf"; filename*=UTF-8''%E8%AD%B0%E4%BA%8B%E9%8C%B2%20%28%E6%A1%88%29.pdf`,
    );
    expect(attachmentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(attachmentDisposition("a'b.pdf")).toContain("filename*=UTF-8''a%27b.pdf");
  });
});
