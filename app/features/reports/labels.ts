// Japanese words of the staff's fiscal-year reports (one place; statuses and kinds come from
// the vocabulary).

export const REPORT_LABELS = {
  title: "年度別の実績",
  ojtTitle: "OJT実施状況報告",
  badFiscalYear: "年度の指定が正しくありません。2000〜2200の西暦の年（例：2026）で指定してください。",
  unknownTable: "そのCSVはありません。",
  noData: "この年度のデータはありません。",
  unset: "未設定",
} as const;

/** The kinds of file a deliverable is, by its recognised media type. */
export const DELIVERABLE_TYPE_LABELS: Record<string, string> = {
  pdf: "PDF",
  document: "文書（Word）",
  spreadsheet: "表計算（Excel）",
  presentation: "プレゼンテーション（PowerPoint）",
  image: "画像",
};

export function deliverableType(mediaType: string): keyof typeof DELIVERABLE_TYPE_LABELS {
  if (mediaType === "application/pdf") return "pdf";
  if (mediaType.startsWith("image/")) return "image";
  if (mediaType.includes("spreadsheet") || mediaType === "application/vnd.ms-excel") return "spreadsheet";
  if (mediaType.includes("presentation") || mediaType === "application/vnd.ms-powerpoint") return "presentation";
  return "document";
}

export const CERTIFICATE_STATUS_LABELS = { valid: "有効", suspended: "一時停止", revoked: "取消" } as const;
