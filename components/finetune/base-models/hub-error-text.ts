/*
 * The base_models table stores a failed download's cause as English text only (no reason column), so the
 * console recognises the known causes by the stable start of the text that lib/finetune/hub-*.ts writes,
 * and shows a translated sentence. Text it does not recognise is shown as stored.
 */

/** A recognised cause: a message key under `baseModels.hubErrors` and its values. */
export type HubErrorText = { key: string; values: Record<string, string> };

type Rule = { key: string; pattern: RegExp; values?: (match: RegExpExecArray) => Record<string, string> };

/** The worker prefixes a transient failure it will retry with these words (hub-download-job.ts). */
const RETRYING = "Retrying after: ";

const RULES: Rule[] = [
  { key: "revisionNotFound", pattern: /^The hub has no such revision \((.+)\)$/, values: (match) => ({ where: match[1] ?? "" }) },
  { key: "notFound", pattern: /^The hub responded 404 Not Found for (\S+)/, values: (match) => ({ where: match[1] ?? "" }) },
  { key: "accessDenied", pattern: /^The hub responded (401|403) for (\S+): /, values: (match) => ({ status: match[1] ?? "", where: match[2] ?? "" }) },
  { key: "checksumMismatch", pattern: /^(\S+) has (?:SHA-256|Git blob id) \S+, but the hub lists /, values: (match) => ({ file: match[1] ?? "" }) },
  { key: "noWeights", pattern: /^(\S+) has no model weights Luodi can load/, values: (match) => ({ repo: match[1] ?? "" }) },
  { key: "unreachable", pattern: /^Could not reach (\S+): /, values: (match) => ({ origin: match[1] ?? "" }) },
  { key: "silent", pattern: /^The hub sent nothing for (\d+) s/, values: (match) => ({ seconds: match[1] ?? "" }) },
  { key: "connectionBroke", pattern: /^The connection to the hub broke during the download/ },
  { key: "notJson", pattern: /^The hub's response is not valid JSON/ },
  { key: "queueFailed", pattern: /^Queuing the download failed/ },
  { key: "unexpected", pattern: /^The download failed unexpectedly/ },
];

/** Recognises a stored download error; `retrying` is true for the worker's "Retrying after:" notes. */
export function hubErrorText(error: string): { cause: HubErrorText | null; retrying: boolean } {
  const retrying = error.startsWith(RETRYING);
  const text = retrying ? error.slice(RETRYING.length) : error;
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) return { cause: { key: rule.key, values: rule.values?.(match) ?? {} }, retrying };
  }
  return { cause: null, retrying };
}
