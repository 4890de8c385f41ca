/**
 * Messages between the main thread's saver/loader (saver.ts, loader.ts) and the workers'
 * persistence side (snapshot.ts), over each worker's parentPort. All are structured-clone safe;
 * chunk and batch buffers are transferred, not copied. Type tags start with "p." so the other
 * listeners on the same ports ignore them.
 */

import type { LoadOpts, WriteOpts } from './rdb-value.ts';

export interface SnapOpts extends WriteOpts {
  /** rdbcompression */
  compress: boolean;
  /** rdb-key-save-delay: microseconds to spend per key (tests slow a BGSAVE down with it) */
  keySaveDelayUs: number;
}

/** What one shard reports when it marks its snapshot point. */
export interface MarkResult {
  shard: number;
  /** keys per database at the snapshot point */
  keys: number[];
  /** keys with an expiry per database */
  expires: number[];
  /** the shard's write counter at the snapshot point */
  dirty: number;
}

export type ReqOp = 'save' | 'bgsave' | 'reload';

export interface ReloadFlags {
  merge: boolean;
  flush: boolean;
  save: boolean;
}

// ---- main -> worker ------------------------------------------------------------------------------

export type MainToWorker =
  /** coordinator: lock every shard (unless txn != 0: they are held by that txn), mark a snapshot if `mark`, keep the locks if `hold` */
  | { t: 'p.mark'; snap: number; mark: boolean; hold: boolean; txn: number; opts: SnapOpts }
  /** coordinator: release the locks kept for snap */
  | { t: 'p.release'; snap: number }
  /** shard: you may send n more chunks of snap */
  | { t: 'p.credit'; snap: number; n: number }
  /** shard: drop snapshot snap */
  | { t: 'p.abort'; snap: number }
  /** shard: empty every database (DEBUG RELOAD) */
  | { t: 'p.flush'; id: number }
  /** shard: decode and add these records */
  | { t: 'p.load'; seq: number; batch: Uint8Array; opts: LoadOpts; merge: boolean }
  /** every worker: loading at start-up is over, start listening */
  | { t: 'p.ready' }
  /** the answer to a worker's request */
  | { t: 'p.res'; id: number; ok: boolean; msg: string };

// ---- worker -> main ------------------------------------------------------------------------------

export type WorkerToMain =
  | { t: 'p.req'; id: number; op: ReqOp; schedule: boolean; inExec: boolean; txn: number; reload: ReloadFlags | null }
  | { t: 'p.marked'; snap: number; results: MarkResult[]; error: string }
  | { t: 'p.chunk'; snap: number; shard: number; db: number; buf: Uint8Array; keys: number; last: boolean }
  | { t: 'p.snap-error'; snap: number; shard: number; error: string }
  | { t: 'p.loaded'; seq: number; shard: number; keys: number; empty: number; error: string }
  | { t: 'p.flushed'; id: number };

export function isPersistMessage(m: unknown): m is WorkerToMain {
  return typeof m === 'object' && m !== null && typeof (m as { t?: unknown }).t === 'string' && (m as { t: string }).t.startsWith('p.');
}
