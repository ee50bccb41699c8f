"use client";

import { useTranslations } from "next-intl";
import { RolePill } from "../RolePill";
import type { RenderedView } from "../types";

/** Shows the messages and parameters a compiled prompt sends, with the number of samples. */
export function RenderedMessages({ rendered }: { rendered: RenderedView }) {
  const t = useTranslations("prompts.try");
  return (
    <div className="space-y-3">
      <p className="text-xs text-muted">
        {/* Selected by strategy, not by count: zh-CN has no "one" plural form, so a count rule would pick the vote text for 1. */}
        {rendered.strategy.kind === "self_consistency" ? t("majorityVote", { count: rendered.samples }) : t("singleRequest")}
      </p>
      <ol className="space-y-2">
        {rendered.messages.map((message, index) => (
          <li key={index} className="space-y-1">
            <RolePill role={message.role} />
            <pre className="rounded-md border border-border bg-surface p-2 font-mono text-xs break-words whitespace-pre-wrap">{message.content}</pre>
          </li>
        ))}
      </ol>
      <div>
        <p className="mb-1 text-xs font-medium text-muted">{t("params")}</p>
        <pre className="max-h-48 overflow-auto rounded-md border border-border bg-subtle/40 p-2 font-mono text-xs">{JSON.stringify(rendered.params, null, 2)}</pre>
      </div>
    </div>
  );
}
