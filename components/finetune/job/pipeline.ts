import type { JobStage, JobStatus } from "./types";

export const PIPELINE_STAGES: readonly JobStage[] = ["data", "train", "evaluate", "register"];

export type StageState = "done" | "current" | "failed" | "pending";

/**
 * Returns the state of each pipeline stage. A queued job has every stage pending, and a succeeded job has
 * every stage done. A running job has the stages before its current one done. A failed or cancelled job
 * marks the stage it stopped in as failed.
 */
export function stageStates(status: JobStatus, stage: JobStage): Record<JobStage, StageState> {
  const index = PIPELINE_STAGES.indexOf(stage);
  const stateAt = (position: number): StageState => {
    if (status === "succeeded") return "done";
    if (status === "queued") return "pending";
    if (position < index) return "done";
    if (position > index) return "pending";
    return status === "running" ? "current" : "failed";
  };
  return Object.fromEntries(PIPELINE_STAGES.map((name, position) => [name, stateAt(position)])) as Record<JobStage, StageState>;
}

/** Escapes text for a quoted mermaid label; mermaid reads `#quot;` as a double quote. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "#quot;").replace(/[\r\n]+/g, " ")}"`;
}

const STATE_STYLES: Record<StageState, string> = {
  done: "fill:#ecfdf5,stroke:#10b981,color:#065f46",
  current: "fill:#dbeafe,stroke:#2563eb,stroke-width:3px,color:#1e3a8a",
  failed: "fill:#fef2f2,stroke:#dc2626,stroke-width:3px,color:#991b1b",
  pending: "fill:#f4f4f5,stroke:#a1a1aa,color:#52525b,stroke-dasharray:4 3",
};

/** Prefixes node ids, so no stage name can collide with a mermaid keyword. */
const nodeId = (stage: JobStage) => `stage_${stage}`;

/** Builds the mermaid flowchart data → train → evaluate → register with each stage styled by its state. */
export function buildPipelineSource(states: Record<JobStage, StageState>, label: (stage: JobStage) => string): string {
  const lines = ["graph LR"];
  lines.push(`  ${PIPELINE_STAGES.map((stage) => `${nodeId(stage)}[${quote(label(stage))}]`).join(" --> ")}`);
  for (const stage of PIPELINE_STAGES) lines.push(`  style ${nodeId(stage)} ${STATE_STYLES[states[stage]]}`);
  return lines.join("\n");
}
