"use client";

import { ImagePlus, Plus, Trash, Type } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { Button, Input, Select, Textarea } from "@/components/ui";
import { CHAT_ROLES, type ChatContentPart, type ChatMessage, type ChatRole } from "@/lib/datasets/model";

export type ChatMessagesEditorProps = {
  messages: ChatMessage[];
  onChange: (messages: ChatMessage[]) => void;
  /** Translated errors by turn index, shown under that turn. */
  turnErrors: Map<number, string>;
  /** Error of the message list as a whole, e.g. no assistant turn. */
  listError?: string;
};

/**
 * Edits a conversation: role and content of each turn, with turns added at the end or removed. Plain
 * content is one text box; multi-part content (text and images) is edited part by part.
 */
export function ChatMessagesEditor({ messages, onChange, turnErrors, listError }: ChatMessagesEditorProps) {
  const t = useTranslations("datasetRows");
  const id = useId();

  const update = (index: number, message: ChatMessage) => onChange(messages.with(index, message));
  const remove = (index: number) => onChange(messages.filter((_, at) => at !== index));

  function addTurn() {
    const lastRole = messages.at(-1)?.role;
    const role: ChatRole = lastRole === "user" ? "assistant" : "user";
    onChange([...messages, { role, content: "" }]);
  }

  return (
    <fieldset className="space-y-3" aria-describedby={listError ? `${id}-list-error` : undefined}>
      <legend className="mb-2 text-sm font-semibold text-fg">{t("edit.messages")}</legend>
      {listError && (
        <p id={`${id}-list-error`} role="alert" className="text-xs font-medium text-red-600">
          {listError}
        </p>
      )}

      {messages.map((message, index) => {
        const error = turnErrors.get(index);
        const errorId = error ? `${id}-turn-${index}-error` : undefined;
        return (
          <div key={index} className="space-y-2 rounded-md border border-border p-3" role="group" aria-label={t("edit.turn", { number: index + 1 })}>
            <div className="flex items-center gap-2">
              <label htmlFor={`${id}-role-${index}`} className="text-xs font-medium whitespace-nowrap text-muted">
                {t("edit.turnRole", { number: index + 1 })}
              </label>
              <Select
                id={`${id}-role-${index}`}
                value={message.role}
                onChange={(event) => update(index, { ...message, role: event.target.value as ChatRole })}
                options={CHAT_ROLES.map((role) => ({ value: role, label: t(`tags.${role}`) }))}
                className="w-36"
                aria-describedby={errorId}
                invalid={Boolean(error)}
              />
              <Button variant="ghost" size="sm" className="ml-auto" icon={<Trash className="size-4" aria-hidden />} onClick={() => remove(index)}>
                {t("edit.removeTurn", { number: index + 1 })}
              </Button>
            </div>

            {typeof message.content === "string" ? (
              <Textarea
                aria-label={t("edit.turnContent", { number: index + 1 })}
                value={message.content}
                onChange={(event) => update(index, { ...message, content: event.target.value })}
                rows={Math.min(10, Math.max(2, message.content.split("\n").length))}
                aria-describedby={errorId}
                invalid={Boolean(error)}
              />
            ) : (
              <ContentPartsEditor turn={index} parts={message.content} onChange={(parts) => update(index, { ...message, content: parts })} />
            )}

            {error && (
              <p id={errorId} role="alert" className="text-xs font-medium text-red-600">
                {error}
              </p>
            )}
          </div>
        );
      })}

      <Button variant="secondary" size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={addTurn}>
        {t("edit.addTurn")}
      </Button>
    </fieldset>
  );
}

function ContentPartsEditor({ turn, parts, onChange }: { turn: number; parts: ChatContentPart[]; onChange: (parts: ChatContentPart[]) => void }) {
  const t = useTranslations("datasetRows");
  const update = (index: number, part: ChatContentPart) => onChange(parts.with(index, part));

  return (
    <div className="space-y-2">
      {parts.map((part, index) => (
        <div key={index} className="flex items-start gap-2">
          {part.type === "text" ? (
            <Textarea
              aria-label={t("edit.textPart", { turn: turn + 1, number: index + 1 })}
              value={part.text}
              onChange={(event) => update(index, { type: "text", text: event.target.value })}
              rows={3}
            />
          ) : (
            <Input
              aria-label={t("edit.imagePart", { turn: turn + 1, number: index + 1 })}
              value={part.image_url.url}
              onChange={(event) => update(index, { type: "image_url", image_url: { url: event.target.value } })}
              placeholder={t("edit.imageUrlPlaceholder")}
            />
          )}
          <Button
            variant="ghost"
            size="sm"
            aria-label={t("edit.removePart", { turn: turn + 1, number: index + 1 })}
            onClick={() => onChange(parts.filter((_, at) => at !== index))}
          >
            <Trash className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      <div className="flex gap-2">
        <Button variant="ghost" size="sm" icon={<Type className="size-4" aria-hidden />} onClick={() => onChange([...parts, { type: "text", text: "" }])}>
          {t("edit.addTextPart")}
        </Button>
        <Button variant="ghost" size="sm" icon={<ImagePlus className="size-4" aria-hidden />} onClick={() => onChange([...parts, { type: "image_url", image_url: { url: "" } }])}>
          {t("edit.addImagePart")}
        </Button>
      </div>
    </div>
  );
}
