import { ScrollText } from "lucide-react";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Badge, buttonClasses, Card, CardBody, PageHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { summarizeChanges } from "@/lib/audit/changes";
import { listAuditActions, listAuditEvents } from "@/lib/audit/query";
import { auditQueryString, parseAuditSearchParams } from "@/lib/audit/search-params";
import { requireActor } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { AuditFilters } from "./AuditFilters";

export async function generateMetadata() {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

type AuditPageProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Renders the workspace's audit log, newest first, filtered through URL search params and paged by cursor. */
export default async function AuditPage({ params, searchParams }: AuditPageProps) {
  const actor = await requireActor("audit.read");
  const [{ locale }, search, t, format] = await Promise.all([params, searchParams, getTranslations("audit"), getFormatter()]);

  const { values, filter, invalid } = parseAuditSearchParams(search);
  const [{ events, nextCursor }, actions] = await Promise.all([listAuditEvents(db(), actor, filter), listAuditActions(db(), actor)]);

  const basePath = `/${locale}/audit`;
  const filterQuery = auditQueryString(values);
  const isFiltered = filterQuery !== "";

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />

      <Card>
        <CardBody>
          <AuditFilters key={filterQuery} basePath={basePath} values={values} actions={actions} />
        </CardBody>
      </Card>

      {invalid.length > 0 && <Alert tone="warning">{t("invalidFilter", { fields: invalid.map((field) => t(`filters.${field}`)).join(", ") })}</Alert>}

      {events.length === 0 ? (
        <Card>
          <EmptyState
            icon={<ScrollText className="size-6" />}
            title={isFiltered || filter.before ? t("empty.filteredTitle") : t("empty.title")}
            description={isFiltered || filter.before ? t("empty.filteredDescription") : t("empty.description")}
            actions={
              isFiltered || filter.before ? (
                <Link href={basePath} className={buttonClasses("secondary")}>
                  {t("filters.clear")}
                </Link>
              ) : undefined
            }
          />
        </Card>
      ) : (
        <Table caption={t("table.caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("table.time")}</Th>
              <Th>{t("table.actor")}</Th>
              <Th>{t("table.action")}</Th>
              <Th>{t("table.target")}</Th>
              <Th>{t("table.changes")}</Th>
              <Th>{t("table.ip")}</Th>
            </tr>
          </THead>
          <TBody>
            {events.map((event) => (
              <Tr key={event.id} className="align-top">
                <Td className="whitespace-nowrap text-muted">
                  <time dateTime={event.createdAt.toISOString()}>{format.dateTime(event.createdAt, { dateStyle: "medium", timeStyle: "medium" })}</time>
                </Td>
                <Td>
                  <div className="flex items-center gap-2 whitespace-nowrap">
                    {event.actorEmail ?? event.actorId ?? (event.actorType === "user" && <span className="text-muted">{t("table.unknownActor")}</span>)}
                    {event.actorType !== "user" && <Badge tone={event.actorType === "system" ? "neutral" : "brand"}>{t(`actorTypes.${event.actorType}`)}</Badge>}
                  </div>
                </Td>
                <Td>
                  {/* Catalogue keys cannot contain dots, so "user.create" is looked up as "user_create". */}
                  {t.has(`actionLabels.${event.action.replaceAll(".", "_")}`) && (
                    <div className="text-sm">{t(`actionLabels.${event.action.replaceAll(".", "_")}`)}</div>
                  )}
                  <code className="font-mono text-xs text-muted">{event.action}</code>
                </Td>
                <Td className="text-xs">
                  <span className="text-muted" title={event.targetType}>
                    {t.has(`targetTypes.${event.targetType}`) ? t(`targetTypes.${event.targetType}`) : event.targetType}
                  </span>
                  {event.targetId && <code className="ml-1 font-mono break-all">{event.targetId}</code>}
                </Td>
                <Td>
                  <ChangesList changes={event.changes} />
                </Td>
                <Td className="font-mono text-xs whitespace-nowrap text-muted">{event.ip ?? "—"}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      {(nextCursor || filter.before) && (
        <nav aria-label={t("pagination.label")} className="flex gap-2">
          {filter.before && (
            <Link href={filterQuery ? `${basePath}?${filterQuery}` : basePath} className={buttonClasses("secondary", "sm")}>
              {t("pagination.newest")}
            </Link>
          )}
          {nextCursor && (
            <Link href={`${basePath}?${auditQueryString(values, nextCursor)}`} className={buttonClasses("secondary", "sm")}>
              {t("pagination.older")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

function ChangesList({ changes }: { changes: unknown }) {
  const lines = summarizeChanges(changes);
  if (lines.length === 0) return <span className="text-muted">—</span>;

  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {lines.map((line, index) => (
        <li key={`${line.field}-${index}`} className="break-all">
          {line.field && <span className="text-muted">{line.field}: </span>}
          {line.value !== undefined ? (
            line.value
          ) : (
            <>
              <span className="text-red-700 line-through decoration-red-300">{line.from}</span>
              <span className="mx-1 text-muted">
                →
              </span>
              <span className="text-emerald-700">{line.to}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
