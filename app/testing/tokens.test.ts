import { describe, expect, it } from "vitest";

import { tamperedToken } from "./tokens";

describe("tamperedToken", () => {
  it("always changes the MAC's first character, whatever it was", () => {
    for (const c of "ABZaz09-_") {
      const token = `qr.1765100000.${c}bcdef`;
      const forged = tamperedToken(token);
      expect(forged).not.toBe(token);
      expect(forged.slice(0, 14)).toBe("qr.1765100000.");
      expect(forged.slice(15)).toBe("bcdef");
    }
  });
});
