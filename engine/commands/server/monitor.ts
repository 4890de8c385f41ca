/**
 * MONITOR: every command run by any connection on any worker is shown to the monitors, as
 * `+<unix-time>.<micro> [<db> <addr>] "cmd" "arg" ...` lines with Redis's quoting (sdscatrepr).
 *
 * Invariants:
 * - `monitorWorkers` (on every worker) is the set of workers that have at least one monitor; the
 *   core's connectionHooks.monitor is installed only while it is non-empty, so a server without
 *   monitors pays nothing per command. A worker announces its first monitor and the departure of
 *   its last one to every worker with the non-gated mesh op 'srv.monitor-set', and MONITOR replies
 *   OK only after every worker knows.
 * - A line is formatted once on the worker that runs the command and delivered to local monitors
 *   directly and to the other monitor workers in one batch per worker and event-loop turn
 *   ('srv.monitor-feed'); lines from one worker keep their order.
 * - Admin commands and commands flagged skip_monitor are not shown (as in Redis); passwords of
 *   AUTH, HELLO ... AUTH and MIGRATE ... AUTH/AUTH2 are shown as "(redacted)".
 * Runs on worker threads.
 */

import { register, resolve } from '../registry.ts';
import type { Connection } from '../../worker/connection.ts';
import { connectionHooks } from '../../worker/connection.ts';
import { resetHooks } from '../connection.ts';
import { W } from '../../worker/state.ts';
import { registerOp } from '../../worker/mesh.ts';
import { parseInteger } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { repr } from './util.ts';

const monitorWorkers = new Set<number>();
const pending = new Map<number, string[]>();
let flushScheduled = false;

function updateHook(): void {
  connectionHooks.monitor = monitorWorkers.size === 0 ? null : feed;
}

registerOp('srv.monitor-set', {
  gated: false,
  run(_shard, a: { worker: number; on: boolean }, respond) {
    if (a.on) monitorWorkers.add(a.worker);
    else monitorWorkers.delete(a.worker);
    updateHook();
    respond(null);
  },
});

registerOp('srv.monitor-feed', {
  gated: false,
  run(_shard, lines: string[], respond) {
    for (const l of lines) deliverLocal(l);
    respond(null);
  },
});

function deliverLocal(line: string): void {
  if (W.monitors.size === 0) return;
  const b = Buffer.from(line, 'latin1');
  for (const m of W.monitors) m.sendPush(b);
}

const flush = (): void => {
  flushScheduled = false;
  for (const [worker, lines] of pending) void W.mesh.request(worker, 'srv.monitor-feed', lines);
  pending.clear();
};

/** The arguments as MONITOR shows them, with passwords redacted. */
function shownArgs(name: string, argv: string[]): string[] {
  if (name === 'auth') return [argv[0], ...argv.slice(1).map(() => '(redacted)')];
  if (name === 'hello' || name === 'migrate') {
    const out = [...argv];
    for (let i = 1; i < out.length; i++) {
      const u = out[i].toUpperCase();
      if (u === 'AUTH') {
        const n = name === 'hello' ? 2 : 1;
        for (let k = 1; k <= n && i + k < out.length; k++) out[i + k] = '(redacted)';
        i += n;
      } else if (u === 'AUTH2' && name === 'migrate') {
        for (let k = 1; k <= 2 && i + k < out.length; k++) out[i + k] = '(redacted)';
        i += 2;
      }
    }
    return out;
  }
  return argv;
}

/** connectionHooks.monitor: called by the core for every dispatched command while monitors exist. */
function feed(c: Connection, argv: string[]): void {
  const cmd = resolve(argv);
  if (cmd === undefined || cmd.flagSet.has('admin') || cmd.flagSet.has('skip_monitor')) return;
  const top = cmd.parent ?? cmd;
  let db = c.dbIndex;
  if (top.name === 'select' && argv.length === 2) {
    const n = parseInteger(argv[1]);
    if (n !== undefined && n >= 0 && n < W.databases) db = n;
  }
  const t = performance.timeOrigin + performance.now();
  const sec = Math.floor(t / 1000);
  const usec = Math.floor((t - sec * 1000) * 1000);
  let line = `+${sec}.${String(usec).padStart(6, '0')} [${db} ${c.peer}]`;
  for (const a of shownArgs(top.name, argv)) line += ` ${repr(a)}`;
  line += '\r\n';
  for (const w of monitorWorkers) {
    if (w === W.id) {
      deliverLocal(line);
      continue;
    }
    let l = pending.get(w);
    if (l === undefined) pending.set(w, (l = []));
    l.push(line);
  }
  if (pending.size !== 0 && !flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

function leave(c: Connection): void {
  if (!W.monitors.delete(c)) return;
  c.monitor = false;
  if (W.monitors.size === 0) void W.mesh.all('srv.monitor-set', { worker: W.id, on: false });
}

connectionHooks.onClose.push(leave);
resetHooks.push(leave);

register([
  serverDef('monitor', {
    internal: ['fanout'],
    async conn(conn, _argv, out) {
      if (conn.monitor) return; // already monitoring: Redis sends nothing
      conn.monitor = true;
      W.monitors.add(conn);
      if (W.monitors.size === 1) await W.mesh.all('srv.monitor-set', { worker: W.id, on: true });
      out.ok();
    },
  }),
]);
