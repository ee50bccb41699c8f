"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Card, CardBody, CardHeader, Input, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useDashboardFormat } from "./format";
import { useTopQueries } from "./queries";

/** Renders the most frequent normalised queries of one UTC day; text shows only where a key's policy stored it. */
export function TopQueriesCard() {
  const t = useTranslations("dashboards.topQueries");
  const f = useDashboardFormat();
  const errorMessage = useApiErrorMessage();
  const dayId = useId();
  const [day, setDay] = useState(() => new Date().toISOString().slice(0, 10));
  const top = useTopQueries(day);

  return (
    <Card className="mb-6">
      <CardHeader
        title={t("title")}
        description={t("description")}
        actions={
          <div className="flex items-center gap-2 text-sm">
            <label htmlFor={dayId}>{t("day")}</label>
            <Input id={dayId} type="date" value={day} onChange={(event) => event.target.value && setDay(event.target.value)} className="w-40" />
          </div>
        }
      />
      <CardBody>
        {top.error && <Alert tone="error">{errorMessage(top.error)}</Alert>}
        <Table caption={t("caption", { day })} captionHidden>
          <THead>
            <tr>
              <Th className="w-12">{t("rank")}</Th>
              <Th>{t("query")}</Th>
              <Th className="text-right">{t("count")}</Th>
            </tr>
          </THead>
          <TBody>
            {top.isPending && <TableEmptyRow colSpan={3}>{t("loading")}</TableEmptyRow>}
            {top.data && top.data.items.length === 0 && <TableEmptyRow colSpan={3}>{t("empty")}</TableEmptyRow>}
            {top.data?.items.map((item, index) => (
              <Tr key={item.queryHash}>
                <Td className="tabular-nums text-muted">{index + 1}</Td>
                <Td className="max-w-xl">
                  {item.text === null ? (
                    <span className="text-muted italic" title={item.queryHash}>
                      {t("notStored")}
                    </span>
                  ) : (
                    <span className="break-words whitespace-pre-wrap">{item.text}</span>
                  )}
                </Td>
                <Td className="text-right tabular-nums">{f.count(item.count)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {top.data && top.data.distinctQueries > 0 && <p className="mt-2 text-xs text-muted">{t("summary", { distinct: top.data.distinctQueries, total: top.data.totalCount })}</p>}
      </CardBody>
    </Card>
  );
}
