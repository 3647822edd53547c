import { describe, expect, it } from "vitest";
import { normalizeCertificateNumber } from "./verification";

describe("normalizeCertificateNumber", () => {
  it("keeps a plain number and folds full-width characters, spaces and long dashes", () => {
    expect(normalizeCertificateNumber("ITC-2027-00001-AD8582")).toBe("ITC-2027-00001-AD8582");
    expect(normalizeCertificateNumber(" ＩＴＣ－２０２７－００００１－ＡＤ８５８２ ")).toBe("ITC-2027-00001-AD8582");
    expect(normalizeCertificateNumber("ITC ー2027ー00001ーAD8582")).toBe("ITC-2027-00001-AD8582");
    expect(normalizeCertificateNumber("2027-000001-ad8582xy")).toBe("2027-000001-AD8582XY");
    expect(normalizeCertificateNumber("２０２７－０００００１－ａｄ８５８２ｘｙ")).toBe("2027-000001-AD8582XY");
  });

  it("refuses what cannot be a number: empty, too short or long, other characters", () => {
    for (const bad of [
      "",
      "ABC",
      "修了証の番号です",
      "ITC-2027-00001-AD8582'; DROP",
      "A".repeat(41),
      "x".repeat(10_000),
      "../../etc/passwd",
      "ITC_2027_0001",
    ]) {
      expect(normalizeCertificateNumber(bad), bad.slice(0, 20)).toBeNull();
    }
    expect(normalizeCertificateNumber(undefined)).toBeNull();
  });
});
