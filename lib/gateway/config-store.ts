import type { Db } from "@/lib/db/client";
import type { Currency, ModelTarget } from "@/lib/llm/types";
import type { Logger } from "@/lib/log";
import type { GuardedFetchPolicy } from "@/lib/net/guarded-fetch";
import { LOCAL_KIND } from "@/lib/providers/presets";
import { openApiKey } from "@/lib/providers/secrets";
import { capabilitiesOf, pricesOf, resolveModelTarget } from "@/lib/providers/target";
import { resolvePromptByLabel, type ResolvedVersionSpec } from "@/lib/prompts/versions";
import { toSafeErrorText } from "@/lib/system/error-text";
import { canaryStateOf, targetsOf } from "./admin/deployment-config";
import type { ConfigSnapshot, DeploymentConfig, KeyPolicy } from "./contracts";

/**
 * The gateway's in-memory copy of keys, deployments, targets and address policies. It is loaded whole at
 * start, and every refreshMs one cheap query (row counts and latest update times) decides whether to load
 * it again, so an edit reaches every replica within refreshMs without a query per request. While the
 * database is unreachable the last snapshot keeps serving.
 */
export type ConfigStore = {
  snapshot(): ConfigSnapshot;
  /** Waits for the first successful load; rejects when it fails. */
  ensureLoaded(): Promise<ConfigSnapshot>;
  /** Finds a key missing from the snapshot (created after the last load) with one query; null when unknown. */
  lookupKey(keyHash: string): Promise<KeyPolicy | null>;
  deployment(workspaceId: string, name: string): DeploymentConfig | undefined;
  deploymentsOf(workspaceId: string): DeploymentConfig[];
  /** The callable target of a ProviderModel; local-runtime models are resolved now, which starts their runtime. */
  target(workspaceId: string, modelId: string): Promise<ModelTarget | null>;
  /** The workspace's address policy (its NetworkAllowRule patterns), for image URL checks. */
  policy(workspaceId: string): GuardedFetchPolicy;
  /** A prompt version by name and label, kept for refreshMs so repeated calls skip the database. */
  resolvePrompt(workspaceId: string, name: string, label: string): Promise<ResolvedVersionSpec>;
  /** Stops routing to a canary at once, before the next refresh reads the rollback from the database. */
  markCanaryRolledBack(deploymentId: string): void;
  /** Milliseconds since the snapshot was last confirmed current; Infinity before the first load. */
  ageMs(): number;
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
};

export type ConfigStoreOptions = { refreshMs: number; log: Logger };

// A key hash that missed is not looked up again for this long, so a flood of bad keys costs no queries.
const NEGATIVE_KEY_TTL_MS = 10_000;
const MAX_NEGATIVE_KEYS = 10_000;
// Database look-ups for keys missing from the snapshot, per second; beyond it a key reads as unknown.
const MAX_KEY_LOOKUPS_PER_SECOND = 50;

const EMPTY_POLICY: GuardedFetchPolicy = { allowRules: [] };

type State = { snapshot: ConfigSnapshot; policies: Map<string, GuardedFetchPolicy>; fingerprint: string | null; checkedAt: number };

export function createConfigStore(db: Db, options: ConfigStoreOptions): ConfigStore {
  const { log } = options;
  let state: State = { snapshot: emptySnapshot(), policies: new Map(), fingerprint: null, checkedAt: 0 };
  let loading: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;

  const negativeKeys = new Map<string, number>();
  const keyLookups = new Map<string, Promise<KeyPolicy | null>>();
  let lookupWindow = { second: 0, count: 0 };
  const prompts = new Map<string, { value: Promise<ResolvedVersionSpec>; expiresAt: number }>();

  async function loadIfChanged(): Promise<void> {
    const fingerprint = await readFingerprint(db);
    if (fingerprint !== state.fingerprint) {
      const loaded = await loadSnapshot(db, log);
      state = { ...loaded, fingerprint, checkedAt: Date.now() };
      log.info({ keys: loaded.snapshot.keysByHash.size, deployments: loaded.snapshot.deployments.size, targets: loaded.snapshot.targets.size }, "gateway.config_loaded");
    } else {
      state.checkedAt = Date.now();
    }
    if (failures > 0) log.info({ failures }, "gateway.config_refresh_recovered");
    failures = 0;
  }

  function refresh(): Promise<void> {
    loading ??= loadIfChanged()
      .catch((error: unknown) => {
        failures += 1;
        // Logged on the first failure and then every 30th, because the timer keeps retrying while the database is down.
        if (failures === 1 || failures % 30 === 0) log.warn({ failures, error: toSafeErrorText(error) }, "gateway.config_refresh_failed");
        throw error;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  async function lookupKey(keyHash: string): Promise<KeyPolicy | null> {
    const known = state.snapshot.keysByHash.get(keyHash);
    if (known) return known;
    const missedAt = negativeKeys.get(keyHash);
    if (missedAt !== undefined && Date.now() - missedAt < NEGATIVE_KEY_TTL_MS) return null;

    const pending = keyLookups.get(keyHash);
    if (pending) return pending;
    if (!takeLookupSlot()) return null;

    const lookup = db.apiKey
      .findUnique({ where: { keyHash }, select: KEY_SELECT })
      .then((row) => {
        if (!row) {
          rememberMiss(keyHash);
          return null;
        }
        const key = toKeyPolicy(row);
        state.snapshot.keysByHash.set(keyHash, key);
        return key;
      })
      .finally(() => keyLookups.delete(keyHash));
    keyLookups.set(keyHash, lookup);
    return lookup;
  }

  function takeLookupSlot(): boolean {
    const second = Math.floor(Date.now() / 1000);
    if (lookupWindow.second !== second) lookupWindow = { second, count: 0 };
    lookupWindow.count += 1;
    return lookupWindow.count <= MAX_KEY_LOOKUPS_PER_SECOND;
  }

  function rememberMiss(keyHash: string): void {
    if (negativeKeys.size >= MAX_NEGATIVE_KEYS) {
      const oldest = negativeKeys.keys().next().value;
      if (oldest !== undefined) negativeKeys.delete(oldest);
    }
    negativeKeys.set(keyHash, Date.now());
  }

  async function target(workspaceId: string, modelId: string): Promise<ModelTarget | null> {
    const known = state.snapshot.targets.get(modelId);
    if (!known || known.workspaceId !== workspaceId) return null;
    if (known.providerKind !== LOCAL_KIND) return known;
    return resolveModelTarget(db, workspaceId, modelId);
  }

  function resolvePrompt(workspaceId: string, name: string, label: string): Promise<ResolvedVersionSpec> {
    const cacheKey = `${workspaceId}/${name}@${label}`;
    const cached = prompts.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.value;

    const value = resolvePromptByLabel(db, workspaceId, name, label);
    prompts.set(cacheKey, { value, expiresAt: Date.now() + options.refreshMs });
    // A failed resolution (unknown label, database down) is not kept, so the next request resolves it again.
    value.catch(() => prompts.delete(cacheKey));
    return value;
  }

  function markCanaryRolledBack(deploymentId: string): void {
    for (const [mapKey, deployment] of state.snapshot.deployments) {
      if (deployment.id !== deploymentId || !deployment.canary) continue;
      state.snapshot.deployments.set(mapKey, { ...deployment, canary: { ...deployment.canary, state: "rolled_back" } });
    }
  }

  return {
    snapshot: () => state.snapshot,
    async ensureLoaded() {
      if (state.fingerprint === null) await refresh();
      return state.snapshot;
    },
    lookupKey,
    deployment: (workspaceId, name) => state.snapshot.deployments.get(`${workspaceId}/${name}`),
    deploymentsOf: (workspaceId) => [...state.snapshot.deployments.values()].filter((deployment) => deployment.workspaceId === workspaceId),
    target,
    policy: (workspaceId) => state.policies.get(workspaceId) ?? EMPTY_POLICY,
    resolvePrompt,
    markCanaryRolledBack,
    ageMs: () => (state.checkedAt === 0 ? Infinity : Date.now() - state.checkedAt),
    refresh,
    start() {
      if (timer) return;
      void refresh().catch(() => undefined);
      timer = setInterval(() => void refresh().catch(() => undefined), options.refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

function emptySnapshot(): ConfigSnapshot {
  return { keysByHash: new Map(), deployments: new Map(), targets: new Map(), loadedAt: 0 };
}

/**
 * Reads one row that changes whenever a table the snapshot reads changes. Row counts catch inserts and
 * deletes, and the latest updatedAt (createdAt for allow rules, which are never edited) catches edits.
 */
async function readFingerprint(db: Db): Promise<string> {
  const rows = await db.$queryRawUnsafe<Record<string, string>[]>(`
    SELECT
      (SELECT count(*)::text || '/' || coalesce(max("updatedAt")::text, '') FROM "ApiKey") AS keys,
      (SELECT count(*)::text || '/' || coalesce(max("updatedAt")::text, '') FROM "Deployment") AS deployments,
      (SELECT count(*)::text || '/' || coalesce(max("updatedAt")::text, '') FROM "Provider") AS providers,
      (SELECT count(*)::text || '/' || coalesce(max("updatedAt")::text, '') FROM "ProviderModel") AS models,
      (SELECT count(*)::text || '/' || coalesce(max("createdAt")::text, '') FROM "NetworkAllowRule") AS rules
  `);
  return JSON.stringify(rows[0] ?? {});
}

const KEY_SELECT = {
  id: true,
  workspaceId: true,
  name: true,
  prefix: true,
  keyHash: true,
  allowedModels: true,
  rpmLimit: true,
  tpmLimit: true,
  monthlyBudget: true,
  budgetCurrency: true,
  expiresAt: true,
  revokedAt: true,
  cacheEnabled: true,
  storeContent: true,
} as const;

type KeyRow = {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  allowedModels: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  monthlyBudget: { toString(): string } | null;
  budgetCurrency: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  cacheEnabled: boolean;
  storeContent: boolean;
};

function toKeyPolicy(row: KeyRow): KeyPolicy {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    prefix: row.prefix,
    allowedModels: row.allowedModels,
    rpmLimit: row.rpmLimit,
    tpmLimit: row.tpmLimit,
    monthlyBudget: row.monthlyBudget === null ? null : Number(row.monthlyBudget.toString()),
    budgetCurrency: (row.budgetCurrency === "USD" ? "USD" : "CNY") satisfies Currency,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    cacheEnabled: row.cacheEnabled,
    storeContent: row.storeContent,
  };
}

async function loadSnapshot(db: Db, log: Logger): Promise<{ snapshot: ConfigSnapshot; policies: Map<string, GuardedFetchPolicy> }> {
  const [keys, deployments, models, rules] = await Promise.all([
    db.apiKey.findMany({ select: KEY_SELECT }),
    db.deployment.findMany({ where: { enabled: true } }),
    db.providerModel.findMany({ where: { enabled: true, provider: { enabled: true } }, include: { provider: true } }),
    db.networkAllowRule.findMany({ select: { workspaceId: true, pattern: true } }),
  ]);

  const policies = new Map<string, GuardedFetchPolicy>();
  const trustedPolicies = new Map<string, GuardedFetchPolicy>();
  for (const rule of rules) {
    const policy = policies.get(rule.workspaceId) ?? { allowRules: [] as string[] };
    (policy.allowRules as string[]).push(rule.pattern);
    policies.set(rule.workspaceId, policy);
  }
  const policyOf = (workspaceId: string, kind: string): GuardedFetchPolicy => {
    const base = policies.get(workspaceId) ?? EMPTY_POLICY;
    if (kind !== LOCAL_KIND) return base;
    let trusted = trustedPolicies.get(workspaceId);
    if (!trusted) trustedPolicies.set(workspaceId, (trusted = { allowRules: base.allowRules, trustedLoopback: true }));
    return trusted;
  };

  const targets = new Map<string, ModelTarget>();
  const unreadableProviders = new Set<string>();
  for (const model of models) {
    const { provider } = model;
    let apiKey: string | null;
    try {
      apiKey = openApiKey(provider);
    } catch (error) {
      // One provider with an unreadable key must not take the other providers' models down with it.
      if (!unreadableProviders.has(provider.id)) log.error({ providerId: provider.id, error: toSafeErrorText(error) }, "gateway.provider_key_unreadable");
      unreadableProviders.add(provider.id);
      continue;
    }
    targets.set(model.id, {
      workspaceId: model.workspaceId,
      providerId: provider.id,
      providerName: provider.name,
      providerKind: provider.kind,
      modelId: model.id,
      model: model.name,
      displayName: model.displayName || model.name,
      baseUrl: provider.baseUrl,
      apiKey,
      timeoutMs: provider.timeoutMs,
      rpmLimit: provider.rpmLimit,
      capabilities: capabilitiesOf(model.capabilities),
      prices: pricesOf(model),
      policy: policyOf(model.workspaceId, provider.kind),
    });
  }

  const keysByHash = new Map<string, KeyPolicy>();
  for (const row of keys) keysByHash.set(row.keyHash, toKeyPolicy(row));

  const deploymentMap = new Map<string, DeploymentConfig>();
  for (const row of deployments) deploymentMap.set(`${row.workspaceId}/${row.name}`, toDeploymentConfig(row));

  return { snapshot: { keysByHash, deployments: deploymentMap, targets, loadedAt: Date.now() }, policies };
}

type DeploymentRow = Awaited<ReturnType<Db["deployment"]["findMany"]>>[number];

function toDeploymentConfig(row: DeploymentRow): DeploymentConfig {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    targets: targetsOf(row),
    fallbacks: row.fallbacks,
    canary: row.canaryModelId
      ? {
          modelId: row.canaryModelId,
          percent: row.canaryPercent,
          maxErrorRate: row.canaryMaxErrorRate,
          maxP95Ms: row.canaryMaxP95Ms,
          minRequests: row.canaryMinRequests,
          state: canaryStateOf(row),
          changedAt: row.updatedAt.getTime(),
        }
      : null,
    retries: row.retries,
    retryBackoffMs: row.retryBackoffMs,
    fallbackOn: row.fallbackOn,
    timeoutMs: row.timeoutMs,
    cacheTtlSeconds: row.cacheTtlSeconds,
    enabled: row.enabled,
  };
}
