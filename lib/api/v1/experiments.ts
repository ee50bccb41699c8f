import { z } from "zod";
import { cancelExperiment, createExperiment, getExperiment, listExperiments, rerunFailedRows } from "@/lib/experiments/experiments";
import { createExperimentInput } from "@/lib/experiments/schemas";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { defineRoute } from "../route";
import { experimentResource, experimentSummaryResource } from "./experiments-schemas";
import { toExperimentSummaryView, toExperimentView } from "./experiments-views";

const TAG = "Prompt experiments";

export const experimentPathParams = z.object({ experimentId: z.string().min(1).max(100).describe("Experiment id") });

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Experiments per page"),
  before: z.string().max(100).optional().describe("nextCursor of the previous page"),
});

async function experimentView(db: Db, actor: Actor, experimentId: string) {
  return toExperimentView(await getExperiment(db, actor, experimentId));
}

export const listExperimentsRoute = defineRoute({
  method: "GET",
  path: "/experiments",
  operationId: "listExperiments",
  summary: "List prompt experiments",
  description: "Lists the workspace's experiments with their progress, newest first.",
  tag: TAG,
  permission: "console.read",
  query: listQuery,
  response: z.array(experimentSummaryResource),
  paginated: true,
  async handler({ actor, db, query }) {
    const { experiments, nextCursor } = await listExperiments(db, actor, { limit: query.limit, before: query.before });
    return { data: experiments.map(toExperimentSummaryView), nextCursor };
  },
});

export const createExperimentRoute = defineRoute({
  method: "POST",
  path: "/experiments",
  operationId: "createExperiment",
  summary: "Create and start a prompt experiment",
  description:
    "Runs each variant (prompt version × strategy × model) over the rows of a ready dataset version in the worker, and scores every answer " +
    "against the row's expected value. Rejects a self-consistency variant above LUODI_MAX_SAMPLES (reason experiments.too_many_samples) and a " +
    "template variable that the input mapping leaves without a value (reason experiments.unmapped_variable).",
  tag: TAG,
  permission: "evaluations.run",
  body: createExperimentInput.strict(),
  response: experimentResource,
  successStatus: 201,
  async handler({ actor, db, enqueue, body }) {
    const { experiment, audit } = await createExperiment(db, enqueue, actor, body);
    return { data: await experimentView(db, actor, experiment.id), audit };
  },
});

export const getExperimentRoute = defineRoute({
  method: "GET",
  path: "/experiments/{experimentId}",
  operationId: "getExperiment",
  summary: "Get a prompt experiment",
  description: "Returns the experiment's settings, progress and each variant's summary (accuracy with its 95% interval, latency, tokens, cost).",
  tag: TAG,
  permission: "console.read",
  params: experimentPathParams,
  response: experimentResource,
  async handler({ actor, db, params }) {
    return { data: await experimentView(db, actor, params.experimentId) };
  },
});

export const cancelExperimentRoute = defineRoute({
  method: "POST",
  path: "/experiments/{experimentId}/cancel",
  operationId: "cancelExperiment",
  summary: "Cancel a prompt experiment",
  description: "A queued experiment is cancelled at once; a running one finishes the rows in flight and stops. Stored results stay.",
  tag: TAG,
  permission: "evaluations.run",
  params: experimentPathParams,
  response: experimentResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, params }) {
    const { audit } = await cancelExperiment(db, actor, params.experimentId);
    return { data: await experimentView(db, actor, params.experimentId), audit };
  },
});

export const rerunFailedRoute = defineRoute({
  method: "POST",
  path: "/experiments/{experimentId}/rerun-failed",
  operationId: "rerunFailedExperimentRows",
  summary: "Rerun the failed rows of an experiment",
  description: "Deletes the results of failed rows of a finished experiment and queues it again; rows a cancel left out run too.",
  tag: TAG,
  permission: "evaluations.run",
  params: experimentPathParams,
  response: experimentResource,
  errors: ["CONFLICT"],
  async handler({ actor, db, enqueue, params }) {
    const { audit } = await rerunFailedRows(db, enqueue, actor, params.experimentId);
    return { data: await experimentView(db, actor, params.experimentId), audit };
  },
});
