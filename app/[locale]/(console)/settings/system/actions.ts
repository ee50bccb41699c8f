"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { env } from "@/lib/env";
import { getSystemStatus } from "@/lib/health/check";

const readStatus = defineAction({
  name: "system.readStatus",
  permission: "system.read",
  input: z.undefined(),
  handler: async ({ db }) => {
    const config = env();
    const status = await getSystemStatus(db, { host: config.HOST, gatewayPort: config.GATEWAY_PORT });
    return { data: status, audit: null };
  },
});

/** Reads the system status with every service instance, for the auto-refreshing Settings > System page. */
export async function readSystemStatus() {
  return readStatus(undefined);
}
