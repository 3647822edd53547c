import { describe, expect, it } from "vitest";
import { CertificateStatusSchema, DeclineSchema } from "./certification.schema";

const messagesOf = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

describe("the reasons of certification decisions and certificate status changes", () => {
  it("refuse a NUL or a bidi override (a status reason may be published on /verify)", () => {
    expect(
      messagesOf(DeclineSchema.safeParse({ intent: "decline", subjectId: "1", reason: "要件\u0000不足" })),
    ).toEqual(["理由に使えない文字（制御文字）が含まれています。"]);
    expect(
      messagesOf(CertificateStatusSchema.safeParse({ intent: "suspend", reason: "確認中\u0000", publish: true })),
    ).toEqual(["理由に使えない文字（制御文字）が含まれています。"]);
    expect(messagesOf(CertificateStatusSchema.safeParse({ intent: "revoke", reason: "\u202E不正" }))).toEqual([
      "理由に使えない文字（文字の向きを変える制御文字）が含まれています。",
    ]);
  });

  it("keep a reason as typed (NFC, newlines kept)", () => {
    const r = CertificateStatusSchema.parse({ intent: "suspend", reason: "確認中（事務局）\r\n再審査予定" });
    expect(r).toEqual({ intent: "suspend", reason: "確認中（事務局）\n再審査予定", publish: false });
  });

  it("answer a malformed publish flag in Japanese", () => {
    expect(messagesOf(CertificateStatusSchema.safeParse({ intent: "suspend", reason: "x", publish: "x" }))).toEqual([
      "理由を公開するかどうかの指定が正しくありません。",
    ]);
  });
});
