/**
 * DEBUG <subcommand>: the subset of Redis's debugging toolbox that makes sense for this engine —
 * SLEEP, SET-ACTIVE-EXPIRE, OBJECT, PROTOCOL, LOG, ERROR, HELP.
 *
 * DEBUG is refused unless enable-debug-command allows it (yes, or local for a loopback client),
 * as in Redis. SLEEP stops every worker (the whole server, as in Redis): each worker blocks its
 * thread with Atomics.wait through the non-gated mesh op 'srv.debug-sleep'; the peers are asked
 * first and this worker sleeps last, so the sleeps overlap. SET-ACTIVE-EXPIRE switches the active
 * expiry cycle of every shard. OBJECT reads the key on its owner shard (gated mesh op, passing the
 * caller's txn so it works inside a multi-shard EXEC). PROTOCOL writes the RESP3 bignum and
 * attribute samples as pre-encoded bytes (the Reply interface has no such types).
 * Runs on the connection's worker.
 */

import { register } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import type { Connection } from '../../worker/connection.ts';
import { Err } from '../../errors.ts';
import { W } from '../../worker/state.ts';
import { registerOp } from '../../worker/mesh.ts';
import { keySlot } from '../../slots.ts';
import { encodingOf, isString, stringLength, valueMemory } from '../../keyspace/values.ts';
import { now as clockNow } from '../../worker/clock.ts';
import { log } from '../../log.ts';
import { is } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { helpReply } from './help.ts';
import { isLocalPeer } from './util.ts';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

registerOp('srv.debug-sleep', {
  gated: false,
  run(_shard, ms: number, respond) {
    if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
    respond(null);
  },
});

registerOp('srv.active-expire', {
  gated: false,
  run(shard, on: boolean, respond) {
    shard.activeExpireEnabled = on;
    respond(null);
  },
});

function fakeAddress(key: string): string {
  let h = 0x9e3779b1;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x85ebca6b) >>> 0;
  return `0x7f${(h >>> 0).toString(16).padStart(8, '0')}${(W.id & 0xf).toString(16)}0`;
}

registerOp('srv.debug-object', {
  gated: true,
  run(shard, a: { db: number; key: string }, respond) {
    const v = shard.dbs[a.db].lookup(a.key, clockNow());
    if (v === undefined) {
      respond(null);
      return;
    }
    const enc = encodingOf(v);
    const shared = typeof v === 'number' && v >= 0 && v < 10000;
    const serialized = isString(v) ? Math.max(1, stringLength(v)) + 1 : Math.max(1, Math.floor(valueMemory(v) / 2));
    respond(
      `Value at:${fakeAddress(a.key)} refcount:${shared ? 2147483647 : 1} encoding:${enc} serializedlength:${serialized}` +
        ` lru:${Math.floor(Date.now() / 1000) & 0xffffff} lru_seconds_idle:0`,
    );
  },
});

async function sleepAll(seconds: number): Promise<void> {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const waits: Promise<unknown>[] = [];
  for (let s = 0; s < W.shards; s++) if (s !== W.id) waits.push(W.mesh.request(s, 'srv.debug-sleep', ms));
  waits.push(W.mesh.request(W.id, 'srv.debug-sleep', ms));
  await Promise.all(waits);
}

function protocol(type: string, out: Reply): void {
  switch (type.toLowerCase()) {
    case 'string': out.bulk('Hello World'); return;
    case 'integer': out.int(12345); return;
    case 'double': out.double(3.141); return;
    case 'bignum':
      if (out.proto === 3) out.raw(Buffer.from('(1234567999999999999999999999999999999\r\n', 'latin1'));
      else out.bulk('1234567999999999999999999999999999999');
      return;
    case 'null': out.nil(); return;
    case 'array':
    case 'set':
      if (type.toLowerCase() === 'set') out.set(3);
      else out.array(3);
      for (let i = 0; i < 3; i++) out.int(i);
      return;
    case 'map':
      out.map(3);
      for (let i = 0; i < 3; i++) {
        out.int(i);
        out.bool(i === 1);
      }
      return;
    case 'attrib':
      if (out.proto === 3) out.raw(Buffer.from('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n', 'latin1'));
      out.bulk('Some real reply following the attribute');
      return;
    case 'push':
      if (out.proto !== 3) {
        out.error(Err.RESP2_NOT_SUPPORTED);
        return;
      }
      out.push(2);
      out.bulk('server-cpu-usage');
      out.int(42);
      out.bulk('Some real reply following the push reply');
      return;
    case 'verbatim': out.verbatim('This is a verbatim\nstring'); return;
    case 'true': out.bool(true); return;
    case 'false': out.bool(false); return;
    default: out.error(Err.DEBUG_PROTOCOL);
  }
}

const HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

/** C's atoi/strtod prefix parsing, as DEBUG uses them. */
function leadingNumber(s: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m === null ? 0 : Number(m[0]);
}

export function debugAllowed(conn: Connection): boolean {
  const mode = W.config.str('enable-debug-command');
  return mode === 'yes' || (mode === 'local' && isLocalPeer(conn));
}

async function debug(conn: Connection, argv: string[], out: Reply): Promise<void> {
  if (!debugAllowed(conn)) {
    out.error(Err.DEBUG_NOT_ALLOWED);
    return;
  }
  const sub = argv[1];
  const n = argv.length;
  if (is(sub, 'HELP') && n === 2) helpReply(out, HELP);
  else if (is(sub, 'SLEEP') && n === 3) {
    await sleepAll(leadingNumber(argv[2]));
    out.ok();
  } else if (is(sub, 'SET-ACTIVE-EXPIRE') && n === 3) {
    await W.mesh.all('srv.active-expire', Math.trunc(leadingNumber(argv[2])) !== 0);
    out.ok();
  } else if (is(sub, 'OBJECT') && n === 3) {
    const key = argv[2];
    const owner = W.slotOwner[keySlot(key)];
    const r = await W.mesh.request<string | null>(owner, 'srv.debug-object', { db: conn.dbIndex, key }, conn.activeTxn);
    if (r === null) out.error(Err.NO_SUCH_KEY);
    else out.simple(r);
  } else if (is(sub, 'PROTOCOL') && n === 3) protocol(argv[2], out);
  else if (is(sub, 'LOG') && n === 3) {
    log('warning', `DEBUG LOG: ${argv[2]}`);
    out.ok();
  } else if (is(sub, 'ERROR') && n === 3) out.error(argv[2]);
  else out.error(Err.SUBCOMMAND_SYNTAX(sub, 'DEBUG'));
}

register([serverDef('debug', { internal: ['fanout'], conn: debug })]);
