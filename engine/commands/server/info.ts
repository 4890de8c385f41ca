/**
 * INFO [section ...]: Redis 7.0's sections and field names, assembled from every worker.
 *
 * Statistics live per worker (W.stats, each Command's `stats`, the shard's hit/miss/expiry
 * counters and databases); INFO sends the non-gated mesh op 'srv.info' to every worker, which
 * answers with a plain snapshot of its counters for the requested sections, and sums them.
 * Each worker also samples its command and network counters every 100 ms (the "instantaneous"
 * fields, as Redis's serverCron does) and tracks its own peak memory. Runs on worker threads.
 */

import os from 'node:os';
import v8 from 'node:v8';
import { createHash } from 'node:crypto';
import { register, everyCommand } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import { W } from '../../worker/state.ts';
import { registerOp } from '../../worker/mesh.ts';
import { VERSION, REDIS_VERSION } from '../../version.ts';
import { serverDef } from './spec.ts';
import { persistenceInfoFields } from '../../persist/status.ts';

// ---------------------------------------------------------------------------
// Per-worker sampling (instantaneous_* fields, memory peak)

const SAMPLES = 16;
const SAMPLE_MS = 100;

interface Metric {
  last: number;
  lastAt: number;
  ring: number[];
  idx: number;
}

function newMetric(): Metric {
  return { last: -1, lastAt: 0, ring: new Array<number>(SAMPLES).fill(0), idx: 0 };
}

const metrics = { ops: newMetric(), netIn: newMetric(), netOut: newMetric() };
let memoryPeak = 0;
let memoryStartup = 0;

function track(m: Metric, value: number, now: number): void {
  if (m.last >= 0 && now > m.lastAt) {
    m.ring[m.idx] = ((value - m.last) * 1000) / (now - m.lastAt);
    m.idx = (m.idx + 1) % SAMPLES;
  }
  m.last = value;
  m.lastAt = now;
}

function mean(m: Metric): number {
  let s = 0;
  for (const v of m.ring) s += v;
  return s / SAMPLES;
}

function heapBytes(): number {
  const h = v8.getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

function sample(): void {
  if (W === undefined) return;
  const now = performance.now();
  const s = W.stats;
  track(metrics.ops, s.commandsProcessed, now);
  track(metrics.netIn, s.netInputBytes, now);
  track(metrics.netOut, s.netOutputBytes, now);
  const used = heapBytes();
  if (memoryStartup === 0 || used < memoryStartup) memoryStartup = used;
  if (used > memoryPeak) memoryPeak = used;
}

setInterval(sample, SAMPLE_MS).unref();

/** CONFIG RESETSTAT: forget the samples of the counters that were reset. */
export function resetInfoSamples(): void {
  metrics.ops = newMetric();
  metrics.netIn = newMetric();
  metrics.netOut = newMetric();
}

// ---------------------------------------------------------------------------
// The per-worker snapshot

const SECTION_ORDER = [
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'commandstats',
  'errorstats', 'latencystats', 'cluster', 'keyspace',
];
const DEFAULT_SECTIONS = new Set(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);

export interface WorkerInfo {
  id: number;
  connections: number;
  maxInputBuffer: number;
  maxOutputBuffer: number;
  channels: string[];
  patterns: string[];
  shardChannels: string[];
  connectionsReceived: number;
  rejectedConnections: number;
  commandsProcessed: number;
  netInputBytes: number;
  netOutputBytes: number;
  unexpectedErrorReplies: number;
  opsPerSec: number;
  inputKbps: number;
  outputKbps: number;
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  errors: [string, number][];
  /** fullName, calls, usec, rejected, failed */
  cmdstats: [string, number, number, number, number][];
  memoryUsed: number;
  memoryPeak: number;
  memoryStartup: number;
  heapTotal: number;
  /** db, keys, expires, sum of sampled TTLs (ms), sampled TTL count */
  keyspace: [number, number, number, number, number][];
}

const TTL_SAMPLE = 1000;

function snapshot(sections: string[]): WorkerInfo {
  const want = new Set(sections);
  const s = W.stats;
  const shard = W.shard;
  const info: WorkerInfo = {
    id: W.id,
    connections: W.connections.size,
    maxInputBuffer: 0,
    maxOutputBuffer: 0,
    channels: [],
    patterns: [],
    shardChannels: [],
    connectionsReceived: s.connectionsReceived,
    rejectedConnections: s.rejectedConnections,
    commandsProcessed: s.commandsProcessed,
    netInputBytes: s.netInputBytes,
    netOutputBytes: s.netOutputBytes,
    unexpectedErrorReplies: s.unexpectedErrorReplies,
    opsPerSec: mean(metrics.ops),
    inputKbps: mean(metrics.netIn) / 1024,
    outputKbps: mean(metrics.netOut) / 1024,
    expiredKeys: 0,
    keyspaceHits: shard.keyspaceHits,
    keyspaceMisses: shard.keyspaceMisses,
    errors: [...s.errorReplies],
    cmdstats: [],
    memoryUsed: 0,
    memoryPeak: 0,
    memoryStartup,
    heapTotal: 0,
    keyspace: [],
  };
  for (const db of shard.dbs) info.expiredKeys += db.expiredCount;
  if (want.has('clients')) {
    for (const c of W.connections.values()) {
      const q = c.queryBufferLength();
      if (q > info.maxInputBuffer) info.maxInputBuffer = q;
    }
  }
  if (want.has('stats')) {
    const ch = new Set<string>();
    const pa = new Set<string>();
    const sc = new Set<string>();
    for (const c of W.connections.values()) {
      for (const x of c.channels) ch.add(x);
      for (const x of c.patterns) pa.add(x);
      for (const x of c.shardChannels) sc.add(x);
    }
    info.channels = [...ch];
    info.patterns = [...pa];
    info.shardChannels = [...sc];
  }
  if (want.has('commandstats')) {
    for (const c of everyCommand()) {
      const st = c.stats;
      if (st.calls === 0 && st.rejected === 0 && st.failed === 0) continue;
      info.cmdstats.push([c.fullName, st.calls, st.usec, st.rejected, st.failed]);
    }
  }
  if (want.has('memory')) {
    const h = v8.getHeapStatistics();
    info.memoryUsed = h.used_heap_size + h.external_memory;
    if (info.memoryUsed > memoryPeak) memoryPeak = info.memoryUsed;
    info.memoryPeak = memoryPeak;
    info.heapTotal = h.total_heap_size + h.external_memory;
  }
  if (want.has('keyspace')) {
    const now = Date.now();
    for (const db of shard.dbs) {
      if (db.size === 0) continue;
      let sum = 0;
      let n = 0;
      for (const at of db.expires.values()) {
        if (at > now) {
          sum += at - now;
          n++;
        }
        if (n >= TTL_SAMPLE) break;
      }
      info.keyspace.push([db.index, db.size, db.expires.size, sum, n]);
    }
  }
  return info;
}

registerOp('srv.info', {
  gated: false,
  run(_shard, sections: string[], respond) {
    respond(snapshot(sections));
  },
});

// ---------------------------------------------------------------------------
// Formatting

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

function cpuTime(usec: number): string {
  const sec = Math.floor(usec / 1e6);
  return `${sec}.${String(Math.floor(usec % 1e6)).padStart(6, '0')}`;
}

let replId = '';
function masterReplId(): string {
  if (replId === '') replId = createHash('sha1').update(`${W.runId}:replid`).digest('hex');
  return replId;
}

const buildId = createHash('sha1').update(`dcs-engine ${VERSION}`).digest('hex').slice(0, 15);

type Lines = (string | [string, string | number])[];

function section(title: string, lines: Lines): string {
  let s = `# ${title}\r\n`;
  for (const l of lines) s += typeof l === 'string' ? `${l}\r\n` : `${l[0]}:${l[1]}\r\n`;
  return s;
}

function sum(all: WorkerInfo[], f: (w: WorkerInfo) => number): number {
  let n = 0;
  for (const w of all) n += f(w);
  return n;
}

function serverSection(): string {
  const nowMs = Date.now();
  const uptime = Math.floor((nowMs - W.startTime) / 1000);
  const hz = W.config.int('hz');
  return section('Server', [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', buildId],
    ['redis_mode', 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', process.arch.endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', W.runId],
    ['tcp_port', W.port],
    ['server_time_usec', nowMs * 1000 + Math.floor((performance.now() % 1) * 1000)],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(nowMs / 1000) & 0xffffff],
    ['executable', W.executable],
    ['config_file', W.configFile],
    ['io_threads_active', 0],
    ['dcs_engine_version', VERSION],
    ['dcs_node_version', process.version],
    ['shards', W.shards],
  ]);
}

function clientsSection(all: WorkerInfo[]): string {
  return section('Clients', [
    ['connected_clients', Atomics.load(W.clientCount, 0)],
    ['cluster_connections', 0],
    ['maxclients', W.maxclients],
    ['client_recent_max_input_buffer', Math.max(0, ...all.map((w) => w.maxInputBuffer))],
    ['client_recent_max_output_buffer', Math.max(0, ...all.map((w) => w.maxOutputBuffer))],
    ['blocked_clients', 0],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', 0],
  ]);
}

function memorySection(all: WorkerInfo[]): string {
  const used = sum(all, (w) => w.memoryUsed);
  const peak = Math.max(used, sum(all, (w) => w.memoryPeak));
  const startup = sum(all, (w) => w.memoryStartup);
  const active = sum(all, (w) => w.heapTotal);
  const rss = process.memoryUsage.rss();
  const overhead = Math.min(used, startup);
  const dataset = Math.max(0, used - overhead);
  const maxmemory = W.config.int('maxmemory');
  const total = os.totalmem();
  const pct = (a: number, b: number): string => `${(b === 0 ? 0 : (a * 100) / b).toFixed(2)}%`;
  const ratio = (a: number, b: number): string => (b === 0 ? 0 : a / b).toFixed(2);
  return section('Memory', [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', peak],
    ['used_memory_peak_human', bytesToHuman(peak)],
    ['used_memory_peak_perc', pct(used, peak)],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', pct(dataset, used - startup > 0 ? used - startup : used)],
    ['allocator_allocated', used],
    ['allocator_active', active],
    ['allocator_resident', rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', W.config.str('maxmemory-policy')],
    ['allocator_frag_ratio', ratio(active, used)],
    ['allocator_frag_bytes', Math.max(0, active - used)],
    ['allocator_rss_ratio', ratio(rss, active)],
    ['allocator_rss_bytes', Math.max(0, rss - active)],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(rss, used)],
    ['mem_fragmentation_bytes', rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', 0],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]);
}

function persistenceSection(): string {
  // RDB fields from the persistence status shared by all threads (engine/persist/status.ts)
  const rdb = persistenceInfoFields();
  return section('Persistence', [
    ...(rdb.length > 0 ? rdb : PERSISTENCE_DEFAULTS),
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ]);
}

/** Persistence fields before the status block exists (never, once the engine has started). */
const PERSISTENCE_DEFAULTS: Array<[string, string | number]> = [
  ['loading', 0],
  ['rdb_bgsave_in_progress', 0],
  ['rdb_last_bgsave_status', 'ok'],
];

/** LASTSAVE and rdb_last_save_time: the start time until persistence exists. */
export function lastSaveTime(): number {
  return Math.floor(W.startTime / 1000);
}

function union(all: WorkerInfo[], f: (w: WorkerInfo) => string[]): number {
  const s = new Set<string>();
  for (const w of all) for (const x of f(w)) s.add(x);
  return s.size;
}

function statsSection(all: WorkerInfo[]): string {
  let errors = 0;
  for (const w of all) for (const [, n] of w.errors) errors += n;
  return section('Stats', [
    ['total_connections_received', sum(all, (w) => w.connectionsReceived)],
    ['total_commands_processed', sum(all, (w) => w.commandsProcessed)],
    ['instantaneous_ops_per_sec', Math.round(sum(all, (w) => w.opsPerSec))],
    ['total_net_input_bytes', sum(all, (w) => w.netInputBytes)],
    ['total_net_output_bytes', sum(all, (w) => w.netOutputBytes)],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', sum(all, (w) => w.inputKbps).toFixed(2)],
    ['instantaneous_output_kbps', sum(all, (w) => w.outputKbps).toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', sum(all, (w) => w.rejectedConnections)],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', sum(all, (w) => w.expiredKeys)],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', 0],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', sum(all, (w) => w.keyspaceHits)],
    ['keyspace_misses', sum(all, (w) => w.keyspaceMisses)],
    ['pubsub_channels', union(all, (w) => w.channels)],
    ['pubsub_patterns', union(all, (w) => w.patterns)],
    ['pubsubshard_channels', union(all, (w) => w.shardChannels)],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', sum(all, (w) => w.unexpectedErrorReplies)],
    ['total_error_replies', errors],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', 0],
    ['total_writes_processed', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ]);
}

function replicationSection(): string {
  return section('Replication', [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', masterReplId()],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', W.config.int('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]);
}

function cpuSection(): string {
  const p = process.cpuUsage();
  const t = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : p;
  return section('CPU', [
    ['used_cpu_sys', cpuTime(p.system)],
    ['used_cpu_user', cpuTime(p.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', cpuTime(t.system)],
    ['used_cpu_user_main_thread', cpuTime(t.user)],
  ]);
}

function commandstatsSection(all: WorkerInfo[]): string {
  const by = new Map<string, [number, number, number, number]>();
  for (const w of all) {
    for (const [name, calls, usec, rejected, failed] of w.cmdstats) {
      const e = by.get(name);
      if (e === undefined) by.set(name, [calls, usec, rejected, failed]);
      else {
        e[0] += calls;
        e[1] += usec;
        e[2] += rejected;
        e[3] += failed;
      }
    }
  }
  const lines: Lines = [];
  for (const [name, [calls, usec, rejected, failed]] of by) {
    const u = Math.floor(usec);
    const per = calls === 0 ? 0 : usec / calls;
    lines.push(`cmdstat_${name}:calls=${calls},usec=${u},usec_per_call=${per.toFixed(2)},rejected_calls=${rejected},failed_calls=${failed}`);
  }
  return section('Commandstats', lines);
}

function errorstatsSection(all: WorkerInfo[]): string {
  const by = new Map<string, number>();
  for (const w of all) for (const [code, n] of w.errors) by.set(code, (by.get(code) ?? 0) + n);
  const codes = [...by.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return section('Errorstats', codes.map((c) => `errorstat_${c}:count=${by.get(c)}`));
}

function keyspaceSection(all: WorkerInfo[]): string {
  const by = new Map<number, [number, number, number, number]>();
  for (const w of all) {
    for (const [db, keys, expires, ttlSum, ttlN] of w.keyspace) {
      const e = by.get(db);
      if (e === undefined) by.set(db, [keys, expires, ttlSum, ttlN]);
      else {
        e[0] += keys;
        e[1] += expires;
        e[2] += ttlSum;
        e[3] += ttlN;
      }
    }
  }
  const lines: Lines = [];
  for (const db of [...by.keys()].sort((a, b) => a - b)) {
    const [keys, expires, ttlSum, ttlN] = by.get(db)!;
    const avg = ttlN === 0 ? 0 : Math.floor(ttlSum / ttlN);
    lines.push(`db${db}:keys=${keys},expires=${expires},avg_ttl=${avg}`);
  }
  return section('Keyspace', lines);
}

/** The sections an INFO argument list selects, in output order. */
export function selectSections(args: readonly string[]): string[] {
  const want = new Set<string>();
  if (args.length === 0) for (const s of DEFAULT_SECTIONS) want.add(s);
  for (const raw of args) {
    const a = raw.toLowerCase();
    if (a === 'all' || a === 'everything') for (const s of SECTION_ORDER) want.add(s);
    else if (a === 'default') for (const s of DEFAULT_SECTIONS) want.add(s);
    else want.add(a);
  }
  return SECTION_ORDER.filter((s) => want.has(s));
}

/** Builds the INFO text for the given sections (gathering from every worker). */
export async function infoText(sections: string[]): Promise<string> {
  const needWorkers = sections.some((s) => s !== 'server' && s !== 'persistence' && s !== 'replication' && s !== 'cpu' && s !== 'modules' && s !== 'cluster' && s !== 'latencystats');
  const all = needWorkers ? await W.mesh.all<WorkerInfo>('srv.info', sections) : [];
  const parts: string[] = [];
  for (const s of sections) {
    switch (s) {
      case 'server': parts.push(serverSection()); break;
      case 'clients': parts.push(clientsSection(all)); break;
      case 'memory': parts.push(memorySection(all)); break;
      case 'persistence': parts.push(persistenceSection()); break;
      case 'stats': parts.push(statsSection(all)); break;
      case 'replication': parts.push(replicationSection()); break;
      case 'cpu': parts.push(cpuSection()); break;
      case 'modules': parts.push(section('Modules', [])); break;
      case 'commandstats': parts.push(commandstatsSection(all)); break;
      case 'errorstats': parts.push(errorstatsSection(all)); break;
      case 'latencystats': parts.push(section('Latencystats', [])); break;
      case 'cluster': parts.push(section('Cluster', [['cluster_enabled', W.config.bool('cluster-enabled') ? 1 : 0]])); break;
      case 'keyspace': parts.push(keyspaceSection(all)); break;
    }
  }
  return parts.join('\r\n');
}

async function info(argv: string[], out: Reply): Promise<void> {
  const text = await infoText(selectSections(argv.slice(1)));
  out.verbatim(text);
}

register([serverDef('info', { internal: ['fanout'], conn: (_c, argv, out) => info(argv, out) })]);
