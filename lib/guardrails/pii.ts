/**
 * Masks personal data in free text before it is stored or shown: mainland China resident ID numbers
 * (area code and birth date checked), bank card numbers (Luhn verified), mainland mobile numbers and email
 * addresses. These checks keep ordinary long numbers (order ids, timestamps) readable.
 */

export const PII_KINDS = ["id_number", "bank_card", "phone", "email"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Placeholders are language-neutral so masked text reads the same in either console language. */
const PLACEHOLDER: Record<PiiKind, string> = {
  id_number: "[ID_NUMBER]",
  bank_card: "[BANK_CARD]",
  phone: "[PHONE]",
  email: "[EMAIL]",
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CODES = "10X98765432";

export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(value[index]) * ID_WEIGHTS[index]!;
  return ID_CHECK_CODES[sum % 11] === value[17]!.toUpperCase();
}

// Area code (first digit 1-9), birth date from 1800 to 2099, sequence number and check character.
const ID_SHAPE = /^[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/;

/**
 * Returns true for an 18-character value shaped like a resident ID number, whatever its check character.
 * Masking must not depend on the checksum: an ID that OCR misread by one digit, or one typed with a
 * typo, still identifies a person.
 */
export function looksLikeResidentIdNumber(value: string): boolean {
  return isResidentIdNumber(value) || ID_SHAPE.test(value);
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Card networks seen in China (UnionPay 62, Visa 4, Mastercard 5, JCB and Amex 3) and a valid Luhn digit. */
function isCardNumber(match: string): boolean {
  const digits = match.replace(/[ -]/g, "");
  return /^[3-6]/.test(digits) && passesLuhn(digits);
}

// Digits may not touch the match on either side, so a number inside a longer number is left alone.
const ID_PATTERN = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const CARD_PATTERN = /(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)/g;
const PHONE_PATTERN = /(?<!\d)(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export type MaskResult = { text: string; found: Record<PiiKind, number> };

/** Replaces every match with its placeholder and counts them by kind. */
export function maskPiiDetailed(text: string): MaskResult {
  const found: Record<PiiKind, number> = { id_number: 0, bank_card: 0, phone: 0, email: 0 };
  const replace = (kind: PiiKind, accept: (match: string) => boolean) => (match: string) => {
    if (!accept(match)) return match;
    found[kind] += 1;
    return PLACEHOLDER[kind];
  };

  // ID numbers first: an 18-digit ID could otherwise pass as a card number.
  let masked = text.replace(ID_PATTERN, replace("id_number", looksLikeResidentIdNumber));
  masked = masked.replace(CARD_PATTERN, replace("bank_card", isCardNumber));
  masked = masked.replace(PHONE_PATTERN, replace("phone", () => true));
  masked = masked.replace(EMAIL_PATTERN, replace("email", () => true));
  return { text: masked, found };
}

export function maskPii(text: string): string {
  return maskPiiDetailed(text).text;
}
