/**
 * control/catalogue/config-params.ts — the DCS configuration parameters (`redis_config`) and how
 * they map onto the engine's CONFIG.
 *
 * Owns: PARAMS (id, name, type, range, default, description as in the reference's parameter
 * table), which instance types expose each one, its validation, and engineSettings(): the engine
 * CONFIG values an instance's parameters amount to (including `maxmemory`, derived from the
 * capacity minus `reserved-memory` and `reserved-memory-percent`).
 *
 * Invariants: param ids are the reference's and never change. A parameter with `engine: null` is
 * kept by dcs-control alone (documented in control/README.md): reserved-memory(-percent) act on
 * maxmemory; list-max-ziplist-* and master-read-only have no Redis 7.0 counterpart.
 */

import type { CacheMode, InstanceRow } from '../db/repo.ts';

export interface ParamSpec {
  id: string;
  name: string;
  /** value_type as the API shows it */
  type: 'Integer' | 'Enum' | 'regular';
  /** value_range as the API shows it (for reserved-memory: computed per instance) */
  range: string;
  default: string;
  description: string;
  modes: readonly CacheMode[];
  /** engine CONFIG parameter, or null when dcs-control keeps the value itself */
  engine: string | null;
  min?: number;
  max?: number;
  values?: readonly string[];
}

const ALL: readonly CacheMode[] = ['single', 'ha', 'cluster', 'proxy'];
const REPL: readonly CacheMode[] = ['ha', 'cluster', 'proxy'];

function int(id: string, name: string, min: number, max: number, def: number, description: string, engine: string | null, modes = ALL): ParamSpec {
  return { id, name, type: 'Integer', range: `${min}-${max}`, default: String(def), description, modes, engine, min, max };
}

function en(id: string, name: string, values: readonly string[], def: string, description: string, engine: string | null, modes = ALL): ParamSpec {
  return { id, name, type: 'Enum', range: values.join(','), default: def, description, modes, engine, values };
}

const POLICIES = ['volatile-lru', 'allkeys-lru', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction', 'volatile-lfu', 'allkeys-lfu'];

export const PARAMS: readonly ParamSpec[] = [
  int('1', 'timeout', 0, 7200, 0, 'Close the connection after a client is idle for N seconds (0 to disable)', 'timeout'),
  en('2', 'maxmemory-policy', POLICIES, 'volatile-lru', 'How Redis will select what to remove when maxmemory is reached.', 'maxmemory-policy'),
  int('3', 'hash-max-ziplist-entries', 1, 10000, 512, 'Hashes are encoded using a memory efficient data structure when they have a small number of entries.', 'hash-max-ziplist-entries'),
  int('4', 'hash-max-ziplist-value', 1, 10000, 64, 'Hashes are encoded using a memory efficient data structure when the biggest entry does not exceed a given threshold.', 'hash-max-ziplist-value'),
  int('5', 'list-max-ziplist-entries', 1, 10000, 512, 'Lists are encoded using a memory efficient data structure when they have a small number of entries.', null),
  int('6', 'list-max-ziplist-value', 1, 10000, 64, 'Lists are encoded using a memory efficient data structure when the biggest entry does not exceed a given threshold.', null),
  int('7', 'set-max-intset-entries', 1, 10000, 512, 'When a set is composed of just strings that happen to be integers in radix 10, sets are encoded as intsets up to this size.', 'set-max-intset-entries'),
  int('8', 'zset-max-ziplist-entries', 1, 10000, 128, 'Sorted sets are encoded using a memory efficient data structure when they have a small number of entries.', 'zset-max-ziplist-entries'),
  int('9', 'zset-max-ziplist-value', 1, 10000, 64, 'Sorted sets are encoded using a memory efficient data structure when the biggest entry does not exceed a given threshold.', 'zset-max-ziplist-value'),
  int('10', 'latency-monitor-threshold', 0, 86400000, 0, 'Only events that run in more time than the configured latency-monitor-threshold (ms) are logged; 0 disables the latency monitor.', 'latency-monitor-threshold'),
  int('11', 'maxclients', 1000, 50000, 10000, 'The maximum number of clients allowed to be connected at the same time.', 'maxclients'),
  int('12', 'reserved-memory', 0, 0, 0, 'Reserved memory (MB) that is not used for storing data; it reduces maxmemory. At most half of the capacity and below the free memory.', null),
  {
    id: '13',
    name: 'notify-keyspace-events',
    type: 'regular',
    range: '([KE]+([A]|[g$lshzxe]+)){0,11}',
    default: 'Ex',
    description: 'Keyspace event notifications: K keyspace, E keyevent, g generic, $ string, l list, s set, h hash, z sorted set, x expired, e evicted, A alias for g$lshzxe. Must contain K or E.',
    modes: ALL,
    engine: 'notify-keyspace-events',
  },
  int('14', 'repl-backlog-size', 16384, 1073741824, 1048576, 'The replication backlog size in bytes.', 'repl-backlog-size', REPL),
  int('15', 'repl-backlog-ttl', 0, 604800, 3600, 'Seconds after the last replica disconnects before the backlog is released (0: never).', 'repl-backlog-ttl', REPL),
  en('16', 'appendfsync', ['no', 'always', 'everysec'], 'everysec', 'How often the AOF is fsynced.', 'appendfsync', REPL),
  en('17', 'appendonly', ['yes', 'no'], 'yes', 'Whether to log every write in an append-only file.', 'appendonly', REPL),
  int('18', 'slowlog-log-slower-than', 0, 1000000, 10000, 'Commands slower than this many microseconds are logged in the slow log.', 'slowlog-log-slower-than'),
  int('19', 'slowlog-max-len', 0, 1000, 128, 'The maximum number of entries in the slow log.', 'slowlog-max-len'),
  int('20', 'lua-time-limit', 100, 5000, 5000, 'Maximum execution time of a Lua script in milliseconds.', 'lua-time-limit'),
  int('21', 'repl-timeout', 30, 3600, 60, 'Replication timeout in seconds.', 'repl-timeout', REPL),
  int('22', 'proto-max-bulk-len', 1048576, 536870912, 536870912, 'Maximum size of a single element request in bytes.', 'proto-max-bulk-len'),
  en('23', 'master-read-only', ['yes', 'no'], 'no', 'Sets the instance to read-only; writes are refused.', null, REPL),
  int('24', 'client-output-buffer-slave-soft-limit', 0, 134217728, 13421772, 'Soft limit (bytes) of a replica client output buffer.', 'client-output-buffer-limit', REPL),
  int('25', 'client-output-buffer-slave-hard-limit', 0, 134217728, 13421772, 'Hard limit (bytes) of a replica client output buffer.', 'client-output-buffer-limit', REPL),
  int('26', 'client-output-buffer-limit-slave-soft-seconds', 0, 60, 60, 'Seconds a replica client output buffer may stay above the soft limit.', 'client-output-buffer-limit', REPL),
  int('30', 'reserved-memory-percent', 0, 80, 0, 'Percentage of the capacity reserved for non-cache use; it reduces maxmemory.', null),
];

const BY_NAME = new Map(PARAMS.map((p) => [p.name, p]));

export function paramByName(name: string): ParamSpec | undefined {
  return BY_NAME.get(name);
}

/** Parameters an instance type exposes, in id order. */
export function paramsFor(mode: CacheMode): ParamSpec[] {
  return PARAMS.filter((p) => p.modes.includes(mode));
}

/** reserved-memory's upper bound (MB) for a capacity. */
export function reservedMemoryMax(capacityMb: number): number {
  return Math.floor(capacityMb / 2);
}

/** The value_range shown for a parameter of an instance. */
export function rangeOf(p: ParamSpec, inst: InstanceRow): string {
  return p.name === 'reserved-memory' ? `0-${reservedMemoryMax(inst.capacity_mb)}` : p.range;
}

function validKeyspaceEvents(v: string): boolean {
  if (v === '') return true;
  if (!/^[KEAg$lshzxe]+$/.test(v)) return false;
  if (!/[KE]/.test(v)) return false;
  const hasA = v.includes('A');
  const hasClass = /[g$lshzxe]/.test(v);
  if (hasA && hasClass) return false;
  return hasA || hasClass;
}

/** Checks one value against its parameter for an instance; returns the normalized value or null. */
export function checkValue(p: ParamSpec, raw: string, inst: InstanceRow): string | null {
  const v = raw.trim();
  if (p.type === 'Integer') {
    if (!/^\d{1,12}$/.test(v)) return null;
    const n = Number(v);
    const max = p.name === 'reserved-memory' ? reservedMemoryMax(inst.capacity_mb) : (p.max ?? Number.MAX_SAFE_INTEGER);
    if (n < (p.min ?? 0) || n > max) return null;
    return String(n);
  }
  if (p.type === 'Enum') return p.values?.includes(v) ? v : null;
  return validKeyspaceEvents(v) ? v : null;
}

/** The parameters of an instance: its stored values over the defaults. */
export function effectiveParams(inst: InstanceRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paramsFor(inst.cache_mode)) out[p.name] = inst.config[p.name] ?? p.default;
  return out;
}

const MB = 1024 * 1024;

/** maxmemory in bytes: the capacity minus the reserved memory (never below 1 MB). */
export function maxmemoryBytes(inst: InstanceRow, params = effectiveParams(inst)): number {
  const cap = inst.capacity_mb * MB;
  const reserved = Number(params['reserved-memory'] ?? '0') * MB;
  const pct = Number(params['reserved-memory-percent'] ?? '0');
  return Math.max(MB, Math.floor(cap - reserved - (cap * pct) / 100));
}

/**
 * The engine CONFIG settings an instance amounts to, as [name, value] pairs: every engine-mapped
 * parameter plus maxmemory. `only` restricts the result to what a change of those DCS parameters
 * touches.
 */
export function engineSettings(inst: InstanceRow, only?: ReadonlySet<string>): [string, string][] {
  const params = effectiveParams(inst);
  const out: [string, string][] = [];
  let outputBuffer = false;
  for (const p of paramsFor(inst.cache_mode)) {
    if (only !== undefined && !only.has(p.name)) continue;
    if (p.engine === null) continue;
    if (p.engine === 'client-output-buffer-limit') {
      outputBuffer = true;
      continue;
    }
    out.push([p.engine, params[p.name] ?? p.default]);
  }
  if (outputBuffer) {
    const hard = params['client-output-buffer-slave-hard-limit'] ?? '13421772';
    const soft = params['client-output-buffer-slave-soft-limit'] ?? '13421772';
    const secs = params['client-output-buffer-limit-slave-soft-seconds'] ?? '60';
    out.push(['client-output-buffer-limit', `replica ${hard} ${soft} ${secs}`]);
  }
  if (only === undefined || only.has('reserved-memory') || only.has('reserved-memory-percent') || only.has('maxmemory')) {
    out.push(['maxmemory', String(maxmemoryBytes(inst, params))]);
  }
  return out;
}
