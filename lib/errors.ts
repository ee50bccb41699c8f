/**
 * Typed failures shared by server actions, the management API and the gateway. The code decides the HTTP
 * status and the translated message shown in the console. API clients also get `publicMessage`, which
 * never contains raw exception text.
 */
export const errorCodes = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  // A model provider failed or could not be reached; `reason` says how (lib/llm/errors.ts).
  UPSTREAM_ERROR: 502,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/**
 * The failure of one item of a batch request that failed as a whole, such as one URL of several, named by
 * `url` or `filename`. The console translates its reason like the top-level one.
 */
export type ErrorDetail = { url?: string; filename?: string; code: ErrorCode; message: string; reason?: string; params?: Record<string, string | number> };

/** Field name to the reasons it was rejected, as shown next to form inputs. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe, English explanation for API clients and logs; no secrets, no raw exception text. */
    readonly publicMessage: string,
    readonly options: {
      fieldErrors?: FieldErrors;
      retryAfterSeconds?: number;
      cause?: unknown;
      /**
       * A specific cause beyond the code, such as "datasets.import_not_in_review". The console translates it
       * from the errors.reasons catalogue with `params`; API clients get both beside the message.
       */
      reason?: string;
      params?: Record<string, string | number>;
      /** One entry per failed item when a batch request fails as a whole. */
      details?: ErrorDetail[];
    } = {},
  ) {
    super(publicMessage, { cause: options.cause });
    this.name = "AppError";
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
