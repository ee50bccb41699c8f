-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "canary" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "content" JSONB,
ADD COLUMN     "deploymentId" TEXT,
ADD COLUMN     "fallbackUsed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "queryHash" TEXT;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "allowedModels" TEXT[] DEFAULT ARRAY['*']::TEXT[],
    "rpmLimit" INTEGER,
    "tpmLimit" INTEGER,
    "monthlyBudget" DECIMAL(18,4),
    "budgetCurrency" TEXT NOT NULL DEFAULT 'CNY',
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "cacheEnabled" BOOLEAN NOT NULL DEFAULT true,
    "storeContent" BOOLEAN NOT NULL DEFAULT false,
    "rotatedFromId" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "targets" JSONB NOT NULL,
    "fallbacks" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "canaryModelId" TEXT,
    "canaryPercent" INTEGER NOT NULL DEFAULT 0,
    "canaryMaxErrorRate" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "canaryMaxP95Ms" INTEGER,
    "canaryMinRequests" INTEGER NOT NULL DEFAULT 20,
    "canaryState" TEXT NOT NULL DEFAULT 'none',
    "canaryRolledBackAt" TIMESTAMP(3),
    "canaryRollbackNote" TEXT,
    "retries" INTEGER NOT NULL DEFAULT 2,
    "retryBackoffMs" INTEGER NOT NULL DEFAULT 200,
    "fallbackOn" INTEGER[] DEFAULT ARRAY[429, 500, 502, 503, 504]::INTEGER[],
    "timeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "cacheTtlSeconds" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "apiKeyId" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("apiKeyId","windowStart")
);

-- CreateTable
CREATE TABLE "GatewayCacheEntry" (
    "cacheKey" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GatewayCacheEntry_pkey" PRIMARY KEY ("cacheKey")
);

-- CreateTable
CREATE TABLE "UsageRollup" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "granularity" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL DEFAULT '',
    "route" TEXT NOT NULL DEFAULT '',
    "modelId" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "cacheHits" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "cost" DECIMAL(24,8) NOT NULL DEFAULT 0,
    "latencySumMs" BIGINT NOT NULL DEFAULT 0,
    "ttftSumMs" BIGINT NOT NULL DEFAULT 0,
    "ttftCount" INTEGER NOT NULL DEFAULT 0,
    "latencyHist" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueryRollup" (
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "queryHash" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "QueryRollup_pkey" PRIMARY KEY ("workspaceId","day","queryHash")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_workspaceId_idx" ON "ApiKey"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Deployment_workspaceId_name_key" ON "Deployment"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "GatewayCacheEntry_expiresAt_idx" ON "GatewayCacheEntry"("expiresAt");

-- CreateIndex
CREATE INDEX "UsageRollup_workspaceId_granularity_bucket_idx" ON "UsageRollup"("workspaceId", "granularity", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRollup_workspaceId_granularity_bucket_source_apiKeyId__key" ON "UsageRollup"("workspaceId", "granularity", "bucket", "source", "apiKeyId", "route", "modelId", "currency");

-- CreateIndex
CREATE INDEX "RequestLog_workspaceId_apiKeyId_createdAt_idx" ON "RequestLog"("workspaceId", "apiKeyId", "createdAt");

-- CreateIndex
CREATE INDEX "RequestLog_workspaceId_route_createdAt_idx" ON "RequestLog"("workspaceId", "route", "createdAt");

