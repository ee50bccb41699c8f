import { route } from "@/lib/api/route";
import { deleteDeploymentRoute, getDeploymentRoute, updateDeploymentRoute } from "@/lib/api/v1/deployments";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getDeploymentRoute);
export const PATCH = route(updateDeploymentRoute);
export const DELETE = route(deleteDeploymentRoute);
