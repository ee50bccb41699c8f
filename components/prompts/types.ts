import type { ChatParams } from "@/lib/llm/types";
import type { FewShotExample, PromptMessage, PromptVariable, Strategy } from "@/lib/prompts/types";

/** Wire shapes of the prompts API as the console reads them (lib/api/v1/prompts-schemas.ts); dates are ISO strings. */

export type LabelRef = { name: string; versionNumber: number };

export type TemplateView = {
  id: string;
  name: string;
  description: string;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
};

export type TemplateSummary = TemplateView & { labels: LabelRef[]; latestVersionNumber: number | null; versionCount: number };

type VersionBase = {
  id: string;
  templateId: string;
  number: number;
  strategy: Strategy;
  modelId: string | null;
  message: string;
  createdById: string | null;
  createdAt: string;
  labels: string[];
};

export type VersionSummary = VersionBase & { messageCount: number; variableNames: string[]; exampleCount: number; hasOutputSchema: boolean };

export type VersionView = VersionBase & {
  messages: PromptMessage[];
  variables: PromptVariable[];
  fewShotSetId: string | null;
  fewShotExamples: FewShotExample[];
  outputSchema: Record<string, unknown> | null;
  params: ChatParams;
};

export type LabelView = {
  name: string;
  versionId: string;
  versionNumber: number;
  updatedAt: string;
  updatedById: string | null;
  previousVersionNumber: number | null;
};

export type DiffLineView = { kind: "same" | "added" | "removed"; text: string };
export type DiffSectionView = { part: "messages" | "variables" | "fewShotExamples" | "strategy" | "outputSchema" | "params" | "model"; changed: boolean; lines: DiffLineView[] };
export type DiffView = { from: { id: string; number: number }; to: { id: string; number: number }; sections: DiffSectionView[] };

export type SpecIssueView = { reason: string; message: string; params: Record<string, string | number> };
export type RenderedView = { messages: Array<{ role: string; content: string }>; params: Record<string, unknown>; samples: number; strategy: Strategy };
export type PreviewView = { issues: SpecIssueView[]; rendered: RenderedView | null; maxSamples: number };

export type FewShotSetSummary = { id: string; name: string; description: string; exampleCount: number; createdAt: string; updatedAt: string };
export type FewShotSetView = { id: string; name: string; description: string; examples: FewShotExample[]; createdById: string | null; createdAt: string; updatedAt: string };

export type UsableModel = { id: string; name: string; displayName: string; providerName: string };
