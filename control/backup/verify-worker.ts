/**
 * control/backup/verify-worker.ts — the piscina worker that verifies RDB files off the main thread.
 *
 * Owns: the default export piscina calls with `{ file }`; answers verifyRdbFile()'s result.
 * Runs on a piscina worker thread; touches nothing but the file it is given.
 */

import { verifyRdbFile, type RdbCheck } from './rdb-verify.ts';

export default function verify(task: { file: string }): RdbCheck {
  return verifyRdbFile(task.file);
}
