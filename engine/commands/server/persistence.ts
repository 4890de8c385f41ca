/**
 * SAVE, BGSAVE [SCHEDULE], LASTSAVE and DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: the client side
 * of persistence. Each asks the main thread's saver (engine/persist/saver.ts) through the worker's
 * parentPort and answers with what it says; the reply texts are Redis 7.0's (saver.ts
 * PersistReply). Runs on the connection's worker.
 *
 * LASTSAVE and DEBUG are registered by misc.ts and debug.ts; until those modules call into
 * persistence themselves, this module (imported after them) points LASTSAVE at the shared status
 * and routes DEBUG RELOAD here, leaving every other DEBUG subcommand to debug.ts.
 */

import { register, lookup } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import type { Connection } from '../../worker/connection.ts';
import type { ConnHandler } from '../types.ts';
import { Err } from '../../errors.ts';
import { is } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { debugAllowed } from './debug.ts';
import { requestMain } from '../../persist/snapshot.ts';
import { lastSaveTime } from '../../persist/status.ts';

const RELOAD_OPTIONS = Err.RELOAD_OPTIONS;

async function save(conn: Connection, out: Reply): Promise<void> {
  const r = await requestMain({ op: 'save', schedule: false, inExec: conn.activeTxn !== 0, txn: conn.activeTxn, reload: null });
  if (r.ok) out.ok();
  else out.error(r.msg);
}

async function bgsave(conn: Connection, argv: string[], out: Reply): Promise<void> {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && is(argv[1], 'SCHEDULE')) schedule = true;
    else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  const r = await requestMain({ op: 'bgsave', schedule, inExec: conn.activeTxn !== 0, txn: conn.activeTxn, reload: null });
  if (r.ok) out.simple(r.msg);
  else out.error(r.msg);
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] (the caller has checked enable-debug-command). */
export async function debugReload(conn: Connection, argv: string[], out: Reply): Promise<void> {
  const flags = { merge: false, flush: true, save: true };
  for (let i = 2; i < argv.length; i++) {
    const o = argv[i];
    if (is(o, 'MERGE')) flags.merge = true;
    else if (is(o, 'NOFLUSH')) flags.flush = false;
    else if (is(o, 'NOSAVE')) flags.save = false;
    else {
      out.error(RELOAD_OPTIONS);
      return;
    }
  }
  const r = await requestMain({ op: 'reload', schedule: false, inExec: conn.activeTxn !== 0, txn: conn.activeTxn, reload: flags });
  if (r.ok) out.ok();
  else out.error(r.msg);
}

register([
  serverDef('save', { internal: ['fanout'], conn: (conn, _argv, out) => save(conn, out) }),
  serverDef('bgsave', { internal: ['fanout'], conn: (conn, argv, out) => bgsave(conn, argv, out) }),
]);

// LASTSAVE (registered by misc.ts): the time of the last successful save, from the shared status.
const lastsave = lookup('lastsave');
if (lastsave !== undefined) lastsave.conn = (_c, _a, out) => out.int(lastSaveTime());

// DEBUG (registered by debug.ts): RELOAD is ours, every other subcommand stays debug.ts's.
const debugCmd = lookup('debug');
if (debugCmd !== undefined && debugCmd.conn !== undefined) {
  const inner: ConnHandler = debugCmd.conn;
  debugCmd.conn = (conn, argv, out) => {
    if (argv.length >= 2 && is(argv[1], 'RELOAD')) {
      if (!debugAllowed(conn)) {
        out.error(Err.DEBUG_NOT_ALLOWED);
        return;
      }
      return debugReload(conn, argv, out);
    }
    return inner(conn, argv, out);
  };
}
