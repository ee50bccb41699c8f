import { createPlaygroundChatHandler } from "@/lib/playground/chat-stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Streams one playground answer as server-sent events; see lib/playground/chat-stream.ts for the events. */
export const POST = createPlaygroundChatHandler();
