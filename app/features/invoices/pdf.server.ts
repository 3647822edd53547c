import { formatDocumentDate, tokyoDateOf } from "~/lib/dates";
import { pdfBytes, startPdf } from "~/lib/pdf.server";
import type { InvoiceDocument } from "./invoices.server";
import { DOCUMENT_KIND_LABELS } from "./labels";

// The printed 請求書 / 領収書. Everything on it comes from the frozen row, so a later change of
// the issuer, the course or the trainee's name does not alter a document already issued.
// Elements of a qualified invoice (消費税法 第57条の4): the issuer's name and registration
// number; the date; the item; the amount per tax rate with the rate; the tax per rate; the
// recipient. A receipt (適格簡易請求書 would suffice, but the full form costs nothing) adds the
// amount received and 但し書き.

const yen = (n: number) => `${new Intl.NumberFormat("ja-JP").format(n)}円`;

// 和暦 first, then the western date, as every date on the documents (app/lib/dates.ts).
const withWareki = (iso: string) => formatDocumentDate(iso);

/**
 * The 取引年月日 as printed: one date, or the period and then every session day
 * ("令和9年1月10日（2027年1月10日）〜令和9年1月24日（2027年1月24日）" / "受講日：1月10日、1月17日、1月24日（全3回）").
 */
export function serviceDatesLines(serviceDates: string | null): string[] {
  const dates = (serviceDates ?? "").split(",").filter(Boolean);
  if (dates.length === 0) return [];
  const first = dates[0]!;
  const last = dates.at(-1)!;
  if (dates.length === 1) return [withWareki(first)];
  const short = (iso: string) => {
    const [y, m, d] = iso.split("-").map(Number);
    return iso.slice(0, 4) === first.slice(0, 4) ? `${m}月${d}日` : `${y}年${m}月${d}日`;
  };
  return [`${withWareki(first)}〜${withWareki(last)}`, `受講日：${dates.map(short).join("、")}（全${dates.length}回）`];
}

/** The file name the browser saves: 請求書_INV-2026-000001.pdf. */
export function documentFileName(d: Pick<InvoiceDocument, "kind" | "number">): string {
  return `${DOCUMENT_KIND_LABELS[d.kind]}_${d.number}.pdf`;
}

export async function renderDocumentPdf(d: InvoiceDocument): Promise<Uint8Array> {
  const title = DOCUMENT_KIND_LABELS[d.kind];
  const doc = startPdf({ title: `${title} ${d.number}`, author: d.issuer_name });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const right = left + width;
  const net = d.amount_yen - d.tax_yen;

  doc.font("bold").fontSize(24).text(title, left, 56, { width, align: "center", characterSpacing: 8 });
  doc.font("regular").fontSize(10);
  doc.text(`番号\u3000${d.number}`, left, 108, { width, align: "right" });
  doc.text(`発行日\u3000${formatDocumentDate(d.issued_on)}`, { width, align: "right" });

  // Recipient, underlined as Japanese forms do.
  doc
    .font("bold")
    .fontSize(14)
    .text(`${d.recipient_name}\u3000様`, left, 150, { width: width * 0.6 });
  const lineY = doc.y + 2;
  doc
    .moveTo(left, lineY)
    .lineTo(left + width * 0.6, lineY)
    .lineWidth(0.8)
    .stroke();

  // Issuer block on the right.
  doc
    .font("bold")
    .fontSize(11)
    .text(d.issuer_name, left + width * 0.55, 190, { width: width * 0.45 });
  doc
    .font("regular")
    .fontSize(10)
    .text(`登録番号\u3000${d.registration_number}`, { width: width * 0.45 });

  doc
    .fontSize(11)
    .text(d.kind === "invoice" ? "下記のとおりご請求申し上げます。" : "下記の金額を正に領収いたしました。", left, 250, {
      width,
    });

  // The amount box.
  const boxY = 275;
  doc.rect(left, boxY, width, 44).lineWidth(1.2).stroke();
  doc
    .font("bold")
    .fontSize(12)
    .text(d.kind === "invoice" ? "ご請求金額（税込）" : "領収金額（税込）", left + 12, boxY + 15);
  doc.fontSize(18).text(`${yen(d.amount_yen)}`, left, boxY + 11, { width: width - 12, align: "right" });
  doc.font("regular").fontSize(10);
  if (d.kind === "receipt") {
    doc.text(`但し\u3000${d.item_name}として`, left, boxY + 54, { width });
  }

  // Items by tax rate.
  const tableY = boxY + (d.kind === "receipt" ? 84 : 64);
  const cols = [left, left + width * 0.58, left + width * 0.72, right];
  const row = (y: number, cells: string[], font: "regular" | "bold" = "regular") => {
    doc.font(font).fontSize(10);
    doc.text(cells[0]!, cols[0]! + 6, y + 7, { width: cols[1]! - cols[0]! - 12 });
    doc.text(cells[1]!, cols[1]!, y + 7, { width: cols[2]! - cols[1]!, align: "center" });
    doc.text(cells[2]!, cols[2]!, y + 7, { width: cols[3]! - cols[2]! - 6, align: "right" });
  };
  doc.rect(left, tableY, width, 26).fillColor("#f1f1f4").fill().fillColor("black");
  row(tableY, ["品目", "税率", "金額（税込）"], "bold");
  const itemHeight = Math.max(
    30,
    doc
      .font("regular")
      .fontSize(10)
      .heightOfString(d.item_name, { width: cols[1]! - cols[0]! - 12 }) + 14,
  );
  row(tableY + 26, [d.item_name, `${d.tax_rate_percent}%`, yen(d.amount_yen)]);
  const tableEnd = tableY + 26 + itemHeight;
  doc
    .rect(left, tableY, width, tableEnd - tableY)
    .lineWidth(0.6)
    .stroke();
  doc
    .moveTo(left, tableY + 26)
    .lineTo(right, tableY + 26)
    .stroke();

  // The date(s) of the service (取引年月日): the cohort's sessions, frozen at issue.
  let y = tableEnd + 10;
  const service = serviceDatesLines(d.service_dates);
  if (service.length > 0) {
    doc
      .font("bold")
      .fontSize(10)
      .text("取引年月日", left + 6, y, { width: 80 });
    doc
      .font("regular")
      .fontSize(10)
      .text(service.join("\n"), left + 90, y, { width: width - 96, lineGap: 2 });
    y = doc.y + 6;
  }

  // Totals per rate: the amount with its rate, the tax and the amount without it.
  const totals: [string, string][] = [
    [`${d.tax_rate_percent}%対象（税込）`, yen(d.amount_yen)],
    [`\u3000うち消費税額（${d.tax_rate_percent}%）`, yen(d.tax_yen)],
    [`\u3000税抜金額`, yen(net)],
    ["合計（税込）", yen(d.amount_yen)],
  ];
  y += 2;
  for (const [label, value] of totals) {
    doc.font(label.startsWith("合計") ? "bold" : "regular").fontSize(10);
    doc.text(label, left + width * 0.45, y, { width: width * 0.3 });
    doc.text(value, left + width * 0.75, y, { width: width * 0.25 - 6, align: "right" });
    y += 18;
  }
  if (d.kind === "invoice") {
    // How the employer pays from the paper: the deadline and the bank account, frozen at issue.
    y += 8;
    doc.rect(left, y, width, 0).lineWidth(0.6).stroke();
    y += 8;
    doc
      .font("bold")
      .fontSize(10)
      .text("お支払い期限", left + 6, y, { width: 80 });
    doc
      .font("regular")
      .text(d.payment_due_on ? withWareki(d.payment_due_on) : "事務局からご案内します。", left + 90, y, {
        width: width - 96,
      });
    y = doc.y + 6;
    doc.font("bold").text("お振込先", left + 6, y, { width: 80 });
    doc
      .font("regular")
      .text(d.payment_account ?? "事務局からご案内します。", left + 90, y, { width: width - 96, lineGap: 2 });
    y = doc.y;
  }
  doc.font("regular").fontSize(9).fillColor("#333333");
  const notes =
    d.kind === "invoice"
      ? ["受講料は消費税込みの金額です（消費税率10%、端数は切り捨て）。"]
      : [
          "受講料は消費税込みの金額です（消費税率10%、端数は切り捨て）。",
          "電子的に交付する領収書のため、収入印紙の貼付はありません。",
        ];
  doc.text(notes.join("\n"), left, y + 16, { width, lineGap: 3 });
  doc.fillColor("black");

  if (d.status === "voided") {
    // A clear mark across the page, and the reason printed below the title.
    doc.save();
    doc.rotate(-20, { origin: [doc.page.width / 2, 330] });
    doc
      .font("bold")
      .fontSize(110)
      .fillColor("#d32f2f")
      .fillOpacity(0.35)
      .text("無効", 0, 270, { width: doc.page.width, align: "center" });
    doc.restore();
    doc.fillOpacity(1).fillColor("#d32f2f").font("bold").fontSize(11);
    doc.text(
      `この${title}は無効です（${d.void_reason ?? "無効"}、${formatDocumentDate(tokyoDateOf(d.voided_at!))}）。`,
      left,
      86,
      { width, align: "center" },
    );
    doc.fillColor("black");
  }
  return pdfBytes(doc);
}
