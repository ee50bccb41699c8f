import { z } from "zod";
import { createAllowRule, deleteAllowRule, listAllowRules, updateAllowRule } from "@/lib/providers/allow-rules";
import { createAllowRuleInput, updateAllowRuleInput } from "@/lib/providers/schemas";
import { defineRoute } from "../route";
import { allowRuleResource } from "./providers-schemas";
import { toAllowRuleView } from "./providers-views";

const TAG = "Network";

const rulePathParams = z.object({ ruleId: z.string().min(1).max(100).describe("Allow rule id") });

export const listAllowRulesRoute = defineRoute({
  method: "GET",
  path: "/network-allow-rules",
  operationId: "listNetworkAllowRules",
  summary: "List network allow rules",
  description: "Private hosts and ranges that server-side requests (provider base URLs, image URLs) may reach, oldest first.",
  tag: TAG,
  permission: "providers.manage",
  response: z.array(allowRuleResource),
  async handler({ actor, db }) {
    const rules = await listAllowRules(db, actor);
    return { data: rules.map(toAllowRuleView) };
  },
});

export const createAllowRuleRoute = defineRoute({
  method: "POST",
  path: "/network-allow-rules",
  operationId: "createNetworkAllowRule",
  summary: "Allow a private host or range",
  description:
    "Lets server-side requests reach a host name (exact or *.suffix), an IP address or a CIDR range on a loopback or private network. Cloud metadata addresses stay blocked whatever the rules say.",
  tag: TAG,
  permission: "providers.manage",
  body: createAllowRuleInput.strict(),
  response: allowRuleResource,
  successStatus: 201,
  errors: ["CONFLICT"],
  async handler({ actor, db, body }) {
    const { rule, audit } = await createAllowRule(db, actor, body);
    return { data: toAllowRuleView(rule), audit };
  },
});

export const updateAllowRuleRoute = defineRoute({
  method: "PATCH",
  path: "/network-allow-rules/{ruleId}",
  operationId: "updateNetworkAllowRule",
  summary: "Change an allow rule's note",
  description: "Only the note changes; to change the pattern, add a new rule and delete this one.",
  tag: TAG,
  permission: "providers.manage",
  params: rulePathParams,
  body: updateAllowRuleInput.strict(),
  response: allowRuleResource,
  async handler({ actor, db, params, body }) {
    const { rule, audit } = await updateAllowRule(db, actor, params.ruleId, body);
    return { data: toAllowRuleView(rule), audit };
  },
});

export const deleteAllowRuleRoute = defineRoute({
  method: "DELETE",
  path: "/network-allow-rules/{ruleId}",
  operationId: "deleteNetworkAllowRule",
  summary: "Delete an allow rule",
  description: "Connections to addresses only this rule allowed are blocked from the next request on; saved providers stay saved.",
  tag: TAG,
  permission: "providers.manage",
  params: rulePathParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  async handler({ actor, db, params }) {
    const { rule, audit } = await deleteAllowRule(db, actor, params.ruleId);
    return { data: { id: rule.id, deleted: true as const }, audit };
  },
});
