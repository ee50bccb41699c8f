"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { Badge, Card, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr, type BadgeTone } from "@/components/ui";
import type { ServiceInstanceStatus, SystemStatus } from "@/lib/health/check";
import { readSystemStatus } from "./actions";

export const REFRESH_INTERVAL_MS = 10_000;

const components = ["database", "queue", "worker", "gateway"] as const;

const stateTones: Record<ServiceInstanceStatus["state"], BadgeTone> = { running: "success", stopped: "neutral", stale: "danger" };

async function fetchStatus(): Promise<SystemStatus> {
  const result = await readSystemStatus();
  if (!result.ok) throw result.error;
  return result.data;
}

/** Renders the overall status, one card per component and the service table, and refetches them every 10 s. */
export function SystemStatusPanel({ initialStatus, checkedAt }: { initialStatus: SystemStatus; /** When the server took `initialStatus`, in ms since the epoch. */ checkedAt: number }) {
  const t = useTranslations("system");
  const format = useFormatter();
  const query = useQuery({
    queryKey: ["system-status"],
    queryFn: fetchStatus,
    initialData: initialStatus,
    // The server's time, so the first render prints the same "updated at" in server HTML and browser.
    initialDataUpdatedAt: checkedAt,
    refetchInterval: REFRESH_INTERVAL_MS,
    // The server just rendered initialData, so the first refetch waits for the interval.
    staleTime: REFRESH_INTERVAL_MS,
  });
  const status = query.data;
  const refreshError = query.error as Parameters<typeof ActionErrorAlert>[0]["failure"];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm font-medium text-fg">{t("overall")}</span>
        <Badge tone={status.status === "ok" ? "success" : "danger"}>{t(`overallStatus.${status.status}`)}</Badge>
        <span className="text-xs text-muted" aria-live="polite">
          {t("updatedAt", { time: format.dateTime(new Date(query.dataUpdatedAt), { timeStyle: "medium" }) })}
        </span>
      </div>
      {query.isError && <ActionErrorAlert failure={refreshError} />}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {components.map((component) => {
          const result = status[component];
          const ok = result === "ok";
          return (
            <Card key={component} className="p-4">
              <div className="flex items-center justify-between gap-2">
                <h2 className="text-sm font-semibold text-fg">{t(`components.${component}`)}</h2>
                <Badge tone={ok ? "success" : "danger"}>{ok ? t("componentStatus.ok") : t("componentStatus.error")}</Badge>
              </div>
              {/* Probe texts are English diagnostics written for admins; they are not translated. */}
              {!ok && <p className="mt-2 text-xs break-words text-red-700">{result}</p>}
            </Card>
          );
        })}
      </div>

      <Card>
        <CardHeader title={t("services.title")} description={t("services.description")} />
        <Table caption={t("services.title")} captionHidden className="rounded-t-none border-0">
          <THead>
            <tr>
              <Th>{t("services.service")}</Th>
              <Th>{t("services.state")}</Th>
              <Th>{t("services.version")}</Th>
              <Th>{t("services.host")}</Th>
              <Th>{t("services.pid")}</Th>
              <Th>{t("services.uptime")}</Th>
              <Th>{t("services.lastSeen")}</Th>
            </tr>
          </THead>
          <TBody>
            {status.services.length === 0 && <TableEmptyRow colSpan={7}>{t("services.empty")}</TableEmptyRow>}
            {status.services.map((service) => (
              <Tr key={service.id}>
                <Td className="font-medium">{service.service}</Td>
                <Td>
                  <Badge tone={stateTones[service.state]}>{t(`services.states.${service.state}`)}</Badge>
                </Td>
                <Td className="font-mono text-xs">{service.version}</Td>
                <Td className="text-muted">{service.hostname}</Td>
                <Td className="font-mono text-xs">{service.pid}</Td>
                <Td className="whitespace-nowrap">{formatUptime(t, service.uptimeSeconds)}</Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(service.lastSeenAt), { dateStyle: "short", timeStyle: "medium" })}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}

/** Formats an uptime as its two largest units, e.g. "3 d 4 h" or "12 min 5 s". */
function formatUptime(t: (key: string, values: Record<string, number>) => string, totalSeconds: number): string {
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;

  if (days > 0) return t("uptime.days", { days, hours });
  if (hours > 0) return t("uptime.hours", { hours, minutes });
  if (minutes > 0) return t("uptime.minutes", { minutes, seconds });
  return t("uptime.seconds", { seconds });
}
