import type { UsageTotals } from "./dashboard-rollups";
import type { UsageBreakdown, UsageSeries } from "./dashboard-query";

/** Byte order mark that makes Excel and WPS read the file as UTF-8, so Chinese names show correctly. */
const UTF8_BOM = "\uFEFF";

export type CsvValue = string | number | null;

/**
 * Formats one field per RFC 4180: quoted when it contains a comma, double quote, CR or LF, with inner
 * quotes doubled. Text that starts with =, +, -, @, tab or CR gets a leading apostrophe, so a spreadsheet
 * shows it as text instead of running it as a formula (key and model names are user input).
 */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";

  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Builds a whole CSV document: BOM, header, rows, each record ended by CRLF. */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((fields) => fields.map(csvField).join(","));
  return `${UTF8_BOM}${lines.map((line) => `${line}\r\n`).join("")}`;
}

/** Column titles of the exports, in the reader's language. */
export type CsvLabels = {
  bucket: string;
  name: string;
  id: string;
  detail: string;
  requests: string;
  errors: string;
  errorRate: string;
  cacheHits: string;
  inputTokens: string;
  outputTokens: string;
  avgLatencyMs: string;
  p95LatencyMs: string;
  avgTtftMs: string;
  /** Title of the cost column of one currency, such as "Cost (CNY)". */
  cost: (currency: string) => string;
  /** Name shown for the group of calls without a model, key or deployment. */
  none: string;
};

/** Currencies that occur anywhere in the rows, sorted, so every row has the same cost columns. */
function currenciesOf(rows: readonly UsageTotals[]): string[] {
  return [...new Set(rows.flatMap((row) => row.costs.map((cost) => cost.currency)))].sort();
}

function metricColumns(labels: CsvLabels, currencies: readonly string[]): string[] {
  return [
    labels.requests,
    labels.errors,
    labels.errorRate,
    labels.cacheHits,
    labels.inputTokens,
    labels.outputTokens,
    labels.avgLatencyMs,
    labels.p95LatencyMs,
    labels.avgTtftMs,
    ...currencies.map(labels.cost),
  ];
}

function metricValues(totals: UsageTotals, currencies: readonly string[]): CsvValue[] {
  return [
    totals.requests,
    totals.errors,
    totals.errorRate === null ? null : Math.round(totals.errorRate * 10000) / 10000,
    totals.cacheHits,
    totals.inputTokens,
    totals.outputTokens,
    totals.avgLatencyMs,
    totals.p95LatencyMs,
    totals.avgTtftMs,
    ...currencies.map((currency) => totals.costs.find((cost) => cost.currency === currency)?.cost ?? 0),
  ];
}

/** One row per bucket; bucket starts are UTC ISO 8601 times, which spreadsheets parse in any language. */
export function seriesCsv(series: UsageSeries, labels: CsvLabels): string {
  const currencies = currenciesOf(series.points);
  const header = [labels.bucket, ...metricColumns(labels, currencies)];
  const rows = series.points.map((point) => [point.bucket.toISOString(), ...metricValues(point, currencies)]);
  return formatCsv(header, rows);
}

/** One row per model, key or deployment, busiest first. */
export function breakdownCsv(breakdown: UsageBreakdown, labels: CsvLabels): string {
  const currencies = currenciesOf(breakdown.items);
  const header = [labels.name, labels.id, labels.detail, ...metricColumns(labels, currencies)];
  const rows = breakdown.items.map((item) => [item.name ?? labels.none, item.id, item.detail, ...metricValues(item, currencies)]);
  return formatCsv(header, rows);
}
