import type { SettingsProblems } from "./ParamsPanel";
import type { SamplingSettings, Turn } from "./types";

type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
export type OutgoingMessage = { role: "system" | "user" | "assistant"; content: string | ContentPart[] };

export type PlaygroundRequestBody = {
  messages: OutgoingMessage[];
  params: { temperature?: number; top_p?: number; max_tokens?: number; stop?: string[] };
  jsonSchema?: Record<string, unknown>;
};

/** Problem keys (messages under playground.problems) the form shows before sending. */
export type ProblemKey = "temperature" | "topP" | "maxTokens" | "stopCount" | "stopLength" | "schemaNotJson" | "schemaNotObject" | "lastTurnNotUser" | "emptyTurn";

export type BuiltRequest = { body: PlaygroundRequestBody; problems: null } | { body: null; problems: { fields: Partial<Record<keyof SettingsProblems, ProblemKey>>; conversation?: ProblemKey } };

function optionalNumber(text: string, check: (value: number) => boolean): number | undefined | "invalid" {
  if (text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) && check(value) ? value : "invalid";
}

function messageOf(turn: Turn): OutgoingMessage {
  if (turn.images.length === 0) return { role: turn.role, content: turn.text };
  const parts: ContentPart[] = turn.text.trim() ? [{ type: "text", text: turn.text }] : [];
  for (const url of turn.images) parts.push({ type: "image_url", image_url: { url } });
  return { role: turn.role, content: parts };
}

/** Checks the form and builds the request body shared by every pane (each pane adds its modelId). */
export function buildRequest(system: string, turns: Turn[], settings: SamplingSettings): BuiltRequest {
  const fields: Partial<Record<keyof SettingsProblems, ProblemKey>> = {};
  const temperature = optionalNumber(settings.temperature, (value) => value >= 0 && value <= 2);
  const topP = optionalNumber(settings.topP, (value) => value > 0 && value <= 1);
  const maxTokens = optionalNumber(settings.maxTokens, (value) => Number.isInteger(value) && value >= 1 && value <= 128_000);
  if (temperature === "invalid") fields.temperature = "temperature";
  if (topP === "invalid") fields.topP = "topP";
  if (maxTokens === "invalid") fields.maxTokens = "maxTokens";

  const stop = settings.stop.split("\n").filter((line) => line !== "");
  if (stop.length > 4) fields.stop = "stopCount";
  else if (stop.some((line) => line.length > 100)) fields.stop = "stopLength";

  let jsonSchema: Record<string, unknown> | undefined;
  if (settings.jsonMode) {
    try {
      const parsed = JSON.parse(settings.schemaText) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) jsonSchema = parsed as Record<string, unknown>;
      else fields.schema = "schemaNotObject";
    } catch {
      fields.schema = "schemaNotJson";
    }
  }

  let conversation: ProblemKey | undefined;
  if (turns.some((turn) => turn.text.trim() === "" && turn.images.length === 0)) conversation = "emptyTurn";
  else if (turns.at(-1)?.role !== "user") conversation = "lastTurnNotUser";

  if (Object.keys(fields).length > 0 || conversation) return { body: null, problems: { fields, conversation } };

  const messages: OutgoingMessage[] = [...(system.trim() ? [{ role: "system" as const, content: system }] : []), ...turns.map(messageOf)];
  const params = {
    ...(temperature !== undefined && { temperature: temperature as number }),
    ...(topP !== undefined && { top_p: topP as number }),
    ...(maxTokens !== undefined && { max_tokens: maxTokens as number }),
    ...(stop.length > 0 && { stop }),
  };
  return { body: { messages, params, ...(jsonSchema && { jsonSchema }) }, problems: null };
}
