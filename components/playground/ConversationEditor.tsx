"use client";

import { ImagePlus, Plus, Trash2, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button, FormField, Select, Textarea } from "@/components/ui";
import type { Turn } from "./types";

/** Largest image a user may attach, in bytes; the server accepts up to 4 MiB per image and 4 per request. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
export const MAX_IMAGES = 4;
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

type Props = {
  system: string;
  onSystemChange: (value: string) => void;
  turns: Turn[];
  onTurnsChange: (turns: Turn[]) => void;
  /** False when a chosen model lacks vision; attaching is then disabled and explained. */
  imagesAllowed: boolean;
  disabled: boolean;
};

let nextTurnNumber = 0;
export function newTurn(role: Turn["role"], text = ""): Turn {
  nextTurnNumber += 1;
  return { id: `turn-${nextTurnNumber}`, role, text, images: [] };
}

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Edits the system prompt and the user and assistant turns, with image attachments on user turns. */
export function ConversationEditor({ system, onSystemChange, turns, onTurnsChange, imagesAllowed, disabled }: Props) {
  const t = useTranslations("playground.conversation");
  const systemId = useId();
  const [imageError, setImageError] = useState<string | null>(null);
  const imageCount = turns.reduce((sum, turn) => sum + turn.images.length, 0);

  const update = (id: string, patch: Partial<Turn>) => onTurnsChange(turns.map((turn) => (turn.id === id ? { ...turn, ...patch } : turn)));

  async function attach(turn: Turn, files: FileList | null) {
    setImageError(null);
    const added: string[] = [];
    for (const file of Array.from(files ?? [])) {
      if (!IMAGE_TYPES.includes(file.type)) return setImageError(t("imageType", { name: file.name }));
      if (file.size > MAX_IMAGE_BYTES) return setImageError(t("imageTooLarge", { name: file.name, limit: MAX_IMAGE_BYTES / 1024 / 1024 }));
      if (imageCount + added.length >= MAX_IMAGES) return setImageError(t("tooManyImages", { limit: MAX_IMAGES }));
      added.push(await readDataUrl(file));
    }
    update(turn.id, { images: [...turn.images, ...added] });
  }

  return (
    <div className="space-y-4">
      <FormField id={systemId} label={t("system")} hint={t("systemHint")}>
        <Textarea rows={3} value={system} disabled={disabled} maxLength={200_000} onChange={(event) => onSystemChange(event.target.value)} />
      </FormField>

      <ol className="space-y-3" aria-label={t("turnsLabel")}>
        {turns.map((turn, index) => (
          <TurnEditor
            key={turn.id}
            turn={turn}
            index={index}
            disabled={disabled}
            imagesAllowed={imagesAllowed}
            canRemove={turns.length > 1}
            onChange={(patch) => update(turn.id, patch)}
            onRemove={() => onTurnsChange(turns.filter((other) => other.id !== turn.id))}
            onAttach={(files) => void attach(turn, files)}
          />
        ))}
      </ol>

      {imageError && <p className="text-sm text-red-700">{imageError}</p>}
      {!imagesAllowed && <p className="text-xs text-muted">{t("imagesNeedVision")}</p>}

      <Button
        variant="secondary"
        size="sm"
        disabled={disabled}
        icon={<Plus className="size-4" aria-hidden />}
        onClick={() => onTurnsChange([...turns, newTurn(turns.at(-1)?.role === "user" ? "assistant" : "user")])}
      >
        {t("addTurn")}
      </Button>
    </div>
  );
}

type TurnEditorProps = {
  turn: Turn;
  index: number;
  disabled: boolean;
  imagesAllowed: boolean;
  canRemove: boolean;
  onChange: (patch: Partial<Turn>) => void;
  onRemove: () => void;
  onAttach: (files: FileList | null) => void;
};

function TurnEditor({ turn, index, disabled, imagesAllowed, canRemove, onChange, onRemove, onAttach }: TurnEditorProps) {
  const t = useTranslations("playground.conversation");
  const roleId = useId();
  const textId = useId();
  const fileId = useId();

  return (
    <li className="rounded-md border border-border p-3">
      <div className="mb-2 flex items-center gap-2">
        <label htmlFor={roleId} className="sr-only">
          {t("role", { number: index + 1 })}
        </label>
        <Select id={roleId} value={turn.role} disabled={disabled} className="w-36" onChange={(event) => onChange({ role: event.target.value as Turn["role"], images: event.target.value === "user" ? turn.images : [] })}>
          <option value="user">{t("roles.user")}</option>
          <option value="assistant">{t("roles.assistant")}</option>
        </Select>
        <div className="flex-1" />
        {turn.role === "user" && (
          <>
            <input id={fileId} type="file" accept="image/png,image/jpeg,image/gif,image/webp" multiple className="sr-only" disabled={disabled || !imagesAllowed} onChange={(event) => {
              onAttach(event.target.files);
              event.target.value = "";
            }} />
            <label
              htmlFor={fileId}
              aria-disabled={disabled || !imagesAllowed}
              className={`inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm ${disabled || !imagesAllowed ? "cursor-not-allowed text-muted" : "cursor-pointer hover:bg-subtle"}`}
            >
              <ImagePlus className="size-4" aria-hidden /> {t("attachImage")}
            </label>
          </>
        )}
        {canRemove && (
          <Button variant="ghost" size="sm" disabled={disabled} onClick={onRemove} aria-label={t("removeTurn", { number: index + 1 })} icon={<Trash2 className="size-4" aria-hidden />} />
        )}
      </div>

      <label htmlFor={textId} className="sr-only">
        {t("content", { number: index + 1 })}
      </label>
      <Textarea id={textId} rows={3} value={turn.text} disabled={disabled} maxLength={200_000} placeholder={turn.role === "user" ? t("userPlaceholder") : t("assistantPlaceholder")} onChange={(event) => onChange({ text: event.target.value })} />

      {turn.images.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2">
          {turn.images.map((url, imageIndex) => (
            <li key={imageIndex} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element -- data URLs from the user's own files, not optimisable */}
              <img src={url} alt={t("imageAlt", { number: imageIndex + 1 })} className="size-16 rounded object-cover ring-1 ring-border" />
              <button
                type="button"
                className="absolute -right-1 -top-1 rounded-full bg-surface p-0.5 ring-1 ring-border"
                aria-label={t("removeImage", { number: imageIndex + 1 })}
                disabled={disabled}
                onClick={() => onChange({ images: turn.images.filter((_, other) => other !== imageIndex) })}
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
