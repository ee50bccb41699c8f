import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { appendDatasetRows, datasetRowsInput, MAX_DATASET_ROWS } from "@/lib/media/dataset-rows";
import { readMediaTextPolicy, setMediaTextPolicy } from "@/lib/media/policy";
import { requestTranscriptions, transcribeInput } from "@/lib/media/transcribe";
import { defineRoute, type AnyRouteDefinition } from "../route";
import { mediaSummaryResource, toMediaSummaryView } from "./media-schemas";

const TAG = "Media";

export const transcribeMediaRoute = defineRoute({
  method: "POST",
  path: "/media/transcriptions",
  operationId: "transcribeMedia",
  summary: "Transcribe audio files",
  description:
    "Queues a transcription per audio file with an enabled provider model that has the audio capability. The worker posts each " +
    "original file to the provider's /audio/transcriptions endpoint through the address guard and stores the text in `transcript` " +
    "(transcriptStatus queued, running, then done or failed with `transcriptError`). Resident ID, bank card and phone numbers and " +
    "e-mail addresses are masked unless an admin allows raw text (PUT /media/policy). INVALID_INPUT with reason media.model_not_audio " +
    "for a model without the audio capability, media.not_audio for an image.",
  tag: TAG,
  permission: "models.use",
  body: transcribeInput,
  response: z.array(mediaSummaryResource),
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, body }) {
    const { assets, audit } = await requestTranscriptions(db, enqueue, actor, body);
    return { data: assets.map(toMediaSummaryView), audit };
  },
});

export const appendMediaDatasetRowsRoute = defineRoute({
  method: "POST",
  path: "/media/dataset-rows",
  operationId: "appendMediaDatasetRows",
  summary: "Add images to a dataset as chat rows",
  description:
    `Appends one row per entry (at most ${MAX_DATASET_ROWS}) to a chat dataset, or to a new dataset given in newDataset, as a new ` +
    "version. Each row is an OpenAI-style vision chat record: a user message whose content is " +
    '[{"type":"image_url","image_url":{"url":"assets/<assetId>.<ext>"}},{"type":"text","text":question}] and an assistant message ' +
    "with the answer. The URL is relative to LUODI_DATA_DIR/media, where the image's derived copy (upright, without metadata) is " +
    "placed. The rows go through the datasets import in append mode; poll the returned import (GET /datasets/imports/{importId}) " +
    "until it is completed. The files are then listed with inDataset=true. Text is PII-masked unless raw text is allowed.",
  tag: TAG,
  permission: "datasets.write",
  body: datasetRowsInput,
  response: z.object({
    dataset: z.object({ id: z.string(), name: z.string() }),
    importId: z.string().describe("The datasets import that writes the rows"),
    rows: z.number().int(),
  }),
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, meta, body }) {
    const { audits, ...result } = await appendDatasetRows(db, enqueue, actor, body);
    // Several events (dataset created, import started, rows added), so they are written here.
    for (const entry of audits) await recordAudit(db, actor, meta, entry);
    return { data: result };
  },
});

const policyResource = z.object({ rawText: z.boolean().describe("true: OCR text and transcripts are stored and sent to models unmasked") });

export const getMediaPolicyRoute = defineRoute({
  method: "GET",
  path: "/media/policy",
  operationId: "getMediaPolicy",
  summary: "Get the media raw-text policy",
  description: "Returns whether OCR text and transcripts are kept unmasked. Masking is on by default.",
  tag: TAG,
  permission: "console.read",
  response: policyResource,
  async handler({ actor, db }) {
    return { data: await readMediaTextPolicy(db, actor.workspaceId) };
  },
});

export const updateMediaPolicyRoute = defineRoute({
  method: "PUT",
  path: "/media/policy",
  operationId: "updateMediaPolicy",
  summary: "Set the media raw-text policy",
  description:
    "Admins only. rawText true keeps OCR text and transcripts unmasked from now on; false masks resident ID, bank card and phone " +
    "numbers and e-mail addresses before text is stored or sent to a model. Text stored earlier is not changed.",
  tag: TAG,
  permission: "policies.manage",
  body: policyResource.strict(),
  response: policyResource,
  async handler({ actor, db, body }) {
    const { policy, audit } = await setMediaTextPolicy(db, actor, body.rawText);
    return { data: policy, audit };
  },
});

export const mediaActionsRoutes: readonly AnyRouteDefinition[] = [transcribeMediaRoute, appendMediaDatasetRowsRoute, getMediaPolicyRoute, updateMediaPolicyRoute];
