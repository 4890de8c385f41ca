/**
 * CLIENT and its subcommands: ID, SETNAME, GETNAME, INFO, LIST, KILL, PAUSE, UNPAUSE, REPLY,
 * NO-EVICT, UNBLOCK, CACHING, GETREDIR, TRACKING, TRACKINGINFO, HELP.
 *
 * A connection lives on the worker that accepted it, so the global views are mesh fan-outs:
 * CLIENT LIST asks every worker for the lines of its connections ('srv.client-list') and sorts
 * them by id; CLIENT KILL sends the filter to every worker ('srv.client-kill'), each closes its
 * matching connections (the caller's own connection is only flagged to close after the reply);
 * CLIENT PAUSE/UNPAUSE set W.pauseUntil/W.pauseMode on every worker ('srv.pause') before the
 * reply, and UNPAUSE releases the connections the core holds. All mesh ops here are non-gated.
 * Client tracking is not implemented: TRACKING ON is refused, the read-only forms answer as
 * for a client without tracking. Runs on the connection's worker.
 */

import { register } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import type { Connection } from '../../worker/connection.ts';
import { releasePaused } from '../../worker/connection.ts';
import { validClientName } from '../connection.ts';
import { Err } from '../../errors.ts';
import { W } from '../../worker/state.ts';
import { registerOp } from '../../worker/mesh.ts';
import { parseInteger, is } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { helpReply } from './help.ts';

// ---------------------------------------------------------------------------
// CLIENT LIST lines

type ClientType = 'normal' | 'master' | 'replica' | 'pubsub';

function clientType(c: Connection): ClientType {
  return c.inPubSub ? 'pubsub' : 'normal';
}

function parseClientType(s: string): ClientType | null {
  switch (s.toLowerCase()) {
    case 'normal': return 'normal';
    case 'master': return 'master';
    case 'replica':
    case 'slave': return 'replica';
    case 'pubsub': return 'pubsub';
    default: return null;
  }
}

function clientFlags(c: Connection): string {
  let f = '';
  if (c.monitor) f += 'O';
  if (c.inPubSub) f += 'P';
  if (c.multi !== null) f += 'x';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict) f += 'e';
  return f === '' ? 'N' : f;
}

function argvBytes(argv: readonly string[] | null): number {
  if (argv === null) return 0;
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

/** One CLIENT LIST / CLIENT INFO line (without the trailing newline), Redis 7.0's field order. */
export function clientLine(c: Connection, currentArgv: readonly string[] | null = null): string {
  const now = Date.now();
  const qbuf = c.queryBufferLength();
  const argvMem = argvBytes(currentArgv);
  let multiMem = 0;
  if (c.multi !== null) for (const q of c.multi) multiMem += argvBytes(q.argv);
  const oll = c.outputQueueLength();
  const omem = c.socket.writableLength;
  const pending = omem > 0 || oll > 0;
  return (
    `id=${c.id} addr=${c.peer} laddr=${c.local} fd=${c.fd} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${clientFlags(c)} db=${c.dbIndex} sub=${c.channels.size} psub=${c.patterns.size} ssub=${c.shardChannels.size}` +
    ` multi=${c.multi === null ? -1 : c.multi.length} qbuf=${qbuf} qbuf-free=0 argv-mem=${argvMem} multi-mem=${multiMem}` +
    ` rbs=0 rbp=0 obl=0 oll=${oll} omem=${omem} tot-mem=${qbuf + argvMem + multiMem + omem}` +
    ` events=${pending ? 'rw' : 'r'} cmd=${c.lastCommand} user=${c.user} redir=-1 resp=${c.proto}`
  );
}

interface ListFilter {
  type: ClientType | null;
  ids: number[] | null;
  /** the caller (its line shows its current command's argv-mem) */
  caller: number;
  callerArgv: string[];
}

registerOp('srv.client-list', {
  gated: false,
  run(_shard, f: ListFilter, respond) {
    const lines: [number, string][] = [];
    const show = (c: Connection): void => {
      lines.push([c.id, clientLine(c, c.id === f.caller ? f.callerArgv : null)]);
    };
    if (f.ids !== null) {
      for (const id of f.ids) {
        const c = W.connections.get(id);
        if (c !== undefined && !c.closed) show(c);
      }
    } else {
      for (const c of W.connections.values()) {
        if (c.closed) continue;
        if (f.type !== null && clientType(c) !== f.type) continue;
        show(c);
      }
    }
    respond(lines);
  },
});

async function clientList(conn: Connection, argv: string[], out: Reply): Promise<void> {
  const f: ListFilter = { type: null, ids: null, caller: conn.id, callerArgv: argv };
  if (argv.length === 4 && is(argv[2], 'TYPE')) {
    const t = parseClientType(argv[3]);
    if (t === null) {
      out.error(Err.CLIENT_TYPE_UNKNOWN(argv[3]));
      return;
    }
    f.type = t;
  } else if (argv.length > 3 && is(argv[2], 'ID')) {
    f.ids = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseInteger(argv[i]);
      if (id === undefined) {
        out.error(Err.INVALID_CLIENT_ID);
        return;
      }
      f.ids.push(id);
    }
  } else if (argv.length !== 2) {
    out.error(Err.SYNTAX);
    return;
  }
  if (f.type === 'master' || f.type === 'replica') {
    out.verbatim('');
    return;
  }
  const parts = await W.mesh.all<[number, string][]>('srv.client-list', f);
  let lines: [number, string][] = parts.flat();
  if (f.ids !== null) {
    // keep the order (and repetitions) of the ids given
    const byId = new Map(lines);
    lines = [];
    for (const id of f.ids) {
      const l = byId.get(id);
      if (l !== undefined) lines.push([id, l]);
    }
  } else lines.sort((a, b) => a[0] - b[0]);
  let text = '';
  for (const [, l] of lines) text += `${l}\n`;
  out.verbatim(text);
}

// ---------------------------------------------------------------------------
// CLIENT KILL

interface KillFilter {
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  id: number;
  user: string | null;
  /** the caller's id when SKIPME applies, else 0 */
  skip: number;
  caller: number;
}

registerOp('srv.client-kill', {
  gated: false,
  run(_shard, f: KillFilter, respond) {
    let killed = 0;
    for (const c of [...W.connections.values()]) {
      if (c.closed) continue;
      if (f.addr !== null && c.peer !== f.addr) continue;
      if (f.laddr !== null && c.local !== f.laddr) continue;
      if (f.type !== null && clientType(c) !== f.type) continue;
      if (f.id !== 0 && c.id !== f.id) continue;
      if (f.user !== null && c.user !== f.user) continue;
      if (f.skip !== 0 && c.id === f.skip) continue;
      if (c.id === f.caller) c.closeAfterReply = true;
      else {
        c.killed = true;
        c.close();
      }
      killed++;
    }
    respond(killed);
  },
});

async function clientKill(conn: Connection, argv: string[], out: Reply): Promise<void> {
  const f: KillFilter = { addr: null, laddr: null, type: null, id: 0, user: null, skip: conn.id, caller: conn.id };
  const oldForm = argv.length === 3;
  if (oldForm) {
    f.addr = argv[2];
    f.skip = 0;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const more = i + 1 < argv.length;
      const opt = argv[i];
      const val = more ? argv[i + 1] : '';
      if (is(opt, 'ID') && more) {
        const id = parseInteger(val);
        if (id === undefined || id < 1) {
          out.error(Err.CLIENT_ID_POSITIVE);
          return;
        }
        f.id = id;
      } else if (is(opt, 'TYPE') && more) {
        const t = parseClientType(val);
        if (t === null) {
          out.error(Err.CLIENT_TYPE_UNKNOWN(val));
          return;
        }
        f.type = t;
      } else if (is(opt, 'ADDR') && more) f.addr = val;
      else if (is(opt, 'LADDR') && more) f.laddr = val;
      else if (is(opt, 'USER') && more) {
        if (val !== 'default') {
          out.error(Err.NO_SUCH_USER(val));
          return;
        }
        f.user = val;
      } else if (is(opt, 'SKIPME') && more) {
        if (is(val, 'YES')) f.skip = conn.id;
        else if (is(val, 'NO')) f.skip = 0;
        else {
          out.error(Err.SYNTAX);
          return;
        }
      } else {
        out.error(Err.SYNTAX);
        return;
      }
    }
  }
  let killed = 0;
  if (f.type !== 'master' && f.type !== 'replica') {
    const counts = await W.mesh.all<number>('srv.client-kill', f);
    for (const n of counts) killed += n;
  }
  if (oldForm) {
    if (killed === 0) out.error(Err.NO_SUCH_CLIENT);
    else out.ok();
  } else out.int(killed);
}

// ---------------------------------------------------------------------------
// CLIENT PAUSE / UNPAUSE

interface PauseArgs {
  /** epoch ms the pause ends, or 0 to unpause */
  until: number;
  mode: 'write' | 'all';
}

registerOp('srv.pause', {
  gated: false,
  run(_shard, a: PauseArgs, respond) {
    if (a.until === 0) {
      W.pauseUntil = 0;
      releasePaused();
    } else {
      const active = W.pauseUntil !== 0 && Date.now() < W.pauseUntil;
      if (active) {
        W.pauseUntil = Math.max(W.pauseUntil, a.until);
        if (a.mode === 'all') W.pauseMode = 'all';
      } else {
        W.pauseUntil = a.until;
        W.pauseMode = a.mode;
      }
    }
    respond(null);
  },
});

async function clientPause(argv: string[], out: Reply): Promise<void> {
  const ms = parseInteger(argv[2]);
  if (ms === undefined) {
    out.error(Err.PAUSE_TIMEOUT);
    return;
  }
  if (ms < 0) {
    out.error(Err.TIMEOUT_NEGATIVE);
    return;
  }
  let mode: 'write' | 'all' = 'all';
  if (argv.length === 4) {
    if (is(argv[3], 'WRITE')) mode = 'write';
    else if (is(argv[3], 'ALL')) mode = 'all';
    else {
      out.error(Err.PAUSE_MODE);
      return;
    }
  } else if (argv.length > 4) {
    out.error(Err.SUBCOMMAND_SYNTAX(argv[1], 'CLIENT'));
    return;
  }
  await W.mesh.all('srv.pause', { until: Date.now() + ms, mode } satisfies PauseArgs);
  out.ok();
}

async function clientUnpause(out: Reply): Promise<void> {
  await W.mesh.all('srv.pause', { until: 0, mode: 'all' } satisfies PauseArgs);
  out.ok();
}

// ---------------------------------------------------------------------------
// The connection's own settings

function clientReply(conn: Connection, argv: string[], out: Reply): void {
  const mode = argv[2];
  if (is(mode, 'ON')) {
    conn.replyMode = 'on';
    out.ok();
  } else if (is(mode, 'OFF')) {
    // no reply: this one and the following are suppressed
    conn.replyMode = 'off';
  } else if (is(mode, 'SKIP')) {
    // no reply: this one and the next one are suppressed
    if (conn.replyMode === 'on') conn.skipNextReply();
  } else out.error(Err.SYNTAX);
}

function clientSetName(conn: Connection, argv: string[], out: Reply): void {
  const name = argv[2];
  if (!validClientName(name)) {
    out.error(Err.CLIENT_NAME_INVALID);
    return;
  }
  conn.name = name;
  out.ok();
}

function onOff(argv: string[], out: Reply, set: (on: boolean) => void): void {
  if (is(argv[2], 'ON')) set(true);
  else if (is(argv[2], 'OFF')) set(false);
  else {
    out.error(Err.SYNTAX);
    return;
  }
  out.ok();
}

function clientUnblock(argv: string[], out: Reply): void {
  const id = parseInteger(argv[2]);
  if (id === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  if (argv.length === 4 && !is(argv[3], 'TIMEOUT') && !is(argv[3], 'ERROR')) {
    out.error(Err.UNBLOCK_REASON);
    return;
  }
  if (argv.length > 4) {
    out.error(Err.SYNTAX);
    return;
  }
  // no connection is ever blocked in this engine yet
  out.int(0);
}

function clientTracking(argv: string[], out: Reply): void {
  if (is(argv[2], 'OFF')) out.ok();
  else if (is(argv[2], 'ON')) out.error(Err.NOT_SUPPORTED('CLIENT TRACKING ON'));
  else out.error(Err.SYNTAX);
}

function clientTrackingInfo(out: Reply): void {
  out.map(3);
  out.bulk('flags');
  out.set(1);
  out.bulk('off');
  out.bulk('redirect');
  out.int(-1);
  out.bulk('prefixes');
  out.array(0);
}

const HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

register([
  serverDef('client', {
    subcommands: [
      serverDef('client|id', { conn: (conn, _a, out) => out.int(conn.id) }),
      serverDef('client|setname', { conn: clientSetName }),
      serverDef('client|getname', {
        conn(conn, _a, out) {
          if (conn.name === '') out.nil();
          else out.bulk(conn.name);
        },
      }),
      serverDef('client|info', { conn: (conn, argv, out) => out.verbatim(`${clientLine(conn, argv)}\n`) }),
      serverDef('client|list', { internal: ['fanout'], conn: clientList }),
      serverDef('client|kill', { internal: ['fanout'], conn: clientKill }),
      serverDef('client|pause', { internal: ['fanout'], conn: (_c, argv, out) => clientPause(argv, out) }),
      serverDef('client|unpause', { internal: ['fanout'], conn: (_c, _a, out) => clientUnpause(out) }),
      serverDef('client|reply', { conn: clientReply }),
      serverDef('client|no-evict', { conn: (conn, argv, out) => onOff(argv, out, (on) => (conn.noEvict = on)) }),
      serverDef('client|unblock', { conn: (_c, argv, out) => clientUnblock(argv, out) }),
      serverDef('client|caching', { conn: (_c, _a, out) => out.error(Err.CLIENT_CACHING) }),
      serverDef('client|getredir', { conn: (_c, _a, out) => out.int(-1) }),
      serverDef('client|tracking', { conn: (_c, argv, out) => clientTracking(argv, out) }),
      serverDef('client|trackinginfo', { conn: (_c, _a, out) => clientTrackingInfo(out) }),
      serverDef('client|help', { conn: (_c, _a, out) => helpReply(out, HELP) }),
    ],
  }),
]);
