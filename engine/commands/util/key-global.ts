/**
 * Global keyspace views for 'fanout' connection handlers (DBSIZE, KEYS, FLUSHDB, FLUSHALL, SWAPDB):
 * run one gated mesh op on every shard as one atomic step, as Redis (single-threaded) does.
 *
 * Scheme: inside a multi-shard EXEC the connection already holds every shard (conn.activeTxn), so
 * the ops run under that txn; with one shard a single gated op is atomic by itself; otherwise the
 * coordinator locks every shard in ascending order (MultiShardRun), sends the ops under its txn,
 * waits for all answers and unlocks. Runs on the connection's worker thread.
 */

import type { Connection } from '../../worker/connection.ts';
import { MultiShardRun } from '../../worker/multishard.ts';
import { W } from '../../worker/state.ts';

let allShardIds: number[] | null = null;

function everyShard(): number[] {
  if (allShardIds === null || allShardIds.length !== W.shards) {
    allShardIds = [];
    for (let s = 0; s < W.shards; s++) allShardIds.push(s);
  }
  return allShardIds;
}

/** Runs `op(args)` on every shard atomically; the answers come back in shard order. */
export async function onAllShardsAtomically<T>(conn: Connection, op: string, args: unknown): Promise<T[]> {
  if (conn.activeTxn !== 0) return W.mesh.all<T>(op, args, conn.activeTxn);
  if (W.shards === 1) return W.mesh.all<T>(op, args);
  const run = new MultiShardRun(everyShard(), conn, conn.dbIndex, conn.proto);
  await run.acquire();
  try {
    return await W.mesh.all<T>(op, args, run.txn);
  } finally {
    run.release();
  }
}
