import type { AdminPasswordSource } from "@/lib/users/bootstrap";
import type { OutputStreams } from "./children";

/**
 * The launcher's own terminal messages, prefixed `luodi |` like the children's lines. Plain text rather
 * than pino JSON, because a person reads them; the generated admin password goes only through
 * `adminPasswordBlock`, never through a logger.
 */
export type Reporter = {
  info: (message: string) => void;
  warn: (message: string) => void;
  error: (message: string) => void;
  raw: (text: string) => void;
};

export function createReporter(output: OutputStreams): Reporter {
  const write = (stream: OutputStreams["stdout"], message: string) => {
    for (const line of message.split("\n")) stream.write(`luodi | ${line}\n`);
  };
  return {
    info: (message) => write(output.stdout, message),
    warn: (message) => write(output.stderr, `warning: ${message}`),
    error: (message) => write(output.stderr, `error: ${message}`),
    raw: (text) => output.stdout.write(text),
  };
}

/** Formats the framed block with the generated admin password, printed once by the start that created the admin. */
export function adminPasswordBlock(email: string, password: string): string {
  const rule = "=".repeat(72);
  return [
    "",
    rule,
    "  Luodi created the first admin account.",
    "",
    `  Email:     ${email}`,
    `  Password:  ${password}`,
    "",
    "  This password is printed only this once; store it now.",
    "  The console reminds you to choose your own password until you do.",
    rule,
    "",
  ].join("\n");
}

const passwordHints: Record<AdminPasswordSource, string> = {
  generated: "the password printed above",
  environment: "the password you set in LUODI_ADMIN_PASSWORD",
  existing: "your existing password",
};

/** Formats the message printed once every process passes its health check. */
export function readyMessage(input: {
  consoleUrl: string | null;
  gatewayUrl: string;
  adminEmail: string | null;
  passwordSource: AdminPasswordSource;
}): string {
  const lines = ["Luodi is running."];
  if (input.consoleUrl) lines.push(`  Console:  ${input.consoleUrl}`);
  lines.push(`  Gateway:  ${input.gatewayUrl}/v1 (OpenAI-compatible)`);
  if (input.adminEmail) lines.push(`  Sign in:  ${input.adminEmail} with ${passwordHints[input.passwordSource]}`);
  lines.push("Press Ctrl-C to stop.");
  return lines.join("\n");
}
