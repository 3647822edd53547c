import QRCode from "qrcode";
import type { Issuer } from "~/features/issuer/issuer.server";
import { formatDocumentDate, formatWareki, formatWestern, tokyoDateOf } from "~/lib/dates";
import { pdfBytes, startPdf } from "~/lib/pdf.server";
import { CERTIFICATE_TEXT as T, factRows } from "./document-labels";
import type { CertificateRecord } from "./records.server";

// The certificate as a PDF (issue 15): A4 portrait, what is printed frozen in the certificate
// row, the issue date in 和暦 and western, the association as issuer, and a QR code (drawn as
// vector squares: crisp at any zoom, a few hundred bytes) to the public verification page.

const PAGE = { width: 595.28, height: 841.89 };
const INK = "#1b2a41";
const ACCENT = "#7a5c1e";
const MUTED = "#4d4d4d";
const STAMP = "#c00000";

/** The public verification address of a certificate number. */
export function verifyUrl(origin: string, number: string): string {
  return `${origin.replace(/\/+$/, "")}/verify/${encodeURIComponent(number)}`;
}

export async function renderCertificatePdf(
  certificate: CertificateRecord,
  issuer: Issuer,
  origin: string,
): Promise<Uint8Array> {
  const url = verifyUrl(origin, certificate.number);
  const doc = startPdf({
    title: `${certificate.certificate_title} ${certificate.holder_name}`,
    author: issuer.association_name,
    subject: `${T.numberLabel} ${certificate.number}`,
  });
  const center = (text: string, y: number, size: number, font: "regular" | "bold" = "regular", color = INK) => {
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(text, 60, y, { width: PAGE.width - 120, align: "center" });
  };

  // Frame: a strong outer rule and a fine inner one.
  doc
    .lineWidth(3)
    .strokeColor(INK)
    .rect(26, 26, PAGE.width - 52, PAGE.height - 52)
    .stroke();
  doc
    .lineWidth(0.8)
    .strokeColor(ACCENT)
    .rect(34, 34, PAGE.width - 68, PAGE.height - 68)
    .stroke();

  // Number, top right.
  doc
    .font("regular")
    .fontSize(9)
    .fillColor(MUTED)
    .text(`${T.numberLabel}\u3000${certificate.number}`, 60, 56, { width: PAGE.width - 120, align: "right" });

  // Title: as large as fits on one line.
  let titleSize = 30;
  doc.font("bold");
  while (titleSize > 16 && doc.fontSize(titleSize).widthOfString(certificate.certificate_title) > PAGE.width - 140)
    titleSize -= 1;
  center(certificate.certificate_title, 120, titleSize, "bold");
  doc
    .lineWidth(0.8)
    .strokeColor(ACCENT)
    .moveTo(PAGE.width / 2 - 60, 120 + titleSize * 1.6)
    .lineTo(PAGE.width / 2 + 60, 120 + titleSize * 1.6)
    .stroke();

  // The holder: as large as fits on one line; a very long name wraps, underlined beneath.
  let nameSize = 26;
  doc.font("bold");
  const nameLine = `${certificate.holder_name}\u3000${T.honorific}`;
  const nameWidth = PAGE.width - 180;
  while (nameSize > 16 && doc.fontSize(nameSize).widthOfString(nameLine) > nameWidth) nameSize -= 1;
  doc.font("bold").fontSize(nameSize).fillColor(INK).text(nameLine, 90, 230, { width: nameWidth, align: "center" });
  const nameBottom = doc.y + 4;
  doc
    .lineWidth(0.6)
    .strokeColor(INK)
    .moveTo(130, nameBottom)
    .lineTo(PAGE.width - 130, nameBottom)
    .stroke();

  // The statement.
  doc
    .font("regular")
    .fontSize(13)
    .fillColor(INK)
    .text(T.statement(certificate.programme_name), 90, Math.max(nameBottom + 36, 310), {
      width: PAGE.width - 180,
      align: "center",
      lineGap: 6,
    });

  // The printed facts, as a small two-column table.
  let y = Math.max(doc.y + 28, 380);
  const labelX = 120;
  const labelWidth = 90;
  const valueX = labelX + labelWidth + 16;
  const valueWidth = PAGE.width - valueX - 110;
  for (const { label, value } of factRows(certificate.printed_facts)) {
    doc.font("bold").fontSize(10.5).fillColor(MUTED).text(label, labelX, y, { width: labelWidth, align: "right" });
    doc.font("regular").fontSize(10.5).fillColor(INK).text(value, valueX, y, { width: valueWidth });
    y = Math.max(doc.y, y + 15) + 8;
  }

  // Date of issue, 和暦 first as is customary, then western.
  y = Math.max(y + 40, 530);
  center(formatWareki(certificate.issued_on), y, 15);
  center(`（${formatWestern(certificate.issued_on)}）`, y + 24, 10.5, "regular", MUTED);

  // The issuer.
  center(issuer.association_name, y + 66, 17, "bold");
  if (issuer.address) center(issuer.address, y + 94, 9, "regular", MUTED);

  // Verification: QR code bottom right, the address printed small beneath it.
  const qrSize = 78;
  const qrX = PAGE.width - 60 - qrSize;
  const qrY = PAGE.height - 72 - qrSize - 12;
  drawQr(doc, url, qrX, qrY, qrSize);
  doc.link(qrX, qrY, qrSize, qrSize, url);
  doc
    .font("regular")
    .fontSize(6.5)
    .fillColor(MUTED)
    .text(url, 60, qrY + qrSize + 10, { width: PAGE.width - 120, align: "right", lineBreak: false });
  doc
    .font("regular")
    .fontSize(8)
    .fillColor(MUTED)
    .text(T.verifyCaption, 60, qrY + qrSize / 2 - 6, { width: qrX - 72, align: "right" });

  // A revoked or suspended certificate is still handed out (its holder keeps a record), but
  // stamped across in red with the date, so the paper cannot pass for a valid one.
  if (certificate.status !== "valid") {
    const status = certificate.status;
    const since = certificate.status_changed_at
      ? formatDocumentDate(tokyoDateOf(certificate.status_changed_at))
      : formatDocumentDate(certificate.issued_on);
    doc.save();
    doc.rotate(-20, { origin: [PAGE.width / 2, 300] });
    doc
      .fillColor("#ffffff")
      .fillOpacity(0.85)
      .rect(90, 250, PAGE.width - 180, 100)
      .fill()
      .fillOpacity(1);
    doc
      .lineWidth(3)
      .strokeColor(STAMP)
      .rect(90, 250, PAGE.width - 180, 100)
      .stroke();
    doc
      .font("bold")
      .fontSize(40)
      .fillColor(STAMP)
      .text(T.stamp[status], 90, 262, { width: PAGE.width - 180, align: "center", lineBreak: false });
    const dateLine = T.stampDate(status, since);
    doc.font("bold").fontSize(11).fillColor(STAMP);
    doc.text(dateLine, (PAGE.width - doc.widthOfString(dateLine)) / 2, 318, { lineBreak: false });
    doc.restore();
  }

  return pdfBytes(doc);
}

/** The QR code as filled squares, one rectangle per run of dark modules in a row. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const cell = size / n;
  doc.save().fillColor("#000000");
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      // A hair of overlap so no seam shows between rows when rasterised.
      doc.rect(x + start * cell, y + row * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill();
  doc.restore();
}
