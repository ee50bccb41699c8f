import type { DatasetType } from "@/lib/datasets/model";
import type { PromptVariable } from "@/lib/prompts/types";
import { DEFAULT_INPUT_FIELD, readRowField } from "./row-fields";

/**
 * Mapping of a prompt version's variables to values from a dataset row. An explicit mapping wins. A
 * template with exactly one variable takes the row's main input (the text of a classification row), and
 * a variable with a default keeps it. Anything else is unmapped.
 */
export type VariableSource = { kind: "field"; field: string } | { kind: "default" } | { kind: "unmapped" };

export function variableSource(variable: PromptVariable, variables: readonly PromptVariable[], mapping: Record<string, string>, type: DatasetType): VariableSource {
  const mapped = mapping[variable.name];
  if (mapped !== undefined) return { kind: "field", field: mapped };
  if (variables.length === 1) return { kind: "field", field: DEFAULT_INPUT_FIELD[type] };
  if (variable.default !== undefined) return { kind: "default" };
  return { kind: "unmapped" };
}

/** The first variable without a value source, or null when every variable gets one. */
export function findUnmappedVariable(variables: readonly PromptVariable[], mapping: Record<string, string>, type: DatasetType): string | null {
  const unmapped = variables.find((variable) => variableSource(variable, variables, mapping, type).kind === "unmapped");
  return unmapped?.name ?? null;
}

/** Values for a row; variables left to their default are absent, so the compiler applies the default. */
export function valuesForRow(
  variables: readonly PromptVariable[],
  mapping: Record<string, string>,
  type: DatasetType,
  row: { data: unknown; labels: string[] },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of variables) {
    const source = variableSource(variable, variables, mapping, type);
    if (source.kind !== "field") continue;
    // An empty field still fills the variable, so the prompt shows the row as it is.
    values[variable.name] = readRowField(type, row, source.field) ?? "";
  }
  return values;
}
