-- CreateEnum
CREATE TYPE "DatasetType" AS ENUM ('chat', 'instruction', 'completion', 'classification', 'preference');

-- CreateEnum
CREATE TYPE "DatasetVersionStatus" AS ENUM ('building', 'draft', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "DatasetImportStatus" AS ENUM ('queued', 'analyzing', 'review', 'importing', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" "DatasetType",
    "labelSet" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "multiLabel" BOOLEAN NOT NULL DEFAULT false,
    "tokenLimit" INTEGER,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "number" INTEGER,
    "parentId" TEXT,
    "operation" TEXT NOT NULL,
    "operationParams" JSONB NOT NULL DEFAULT '{}',
    "status" "DatasetVersionStatus" NOT NULL,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "contentHash" TEXT,
    "stats" JSONB,
    "sourceFileId" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readyAt" TIMESTAMP(3),

    CONSTRAINT "DatasetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetRow" (
    "id" BIGSERIAL NOT NULL,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "rowKey" TEXT NOT NULL,
    "split" TEXT,
    "data" JSONB NOT NULL,
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "review" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL,
    "searchText" TEXT NOT NULL DEFAULT '',
    "sourceLine" INTEGER,

    CONSTRAINT "DatasetRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetRowChange" (
    "id" BIGSERIAL NOT NULL,
    "datasetId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "rowKey" TEXT NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "field" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetRowChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetImport" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "status" "DatasetImportStatus" NOT NULL DEFAULT 'queued',
    "format" TEXT,
    "encoding" TEXT,
    "sheet" TEXT,
    "detectedType" "DatasetType",
    "mapping" JSONB,
    "fixes" JSONB NOT NULL DEFAULT '{}',
    "skipInvalid" BOOLEAN NOT NULL DEFAULT true,
    "mode" TEXT NOT NULL DEFAULT 'replace',
    "tokenLimit" INTEGER,
    "report" JSONB,
    "bytesTotal" BIGINT NOT NULL DEFAULT 0,
    "bytesDone" BIGINT NOT NULL DEFAULT 0,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "rowsValid" INTEGER NOT NULL DEFAULT 0,
    "rowsInvalid" INTEGER NOT NULL DEFAULT 0,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "versionId" TEXT,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatasetImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetImportIssue" (
    "id" BIGSERIAL NOT NULL,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "field" TEXT NOT NULL DEFAULT '',
    "code" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "raw" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "DatasetImportIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetTask" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "params" JSONB NOT NULL DEFAULT '{}',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "result" JSONB,
    "resultVersionId" TEXT,
    "fileId" TEXT,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatasetTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_storageKey_key" ON "StoredFile"("storageKey");

-- CreateIndex
CREATE INDEX "StoredFile_workspaceId_sha256_idx" ON "StoredFile"("workspaceId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_workspaceId_name_key" ON "Dataset"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "DatasetVersion_datasetId_status_idx" ON "DatasetVersion"("datasetId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_datasetId_number_key" ON "DatasetVersion"("datasetId", "number");

-- CreateIndex
CREATE INDEX "DatasetRow_versionId_rowKey_idx" ON "DatasetRow"("versionId", "rowKey");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetRow_versionId_position_key" ON "DatasetRow"("versionId", "position");

-- CreateIndex
CREATE INDEX "DatasetRowChange_datasetId_rowKey_idx" ON "DatasetRowChange"("datasetId", "rowKey");

-- CreateIndex
CREATE INDEX "DatasetRowChange_versionId_createdAt_idx" ON "DatasetRowChange"("versionId", "createdAt");

-- CreateIndex
CREATE INDEX "DatasetImport_datasetId_createdAt_idx" ON "DatasetImport"("datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "DatasetImport_status_heartbeatAt_idx" ON "DatasetImport"("status", "heartbeatAt");

-- CreateIndex
CREATE INDEX "DatasetImportIssue_importId_line_idx" ON "DatasetImportIssue"("importId", "line");

-- CreateIndex
CREATE INDEX "DatasetTask_datasetId_createdAt_idx" ON "DatasetTask"("datasetId", "createdAt");

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetVersion" ADD CONSTRAINT "DatasetVersion_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "DatasetVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetRow" ADD CONSTRAINT "DatasetRow_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DatasetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetImport" ADD CONSTRAINT "DatasetImport_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetImportIssue" ADD CONSTRAINT "DatasetImportIssue_importId_fkey" FOREIGN KEY ("importId") REFERENCES "DatasetImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetTask" ADD CONSTRAINT "DatasetTask_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

