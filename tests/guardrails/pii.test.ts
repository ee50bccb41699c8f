import { describe, expect, it } from "vitest";
import { isResidentIdNumber, looksLikeResidentIdNumber, maskPii, maskPiiDetailed } from "@/lib/guardrails/pii";

// A valid resident ID number (checksum X) and the same number with its check character misread as 4.
const VALID_ID = "11010519491231002X";
const MISREAD_ID = "110105194912310024";

describe("PII masking", () => {
  it("masks a valid resident ID number", () => {
    expect(isResidentIdNumber(VALID_ID)).toBe(true);
    expect(maskPii(`身份证 ${VALID_ID}`)).toBe("身份证 [ID_NUMBER]");
  });

  it("masks an ID with a wrong check character", () => {
    expect(isResidentIdNumber(MISREAD_ID)).toBe(false);
    expect(looksLikeResidentIdNumber(MISREAD_ID)).toBe(true);
    expect(maskPii(`身份证${MISREAD_ID}`)).toBe("身份证[ID_NUMBER]");
  });

  it("keeps order numbers that are not ID-shaped", () => {
    // Digits 7-14 are not a birth date, and it starts with 9, which no card network uses.
    const orderId = "987654321098765432";
    expect(looksLikeResidentIdNumber(orderId)).toBe(false);
    expect(maskPii(`订单号 ${orderId}`)).toBe(`订单号 ${orderId}`);
  });

  it("keeps an ID-shaped run inside a longer number", () => {
    const longer = `9${MISREAD_ID}`;
    expect(maskPii(longer)).toBe(longer);
  });

  it("counts each kind it masks", () => {
    const result = maskPiiDetailed(`电话 13812345678，卡号 6222 0212 3456 7890 128，身份证 ${MISREAD_ID}`);
    expect(result.found).toEqual({ id_number: 1, bank_card: 1, phone: 1, email: 0 });
    expect(result.text).toContain("[PHONE]");
    expect(result.text).toContain("[ID_NUMBER]");
    expect(result.text).toContain("[BANK_CARD]");
  });
});
