/**
 * TIME, LASTSAVE, ROLE and SHUTDOWN. SHUTDOWN asks the main thread to stop the engine
 * (`{t:'shutdown'}` through parentPort); the process exits 0 and the client sees its connection
 * close, without a reply, as with Redis. Runs on the connection's worker.
 */

import { parentPort } from 'node:worker_threads';
import { register } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import { Err } from '../../errors.ts';
import { is } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { lastSaveTime } from './info.ts';

function time(out: Reply): void {
  const t = performance.timeOrigin + performance.now();
  const sec = Math.floor(t / 1000);
  const usec = Math.min(999999, Math.floor((t - sec * 1000) * 1000));
  out.array(2);
  out.bulk(String(sec));
  out.bulk(String(usec));
}

function shutdown(argv: string[], out: Reply): Promise<void> | void {
  let save = false;
  let nosave = false;
  let other = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (is(a, 'NOSAVE')) nosave = true;
    else if (is(a, 'SAVE')) save = true;
    else if (is(a, 'NOW') || is(a, 'FORCE')) other = true;
    else if (is(a, 'ABORT')) abort = true;
    else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  if ((abort && (save || nosave || other)) || (save && nosave)) {
    out.error(Err.SYNTAX);
    return;
  }
  if (abort) {
    out.error(Err.NO_SHUTDOWN);
    return;
  }
  parentPort?.postMessage({ t: 'shutdown', save: save ? 'save' : nosave ? 'nosave' : 'default' });
  // no reply: the engine exits and the connection closes
  return new Promise<void>(() => {});
}

register([
  serverDef('time', { conn: (_c, _a, out) => time(out) }),
  serverDef('lastsave', { conn: (_c, _a, out) => out.int(lastSaveTime()) }),
  serverDef('role', {
    conn(_c, _a, out) {
      out.array(3);
      out.bulk('master');
      out.int(0);
      out.array(0);
    },
  }),
  serverDef('shutdown', { internal: ['fanout'], conn: (_c, argv, out) => shutdown(argv, out) }),
]);
