/** Per-row language guess from the scripts of its letters, without a dictionary or model. */

export const LANGUAGES = ["zh", "en", "mixed", "other"] as const;
export type Language = (typeof LANGUAGES)[number];

// Long rows are judged by their start, which keeps the cost per row bounded.
const MAX_CHARACTERS = 20_000;
const OTHER_LETTER = /\p{L}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x20000 && code <= 0x3134f)
  );
}

function isKana(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff);
}

/**
 * Classifies a text by the shares of Han characters and Latin letters among all its letters. It is "zh"
 * when Han is at least 30%, and "en" when Latin is at least 70% and Han below 5%. It is "mixed" when both
 * are at least 5%, otherwise "other". Text with 10% or more kana is "other", so Japanese is not taken
 * for Chinese. Digits, punctuation and spaces are not letters and do not count.
 */
export function detectLanguage(text: string): Language {
  let letters = 0;
  let han = 0;
  let latin = 0;
  let kana = 0;
  let seen = 0;

  for (const char of text) {
    if (++seen > MAX_CHARACTERS) break;
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
        latin++;
        letters++;
      }
    } else if (isHan(code)) {
      han++;
      letters++;
    } else if (isKana(code)) {
      kana++;
      letters++;
    } else if (OTHER_LETTER.test(char)) {
      letters++;
      if (LATIN_LETTER.test(char)) latin++;
    }
  }

  if (letters === 0 || kana / letters >= 0.1) return "other";
  const hanShare = han / letters;
  const latinShare = latin / letters;
  if (hanShare >= 0.3) return "zh";
  if (latinShare >= 0.7 && hanShare < 0.05) return "en";
  if (hanShare >= 0.05 && latinShare >= 0.05) return "mixed";
  return "other";
}
