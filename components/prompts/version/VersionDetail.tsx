"use client";

import { Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Badge, buttonClasses, Card, CardBody, CardHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { LabelBadge, StrategyBadge } from "../badges";
import { useVersion } from "../queries";
import { RolePill } from "../RolePill";
import { StrategySummary } from "./StrategySummary";
import { TryVersion } from "./TryVersion";

/** One version in full: messages, variables, strategy, examples, output schema and parameters, plus a render form. */
export function VersionDetail({ name, number, canWrite }: { name: string; number: number; canWrite: boolean }) {
  const t = useTranslations("prompts.version");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const { data: version, error } = useVersion(name, number);

  if (error) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (!version) return <p className="text-sm text-muted">{tCommon("loading")}</p>;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <p className="text-sm text-muted">
            <Link href="/prompts" className="hover:underline">
              {t("breadcrumbList")}
            </Link>
            {" / "}
            <Link href={`/prompts/${name}`} className="font-mono hover:underline">
              {name}
            </Link>
          </p>
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold">
            {t("title", { number: version.number })}
            <StrategyBadge kind={version.strategy.kind} />
            {version.labels.map((label) => (
              <LabelBadge key={label} name={label} />
            ))}
          </h1>
          <p className="text-sm text-muted">
            {version.message || t("noMessage")} · {format.dateTime(new Date(version.createdAt), { dateStyle: "medium", timeStyle: "short" })}
          </p>
        </div>
        {canWrite && (
          <Link href={`/prompts/${name}/new?from=${version.number}`} className={buttonClasses("primary")}>
            <Plus className="size-4" aria-hidden />
            {t("editAsNew")}
          </Link>
        )}
      </div>

      <Card>
        <CardHeader title={t("messages")} description={t("immutable")} />
        <CardBody className="space-y-3">
          {version.messages.map((message, index) => (
            <div key={index} className="space-y-1">
              <RolePill role={message.role} />
              <pre className="rounded-md border border-border bg-subtle/40 p-3 font-mono text-xs break-words whitespace-pre-wrap">{message.content}</pre>
            </div>
          ))}
        </CardBody>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("variables")} />
          {version.variables.length === 0 ? (
            <p className="px-5 py-4 text-sm text-muted">{t("noVariables")}</p>
          ) : (
            <Table caption={t("variables")} captionHidden className="rounded-none border-0">
              <THead>
                <tr>
                  <Th>{t("variableName")}</Th>
                  <Th>{t("variableDescription")}</Th>
                  <Th>{t("variableDefault")}</Th>
                </tr>
              </THead>
              <TBody>
                {version.variables.map((variable) => (
                  <Tr key={variable.name}>
                    <Td className="font-mono text-xs">{variable.name}</Td>
                    <Td className="text-sm">{variable.description || "—"}</Td>
                    <Td className="font-mono text-xs">{variable.default ?? <span className="text-muted">{t("noDefault")}</span>}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card>
          <CardHeader title={t("strategy")} />
          <CardBody className="space-y-3 text-sm">
            <StrategySummary strategy={version.strategy} />
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="text-muted">{t("params")}</dt>
              <dd className="font-mono text-xs">{Object.keys(version.params).length ? JSON.stringify(version.params) : t("defaultParams")}</dd>
              <dt className="text-muted">{t("model")}</dt>
              <dd className="font-mono text-xs">{version.modelId ?? t("noModel")}</dd>
              <dt className="text-muted">{t("outputSchema")}</dt>
              <dd>{version.outputSchema ? <Badge tone="brand">{t("jsonSchema")}</Badge> : t("freeText")}</dd>
            </dl>
            {version.outputSchema && (
              <pre className="max-h-64 overflow-auto rounded-md border border-border bg-subtle/40 p-3 font-mono text-xs">{JSON.stringify(version.outputSchema, null, 2)}</pre>
            )}
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title={t("examples", { count: version.fewShotExamples.length })} description={t("examplesSnapshot")} />
        {version.fewShotExamples.length > 0 && (
          <Table caption={t("examples", { count: version.fewShotExamples.length })} captionHidden className="rounded-none border-0">
            <THead>
              <tr>
                <Th>#</Th>
                <Th>{t("exampleInput")}</Th>
                <Th>{t("exampleOutput")}</Th>
              </tr>
            </THead>
            <TBody>
              {version.fewShotExamples.map((example, index) => (
                <Tr key={index} className="align-top">
                  <Td className="text-muted tabular-nums">{index + 1}</Td>
                  <Td className="text-sm whitespace-pre-wrap">{example.input}</Td>
                  <Td className="text-sm whitespace-pre-wrap">{example.output}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <TryVersion name={name} version={version} />
    </div>
  );
}
