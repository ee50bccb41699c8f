"use client";

import { ExternalLink } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ChatContentPart, ChatMessage, DatasetType, RowData } from "@/lib/datasets/model";
import { cn } from "@/components/ui";
import { isChatData, TEXT_FIELDS, textField } from "./row-text";

/** Renders the full content of a row, read-only: a conversation for chat rows, labelled text blocks for the other types. */
export function RowView({ type, data }: { type: DatasetType | null; data: RowData }) {
  const t = useTranslations("datasetRows");

  if (isChatData(data)) {
    return (
      <ol className="space-y-3" aria-label={t("detail.conversation")}>
        {data.messages.map((message, index) => (
          <ChatBubble key={index} message={message} />
        ))}
      </ol>
    );
  }

  const fields = type && type !== "chat" ? TEXT_FIELDS[type] : Object.keys(data);
  return (
    <dl className="space-y-3">
      {fields.map((field) => (
        <div key={field} className="space-y-1">
          <dt className="text-xs font-medium text-muted">{t.has(`tags.${field}`) ? t(`tags.${field}`) : field}</dt>
          <dd className="rounded-md border border-border bg-subtle/50 px-3 py-2 text-sm whitespace-pre-wrap break-words">
            {textField(data, field) || <span className="text-muted">{t("content.empty")}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const roleStyles: Record<ChatMessage["role"], string> = {
  system: "border-amber-200 bg-amber-50/60",
  user: "border-border bg-subtle/60",
  assistant: "border-brand-200 bg-brand-50/60",
};

function ChatBubble({ message }: { message: ChatMessage }) {
  const t = useTranslations("datasetRows");
  const roleName = t.has(`tags.${message.role}`) ? t(`tags.${message.role}`) : String(message.role);
  return (
    <li className={cn("rounded-md border px-3 py-2", roleStyles[message.role] ?? "border-border")}>
      <p className="mb-1 text-xs font-semibold text-muted">{roleName}</p>
      {typeof message.content === "string" ? (
        <p className="text-sm whitespace-pre-wrap break-words">{message.content || <span className="text-muted">{t("content.empty")}</span>}</p>
      ) : (
        <div className="space-y-2">
          {message.content.map((part, index) => (
            <ContentPart key={index} part={part} />
          ))}
        </div>
      )}
    </li>
  );
}

function ContentPart({ part }: { part: ChatContentPart }) {
  const t = useTranslations("datasetRows");
  if (part.type === "text") return <p className="text-sm whitespace-pre-wrap break-words">{part.text}</p>;

  const url = part.image_url?.url ?? "";
  if (!isSafeLink(url)) {
    return <p className="text-sm break-all text-muted">{t("content.imageUnlinked", { url: url.slice(0, 200) })}</p>;
  }
  return (
    <a href={url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-sm break-all text-brand-700 underline">
      <ExternalLink className="size-3.5 shrink-0" aria-hidden />
      {t("content.imageLink", { url: url.length > 80 ? `${url.slice(0, 80)}…` : url })}
    </a>
  );
}

/** Only web addresses and same-site paths become links; `javascript:` or `data:` URLs in row data stay text. */
function isSafeLink(url: string): boolean {
  if (url.startsWith("/") && !url.startsWith("//")) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}
