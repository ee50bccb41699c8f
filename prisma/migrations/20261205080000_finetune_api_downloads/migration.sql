-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "fineTuningEnabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "BaseModel" ADD COLUMN     "downloadedBytes" BIGINT,
ADD COLUMN     "totalBytes" BIGINT;

-- AlterTable
ALTER TABLE "FineTuneJob" ADD COLUMN     "apiKeyId" TEXT,
ADD COLUMN     "trainingFileId" TEXT,
ADD COLUMN     "validationFileId" TEXT;

-- CreateTable
CREATE TABLE "GatewayFile" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "statusDetails" TEXT,
    "datasetId" TEXT,
    "datasetVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "GatewayFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GatewayFile_externalId_key" ON "GatewayFile"("externalId");

-- CreateIndex
CREATE INDEX "GatewayFile_workspaceId_createdAt_idx" ON "GatewayFile"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "GatewayFile_apiKeyId_idx" ON "GatewayFile"("apiKeyId");

