import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { clientAddressOf } from "@/lib/http/client-address";
import type { Actor, RequestMeta } from "./actor";
import { loadUserActor } from "./load-actor";
import { authOptions } from "./next-auth";

/** Returns the signed-in actor of the current request, or null when there is no valid session. */
export async function getActor(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  return loadUserActor(db(), session.uid, session.sv ?? -1);
}

/** Client address, user agent and request id of the current request, for audit events. */
export async function getRequestMeta(): Promise<RequestMeta> {
  const list = await headers();
  return {
    ip: clientAddressOf(list.get("x-forwarded-for")),
    userAgent: list.get("user-agent"),
    requestId: list.get("x-request-id") ?? randomUUID(),
  };
}
