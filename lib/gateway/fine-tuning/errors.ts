import { AppError, isAppError } from "@/lib/errors";
import { GatewayError, type OpenAiErrorType } from "../respond";

/** Field names of Luodi's launch input mapped to the OpenAI request parameter a client set. */
const PARAM_OF_FIELD: Record<string, string> = {
  baseModelId: "model",
  datasetVersionId: "training_file",
  method: "method",
  "hyperparameters.epochs": "hyperparameters.n_epochs",
  "hyperparameters.learning_rate": "hyperparameters.learning_rate_multiplier",
};

/** Returns the OpenAI parameter named by the first field error of an AppError, or null. */
function paramOf(error: AppError): string | null {
  const field = Object.keys(error.options.fieldErrors ?? {})[0] ?? (typeof error.options.params?.field === "string" ? error.options.params.field : undefined);
  if (!field) return null;
  return PARAM_OF_FIELD[field] ?? field;
}

function typeOf(status: number): OpenAiErrorType {
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  return status >= 500 ? "server_error" : "invalid_request_error";
}

/**
 * Converts an AppError from the datasets or fine-tuning code into the OpenAI error body. The public
 * message is safe to return; the reason (such as finetune.no_validation_split) becomes the code.
 */
export function toGatewayError(error: unknown): unknown {
  if (!isAppError(error)) return error;
  const status = error.status;
  const code = error.options.reason?.replace(/^[a-z_]+\./, "") ?? error.code.toLowerCase();
  return new GatewayError(status, { message: ensureSentence(error.publicMessage), type: typeOf(status), param: paramOf(error), code });
}

/** Runs `work` and rethrows its AppError as the matching GatewayError. */
export async function withOpenAiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toGatewayError(error);
  }
}

function ensureSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
