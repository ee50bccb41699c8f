import type { ChatParams } from "@/lib/llm/types";
import type { FewShotExample, PromptMessage, StrategyKind } from "@/lib/prompts/types";
import type { VersionView } from "../types";

/**
 * The editor's working copy of a version. Numbers are kept as the text the user typed, so a half-typed
 * value does not jump, and are parsed only when the spec is sent.
 */

export type DraftMessage = { key: number; role: PromptMessage["role"]; content: string };
/** `autoDeclared` marks a declaration the editor added for a new placeholder, not one the user or a saved version made. */
export type DraftVariable = { name: string; description: string; defaultValue: string; hasDefault: boolean; autoDeclared: boolean };

/** Source of the version's examples: none, the examples of the version it started from, or a few-shot set (copied on save). */
export type ExampleSource = { kind: "none" } | { kind: "keep"; fromVersion: number; examples: FewShotExample[] } | { kind: "set"; setId: string };

export type DraftStrategy = { kind: StrategyKind; shots: string; answerPattern: string; samples: string; temperature: string };
export type DraftParams = { temperature: string; top_p: string; max_tokens: string; stop: string; seed: string };

export type Draft = {
  messages: DraftMessage[];
  variables: DraftVariable[];
  exampleSource: ExampleSource;
  strategy: DraftStrategy;
  schemaEnabled: boolean;
  schemaText: string;
  params: DraftParams;
  modelId: string;
  message: string;
};

let nextKey = 1;
export const newMessageKey = () => nextKey++;

const EMPTY_PARAMS: DraftParams = { temperature: "", top_p: "", max_tokens: "", stop: "", seed: "" };
const SAMPLE_SCHEMA = '{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"]\n}';

/** A starting point for a template's first version: a system message and a user message with one variable. */
export function emptyDraft(systemText: string): Draft {
  return {
    messages: [
      { key: newMessageKey(), role: "system", content: systemText },
      { key: newMessageKey(), role: "user", content: "{{input}}" },
    ],
    variables: [{ name: "input", description: "", defaultValue: "", hasDefault: false, autoDeclared: true }],
    exampleSource: { kind: "none" },
    strategy: { kind: "zero_shot", shots: "", answerPattern: "", samples: "5", temperature: "" },
    schemaEnabled: false,
    schemaText: SAMPLE_SCHEMA,
    params: EMPTY_PARAMS,
    modelId: "",
    message: "",
  };
}

const text = (value: number | undefined) => (value === undefined ? "" : String(value));

/** A draft that starts as a copy of an existing version. */
export function draftFromVersion(version: VersionView): Draft {
  const strategy = version.strategy;
  const params: ChatParams = version.params;
  return {
    messages: version.messages.map((message) => ({ key: newMessageKey(), role: message.role, content: message.content })),
    variables: version.variables.map((variable) => ({
      name: variable.name,
      description: variable.description ?? "",
      defaultValue: variable.default ?? "",
      hasDefault: variable.default !== undefined,
      autoDeclared: false,
    })),
    exampleSource: version.fewShotExamples.length > 0 ? { kind: "keep", fromVersion: version.number, examples: version.fewShotExamples } : { kind: "none" },
    strategy: {
      kind: strategy.kind,
      shots: strategy.kind === "zero_shot" ? "" : text(strategy.shots),
      answerPattern: strategy.kind === "chain_of_thought" || strategy.kind === "self_consistency" ? (strategy.answerPattern ?? "") : "",
      samples: strategy.kind === "self_consistency" ? String(strategy.samples) : "5",
      temperature: strategy.kind === "self_consistency" ? text(strategy.temperature) : "",
    },
    schemaEnabled: version.outputSchema !== null,
    schemaText: version.outputSchema ? JSON.stringify(version.outputSchema, null, 2) : SAMPLE_SCHEMA,
    params: {
      temperature: text(params.temperature),
      top_p: text(params.top_p),
      max_tokens: text(params.max_tokens),
      stop: (params.stop ?? []).join("\n"),
      seed: text(params.seed),
    },
    modelId: version.modelId ?? "",
    message: "",
  };
}

const isUntouchedAutoDeclaration = (variable: DraftVariable) => variable.autoDeclared && variable.description === "" && !variable.hasDefault && variable.defaultValue === "";

/**
 * Keeps the declarations in step with the placeholders: declares each name that appeared since
 * `previousNames`, and drops auto-declared ones that are no longer used and that the user never edited.
 * Dropping them clears the starter `input` after it is renamed and the partial names declared while typing
 * a placeholder ("t", "te", ... on the way to "text"). Declarations from a saved version or the user stay.
 */
export function syncDeclaredNames(variables: DraftVariable[], previousNames: readonly string[], currentNames: readonly string[]): DraftVariable[] {
  const retained = variables.filter((variable) => currentNames.includes(variable.name) || !isUntouchedAutoDeclaration(variable));
  const declared = new Set(retained.map((variable) => variable.name));
  const added = currentNames.filter((name) => !previousNames.includes(name) && !declared.has(name));
  if (added.length === 0 && retained.length === variables.length) return variables;
  return [...retained, ...added.map((name) => ({ name, description: "", defaultValue: "", hasDefault: false, autoDeclared: true }))];
}

function optionalNumber(value: string): number | undefined {
  if (value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Parses the schema text; `error` carries JSON.parse's message when it is not a JSON object. */
export function parseSchemaText(schemaText: string): { schema: Record<string, unknown> | null; error: string | null } {
  try {
    const parsed: unknown = JSON.parse(schemaText);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { schema: null, error: "not-object" };
    return { schema: parsed as Record<string, unknown>, error: null };
  } catch (error) {
    return { schema: null, error: error instanceof Error ? error.message : String(error) };
  }
}

function strategyBody(strategy: DraftStrategy) {
  const shots = optionalNumber(strategy.shots);
  const answerPattern = strategy.answerPattern.trim() === "" ? undefined : strategy.answerPattern;
  switch (strategy.kind) {
    case "zero_shot":
      return { kind: "zero_shot" as const };
    case "few_shot":
      return { kind: "few_shot" as const, shots };
    case "chain_of_thought":
      return { kind: "chain_of_thought" as const, shots, answerPattern };
    case "self_consistency":
      return { kind: "self_consistency" as const, shots, answerPattern, samples: optionalNumber(strategy.samples) ?? 0, temperature: optionalNumber(strategy.temperature) };
  }
}

/**
 * Builds the body of POST /prompts/{name}/versions. Returns null for the body when the schema text is not
 * a JSON object, because the server could only reject it.
 */
export function toSpecBody(draft: Draft) {
  const schema = draft.schemaEnabled ? parseSchemaText(draft.schemaText) : { schema: null, error: null };
  if (schema.error) return null;

  // One stop sequence per line; spaces are kept because they can be part of a sequence.
  const stop = draft.params.stop.split("\n").filter((line) => line.length > 0);
  return {
    messages: draft.messages.map(({ role, content }) => ({ role, content })),
    variables: draft.variables.map((variable) => ({
      name: variable.name,
      ...(variable.description ? { description: variable.description } : {}),
      ...(variable.hasDefault ? { default: variable.defaultValue } : {}),
    })),
    ...(draft.exampleSource.kind === "set" ? { fewShotSetId: draft.exampleSource.setId } : {}),
    ...(draft.exampleSource.kind === "keep" ? { fewShotExamples: draft.exampleSource.examples } : {}),
    strategy: strategyBody(draft.strategy),
    outputSchema: schema.schema,
    params: {
      temperature: optionalNumber(draft.params.temperature),
      top_p: optionalNumber(draft.params.top_p),
      max_tokens: optionalNumber(draft.params.max_tokens),
      stop: stop.length > 0 ? stop : undefined,
      seed: optionalNumber(draft.params.seed),
    },
    modelId: draft.modelId || null,
    message: draft.message,
  };
}

export type SpecBody = NonNullable<ReturnType<typeof toSpecBody>>;
