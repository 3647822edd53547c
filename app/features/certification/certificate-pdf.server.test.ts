import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { getIssuer } from "~/features/issuer/issuer.server";
import { makeCertificate } from "~/testing/certificates";
import { createTestDb } from "~/testing/db";
import { renderCertificatePdf, verifyUrl } from "./certificate-pdf.server";
import { certificateById } from "./records.server";

// The PDF is read back with an independent extractor (pdf.js), as a person's PDF reader would.

async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  expect(pdf.numPages).toBe(1);
  const page = await pdf.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((item) => ("str" in item ? item.str : "")).join("");
  const links = (await page.getAnnotations()).map((a: { url?: string }) => a.url).filter(Boolean);
  const info = (await pdf.getMetadata()).info as unknown as Record<string, unknown>;
  const viewport = page.getViewport({ scale: 1 });
  await pdf.destroy();
  return { text: text.replace(/\s+/g, ""), links, info, size: [viewport.width, viewport.height] };
}

describe("renderCertificatePdf", async () => {
  const db = await createTestDb();

  it("prints the holder, the programme, the facts, both dates in Tokyo, the issuer, the number and the verification address", async () => {
    // 16:00 UTC on 31 March is 1 April in Tokyo: the next fiscal year, and 令和9年4月1日.
    const made = await makeCertificate(db, {
      holderName: "髙橋 美咲",
      issuedAt: "2027-03-31T16:00:00.000Z",
      printedFacts: { 講座: "自治体ビジネス基礎研修（仙台）", 開催回: "2026年度 第3回" },
    });
    const certificate = (await certificateById(db, made.id))!;
    expect(certificate.fiscal_year).toBe(2027);
    expect(certificate.issued_on).toBe("2027-04-01");

    const bytes = await renderCertificatePdf(certificate, await getIssuer(db), "https://training.example.jp");
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pdf = await readPdf(bytes);

    expect(pdf.size.map(Math.round)).toEqual([595, 842]); // A4 portrait
    expect(pdf.text).toContain("自治体ビジネス基礎研修修了証");
    expect(pdf.text).toContain("髙橋美咲殿");
    expect(pdf.text).toContain("「自治体ビジネス基礎研修」");
    expect(pdf.text).toContain("自治体ビジネス基礎研修（仙台）");
    expect(pdf.text).toContain("2026年度第3回");
    expect(pdf.text).toContain("令和9年4月1日");
    expect(pdf.text).toContain("2027年4月1日");
    expect(pdf.text).not.toContain("3月31日");
    expect(pdf.text).toContain("特定非営利活動法人ITコーディネータ協会");
    expect(pdf.text).toContain(certificate.number);
    expect(certificate.number).toMatch(/^ITC-2027-/);

    const url = `https://training.example.jp/verify/${certificate.number}`;
    expect(verifyUrl("https://training.example.jp/", certificate.number)).toBe(url);
    expect(pdf.text).toContain(url);
    // The QR code is a link to the same address (clickable in a PDF reader).
    expect(pdf.links).toContain(url);
    expect(pdf.info.Title).toBe(`自治体ビジネス基礎研修 修了証 髙橋 美咲`);
    expect(bytes.byteLength).toBeLessThan(120_000);
  });

  it("prints the stored period (期間) in 和暦 with the western date, as the issue date", async () => {
    const made = await makeCertificate(db, {
      holderName: "佐藤 花子",
      issuedAt: "2026-12-01T03:00:00.000Z",
      printedFacts: { course: "自治体ビジネス基礎研修", period: "2026-10-08〜2026-11-20" },
    });
    const certificate = (await certificateById(db, made.id))!;
    const pdf = await readPdf(
      await renderCertificatePdf(certificate, await getIssuer(db), "https://training.example.jp"),
    );
    expect(pdf.text).toContain("期間");
    expect(pdf.text).toContain("令和8年10月8日（2026年10月8日）〜令和8年11月20日（2026年11月20日）");
    expect(pdf.text).not.toContain("2026-10-08");
  });

  it("stamps a revoked or suspended certificate 失効 / 一時停止中 with the date, a valid one not", async () => {
    const issuer = await getIssuer(db);
    const made = await makeCertificate(db, { holderName: "山本 次郎", issuedAt: "2026-10-01T03:00:00.000Z" });
    const valid = (await certificateById(db, made.id))!;
    const validText = (await readPdf(await renderCertificatePdf(valid, issuer, "https://training.example.jp"))).text;
    expect(validText).not.toContain("失効");
    expect(validText).not.toContain("一時停止中");
    // 15:30 UTC on 30 November is 1 December in Tokyo.
    const changedAt = "2026-11-30T15:30:00.000Z";
    const revoked = { ...valid, status: "revoked" as const, status_changed_at: changedAt };
    const revokedText = (await readPdf(await renderCertificatePdf(revoked, issuer, "https://training.example.jp")))
      .text;
    expect(revokedText).toContain("失効");
    expect(revokedText).toContain("令和8年12月1日（2026年12月1日）に失効しました");
    const suspended = { ...valid, status: "suspended" as const, status_changed_at: changedAt };
    const suspendedText = (await readPdf(await renderCertificatePdf(suspended, issuer, "https://training.example.jp")))
      .text;
    expect(suspendedText).toContain("一時停止中");
    expect(suspendedText).toContain("令和8年12月1日（2026年12月1日）から一時停止中です");
    expect(suspendedText).not.toContain("失効");
  });

  it("fits a long name and a long programme title on the page", async () => {
    const name = "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う寝る処に住む処";
    const made = await makeCertificate(db, { programme: "ojt", holderName: name, printedFacts: {} });
    const certificate = (await certificateById(db, made.id))!;
    const pdf = await readPdf(await renderCertificatePdf(certificate, await getIssuer(db), "http://localhost:3000"));
    expect(pdf.text).toContain(`${name}殿`);
    expect(pdf.text).toContain("自治体OJT修了証");
  });
});
