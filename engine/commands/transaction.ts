/**
 * Transactions: MULTI EXEC DISCARD WATCH UNWATCH.
 *
 * MULTI queues commands on the connection. EXEC runs them with nothing else interleaved:
 * - when every queued command and watched key lives on this worker's shard and the shard's gate is
 *   open, EXEC runs them inline, synchronously;
 * - otherwise EXEC locks every involved shard in ascending order (all shards when a queued command
 *   needs a global view, such as FLUSHALL or DBSIZE), checks the WATCHed keys under the locks, runs
 *   the commands one by one on their shards with the lock holder's txn id, and unlocks.
 * WATCH records each key's version on its owner shard; a write to the key bumps the version, and a
 * key that expires after WATCH also counts as changed, as in Redis 7.0. Worker threads.
 */

import { register, keyPositions } from './registry.ts';
import { Err } from '../errors.ts';
import type { Connection, WatchRecord } from '../worker/connection.ts';
import { connectionHooks } from '../worker/connection.ts';
import type { Reply } from '../resp/reply.ts';
import { W } from '../worker/state.ts';
import { keySlot } from '../slots.ts';
import { registerOp } from '../worker/mesh.ts';
import { MultiShardRun, runScratch } from '../worker/multishard.ts';
import { now as clockNow } from '../worker/clock.ts';
import { resetHooks } from './connection.ts';

type WatchCheck = [db: number, key: string, version: number, existed: boolean];

registerOp('watch', {
  gated: true,
  run(shard, a: { db: number; key: string }, respond) {
    const db = shard.dbs[a.db];
    const now = clockNow();
    const existed = db.data.has(a.key) && !((db.getExpire(a.key) ?? Infinity) <= now);
    const version = db.watch(a.key);
    respond({ version, existed });
  },
});

registerOp('unwatch', {
  gated: false,
  run(shard, items: [number, string][], respond) {
    for (const [dbi, key] of items) shard.dbs[dbi].unwatch(key);
    respond(null);
  },
});

registerOp('checkwatch', {
  gated: true,
  run(shard, items: WatchCheck[], respond) {
    respond(watchesDirty(shard.dbs, items));
  },
});

function watchesDirty(dbs: import('../keyspace/db.ts').Db[], items: WatchCheck[]): boolean {
  const now = clockNow();
  for (const [dbi, key, version, existed] of items) {
    const db = dbs[dbi];
    if (db.watchVersion(key) !== version) return true;
    if (existed && db.data.has(key) && (db.getExpire(key) ?? Infinity) <= now) return true;
  }
  return false;
}

/** Drops the connection's watches on every shard. */
export function unwatchAll(conn: Connection): void {
  if (conn.watches.length === 0) return;
  const byShard = new Map<number, [number, string][]>();
  for (const w of conn.watches) {
    let l = byShard.get(w.shard);
    if (l === undefined) byShard.set(w.shard, (l = []));
    l.push([w.db, w.key]);
  }
  conn.watches = [];
  for (const [s, items] of byShard) void W.mesh.request(s, 'unwatch', items);
}

connectionHooks.onClose.push(unwatchAll);
resetHooks.push(unwatchAll);

function discard(conn: Connection): void {
  conn.multi = null;
  conn.multiError = false;
  unwatchAll(conn);
}

async function exec(conn: Connection, out: Reply): Promise<void> {
  if (conn.multi === null) {
    out.error(Err.EXEC_WITHOUT_MULTI);
    return;
  }
  if (conn.multiError) {
    discard(conn);
    out.error(Err.EXECABORT);
    return;
  }
  const queued = conn.multi;
  const watches = conn.watches;
  conn.multi = null;
  conn.multiError = false;

  // which shards does the transaction touch?
  const shards = new Set<number>();
  let global = false;
  for (const w of watches) shards.add(w.shard);
  for (const q of queued) {
    if (q.cmd.conn !== undefined) {
      if (q.cmd.flagSet.has('fanout')) global = true;
      continue;
    }
    for (const p of keyPositions(q.cmd, q.argv)) shards.add(W.slotOwner[keySlot(q.argv[p])]);
  }
  if (global) for (let s = 0; s < W.shards; s++) shards.add(s);

  const onlyLocal = shards.size === 0 || (shards.size === 1 && shards.has(W.id));
  if (onlyLocal && !W.shard.busy && !global) {
    const dirty = watches.length > 0 && watchesDirty(W.shard.dbs, watches.map(toCheck));
    unwatchAll(conn);
    if (dirty) {
      out.nilArray();
      return;
    }
    out.array(queued.length);
    for (const q of queued) {
      if (q.cmd.conn !== undefined) {
        q.cmd.conn(conn, q.argv, out);
        q.cmd.stats.calls++;
      } else {
        W.shard.execute(q.cmd, q.argv, conn.dbIndex, out, conn);
      }
    }
    return;
  }

  const run = new MultiShardRun([...shards].sort((a, b) => a - b), conn, conn.dbIndex, conn.proto);
  await run.acquire();
  try {
    if (watches.length > 0) {
      const byShard = new Map<number, WatchCheck[]>();
      for (const w of watches) {
        let l = byShard.get(w.shard);
        if (l === undefined) byShard.set(w.shard, (l = []));
        l.push(toCheck(w));
      }
      const results = await Promise.all([...byShard].map(([s, items]) => W.mesh.request<boolean>(s, 'checkwatch', items, run.txn)));
      unwatchAll(conn);
      if (results.some((d) => d)) {
        out.nilArray();
        return;
      }
    }
    out.array(queued.length);
    conn.activeTxn = run.txn;
    for (const q of queued) {
      const cmd = q.cmd;
      if (cmd.conn !== undefined) {
        await cmd.conn(conn, q.argv, out);
        cmd.stats.calls++;
        continue;
      }
      const positions = keyPositions(cmd, q.argv);
      const owners = new Set(positions.map((p) => W.slotOwner[keySlot(q.argv[p])]));
      if (owners.size <= 1) {
        const s = owners.size === 0 ? W.id : [...owners][0];
        const r = await run.exec(s, [[conn.dbIndex, q.argv]], conn.proto);
        out.raw(r.buf);
        continue;
      }
      const sub = new MultiShardRun([...owners].sort((a, b) => a - b), conn, conn.dbIndex, conn.proto);
      (sub as { txn: number }).txn = run.txn;
      if (cmd.multi !== undefined) await cmd.multi(sub, q.argv, out);
      else await runScratch(sub, cmd, q.argv, positions, out);
      cmd.stats.calls++;
    }
  } finally {
    conn.activeTxn = 0;
    run.release();
  }
}

function toCheck(w: WatchRecord): WatchCheck {
  return [w.db, w.key, w.version, w.existed];
}

register([
  {
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy', 'multi-control'],
    categories: ['@fast', '@transaction'],
    group: 'transactions',
    since: '1.2.0',
    summary: 'Mark the start of a transaction block',
    complexity: 'O(1)',
    conn(conn, _argv, out) {
      if (conn.multi !== null) {
        out.error(Err.MULTI_NESTED);
        return;
      }
      conn.multi = [];
      conn.multiError = false;
      out.ok();
    },
  },
  {
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog', 'multi-control', 'fanout'],
    categories: ['@slow', '@transaction'],
    group: 'transactions',
    since: '1.2.0',
    summary: 'Execute all commands issued after MULTI',
    complexity: 'Depends on commands in the transaction',
    conn(conn, _argv, out) {
      return exec(conn, out);
    },
  },
  {
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy', 'multi-control'],
    categories: ['@fast', '@transaction'],
    group: 'transactions',
    since: '2.0.0',
    summary: 'Discard all commands issued after MULTI',
    complexity: 'O(N), when N is the number of queued commands',
    conn(conn, _argv, out) {
      if (conn.multi === null) {
        out.error(Err.DISCARD_WITHOUT_MULTI);
        return;
      }
      discard(conn);
      out.ok();
    },
  },
  {
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy', 'multi-control', 'fanout'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: ['@fast', '@transaction'],
    group: 'transactions',
    since: '2.2.0',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
    complexity: 'O(1) for every key.',
    args: [{ name: 'key', type: 'key', key_spec_index: 0, multiple: true }],
    async conn(conn, argv, out) {
      if (conn.multi !== null) {
        out.error(Err.WATCH_IN_MULTI);
        return;
      }
      for (let i = 1; i < argv.length; i++) {
        const key = argv[i];
        if (conn.watches.some((w) => w.db === conn.dbIndex && w.key === key)) continue;
        const shard = W.slotOwner[keySlot(key)];
        const r = await W.mesh.request<{ version: number; existed: boolean }>(shard, 'watch', { db: conn.dbIndex, key });
        conn.watches.push({ db: conn.dbIndex, key, shard, version: r.version, existed: r.existed, expireAt: -1 });
      }
      out.ok();
    },
  },
  {
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    categories: ['@fast', '@transaction'],
    group: 'transactions',
    since: '2.2.0',
    summary: 'Forget about all watched keys',
    complexity: 'O(1)',
    conn(conn, _argv, out) {
      unwatchAll(conn);
      out.ok();
    },
  },
]);
