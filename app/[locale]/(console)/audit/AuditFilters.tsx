"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, type FormEvent } from "react";
import { Button, FormField, Input } from "@/components/ui";
import { auditQueryString, type AuditFilterValues } from "@/lib/audit/search-params";

type AuditFiltersProps = {
  /** Path of the audit page including the locale, e.g. /zh-CN/audit. */
  basePath: string;
  values: AuditFilterValues;
  /** Action names seen in this workspace, offered as suggestions. */
  actions: string[];
};

/** Renders the audit page's filter form. Submitting puts the filter in the URL and starts again at the newest event. */
export function AuditFilters({ basePath, values, actions }: AuditFiltersProps) {
  const t = useTranslations("audit");
  const router = useRouter();
  const formId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const next: AuditFilterValues = {
      actor: text("actor"),
      action: text("action"),
      targetType: text("targetType"),
      targetId: text("targetId"),
      from: text("from"),
      to: text("to"),
      // The server reads from/to in the browser's time zone, whatever zone it runs in.
      tz: text("from") || text("to") ? String(new Date().getTimezoneOffset()) : "",
    };
    const query = auditQueryString(next);
    router.push(query ? `${basePath}?${query}` : basePath);
  }

  const field = (name: keyof AuditFilterValues) => `${formId}-${name}`;

  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" role="search" aria-label={t("filters.label")}>
      <FormField id={field("actor")} label={t("filters.actor")} hint={t("filters.actorHint")}>
        <Input name="actor" defaultValue={values.actor} autoComplete="off" />
      </FormField>
      <FormField id={field("action")} label={t("filters.action")} hint={t("filters.actionHint")}>
        <Input name="action" defaultValue={values.action} list={`${formId}-actions`} autoComplete="off" />
      </FormField>
      <datalist id={`${formId}-actions`}>
        {actions.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <FormField id={field("targetType")} label={t("filters.targetType")}>
        <Input name="targetType" defaultValue={values.targetType} autoComplete="off" />
      </FormField>
      <FormField id={field("targetId")} label={t("filters.targetId")}>
        <Input name="targetId" defaultValue={values.targetId} autoComplete="off" />
      </FormField>
      <FormField id={field("from")} label={t("filters.from")}>
        <Input name="from" type="datetime-local" defaultValue={values.from} />
      </FormField>
      <FormField id={field("to")} label={t("filters.to")}>
        <Input name="to" type="datetime-local" defaultValue={values.to} />
      </FormField>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
        <Button type="submit">{t("filters.apply")}</Button>
        <Button variant="secondary" onClick={() => router.push(basePath)}>
          {t("filters.clear")}
        </Button>
      </div>
    </form>
  );
}
