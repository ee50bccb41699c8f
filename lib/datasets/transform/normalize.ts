/** Text normalisation used by cleaning. */

// Zero-width characters that carry no meaning in training text. U+200D (zero-width joiner) is handled
// separately because emoji sequences such as 👩‍💻 need it.
const ZERO_WIDTH = /[\u200B\u200C\u2060\uFEFF]/g;
const JOINER_OUTSIDE_EMOJI = /(?<![\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
// Horizontal spaces: space, tab, no-break space and the typographic spaces U+2000–U+200A, U+202F, U+205F.
// The ideographic space U+3000 is left to `normalizeFullWidth`.
const SPACE_RUN = /[ \t\u00A0\u2000-\u200A\u202F\u205F]+/g;
const TRAILING_SPACE = /[ \t\u00A0\u2000-\u200A\u202F\u205F]+$/;
const LEADING_SPACE = /^[ \t]*/;
// Anything normalizeWhitespace could change: special spaces and breaks, two spaces in a row, a space
// before a line break, or whitespace at either end. Most texts fail this test and are returned at once.
const MAY_NEED_WHITESPACE_WORK =
  /[\r\t\u00A0\u2000-\u200D\u2028\u2029\u202F\u205F\u2060\uFEFF]| {2}| \n|^\s|\s$/;

/**
 * Trims the text, unifies line endings to `\n`, drops zero-width characters and collapses runs of spaces
 * and tabs inside a line to one space. Indentation at the start of a line is kept, because collapsing it
 * would break code blocks in responses.
 */
export function normalizeWhitespace(text: string): string {
  if (!MAY_NEED_WHITESPACE_WORK.test(text)) return text;

  const unified = text.replace(LINE_BREAKS, "\n").replace(ZERO_WIDTH, "").replace(JOINER_OUTSIDE_EMOJI, "");
  const lines = unified.split("\n").map((line) => {
    const indent = LEADING_SPACE.exec(line)?.[0] ?? "";
    const body = line.slice(indent.length).replace(TRAILING_SPACE, "").replace(SPACE_RUN, " ");
    return body === "" ? "" : indent + body;
  });
  return lines.join("\n").trim();
}

// Full-width forms of ASCII symbols that Chinese text does not use as punctuation. Full-width ，．！？：；
// （）［］｛｝＂＇～ stay, because they are ordinary Chinese punctuation.
const FULL_WIDTH_SYMBOLS = "＠＃＄％＆＊＋－／＜＝＞＼＾＿｀｜";
const FULL_WIDTH = new RegExp(`[０-９Ａ-Ｚａ-ｚ\u3000${FULL_WIDTH_SYMBOLS}]`, "g");
// The full-width block U+FF01–U+FF5E mirrors ASCII U+0021–U+007E at this fixed distance.
const FULL_WIDTH_OFFSET = 0xfee0;

/** Maps full-width letters, digits, the ideographic space and a few symbols (＠ －) to their ASCII forms. */
export function normalizeFullWidth(text: string): string {
  return text.replace(FULL_WIDTH, (char) => {
    if (char === "\u3000") return " ";
    return String.fromCharCode(char.charCodeAt(0) - FULL_WIDTH_OFFSET);
  });
}
