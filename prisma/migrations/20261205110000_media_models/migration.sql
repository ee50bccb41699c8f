-- AlterTable
ALTER TABLE "MediaAsset" ADD COLUMN     "usedInDatasetIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "MediaQuestion" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "providerModelId" TEXT,
    "model" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'question',
    "question" TEXT NOT NULL,
    "answer" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "error" TEXT,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "latencyMs" INTEGER,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExtractionSchema" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "schema" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "ExtractionSchema_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExtractionRun" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "schemaId" TEXT NOT NULL,
    "providerModelId" TEXT,
    "model" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ExtractionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExtractionResult" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "schemaId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" JSONB,
    "errors" JSONB,
    "rawAnswer" TEXT,
    "editedById" TEXT,
    "editedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExtractionResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MediaQuestion_assetId_createdAt_idx" ON "MediaQuestion"("assetId", "createdAt");

-- CreateIndex
CREATE INDEX "MediaQuestion_workspaceId_createdAt_idx" ON "MediaQuestion"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExtractionSchema_workspaceId_name_key" ON "ExtractionSchema"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "ExtractionRun_workspaceId_createdAt_idx" ON "ExtractionRun"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "ExtractionResult_workspaceId_schemaId_idx" ON "ExtractionResult"("workspaceId", "schemaId");

-- CreateIndex
CREATE UNIQUE INDEX "ExtractionResult_runId_assetId_key" ON "ExtractionResult"("runId", "assetId");

