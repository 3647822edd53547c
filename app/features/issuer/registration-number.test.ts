import { describe, expect, it } from "vitest";
import { IssuerSettingsSchema } from "./issuer.schema";
import {
  corporateNumberCheckDigit,
  normalizeRegistrationNumber,
  registrationNumberProblem,
} from "./registration-number";

describe("the corporate number's check digit", () => {
  it("matches published corporate numbers (国税庁, トヨタ自動車)", () => {
    expect(corporateNumberCheckDigit("000012050002")).toBe(7); // 国税庁 7000012050002
    expect(corporateNumberCheckDigit("180301018771")).toBe(1); // トヨタ自動車 1180301018771
  });

  it("accepts T + a right number, refuses a wrong check digit and a bad shape", () => {
    expect(registrationNumberProblem("T7000012050002")).toBeNull();
    expect(registrationNumberProblem("T1180301018771")).toBeNull();
    expect(registrationNumberProblem("T8000012050002")).toBe("check_digit");
    expect(registrationNumberProblem("T7000012050003")).toBe("check_digit");
    expect(registrationNumberProblem("7000012050002")).toBe("format");
    expect(registrationNumberProblem("T700001205000")).toBe("format");
  });

  it("normalises full-width digits, a lowercase t, spaces and hyphens", () => {
    expect(normalizeRegistrationNumber("ｔ７０００－０１２０－５０００２")).toBe("T7000012050002");
    expect(normalizeRegistrationNumber(" t 7000012050002 ")).toBe("T7000012050002");
  });
});

describe("IssuerSettingsSchema", () => {
  const base = { associationName: "テスト協会", address: "" };
  it("stores the normalised number, or null when left empty", () => {
    expect(
      IssuerSettingsSchema.parse({ ...base, registrationNumber: "ｔ７００００１２０５０００２" }).registrationNumber,
    ).toBe("T7000012050002");
    expect(IssuerSettingsSchema.parse({ ...base, registrationNumber: "" }).registrationNumber).toBeNull();
  });

  it("refuses a wrong number in Japanese", () => {
    const result = IssuerSettingsSchema.safeParse({ ...base, registrationNumber: "T1234567890123" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("チェックデジット");
    const shape = IssuerSettingsSchema.safeParse({ ...base, registrationNumber: "T12345" });
    expect(shape.error?.issues[0]?.message).toContain("13桁");
  });

  it("stores the name and the address as typed (NFC), not NFKC: （デモ） stays （デモ）", () => {
    const r = IssuerSettingsSchema.parse({
      associationName: "特定非営利活動法人ITコーディネータ協会（デモ）",
      address: "東京都文京区本郷１－２－３　ＩＴＣビル",
      registrationNumber: "",
    });
    expect(r.associationName).toBe("特定非営利活動法人ITコーディネータ協会（デモ）");
    expect(r.address).toBe("東京都文京区本郷１－２－３　ＩＴＣビル");
    expect(IssuerSettingsSchema.parse({ ...base, associationName: "か\u3099協会" }).associationName).toBe("が協会");
  });

  it("refuses control characters and answers a list where one value was expected in Japanese", () => {
    const nul = IssuerSettingsSchema.safeParse({ ...base, address: "東京都\u0000文京区" });
    expect(nul.error?.issues[0]?.message).toBe("所在地に使えない文字（制御文字）が含まれています。");
    const list = IssuerSettingsSchema.safeParse({ ...base, registrationNumber: ["T7000012050002"] });
    expect(list.error?.issues.map((i) => i.message)).toEqual(["登録番号の値が正しくありません。"]);
    const addressList = IssuerSettingsSchema.safeParse({ ...base, address: ["a", "b"] });
    expect(addressList.error?.issues.map((i) => i.message)).toEqual(["所在地の値が正しくありません。"]);
  });
});
