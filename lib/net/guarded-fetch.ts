import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { judgeAddress, normaliseAddress, type AddressVerdict, type AllowRules } from "./address-policy";

/** Raised when a URL's host resolves to an address the policy refuses; the request is never sent. */
export class BlockedAddressError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: "private_address" | "metadata_address",
  ) {
    super(
      reason === "metadata_address"
        ? `${hostname} resolves to ${address}, a cloud metadata address, which Luodi never contacts`
        : `${hostname} resolves to ${address}, a loopback or private address; an admin must allow this host under Settings → Network before Luodi contacts it`,
    );
    this.name = "BlockedAddressError";
  }
}

/** Raised for URLs that are not absolute http(s) URLs, or that carry credentials. */
export class UnsupportedUrlError extends Error {
  constructor(readonly url: string, detail: string) {
    super(`${detail}: ${url}`);
    this.name = "UnsupportedUrlError";
  }
}

export type GuardedFetchInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
};

export type GuardedFetchPolicy = {
  /** Admin allow rules (NetworkAllowRule patterns). */
  allowRules: AllowRules;
  /**
   * Skips the private-address check; only for endpoints Luodi starts itself on loopback (the local runtime).
   * Metadata addresses stay refused.
   */
  trustedLoopback?: boolean;
};

/**
 * Resolves the host and checks every address before connecting. The check runs inside the socket's own
 * lookup, so the address checked is the address connected to: a DNS answer that changes between a check
 * and the request (DNS rebinding) cannot slip through.
 */
export function guardedLookup(policy: GuardedFetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      for (const entry of addresses) {
        const verdict = policy.trustedLoopback && isLoopback(entry.address) ? { allowed: true as const } : judgeAddress(hostname, entry.address, policy.allowRules);
        if (!verdict.allowed) return callback(new BlockedAddressError(hostname, entry.address, verdict.reason), "", 0);
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Sockets skip the lookup for hosts written as IP addresses, so literal addresses are judged here before
 * any connection is opened.
 */
export function assertLiteralAddressAllowed(target: URL, policy: GuardedFetchPolicy): void {
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (!isIP(host)) return;
  if (policy.trustedLoopback && isLoopback(host)) return;
  const verdict = literalVerdict(host, policy);
  if (!verdict.allowed) throw new BlockedAddressError(host, host, verdict.reason);
}

// Verdicts per policy object and literal host. The gateway reuses one policy object per configuration
// snapshot and calls the same few upstream addresses on every request, and judging an address builds
// block lists, so each pair is judged once. A new snapshot brings new policy objects and fresh verdicts.
const literalVerdicts = new WeakMap<GuardedFetchPolicy, Map<string, AddressVerdict>>();
const MAX_VERDICTS_PER_POLICY = 256;

function literalVerdict(host: string, policy: GuardedFetchPolicy): AddressVerdict {
  let verdicts = literalVerdicts.get(policy);
  if (!verdicts) {
    verdicts = new Map();
    literalVerdicts.set(policy, verdicts);
  }
  let verdict = verdicts.get(host);
  if (!verdict) {
    verdict = judgeAddress(host, host, policy.allowRules);
    if (verdicts.size >= MAX_VERDICTS_PER_POLICY) verdicts.clear();
    verdicts.set(host, verdict);
  }
  return verdict;
}

function isLoopback(address: string): boolean {
  const normalised = normaliseAddress(address);
  return normalised === "::1" || normalised.startsWith("127.");
}

// Keep-alive pools per policy: a socket opened under one set of allow rules is never reused under another.
const agents = new Map<string, { http: http.Agent; https: https.Agent }>();
// Each edit of the allow rules makes a new policy, so the oldest pools are dropped once this many exist.
const MAX_AGENT_POOLS = 16;

// The pool key of each policy object, so the rules are not sorted and joined again on every request.
const poolKeys = new WeakMap<GuardedFetchPolicy, string>();

export function poolKeyOf(policy: GuardedFetchPolicy): string {
  let key = poolKeys.get(policy);
  if (key === undefined) {
    key = `${policy.trustedLoopback ? "trusted" : "guarded"}|${[...policy.allowRules].sort().join(",")}`;
    poolKeys.set(policy, key);
  }
  return key;
}

function agentsFor(policy: GuardedFetchPolicy) {
  const key = poolKeyOf(policy);
  let pair = agents.get(key);
  if (!pair) {
    const lookup = guardedLookup(policy);
    pair = {
      http: new http.Agent({ keepAlive: true, maxSockets: 256, lookup } as http.AgentOptions),
      https: new https.Agent({ keepAlive: true, maxSockets: 256, lookup } as https.AgentOptions),
    };
    agents.set(key, pair);
    closeOldestPools();
  }
  return pair;
}

function closeOldestPools(): void {
  for (const key of agents.keys()) {
    if (agents.size <= MAX_AGENT_POOLS) return;
    // Agent.destroy() would also cut requests in flight, so the old pool is only forgotten: its requests
    // finish, and the servers close its idle keep-alive sockets.
    agents.delete(key);
  }
}

export function parseTarget(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsupportedUrlError(url, "Not an absolute URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UnsupportedUrlError(url, "Only http and https URLs are allowed");
  if (parsed.username || parsed.password) throw new UnsupportedUrlError(url, "URLs with a user name or password are not allowed; put credentials in the API key field");
  return parsed;
}

/**
 * fetch() for user-supplied URLs (provider base URLs, image URLs): same Response shape, but every
 * connection passes the address policy, and redirects are returned, never followed, so a public host
 * cannot bounce the request to a private one.
 */
export async function guardedFetch(url: string, init: GuardedFetchInit, policy: GuardedFetchPolicy): Promise<Response> {
  const target = parseTarget(url);
  assertLiteralAddressAllowed(target, policy);
  const client = target.protocol === "https:" ? https : http;
  const pair = agentsFor(policy);
  const agent = target.protocol === "https:" ? pair.https : pair.http;

  return new Promise<Response>((resolve, reject) => {
    if (init.signal?.aborted) return reject(init.signal.reason ?? new DOMException("Aborted", "AbortError"));

    const request = client.request(target, { method: init.method ?? "GET", headers: init.headers, agent, signal: init.signal }, (incoming) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
        else if (value !== undefined) headers.set(name, value);
      }
      const status = incoming.statusCode ?? 502;
      const bodyless = status === 204 || status === 304 || init.method === "HEAD";
      if (bodyless) incoming.resume();
      const body = bodyless ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status, statusText: incoming.statusMessage, headers }));
    });
    request.on("error", reject);
    if (init.body !== undefined) request.end(init.body);
    else request.end();
  });
}

/** Checks a URL without sending anything: resolves its host and applies the policy. */
export async function assertUrlAllowed(url: string, policy: GuardedFetchPolicy): Promise<void> {
  const target = parseTarget(url);
  assertLiteralAddressAllowed(target, policy);
  const lookup = guardedLookup(policy);
  await new Promise<void>((resolve, reject) => {
    lookup(target.hostname.replace(/^\[|\]$/g, ""), { all: true }, (error) => (error ? reject(error) : resolve()));
  });
}
