"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { languageShares } from "./chart-series";
import { ChartCard, ChartDataTable, type SeriesNames } from "./ChartCard";
import type { PartialStats } from "./stats-data";

const LANGUAGE_COLORS: Record<string, string> = { zh: "#2554eb", en: "#10b981", mixed: "#f59e0b", other: "#a1a1aa" };
const LANGUAGE_ORDER = ["zh", "en", "mixed", "other"];

/** Renders the language mix of each version as one 100% stacked bar per version. */
export function LanguageChart({ a, b, names }: { a: PartialStats | null; b: PartialStats | null; names: SeriesNames }) {
  const t = useTranslations("datasetRows.stats.languages");
  const format = useFormatter();
  const sharesA = languageShares(a);
  const sharesB = names.b ? languageShares(b) : [];
  const languageName = (key: string) => (t.has(`names.${key}`) ? t(`names.${key}`) : key);

  const toBar = (name: string, shares: ReturnType<typeof languageShares>) => ({ name, ...Object.fromEntries(shares.map((entry) => [entry.language, entry.share])) });
  const data = [...(sharesA.length ? [toBar(names.a, sharesA)] : []), ...(names.b && sharesB.length ? [toBar(names.b, sharesB)] : [])];
  const languages = LANGUAGE_ORDER.filter((language) => [...sharesA, ...sharesB].some((entry) => entry.language === language));
  const countOf = (shares: ReturnType<typeof languageShares>, language: string) => shares.find((entry) => entry.language === language)?.count;
  const percent = (value: unknown) => (typeof value === "number" ? format.number(value, { style: "percent", maximumFractionDigits: 1 }) : "");

  return (
    <ChartCard title={t("title")} description={t("description")} empty={data.length === 0}>
      <figure>
        <div aria-hidden style={{ height: 56 + data.length * 40 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
              <XAxis type="number" domain={[0, 1]} tickFormatter={percent} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={90} tick={{ fontSize: 12 }} />
              <Tooltip formatter={(value) => percent(value)} cursor={{ fill: "#f2f3f5" }} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              {languages.map((language) => (
                <Bar key={language} dataKey={language} name={languageName(language)} stackId="languages" fill={LANGUAGE_COLORS[language] ?? "#71717a"} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <ChartDataTable
          caption={t("title")}
          categoryName={t("category")}
          points={languages.map((language) => ({ key: language, a: countOf(sharesA, language), b: countOf(sharesB, language) }))}
          names={names}
          categoryLabel={languageName}
        />
      </figure>
    </ChartCard>
  );
}
