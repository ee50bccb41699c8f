import { createServer } from "node:net";

/** A port the launcher is about to listen on, and the environment variable that sets it. */
export type PortRequirement = { variable: string; host: string; port: number };

/** Raised when one or more required ports cannot be used; the message has one line per port. */
export class PortUnavailableError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "PortUnavailableError";
  }
}

/**
 * Checks that every port can be listened on, by binding it briefly. Two variables set to the same port
 * are reported too. Another program can still take a port between this check and the real listen.
 */
export async function assertPortsAvailable(requirements: PortRequirement[]): Promise<void> {
  const problems: string[] = [];

  const seen = new Map<number, string>();
  for (const { variable, port } of requirements) {
    const earlier = seen.get(port);
    if (earlier) problems.push(`${earlier} and ${variable} are both set to port ${port}; give each its own port`);
    else seen.set(port, variable);
  }

  for (const requirement of requirements) {
    const problem = await probePort(requirement);
    if (problem) problems.push(problem);
  }

  if (problems.length > 0) throw new PortUnavailableError(problems);
}

/** Returns null when the port is free, otherwise a sentence naming the port, the variable and the fix. */
export function probePort({ variable, host, port }: PortRequirement): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      switch (error.code) {
        case "EADDRINUSE":
          resolve(`Port ${port} (${variable}) on ${host} is already in use; stop the program using it or set ${variable} to a free port`);
          break;
        case "EACCES":
          resolve(`Port ${port} (${variable}) on ${host} needs administrator rights; set ${variable} to a port above 1023`);
          break;
        case "EADDRNOTAVAIL":
          resolve(`Cannot listen on ${host} for ${variable}: the address does not belong to this machine; set HOST to one of its addresses or 127.0.0.1`);
          break;
        default:
          resolve(`Cannot listen on ${host}:${port} (${variable}): ${error.code ?? error.message}`);
      }
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve(null));
    });
  });
}
