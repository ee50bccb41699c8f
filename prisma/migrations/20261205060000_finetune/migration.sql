-- CreateEnum
CREATE TYPE "BaseModelSource" AS ENUM ('local', 'huggingface', 'modelscope');

-- CreateEnum
CREATE TYPE "FineTuneTask" AS ENUM ('chat_sft', 'seq_classification');

-- CreateEnum
CREATE TYPE "FineTuneMethod" AS ENUM ('lora', 'qlora', 'full', 'prompt_tuning');

-- CreateEnum
CREATE TYPE "FineTuneStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "FineTuneStage" AS ENUM ('data', 'train', 'evaluate', 'register');

-- CreateEnum
CREATE TYPE "FineTuneArtifactKind" AS ENUM ('adapter', 'merged', 'checkpoint', 'trainer_state');

-- CreateTable
CREATE TABLE "BaseModel" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" "BaseModelSource" NOT NULL,
    "localPath" TEXT,
    "repoId" TEXT,
    "revision" TEXT,
    "architecture" TEXT,
    "modelType" TEXT,
    "parameterCount" BIGINT,
    "contextLength" INTEGER,
    "hasChatTemplate" BOOLEAN NOT NULL DEFAULT false,
    "defaultTargetModules" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "candidateTargetModules" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT NOT NULL DEFAULT 'ready',
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BaseModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FineTuneJob" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseModelId" TEXT NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "task" "FineTuneTask" NOT NULL,
    "method" "FineTuneMethod" NOT NULL,
    "hyperparameters" JSONB NOT NULL,
    "evaluationSettings" JSONB,
    "mergeWeights" BOOLEAN NOT NULL DEFAULT false,
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "FineTuneStatus" NOT NULL DEFAULT 'queued',
    "stage" "FineTuneStage" NOT NULL DEFAULT 'data',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "step" INTEGER NOT NULL DEFAULT 0,
    "totalSteps" INTEGER,
    "etaSeconds" DOUBLE PRECISION,
    "metrics" JSONB,
    "evaluation" JSONB,
    "plan" JSONB,
    "device" TEXT,
    "computeSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "lastCheckpoint" TEXT,
    "outputDir" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "cancelRequestedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "FineTuneJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FineTuneEvent" (
    "seq" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FineTuneEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "FineTuneArtifact" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "kind" "FineTuneArtifactKind" NOT NULL,
    "path" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "files" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FineTuneArtifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseModelId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "adapterArtifactId" TEXT,
    "providerModelId" TEXT,
    "metrics" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BaseModel_workspaceId_name_key" ON "BaseModel"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "FineTuneJob_externalId_key" ON "FineTuneJob"("externalId");

-- CreateIndex
CREATE INDEX "FineTuneJob_workspaceId_createdAt_idx" ON "FineTuneJob"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "FineTuneJob_status_idx" ON "FineTuneJob"("status");

-- CreateIndex
CREATE INDEX "FineTuneEvent_jobId_seq_idx" ON "FineTuneEvent"("jobId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "FineTuneArtifact_jobId_kind_path_key" ON "FineTuneArtifact"("jobId", "kind", "path");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_jobId_key" ON "ModelVersion"("jobId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_workspaceId_name_key" ON "ModelVersion"("workspaceId", "name");

-- AddForeignKey
ALTER TABLE "FineTuneJob" ADD CONSTRAINT "FineTuneJob_baseModelId_fkey" FOREIGN KEY ("baseModelId") REFERENCES "BaseModel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FineTuneEvent" ADD CONSTRAINT "FineTuneEvent_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "FineTuneJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FineTuneArtifact" ADD CONSTRAINT "FineTuneArtifact_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "FineTuneJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

