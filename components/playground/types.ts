import type { ApiRequestError } from "@/components/datasets/api";
import type { Capability } from "@/lib/llm/types";
import type { PlaygroundDoneEvent, PlaygroundErrorEvent } from "@/lib/playground/chat-stream";

export type { PlaygroundDoneEvent, PlaygroundErrorEvent };

/** A model offered by GET /api/v1/provider-models?capability=chat. */
export type UsableModel = {
  id: string;
  name: string;
  displayName: string;
  providerId: string;
  providerName: string;
  capabilities: Capability[];
  prices: { input: number | null; output: number | null; currency: string };
};

/** One editable turn of the conversation; images are data URLs and only user turns carry them. */
export type Turn = { id: string; role: "user" | "assistant"; text: string; images: string[] };

export type SamplingSettings = {
  temperature: string;
  topP: string;
  maxTokens: string;
  /** One stop sequence per line. */
  stop: string;
  jsonMode: boolean;
  schemaText: string;
};

/** Why a pane has no complete answer: a rejected request, a failed call, a lost connection or the Stop button. */
export type PaneFailure =
  | { source: "request"; error: ApiRequestError }
  | { source: "call"; event: PlaygroundErrorEvent }
  | { source: "connection" }
  | { source: "stopped" };

export type PaneRun =
  | { status: "idle" }
  | { status: "streaming"; text: string }
  | { status: "done"; text: string; done: PlaygroundDoneEvent }
  | { status: "failed"; text: string; failure: PaneFailure };

export type Pane = { id: string; modelId: string; run: PaneRun };
