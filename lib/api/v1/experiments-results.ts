import { z } from "zod";
import { getResult, listResults } from "@/lib/experiments/results";
import { RESULT_FILTERS } from "@/lib/experiments/schemas";
import { defineRoute } from "../route";
import { experimentPathParams } from "./experiments";
import { experimentResultResource, experimentResultSummaryResource } from "./experiments-schemas";
import { toResultSummaryView, toResultView } from "./experiments-views";

const TAG = "Prompt experiments";

const resultsQuery = z.object({
  variantId: z.string().max(100).optional().describe("Only this variant's results"),
  filter: z.enum(RESULT_FILTERS).default("all").describe("failed: the call failed; wrong: scored and not correct"),
  after: z.string().max(30).optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const listResultsRoute = defineRoute({
  method: "GET",
  path: "/experiments/{experimentId}/results",
  operationId: "listExperimentResults",
  summary: "List an experiment's row results",
  description: "Lists row results in dataset order, optionally of one variant and only failed, wrong or correct rows.",
  tag: TAG,
  permission: "console.read",
  params: experimentPathParams,
  query: resultsQuery,
  response: z.array(experimentResultSummaryResource),
  paginated: true,
  cursorParameter: "after",
  async handler({ actor, db, params, query }) {
    const { results, nextCursor } = await listResults(db, actor, params.experimentId, query);
    return { data: results.map(toResultSummaryView), nextCursor };
  },
});

export const getResultRoute = defineRoute({
  method: "GET",
  path: "/experiments/{experimentId}/results/{resultId}",
  operationId: "getExperimentResult",
  summary: "Get one row result",
  description: "Returns the rendered request, every sample's output and extracted answer, the expected value and the error.",
  tag: TAG,
  permission: "console.read",
  params: experimentPathParams.extend({ resultId: z.string().min(1).max(30).describe("Result id") }),
  response: experimentResultResource,
  async handler({ actor, db, params }) {
    return { data: toResultView(await getResult(db, actor, params.experimentId, params.resultId)) };
  },
});
