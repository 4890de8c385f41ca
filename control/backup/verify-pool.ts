/**
 * control/backup/verify-pool.ts — the piscina pool that runs RDB verification off the main thread.
 *
 * Owns: one lazily created pool (at most one worker thread, idle workers exit after 30 s) and
 * verifyRdb(), which asks it to check a backup file. Used when a backup completes (its size,
 * readability and checksum decide `is_support_restore`) and before a restore puts a file in place.
 */

import { Piscina } from 'piscina';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RdbCheck } from './rdb-verify.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

let pool: Piscina<{ file: string }, RdbCheck> | null = null;

function getPool(): Piscina<{ file: string }, RdbCheck> {
  pool ??= new Piscina<{ file: string }, RdbCheck>({
    filename: path.join(here, 'verify-worker.ts'),
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 30_000,
  });
  return pool;
}

export async function verifyRdb(file: string): Promise<RdbCheck> {
  return await getPool().run({ file });
}

export async function closeVerifyPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p !== null) await p.destroy();
}
