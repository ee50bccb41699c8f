"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button, Card, CardBody, CardHeader, Select, Textarea } from "@/components/ui";
import type { SpecIssue } from "@/lib/prompts/errors";
import { MESSAGES_MAX, MESSAGE_MAX_CHARS } from "@/lib/prompts/schemas";
import type { PromptMessage } from "@/lib/prompts/types";
import { useIssueMessage } from "../issues";
import { newMessageKey, type DraftMessage } from "./draft";

const ROLES: PromptMessage["role"][] = ["system", "user", "assistant"];

type Props = {
  messages: DraftMessage[];
  onChange: (messages: DraftMessage[]) => void;
  /** Template issues found in the browser; each names its message index in params.message. */
  issues: SpecIssue[];
  onDeclare: (name: string) => void;
};

/** Edits the template's messages (role and text with {{placeholders}}; add, remove, reorder) and shows each message's problems under it. */
export function MessagesEditor({ messages, onChange, issues, onDeclare }: Props) {
  const t = useTranslations("prompts.editor.messages");
  const tRoles = useTranslations("prompts.roles");
  const issueMessage = useIssueMessage();

  const update = (index: number, patch: Partial<DraftMessage>) => onChange(messages.map((message, at) => (at === index ? { ...message, ...patch } : message)));
  const move = (index: number, offset: number) => {
    const next = [...messages];
    const [moved] = next.splice(index, 1);
    next.splice(index + offset, 0, moved!);
    onChange(next);
  };
  const add = () => {
    const lastRole = messages.at(-1)?.role;
    onChange([...messages, { key: newMessageKey(), role: lastRole === "user" ? "assistant" : "user", content: "" }]);
  };

  return (
    <Card>
      <CardHeader title={t("title")} description={t("help")} />
      <CardBody className="space-y-4">
        {messages.map((message, index) => {
          const messageIssues = issues.filter((issue) => issue.params.message === index);
          const inputId = `prompt-message-${message.key}`;
          return (
            <div key={message.key} className="space-y-2 rounded-md border border-border p-3">
              <div className="flex flex-wrap items-center gap-2">
                <label htmlFor={`${inputId}-role`} className="sr-only">
                  {t("role", { number: index + 1 })}
                </label>
                <Select id={`${inputId}-role`} value={message.role} onChange={(event) => update(index, { role: event.target.value as PromptMessage["role"] })} className="w-36">
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {tRoles(role)}
                    </option>
                  ))}
                </Select>
                <span className="text-xs text-muted">{t("number", { number: index + 1 })}</span>
                <div className="ml-auto flex gap-1">
                  <Button size="sm" variant="ghost" aria-label={t("moveUp", { number: index + 1 })} disabled={index === 0} onClick={() => move(index, -1)} icon={<ArrowUp className="size-4" aria-hidden />} />
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t("moveDown", { number: index + 1 })}
                    disabled={index === messages.length - 1}
                    onClick={() => move(index, 1)}
                    icon={<ArrowDown className="size-4" aria-hidden />}
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t("remove", { number: index + 1 })}
                    disabled={messages.length === 1}
                    onClick={() => onChange(messages.filter((_, at) => at !== index))}
                    icon={<Trash2 className="size-4" aria-hidden />}
                  />
                </div>
              </div>
              <label htmlFor={inputId} className="sr-only">
                {t("content", { number: index + 1 })}
              </label>
              <Textarea
                id={inputId}
                value={message.content}
                rows={Math.min(14, Math.max(3, message.content.split("\n").length + 1))}
                maxLength={MESSAGE_MAX_CHARS}
                onChange={(event) => update(index, { content: event.target.value })}
                className="font-mono text-xs"
                aria-invalid={messageIssues.length > 0 || undefined}
                aria-describedby={messageIssues.length > 0 ? `${inputId}-issues` : undefined}
              />
              {messageIssues.length > 0 && (
                <ul id={`${inputId}-issues`} className="space-y-1">
                  {messageIssues.map((issue, issueIndex) => (
                    <li key={issueIndex} role="alert" className="flex flex-wrap items-center gap-2 text-xs font-medium text-red-600">
                      {issueMessage(issue)}
                      {issue.reason === "prompts.undefined_variable" && (
                        <Button size="sm" variant="secondary" onClick={() => onDeclare(String(issue.params.name))}>
                          {t("declare", { name: String(issue.params.name) })}
                        </Button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        <Button variant="secondary" icon={<Plus className="size-4" aria-hidden />} onClick={add} disabled={messages.length >= MESSAGES_MAX}>
          {t("add")}
        </Button>
      </CardBody>
    </Card>
  );
}
