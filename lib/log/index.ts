import pino, { type Logger } from "pino";

const level = process.env.LOG_LEVEL ?? "info";

/** Root logger. Each process names itself with `logger.child({ service })`. */
export const logger: Logger = pino({
  level,
  base: { pid: process.pid },
  redact: {
    paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "secret", "*.secret"],
    censor: "[redacted]",
  },
});

export type { Logger };
