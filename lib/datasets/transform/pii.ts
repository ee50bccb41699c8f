/**
 * Recognizers for personal data common in Chinese text: mainland mobile numbers, 18-digit resident ID
 * numbers, bank card numbers, landlines and e-mail addresses. Digit patterns only count when they are not
 * part of a longer digit run, and ID and card numbers must also pass their checksums.
 */

export const PII_KINDS = ["mobile", "idCard", "bankCard", "landline", "email"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const PII_PLACEHOLDERS: Record<PiiKind, string> = {
  mobile: "[手机号]",
  idCard: "[身份证号]",
  bankCard: "[银行卡号]",
  landline: "[座机号]",
  email: "[邮箱]",
};

export type PiiMatch = { kind: PiiKind; start: number; end: number; value: string };

const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

// 6-digit area, YYYYMMDD birth date, 3-digit sequence, check character. Groups 6-8-4 may be split by a
// space or dash, the same separator both times.
const ID_CARD = /(?<![0-9A-Za-z])[1-9]\d{5}([ -]?)(?:18|19|20)\d{2}[01]\d[0-3]\d\1\d{3}[0-9Xx](?![0-9A-Za-z])/g;

// 16-19 digits, either in one run or in groups of four split by one kind of separator (the last group may
// have 1-3 digits).
const BANK_CARD = /(?<!\d[ -]?)\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![ -]?\d)|(?<!\d)\d{16,19}(?!\d)/g;

// 1[3-9] and nine more digits, optionally after +86, 0086 or 86, either in one run or grouped 3-4-4.
const MOBILE =
  /(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:\d{8}(?!\d)|([ -])\d{4}\1\d{4}(?![ -]?\d))/g;

// Area code 010, 02x or 0xxx, then a local number of 7-8 digits and an optional extension. Local numbers
// start with 2-9 in the numbering plan, but samples such as (010)12345678 are common, so a leading 1 is
// accepted where brackets or a separator mark the area code. A bare digit run must follow the plan.
const AREA_CODE = "0(?:10|2\\d|[3-9]\\d{2})";
const LOCAL_NUMBER = "\\d{6,7}(?:(?:-|转|分机|#|ext\\.? ?)\\d{1,6})?(?!\\d)";
const LANDLINE = new RegExp(
  `(?<![\\d+])(?:(?:\\(${AREA_CODE}\\)|（${AREA_CODE}）) ?[1-9]|${AREA_CODE}[ -][1-9]|${AREA_CODE}[2-9])${LOCAL_NUMBER}`,
  "g",
);

type Recognizer = { kind: PiiKind; pattern: RegExp; accept?: (value: string) => boolean };

// Earlier recognizers win where matches overlap, so an 18-digit ID number that also passes the Luhn
// check is reported as an ID number, and digits inside an e-mail address are not read as a phone.
const RECOGNIZERS: Recognizer[] = [
  { kind: "email", pattern: EMAIL },
  { kind: "idCard", pattern: ID_CARD, accept: isValidIdCardNumber },
  { kind: "bankCard", pattern: BANK_CARD, accept: isValidCardNumber },
  { kind: "mobile", pattern: MOBILE },
  { kind: "landline", pattern: LANDLINE },
];

// Every recognizer needs a digit or an @, so most texts are skipped after one cheap test.
const MAY_CONTAIN_PII = /[\d@]/;

/** Finds personal data in a text, sorted by position and without overlaps. */
export function findPii(text: string): PiiMatch[] {
  const matches: PiiMatch[] = [];
  if (!MAY_CONTAIN_PII.test(text)) return matches;

  for (const recognizer of RECOGNIZERS) {
    for (const found of text.matchAll(recognizer.pattern)) {
      const value = found[0];
      const start = found.index;
      const end = start + value.length;
      if (recognizer.accept && !recognizer.accept(value)) continue;
      if (matches.some((taken) => start < taken.end && taken.start < end)) continue;
      matches.push({ kind: recognizer.kind, start, end, value });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

export type PiiScrubResult = { text: string; kinds: PiiKind[]; counts: Partial<Record<PiiKind, number>> };

/** Replaces the enabled kinds of personal data with placeholders such as `[手机号]`. */
export function scrubPii(text: string, enabled: Record<PiiKind, boolean>): PiiScrubResult {
  const counts: Partial<Record<PiiKind, number>> = {};
  let scrubbed = "";
  let cursor = 0;
  for (const match of findPii(text)) {
    if (!enabled[match.kind]) continue;
    scrubbed += text.slice(cursor, match.start) + PII_PLACEHOLDERS[match.kind];
    cursor = match.end;
    counts[match.kind] = (counts[match.kind] ?? 0) + 1;
  }
  if (cursor === 0) return { text, kinds: [], counts };

  scrubbed += text.slice(cursor);
  const kinds = PII_KINDS.filter((kind) => counts[kind] !== undefined);
  return { text: scrubbed, kinds, counts };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";

/**
 * Checks an 18-character resident ID number (separators allowed): a real calendar date and the check
 * character of GB 11643-1999, which is ISO 7064 MOD 11-2 with X standing for 10.
 */
export function isValidIdCardNumber(value: string): boolean {
  const id = value.replace(/[ -]/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!isCalendarDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;

  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11] === id[17];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks a 16-19 digit card number (separators allowed) with the Luhn algorithm. Repeats of one digit fail. */
export function isValidCardNumber(value: string): boolean {
  const digits = value.replace(/[ -]/g, "");
  if (!/^\d{16,19}$/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;

  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
