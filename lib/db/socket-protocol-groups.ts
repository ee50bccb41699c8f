import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * pglite-socket 0.2.17 runs every connection through PGlite's single session and queues protocol
 * messages one by one. Outside a transaction it takes them first come, first served, so one connection's
 * extended-protocol sequence (Parse, Bind, Describe, Execute, Sync) can be split by another connection's
 * Parse, which replaces the unnamed prepared statement: "bind message supplies 13 parameters, but
 * prepared statement "" requires 3", or worse, a silent wrong result. Upstream: electric-sql/pglite #1046.
 *
 * This replaces the queue's scheduler on a server instance: once a connection starts a sequence, only its
 * messages run until its Sync (or a simple Query, or Terminate) ends it, as inside a transaction. It also
 * keeps the queue running after a failed message, where the original stopped for good.
 */

type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
};

type PGliteLike = {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
};

type QueryQueue = {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGliteLike;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
};

const SYNC = 0x53; // "S"
const QUERY = 0x51; // "Q"
const TERMINATE = 0x58; // "X"

/** Tells whether a message leaves its connection in the middle of an extended-protocol sequence. */
function opensSequence(message: Uint8Array): boolean {
  const type = message[0];
  // A startup message begins with its length, whose first byte is 0 for any real startup packet.
  if (type === undefined || type === 0) return false;
  return type !== SYNC && type !== QUERY && type !== TERMINATE;
}

export function enforceProtocolGroups(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let openSequenceOf: number | null = null;

  const nextIndex = (): number => {
    const owner = openSequenceOf ?? (queue.db.isInTransaction() ? queue.lastHandlerId : null);
    if (owner === null) return queue.queue.length > 0 ? 0 : -1;
    return queue.queue.findIndex((item) => item.handlerId === owner);
  };

  queue.processQueue = async function processQueue(): Promise<void> {
    if (queue.processing) return;
    queue.processing = true;
    try {
      for (;;) {
        // The owner of an open sequence may not have sent its next message yet; its arrival restarts this loop.
        const index = nextIndex();
        if (index === -1) return;
        const [item] = queue.queue.splice(index, 1);
        if (!item) return;

        let bytes = 0;
        try {
          await queue.db.runExclusive(() =>
            queue.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          openSequenceOf = null;
          item.reject(error);
          continue;
        }
        openSequenceOf = opensSequence(item.message) ? item.handlerId : null;
        queue.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      queue.processing = false;
    }
  };

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    // A connection that closed inside a sequence must not hold the queue.
    if (openSequenceOf === handlerId) openSequenceOf = null;
    void queue.processQueue();
  };
}
