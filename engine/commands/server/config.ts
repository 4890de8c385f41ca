/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP.
 *
 * Every worker holds its own copy of the configuration (W.config) and the main thread holds the
 * authoritative one. CONFIG SET is validated on the connection's worker, then applied by one
 * coordinating worker (worker 0, mesh op 'srv.config-set': EngineConfig.applySet, all or nothing,
 * exact Redis error texts), which sends the new canonical values to every other worker (mesh op
 * 'srv.config-update', which also re-applies the cached values through applyConfig()) and to the
 * main thread. The reply waits until every worker has the change. Because one worker applies and
 * sends every change, concurrent CONFIG SETs from different workers reach all copies in the same
 * order and the copies never diverge.
 * CONFIG RESETSTAT resets the INFO counters of every worker. Runs on the connection's worker.
 */

import { parentPort } from 'node:worker_threads';
import { register, everyCommand } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import type { Connection } from '../../worker/connection.ts';
import { Err } from '../../errors.ts';
import { W } from '../../worker/state.ts';
import { registerOp } from '../../worker/mesh.ts';
import { applyConfig } from '../../worker/apply-config.ts';
import { lookupParam } from '../../config/params.ts';
import { serverDef } from './spec.ts';
import { helpReply } from './help.ts';
import { isLocalPeer } from './util.ts';
import { resetInfoSamples } from './info.ts';

registerOp('srv.config-update', {
  gated: false,
  run(_shard, record: Record<string, string>, respond) {
    W.config.update(record);
    applyConfig();
    respond(null);
  },
});

registerOp('srv.resetstat', {
  gated: false,
  run(_shard, _args, respond) {
    resetStats();
    respond(null);
  },
});

/** Zeroes this worker's INFO statistics (CONFIG RESETSTAT). */
export function resetStats(): void {
  const s = W.stats;
  s.connectionsReceived = 0;
  s.rejectedConnections = 0;
  s.commandsProcessed = 0;
  s.netInputBytes = 0;
  s.netOutputBytes = 0;
  s.errorReplies.clear();
  s.unexpectedErrorReplies = 0;
  const shard = W.shard;
  shard.expiredKeys = 0;
  shard.keyspaceHits = 0;
  shard.keyspaceMisses = 0;
  for (const db of shard.dbs) db.expiredCount = 0;
  for (const c of everyCommand()) {
    c.stats.calls = 0;
    c.stats.usec = 0;
    c.stats.rejected = 0;
    c.stats.failed = 0;
  }
  resetInfoSamples();
}

function configGet(argv: string[], out: Reply): void {
  const entries = W.config.configGet(argv.slice(2));
  out.map(entries.length);
  for (const [k, v] of entries) {
    out.bulk(k);
    out.bulk(v);
  }
}

/** The worker that orders every CONFIG SET, so all workers apply concurrent changes in one order. */
const CONFIG_COORDINATOR = 0;

interface ConfigSetArgs {
  pairs: [string, string][];
  localClient: boolean;
}

registerOp('srv.config-set', {
  gated: false,
  run(_shard, a: ConfigSetArgs, respond) {
    const err = W.config.applySet(a.pairs, { localClient: a.localClient });
    if (err !== null) {
      respond(err);
      return;
    }
    const record: Record<string, string> = {};
    for (const [name] of a.pairs) {
      const spec = lookupParam(name);
      if (spec !== undefined) record[spec.name] = W.config.str(spec.name);
    }
    applyConfig();
    // sent now, synchronously: every worker receives the changes in the order they were applied here
    const sent: Promise<unknown>[] = [];
    for (let s = 0; s < W.shards; s++) if (s !== W.id) sent.push(W.mesh.request(s, 'srv.config-update', record));
    parentPort?.postMessage({ t: 'config', record });
    void Promise.all(sent).then(() => respond(null));
  },
});

async function configSet(conn: Connection, argv: string[], out: Reply): Promise<void> {
  if ((argv.length & 1) !== 0) {
    out.error(Err.SYNTAX);
    return;
  }
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  const localClient = isLocalPeer(conn);
  // refuse invalid changes without a round trip; the coordinator validates again when it applies
  const invalid = W.config.validateSet(pairs, { localClient });
  if (invalid !== null) {
    out.error(invalid);
    return;
  }
  const err = await W.mesh.request<string | null>(CONFIG_COORDINATOR, 'srv.config-set', { pairs, localClient } satisfies ConfigSetArgs);
  if (err !== null) out.error(err);
  else out.ok();
}

async function configResetStat(out: Reply): Promise<void> {
  await W.mesh.all('srv.resetstat', null);
  out.ok();
}

function configRewrite(out: Reply): void {
  const err = W.config.rewrite(W.configFile === '' ? null : W.configFile);
  if (err !== null) out.error(err);
  else out.ok();
}

const HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

register([
  serverDef('config', {
    subcommands: [
      serverDef('config|get', { conn: (_c, argv, out) => configGet(argv, out) }),
      serverDef('config|set', { internal: ['fanout'], conn: (conn, argv, out) => configSet(conn, argv, out) }),
      serverDef('config|resetstat', { internal: ['fanout'], conn: (_c, _a, out) => configResetStat(out) }),
      serverDef('config|rewrite', { conn: (_c, _a, out) => configRewrite(out) }),
      serverDef('config|help', { conn: (_c, _a, out) => helpReply(out, HELP) }),
    ],
  }),
]);
