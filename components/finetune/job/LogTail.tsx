"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Card, CardBody, CardHeader, cn } from "@/components/ui";
import { MAX_LOG_LINES, type LogLine } from "./job-timeline";

/** Distance from the bottom, in pixels, within which the reader counts as following the tail. */
const FOLLOW_THRESHOLD_PX = 40;

/**
 * Renders the last log lines of the trainer in monospace. It scrolls to the newest line as lines arrive, unless
 * the reader has scrolled up to read older ones.
 */
export function LogTail({ lines }: { lines: LogLine[] }) {
  const t = useTranslations("fineTuningJob.log");
  const container = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => {
    const element = container.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  const onScroll = () => {
    const element = container.current;
    if (element) following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_THRESHOLD_PX;
  };

  return (
    <Card>
      <CardHeader as="h3" title={t("title")} description={t("description", { count: MAX_LOG_LINES })} />
      <CardBody>
        {lines.length === 0 ? (
          <p className="text-sm text-muted">{t("empty")}</p>
        ) : (
          <div
            ref={container}
            onScroll={onScroll}
            role="log"
            tabIndex={0}
            aria-label={t("label")}
            className="max-h-80 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-5 whitespace-pre-wrap text-zinc-100"
          >
            {lines.map((line) => (
              <div key={line.id} className={cn(line.level === "error" && "text-red-300", line.level === "warning" && "text-amber-200")}>
                {line.text}
              </div>
            ))}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
