// The rules of OJT deliverables (成果物) that need no database: which files are accepted,
// recognised from their content (never the name), how big, and how their names are shown and
// sent back. Japanese wording of the deliverable pages lives here too.

export const MAX_DELIVERABLE_BYTES = 20 * 1024 * 1024;
export const MAX_DELIVERABLE_LABEL = "20 MB";

export type DeliverableType = { mediaType: string; extensions: readonly string[]; label: string };

const PDF = { mediaType: "application/pdf", extensions: ["pdf"], label: "PDF" };
const DOCX = {
  mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  extensions: ["docx"],
  label: "Word文書",
};
const XLSX = {
  mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  extensions: ["xlsx"],
  label: "Excelブック",
};
const PPTX = {
  mediaType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  extensions: ["pptx"],
  label: "PowerPointプレゼンテーション",
};
const DOC = { mediaType: "application/msword", extensions: ["doc"], label: "Word文書（旧形式）" };
const XLS = { mediaType: "application/vnd.ms-excel", extensions: ["xls"], label: "Excelブック（旧形式）" };
const PPT = {
  mediaType: "application/vnd.ms-powerpoint",
  extensions: ["ppt"],
  label: "PowerPointプレゼンテーション（旧形式）",
};
const PNG = { mediaType: "image/png", extensions: ["png"], label: "PNG画像" };
const JPEG = { mediaType: "image/jpeg", extensions: ["jpg", "jpeg"], label: "JPEG画像" };
const GIF = { mediaType: "image/gif", extensions: ["gif"], label: "GIF画像" };
const WEBP = { mediaType: "image/webp", extensions: ["webp"], label: "WebP画像" };

export const DELIVERABLE_TYPES: readonly DeliverableType[] = [
  PDF,
  DOCX,
  XLSX,
  PPTX,
  DOC,
  XLS,
  PPT,
  PNG,
  JPEG,
  GIF,
  WEBP,
];

export function deliverableTypeOf(mediaType: string): DeliverableType | undefined {
  return DELIVERABLE_TYPES.find((t) => t.mediaType === mediaType);
}

export const DELIVERABLE_MESSAGES = {
  allowed: "PDF、Word・Excel・PowerPoint（docx/xlsx/pptx、旧形式のdoc/xls/ppt）、画像（PNG・JPEG・GIF・WebP）",
  limit: `1ファイル${MAX_DELIVERABLE_LABEL}まで`,
  wrongType:
    "このファイルは受け付けられません。PDF、Office文書（Word・Excel・PowerPoint）、画像（PNG・JPEG・GIF・WebP）を添付してください（ファイルの中身で判定しています）。",
  executable: "プログラム（実行ファイル）は添付できません。",
  tooLarge: `ファイルが大きすぎます（${MAX_DELIVERABLE_LABEL}まで）。`,
  empty: "ファイルを選択してください。",
  oneAtATime: "ファイルは1つずつ添付してください。",
  cutOff: "アップロードが途中で切れました。もう一度送信してください。",
  locked: "承認済みの記録には成果物を追加・削除できません。修正が必要な場合は、記録の修正から行ってください。",
  notPair: "成果物を追加できるのは、このOJTのトレーナーとトレーニーです。",
  notUploader: "成果物を削除できるのは、添付した本人です（承認前に限ります）。",
  notFound: "成果物が見つかりません。",
  entryNotFound: "OJT記録が見つかりません。",
  missingFile: "ファイルが見つかりません。事務局にお問い合わせください。",
  added: "成果物を添付しました。",
  deleted: "成果物を削除しました。",
} as const;

/** Why the content was refused (the message to show), or the type it was recognised as. */
export type SniffResult = { ok: true; type: DeliverableType } | { ok: false; message: string };

const startsWith = (head: Uint8Array, bytes: readonly number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
// Plain byte arrays, not Buffer: this module is also imported by a component rendered in the
// browser, where Buffer does not exist (the route module would fail to load).
const bytes = (s: string) => Uint8Array.from(ascii(s));
const utf16 = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));

const ZIP_MARKERS = {
  contentTypes: bytes("[Content_Types].xml"),
  word: bytes("word/document.xml"),
  ppt: bytes("ppt/presentation.xml"),
  xl: bytes("xl/workbook.xml"),
};
const OLE_MARKERS = { word: utf16("WordDocument"), ppt: utf16("PowerPoint Document"), xl: utf16("Workbook") };
const LONGEST_MARKER = Math.max(...[...Object.values(ZIP_MARKERS), ...Object.values(OLE_MARKERS)].map((m) => m.length));

type Family = "pdf" | "png" | "jpeg" | "gif" | "webp" | "zip" | "ole" | "executable" | "other";

function familyOf(head: Uint8Array): Family {
  if (startsWith(head, ascii("%PDF-"))) return "pdf";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "webp";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  // Windows (MZ), Linux (ELF), macOS (Mach-O, both byte orders and fat), scripts (#!)
  if (
    startsWith(head, ascii("MZ")) ||
    startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(head, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(head, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(head, [0xca, 0xfe, 0xba, 0xbe]) ||
    startsWith(head, ascii("#!"))
  )
    return "executable";
  return "other";
}

const HEAD_BYTES = 16;

/**
 * Recognises a file from its bytes as they stream past, in constant memory. The first bytes
 * name the family (a refused one is known at once, so the upload stops early); an Office file
 * is a ZIP (docx/xlsx/pptx) or OLE container (doc/xls/ppt) recognised by the names of its
 * parts ([Content_Types].xml and word/, xl/ or ppt/; the WordDocument, Workbook or PowerPoint
 * Document stream), which may be anywhere in the file, so those are decided at the end.
 */
export function createContentSniffer() {
  let head = new Uint8Array(0);
  let family: Family | undefined;
  let tail: Buffer = Buffer.alloc(0);
  const seen = new Set<string>();

  const scan = (chunk: Uint8Array) => {
    const markers = family === "zip" ? ZIP_MARKERS : family === "ole" ? OLE_MARKERS : null;
    if (!markers) return;
    const window = Buffer.concat([tail, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)]);
    for (const [name, marker] of Object.entries(markers))
      if (!seen.has(name) && window.includes(Buffer.from(marker.buffer, marker.byteOffset, marker.byteLength)))
        seen.add(name);
    tail = window.subarray(Math.max(0, window.length - (LONGEST_MARKER - 1)));
  };

  return {
    /** Feeds the next bytes; returns a refusal as soon as one is certain. */
    update(chunk: Uint8Array): SniffResult | undefined {
      if (family === undefined) {
        const needed = HEAD_BYTES - head.length;
        const merged = new Uint8Array(head.length + Math.min(needed, chunk.length));
        merged.set(head);
        merged.set(chunk.subarray(0, needed), head.length);
        head = merged;
        if (head.length < HEAD_BYTES) return undefined;
        family = familyOf(head);
        scan(head);
        scan(chunk.subarray(needed));
      } else scan(chunk);
      return earlyRefusal(family);
    },
    /** The verdict once every byte has been seen. */
    finish(): SniffResult {
      family ??= familyOf(head);
      const refused = earlyRefusal(family);
      if (refused) return refused;
      switch (family) {
        case "pdf":
          return { ok: true, type: PDF };
        case "png":
          return { ok: true, type: PNG };
        case "jpeg":
          return { ok: true, type: JPEG };
        case "gif":
          return { ok: true, type: GIF };
        case "webp":
          return { ok: true, type: WEBP };
        case "zip":
          if (!seen.has("contentTypes")) break;
          if (seen.has("word")) return { ok: true, type: DOCX };
          if (seen.has("ppt")) return { ok: true, type: PPTX };
          if (seen.has("xl")) return { ok: true, type: XLSX };
          break;
        case "ole":
          if (seen.has("word")) return { ok: true, type: DOC };
          if (seen.has("ppt")) return { ok: true, type: PPT };
          if (seen.has("xl")) return { ok: true, type: XLS };
          break;
      }
      return { ok: false, message: DELIVERABLE_MESSAGES.wrongType };
    },
  };
}

function earlyRefusal(family: Family | undefined): SniffResult | undefined {
  if (family === "executable") return { ok: false, message: DELIVERABLE_MESSAGES.executable };
  if (family === "other") return { ok: false, message: DELIVERABLE_MESSAGES.wrongType };
  return undefined;
}

const MAX_NAME = 200;

/**
 * The name a deliverable is listed and downloaded under: Unicode NFC (a Mac sends decomposed
 * 濁点), without a path (old browsers send one), control or bidirectional-override characters,
 * or characters Windows cannot save; at most 200 characters, keeping the extension; and with
 * an extension that matches the recognised content (a PDF named 報告.png becomes 報告.png.pdf).
 */
export function displayFileName(raw: string, type?: DeliverableType): string {
  let name = raw.normalize("NFC");
  name = name.split(/[\\/]/).pop() ?? "";
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
  name = name
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    .replace(/^\.+/, "")
    .trim();
  if (!name) name = "file";
  if (type) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
    if (!type.extensions.includes(ext)) name = `${name}.${type.extensions[0]}`;
  }
  const chars = [...name];
  if (chars.length > MAX_NAME) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
    name = chars.slice(0, MAX_NAME - [...ext].length).join("") + ext;
  }
  return name;
}

/**
 * Content-Disposition for a download: always an attachment; an ASCII fallback `filename` for
 * old clients and the real name as RFC 5987 `filename*` (UTF-8, percent-encoded).
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${bytes} バイト`;
}
