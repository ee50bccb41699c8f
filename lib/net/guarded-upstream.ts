import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { Agent } from "undici";
import type { CancelSignal } from "./cancellation";
import { assertLiteralAddressAllowed, guardedLookup, parseTarget, poolKeyOf, type GuardedFetchInit, type GuardedFetchPolicy } from "./guarded-fetch";

/**
 * The gateway's upstream client: the same address policy as guardedFetch, on undici's connection pools
 * instead of node:http. node:http's client objects were about a fifth of what the gateway allocated per
 * request, and those allocations set how often its young generation is collected, which is most of its
 * latency tail. Lookups go through the guarded lookup inside undici's connector, so the address checked is
 * the address connected to.
 */

/** A request of the upstream client; its signal may be a Cancellation, which undici accepts like an AbortSignal. */
export type UpstreamRequestInit = Omit<GuardedFetchInit, "signal"> & { signal?: CancelSignal };

export type UpstreamResponse = { statusCode: number; headers: IncomingHttpHeaders; body: Readable };

// One agent per policy, as for guardedFetch's keep-alive pools: a connection opened under one set of allow
// rules is never reused under another. The oldest agents are dropped past this many.
const MAX_AGENTS = 16;
const agents = new Map<string, Agent>();

function agentFor(policy: GuardedFetchPolicy): Agent {
  const key = poolKeyOf(policy);
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connections: 256, connect: { lookup: guardedLookup(policy) } });
    agents.set(key, agent);
    for (const oldest of agents.keys()) {
      if (agents.size <= MAX_AGENTS) break;
      // close() lets requests in flight finish before it closes the connections.
      void agents.get(oldest)?.close();
      agents.delete(oldest);
    }
  }
  return agent;
}

/**
 * Sends a request and resolves once the response headers arrive. Aborting `init.signal` cancels the request,
 * and after the headers it destroys the body with an error. Redirects are returned, never followed.
 */
export async function guardedUpstreamRequest(url: string, init: UpstreamRequestInit, policy: GuardedFetchPolicy): Promise<UpstreamResponse> {
  const target = parseTarget(url);
  assertLiteralAddressAllowed(target, policy);

  const response = await agentFor(policy).request({
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: (init.method ?? "GET") as "GET",
    headers: init.headers,
    body: init.body,
    // undici reads only `aborted`, `reason` and the abort listeners of a signal, which a CancelSignal has.
    signal: init.signal as AbortSignal | undefined,
  });
  return { statusCode: response.statusCode, headers: response.headers as IncomingHttpHeaders, body: response.body };
}
