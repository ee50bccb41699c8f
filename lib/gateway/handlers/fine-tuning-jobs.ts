import type { RouteContext } from "../app";
import { parseJsonObject, readBody } from "../body";
import { auditKeyAction, authorizeFineTuning, type FineTuningCaller } from "../fine-tuning/access";
import { listCheckpoints, listEvents } from "../fine-tuning/job-events";
import { readJobRequest } from "../fine-tuning/job-request";
import { toJobObjects } from "../fine-tuning/job-view";
import { cancelApiJob, checkpointModelName, createApiJob, findApiJob, listApiJobs } from "../fine-tuning/jobs";
import { listPage, pathSegment, queryOf, readLimit } from "../fine-tuning/request-params";
import { fineTuningDeps } from "../fine-tuning/settings";
import { sendJson } from "../respond";

/** Position of {job_id} in /v1/fine_tuning/jobs/{job_id}. */
const JOB_ID_SEGMENT = 4;

async function sendJob(context: RouteContext, job: Parameters<typeof toJobObjects>[1][number]): Promise<void> {
  const [object] = await toJobObjects(context.deps.db, [job]);
  sendJson(context.res, 200, object);
}

function requireJob(context: RouteContext, caller: FineTuningCaller) {
  return findApiJob(context.deps.db, caller.key.workspaceId, pathSegment(context.req, JOB_ID_SEGMENT));
}

/** POST /v1/fine_tuning/jobs: builds the dataset version from the files and launches a LoRA chat job. */
export async function handleCreateJob(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const request = readJobRequest(parseJsonObject(await readBody(context.req, context.deps.settings.maxBodyBytes)));

  const { job, audit } = await createApiJob(context.deps.db, fineTuningDeps(context.deps), { ...caller.actor, apiKeyId: caller.key.id }, request);
  await auditKeyAction(context, caller, audit);
  context.log.info({ fineTuneJobId: job.id, externalId: job.externalId }, "gateway.fine_tuning_job_created");
  await sendJob(context, job);
}

/** GET /v1/fine_tuning/jobs: jobs created through this API, newest first, with `after` and `limit`. */
export async function handleListJobs(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const query = queryOf(context.req);
  const { jobs, hasMore } = await listApiJobs(context.deps.db, caller.key.workspaceId, { after: query.get("after"), limit: readLimit(query, 20, 100) });
  sendJson(context.res, 200, listPage(await toJobObjects(context.deps.db, jobs), hasMore));
}

/** GET /v1/fine_tuning/jobs/{job_id}. */
export async function handleGetJob(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  await sendJob(context, await requireJob(context, caller));
}

/** POST /v1/fine_tuning/jobs/{job_id}/cancel. */
export async function handleCancelJob(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const { job, audit } = await cancelApiJob(context.deps.db, caller.actor, await requireJob(context, caller));
  await auditKeyAction(context, caller, audit);
  await sendJob(context, job);
}

/** GET /v1/fine_tuning/jobs/{job_id}/events: newest first, with `after` and `limit`. */
export async function handleListEvents(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const job = await requireJob(context, caller);
  const query = queryOf(context.req);
  const { data, hasMore } = await listEvents(context.deps.db, job.id, { after: query.get("after"), limit: readLimit(query, 20, 1_000) });
  sendJson(context.res, 200, listPage(data, hasMore));
}

/** GET /v1/fine_tuning/jobs/{job_id}/checkpoints: newest first, with `after` and `limit`. */
export async function handleListCheckpoints(context: RouteContext): Promise<void> {
  const caller = await authorizeFineTuning(context);
  const job = await requireJob(context, caller);
  const query = queryOf(context.req);
  const { data, hasMore } = await listCheckpoints(context.deps.db, job, checkpointModelName(job), { after: query.get("after"), limit: readLimit(query, 10, 100) });
  sendJson(context.res, 200, listPage(data, hasMore));
}
