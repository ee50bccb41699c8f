-- CreateEnum
CREATE TYPE "MediaKind" AS ENUM ('image', 'audio');

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "mediaRawText" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "MediaAsset" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "originalName" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "derivedKey" TEXT,
    "thumbnailKey" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "durationMs" INTEGER,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "caption" TEXT,
    "status" TEXT NOT NULL DEFAULT 'processing',
    "error" TEXT,
    "ocrStatus" TEXT NOT NULL DEFAULT 'none',
    "ocrText" TEXT,
    "ocrBoxes" JSONB,
    "ocrConfidence" DOUBLE PRECISION,
    "ocrMs" INTEGER,
    "ocrError" TEXT,
    "transcriptStatus" TEXT NOT NULL DEFAULT 'none',
    "transcript" TEXT,
    "transcriptError" TEXT,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "MediaAsset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MediaAsset_workspaceId_createdAt_idx" ON "MediaAsset"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "MediaAsset_workspaceId_kind_idx" ON "MediaAsset"("workspaceId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "MediaAsset_workspaceId_sha256_key" ON "MediaAsset"("workspaceId", "sha256");

