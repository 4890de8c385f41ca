/*
 * engine/config/params.ts — the table of every configuration parameter
 * dcs-engine knows, and the codecs that turn user input into canonical values.
 *
 * Owns:
 *   - PARAMS: one entry per Redis 7.0.15 configuration parameter (all 173 that
 *     `CONFIG GET *` lists, with their 19 legacy aliases) plus the project's own
 *     `shards`. Each entry has its canonical name, aliases, type, bounds,
 *     Redis 7.0 default (exactly as CONFIG GET prints it), whether CONFIG SET
 *     may change it, and whether dcs-engine implements it.
 *   - parseValue(): validation + canonicalisation with Redis 7.0's exact error
 *     texts (the part after "CONFIG SET failed (...) - ").
 *   - displayValue() (CONFIG GET form) and rewriteEntries() (CONFIG REWRITE
 *     lines and "force" flags).
 *
 * Invariants:
 *   - A canonical value is a string; for every parameter except
 *     notify-keyspace-events it is exactly what CONFIG GET prints. (Redis hides
 *     the 'n' class when 'A' is set; the stored value keeps it, see
 *     formatKeyspaceEvents.)
 *   - parseValue(spec, args, ctx) never mutates anything; `ctx.current` is the
 *     value being modified (needed by client-output-buffer-limit, which updates
 *     only the classes given) and `ctx.cwd` resolves a relative `dir`.
 *   - implemented === false: only the default value is accepted; anything else
 *     is refused by the loader and by CONFIG SET with
 *     "'<name> <value>' is not supported yet by dcs-engine".
 *     inert === true: any valid value is accepted and reported back, but it has
 *     no effect on dcs-engine (knobs of features the engine does not have, or
 *     tuning that does not apply to a JavaScript engine).
 *   - `dir` has no static default: it defaults to the working directory at
 *     startup (spec.default is '').
 *
 * Threads: pure data and pure functions (except parseValue for `dir`, which
 * stats the file system). Loaded on the main thread; worker threads import it
 * through store.ts for the table and display helpers.
 */

import fs from 'node:fs';
import path from 'node:path';
import {
  LLONG_MAX, ULLONG_MAX, formatMemory, memtoull, reprArg, splitArgs, string2ll, strtollDetailed,
} from './text.ts';

export type ParamType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export type SpecialKind =
  | 'save'
  | 'bind'
  | 'dir'
  | 'notify-keyspace-events'
  | 'client-output-buffer-limit'
  | 'oom-score-adj-values'
  | 'latency-tracking-info-percentiles'
  | 'replicaof';

interface ParamCommon {
  /** Canonical (lower-case) name. */
  readonly name: string;
  /** Legacy names accepted everywhere (config file, CONFIG GET/SET). */
  readonly aliases: readonly string[];
  /** CONFIG SET allowed (false: "can't set immutable config"). */
  readonly mutable: boolean;
  /** CONFIG SET only when enable-protected-configs allows it (dir, dbfilename). */
  readonly protected: boolean;
  /** Value must be redacted from logs / SLOWLOG / MONITOR. */
  readonly sensitive: boolean;
  /** Takes several words (save, bind, ...). */
  readonly multiArg: boolean;
  /** false: only the default value is accepted ("not supported yet"). */
  readonly implemented: boolean;
  /** Accepted and stored but without effect in dcs-engine. */
  readonly inert: boolean;
  /** Redis 7.0 default, as CONFIG GET prints it ('' for dir: the startup cwd). */
  readonly default: string;
}

export interface BoolParam extends ParamCommon {
  readonly type: 'bool';
}

export interface IntParam extends ParamCommon {
  readonly type: 'int';
  readonly min: bigint;
  readonly max: bigint;
  /** C unsigned type: bounds are checked on the value reinterpreted as u64. */
  readonly unsigned: boolean;
  /** Parsed and printed in octal (unixsocketperm). */
  readonly octal: boolean;
  /** Accepted range is [min,max] but the stored value is clamped (hz). */
  readonly clamp: readonly [bigint, bigint] | null;
}

export interface MemoryParam extends ParamCommon {
  readonly type: 'memory';
  readonly min: bigint;
  readonly max: bigint;
  readonly unsigned: boolean;
  /** Also accepts "N%" (maxmemory-clients). */
  readonly percent: boolean;
}

export interface EnumParam extends ParamCommon {
  readonly type: 'enum';
  /** Every accepted name, in Redis' order (used verbatim in the error text). */
  readonly values: readonly string[];
  /** Accepted names that are printed as another name (oom-score-adj relative -> yes). */
  readonly synonyms: Readonly<Record<string, string>>;
  /** Several names may be combined (shutdown-on-sigint); values[0] is "none". */
  readonly flags: boolean;
}

export interface StringParam extends ParamCommon {
  readonly type: 'string';
  /** Redis stores "" as NULL: CONFIG REWRITE then removes the line. */
  readonly emptyIsNull: boolean;
  readonly check: ((value: string) => string | null) | null;
}

export interface SpecialParam extends ParamCommon {
  readonly type: 'special';
  readonly kind: SpecialKind;
}

export type ParamSpec = BoolParam | IntParam | MemoryParam | EnumParam | StringParam | SpecialParam;

/* ------------------------------------------------------------------------ */
/* Table builders                                                            */
/* ------------------------------------------------------------------------ */

interface Opts {
  aliases?: readonly string[];
  immutable?: boolean;
  protected?: boolean;
  sensitive?: boolean;
  /** Not implemented: only the default is accepted. */
  notImpl?: boolean;
  inert?: boolean;
}

function common(name: string, def: string, o: Opts, multiArg = false): ParamCommon {
  return {
    name,
    aliases: o.aliases ?? [],
    mutable: !o.immutable,
    protected: o.protected ?? false,
    sensitive: o.sensitive ?? false,
    multiArg,
    implemented: !o.notImpl,
    inert: o.inert ?? false,
    default: def,
  };
}

function bool(name: string, def: boolean, o: Opts = {}): BoolParam {
  return { ...common(name, def ? 'yes' : 'no', o), type: 'bool' };
}

interface IntOpts extends Opts {
  unsigned?: boolean;
  octal?: boolean;
  clamp?: readonly [bigint, bigint];
}

function int(name: string, min: bigint, max: bigint, def: bigint, o: IntOpts = {}): IntParam {
  return {
    ...common(name, o.octal ? def.toString(8) : def.toString(), o),
    type: 'int',
    min,
    max,
    unsigned: o.unsigned ?? false,
    octal: o.octal ?? false,
    clamp: o.clamp ?? null,
  };
}

function mem(name: string, min: bigint, max: bigint, def: bigint,
  o: Opts & { unsigned?: boolean; percent?: boolean } = {}): MemoryParam {
  return {
    ...common(name, def.toString(), o),
    type: 'memory',
    min,
    max,
    unsigned: o.unsigned ?? false,
    percent: o.percent ?? false,
  };
}

function enumOf(name: string, values: readonly string[], def: string,
  o: Opts & { synonyms?: Record<string, string>; flags?: boolean } = {}): EnumParam {
  return {
    ...common(name, def, o, o.flags ?? false),
    type: 'enum',
    values,
    synonyms: o.synonyms ?? {},
    flags: o.flags ?? false,
  };
}

function str(name: string, def: string | null,
  o: Opts & { check?: (v: string) => string | null } = {}): StringParam {
  return {
    ...common(name, def ?? '', o),
    type: 'string',
    emptyIsNull: def === null,
    check: o.check ?? null,
  };
}

function special(name: string, kind: SpecialKind, def: string, multiArg: boolean, o: Opts = {}): SpecialParam {
  return { ...common(name, def, o, multiArg), type: 'special', kind };
}

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = LLONG_MAX;

/* ------------------------------------------------------------------------ */
/* String validators (Redis 7.0 texts)                                      */
/* ------------------------------------------------------------------------ */

function isBaseName(v: string): boolean {
  return !v.includes('/') && !v.includes('\\');
}

function checkDbFilename(v: string): string | null {
  return isBaseName(v) ? null : "dbfilename can't be a path, just a filename";
}

function checkAofFilename(v: string): string | null {
  if (v === '') return "appendfilename can't be empty";
  return isBaseName(v) ? null : "appendfilename can't be a path, just a filename";
}

function checkAofDirname(v: string): string | null {
  if (v === '') return "appenddirname can't be empty";
  return isBaseName(v) ? null : "appenddirname can't be a path, just a dirname";
}

function checkHostname(v: string): string | null {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return null;
}

const PROC_TITLE_VARS = new Set(['title', 'listen-addr', 'server-mode', 'port', 'tls-port', 'unixsocket', 'config-file']);

function checkProcTitle(v: string): string | null {
  const bad = 'template format is invalid or contains unknown variables';
  if (v.trim() === '') return bad;
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== '{') continue;
    const end = v.indexOf('}', i + 1);
    if (end < 0 || !PROC_TITLE_VARS.has(v.slice(i + 1, end))) return bad;
    i = end;
  }
  return null;
}

/* ------------------------------------------------------------------------ */
/* The table                                                                 */
/* ------------------------------------------------------------------------ */

const NI: Opts = { notImpl: true };
const INERT: Opts = { inert: true };

export const DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT =
  'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60';

export const PARAMS: readonly ParamSpec[] = [
  // --- Network ---------------------------------------------------------------
  special('bind', 'bind', '127.0.0.1 -::1', true),
  bool('protected-mode', true),
  int('port', 0n, 65535n, 6379n),
  int('tcp-backlog', 0n, INT_MAX, 511n, { immutable: true }),
  str('unixsocket', null, { immutable: true, notImpl: true }),
  int('unixsocketperm', 0n, 0o777n, 0n, { immutable: true, unsigned: true, octal: true, inert: true }),
  int('timeout', 0n, INT_MAX, 0n),
  int('tcp-keepalive', 0n, INT_MAX, 300n),
  int('socket-mark-id', 0n, UINT_MAX, 0n, { immutable: true, unsigned: true, inert: true }),
  str('bind-source-addr', null, INERT),

  // --- TLS (dcs-engine has no TLS listener: tls-port must stay 0) -------------
  int('tls-port', 0n, 65535n, 0n, NI),
  str('tls-cert-file', null, INERT),
  str('tls-key-file', null, INERT),
  str('tls-key-file-pass', null, { inert: true, sensitive: true }),
  str('tls-client-cert-file', null, INERT),
  str('tls-client-key-file', null, INERT),
  str('tls-client-key-file-pass', null, { inert: true, sensitive: true }),
  str('tls-dh-params-file', null, INERT),
  str('tls-ca-cert-file', null, INERT),
  str('tls-ca-cert-dir', null, INERT),
  enumOf('tls-auth-clients', ['no', 'yes', 'optional'], 'yes', INERT),
  bool('tls-replication', false, NI),
  bool('tls-cluster', false, NI),
  str('tls-protocols', null, INERT),
  str('tls-ciphers', null, INERT),
  str('tls-ciphersuites', null, INERT),
  bool('tls-prefer-server-ciphers', false, INERT),
  bool('tls-session-caching', true, INERT),
  int('tls-session-cache-size', 0n, INT_MAX, 20480n, INERT),
  int('tls-session-cache-timeout', 0n, INT_MAX, 300n, INERT),

  // --- General -----------------------------------------------------------------
  bool('daemonize', false, { immutable: true, notImpl: true }),
  enumOf('supervised', ['upstart', 'systemd', 'auto', 'no'], 'no', { immutable: true, notImpl: true }),
  str('pidfile', null, { immutable: true }),
  enumOf('loglevel', ['debug', 'verbose', 'notice', 'warning'], 'notice'),
  str('logfile', '', { immutable: true }),
  bool('syslog-enabled', false, { immutable: true, notImpl: true }),
  str('syslog-ident', 'redis', { immutable: true, inert: true }),
  enumOf('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'],
    'local0', { immutable: true, inert: true }),
  bool('crash-log-enabled', true, INERT),
  bool('crash-memcheck-enabled', true, INERT),
  int('databases', 1n, INT_MAX, 16n, { immutable: true }),
  bool('always-show-logo', false, { immutable: true, inert: true }),
  bool('set-proc-title', true, { immutable: true, inert: true }),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', { inert: true, check: checkProcTitle }),
  str('ignore-warnings', '', INERT),

  // --- Snapshotting --------------------------------------------------------------
  special('save', 'save', '3600 1 300 100 60 10000', true),
  bool('stop-writes-on-bgsave-error', true),
  bool('rdbcompression', true),
  bool('rdbchecksum', true, { immutable: true }),
  enumOf('sanitize-dump-payload', ['no', 'yes', 'clients'], 'no'),
  str('dbfilename', 'dump.rdb', { protected: true, check: checkDbFilename }),
  bool('rdb-del-sync-files', false, INERT),
  special('dir', 'dir', '', false, { protected: true }),

  // --- Replication (dcs-engine is always a master) ---------------------------------
  special('replicaof', 'replicaof', '', true, { aliases: ['slaveof'], immutable: true, notImpl: true }),
  str('masterauth', null, { sensitive: true, inert: true }),
  str('masteruser', null, { sensitive: true, inert: true }),
  bool('replica-serve-stale-data', true, { aliases: ['slave-serve-stale-data'], inert: true }),
  bool('replica-read-only', true, { aliases: ['slave-read-only'], inert: true }),
  bool('repl-diskless-sync', true, INERT),
  int('repl-diskless-sync-delay', 0n, INT_MAX, 5n, INERT),
  int('repl-diskless-sync-max-replicas', 0n, INT_MAX, 0n, INERT),
  enumOf('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb'], 'disabled', INERT),
  int('repl-ping-replica-period', 1n, INT_MAX, 10n, { aliases: ['repl-ping-slave-period'], inert: true }),
  int('repl-timeout', 1n, INT_MAX, 60n, INERT),
  bool('repl-disable-tcp-nodelay', false, INERT),
  mem('repl-backlog-size', 1n, LLONG_MAX, 1048576n, INERT),
  int('repl-backlog-ttl', 0n, LONG_MAX, 3600n, INERT),
  int('replica-priority', 0n, INT_MAX, 100n, { aliases: ['slave-priority'], inert: true }),
  bool('replica-announced', true, INERT),
  int('min-replicas-to-write', 0n, INT_MAX, 0n, { aliases: ['min-slaves-to-write'], notImpl: true }),
  int('min-replicas-max-lag', 0n, INT_MAX, 10n, { aliases: ['min-slaves-max-lag'], inert: true }),
  str('replica-announce-ip', null, { aliases: ['slave-announce-ip'], inert: true }),
  int('replica-announce-port', 0n, 65535n, 0n, { aliases: ['slave-announce-port'], inert: true }),
  bool('replica-ignore-maxmemory', true, { aliases: ['slave-ignore-maxmemory'], inert: true }),
  bool('replica-lazy-flush', false, { aliases: ['slave-lazy-flush'], inert: true }),
  bool('replica-ignore-disk-write-errors', false, INERT),
  enumOf('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas'], 'ignore', INERT),

  // --- Security ------------------------------------------------------------------
  str('requirepass', null, { sensitive: true }),
  str('aclfile', '', { immutable: true, notImpl: true }),
  int('acllog-max-len', 0n, LONG_MAX, 128n),
  enumOf('acl-pubsub-default', ['allchannels', 'resetchannels'], 'resetchannels'),
  enumOf('enable-protected-configs', ['no', 'yes', 'local'], 'no', { immutable: true }),
  enumOf('enable-debug-command', ['no', 'yes', 'local'], 'no', { immutable: true }),
  enumOf('enable-module-command', ['no', 'yes', 'local'], 'no', { immutable: true, inert: true }),

  // --- Clients -------------------------------------------------------------------
  int('maxclients', 1n, UINT_MAX, 10000n, { unsigned: true }),
  special('client-output-buffer-limit', 'client-output-buffer-limit', DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT, true),
  mem('client-query-buffer-limit', 1048576n, LONG_MAX, 1073741824n, { unsigned: true }),
  mem('proto-max-bulk-len', 1048576n, LONG_MAX, 536870912n),
  mem('maxmemory-clients', -100n, LONG_MAX, 0n, { percent: true, notImpl: true }),

  // --- Memory management --------------------------------------------------------
  mem('maxmemory', 0n, ULLONG_MAX, 0n, { unsigned: true }),
  enumOf('maxmemory-policy', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
    'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], 'noeviction'),
  int('maxmemory-samples', 1n, INT_MAX, 5n),
  int('maxmemory-eviction-tenacity', 0n, 100n, 10n),
  int('lfu-log-factor', 0n, INT_MAX, 10n),
  int('lfu-decay-time', 0n, INT_MAX, 1n),
  int('active-expire-effort', 1n, 10n, 1n),

  // --- Lazy freeing (semantically transparent in dcs-engine) ---------------------
  bool('lazyfree-lazy-eviction', false, INERT),
  bool('lazyfree-lazy-expire', false, INERT),
  bool('lazyfree-lazy-server-del', false, INERT),
  bool('lazyfree-lazy-user-del', false, INERT),
  bool('lazyfree-lazy-user-flush', false, INERT),

  // --- Threads / OS ----------------------------------------------------------------
  int('io-threads', 1n, 128n, 1n, { immutable: true, notImpl: true }),
  bool('io-threads-do-reads', false, { immutable: true, notImpl: true }),
  enumOf('oom-score-adj', ['no', 'yes', 'relative', 'absolute'], 'no', { synonyms: { relative: 'yes' }, inert: true }),
  special('oom-score-adj-values', 'oom-score-adj-values', '0 200 800', true, INERT),
  bool('disable-thp', true, { immutable: true, inert: true }),
  bool('jemalloc-bg-thread', true, INERT),
  str('server_cpulist', null, { immutable: true, inert: true }),
  str('bio_cpulist', null, { immutable: true, inert: true }),
  str('aof_rewrite_cpulist', null, { immutable: true, inert: true }),
  str('bgsave_cpulist', null, { immutable: true, inert: true }),

  // --- Append only file (not implemented: appendonly must stay "no") --------------
  bool('appendonly', false, NI),
  str('appendfilename', 'appendonly.aof', { immutable: true, inert: true, check: checkAofFilename }),
  str('appenddirname', 'appendonlydir', { immutable: true, inert: true, check: checkAofDirname }),
  enumOf('appendfsync', ['everysec', 'always', 'no'], 'everysec', INERT),
  bool('no-appendfsync-on-rewrite', false, INERT),
  int('auto-aof-rewrite-percentage', 0n, INT_MAX, 100n, INERT),
  mem('auto-aof-rewrite-min-size', 0n, LLONG_MAX, 67108864n, INERT),
  bool('aof-load-truncated', true, INERT),
  bool('aof-use-rdb-preamble', true, INERT),
  bool('aof-timestamp-enabled', false, INERT),
  bool('aof-rewrite-incremental-fsync', true, INERT),
  bool('rdb-save-incremental-fsync', true, INERT),
  bool('aof-disable-auto-gc', false, INERT),

  // --- Shutdown -------------------------------------------------------------------
  int('shutdown-timeout', 0n, INT_MAX, 10n),
  enumOf('shutdown-on-sigint', ['default', 'save', 'nosave', 'now', 'force'], 'default', { flags: true }),
  enumOf('shutdown-on-sigterm', ['default', 'save', 'nosave', 'now', 'force'], 'default', { flags: true }),

  // --- Scripting / busy -------------------------------------------------------------
  int('busy-reply-threshold', 0n, LONG_MAX, 5000n, { aliases: ['lua-time-limit'] }),

  // --- Cluster (not implemented: cluster-enabled must stay "no") --------------------
  bool('cluster-enabled', false, { immutable: true, notImpl: true }),
  str('cluster-config-file', 'nodes.conf', { immutable: true, inert: true }),
  int('cluster-node-timeout', 0n, LLONG_MAX, 15000n, INERT),
  int('cluster-port', 0n, 65535n, 0n, { immutable: true, inert: true }),
  int('cluster-replica-validity-factor', 0n, INT_MAX, 10n, { aliases: ['cluster-slave-validity-factor'], inert: true }),
  int('cluster-migration-barrier', 0n, INT_MAX, 1n, INERT),
  bool('cluster-allow-replica-migration', true, INERT),
  bool('cluster-require-full-coverage', true, INERT),
  bool('cluster-replica-no-failover', false, { aliases: ['cluster-slave-no-failover'], inert: true }),
  bool('cluster-allow-reads-when-down', false, INERT),
  bool('cluster-allow-pubsubshard-when-down', true, INERT),
  mem('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, 0n, { unsigned: true, inert: true }),
  str('cluster-announce-hostname', null, { inert: true, check: checkHostname }),
  enumOf('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint'], 'ip', INERT),
  str('cluster-announce-ip', null, INERT),
  int('cluster-announce-port', 0n, 65535n, 0n, INERT),
  int('cluster-announce-bus-port', 0n, 65535n, 0n, INERT),
  int('cluster-announce-tls-port', 0n, 65535n, 0n, INERT),

  // --- Slow log / latency -----------------------------------------------------------
  int('slowlog-log-slower-than', -1n, LLONG_MAX, 10000n),
  int('slowlog-max-len', 0n, LONG_MAX, 128n),
  int('latency-monitor-threshold', 0n, LLONG_MAX, 0n),
  bool('latency-tracking', true),
  special('latency-tracking-info-percentiles', 'latency-tracking-info-percentiles', '50 99 99.9', true),

  // --- Keyspace events ----------------------------------------------------------------
  special('notify-keyspace-events', 'notify-keyspace-events', '', false),

  // --- Advanced: encodings ------------------------------------------------------------
  int('hash-max-listpack-entries', 0n, LONG_MAX, 512n, { aliases: ['hash-max-ziplist-entries'], unsigned: true }),
  mem('hash-max-listpack-value', 0n, LONG_MAX, 64n, { aliases: ['hash-max-ziplist-value'], unsigned: true }),
  int('list-max-listpack-size', INT_MIN, INT_MAX, -2n, { aliases: ['list-max-ziplist-size'] }),
  int('list-compress-depth', 0n, INT_MAX, 0n),
  int('set-max-intset-entries', 0n, LONG_MAX, 512n, { unsigned: true }),
  int('zset-max-listpack-entries', 0n, LONG_MAX, 128n, { aliases: ['zset-max-ziplist-entries'], unsigned: true }),
  mem('zset-max-listpack-value', 0n, LONG_MAX, 64n, { aliases: ['zset-max-ziplist-value'], unsigned: true }),
  mem('hll-sparse-max-bytes', 0n, LONG_MAX, 3000n, { unsigned: true }),
  mem('stream-node-max-bytes', 0n, LONG_MAX, 4096n, { unsigned: true }),
  int('stream-node-max-entries', 0n, LLONG_MAX, 100n),
  bool('activerehashing', true, INERT),
  int('tracking-table-max-keys', 0n, LONG_MAX, 1000000n, { unsigned: true }),

  // --- Event loop ----------------------------------------------------------------------
  int('hz', 0n, INT_MAX, 10n, { clamp: [1n, 500n] }),
  bool('dynamic-hz', true),

  // --- Active defragmentation (not implemented: activedefrag must stay "no") -----------
  bool('activedefrag', false, NI),
  mem('active-defrag-ignore-bytes', 1n, LLONG_MAX, 104857600n, { unsigned: true, inert: true }),
  int('active-defrag-threshold-lower', 0n, 1000n, 10n, INERT),
  int('active-defrag-threshold-upper', 0n, 1000n, 100n, INERT),
  int('active-defrag-cycle-min', 1n, 99n, 1n, INERT),
  int('active-defrag-cycle-max', 1n, 99n, 25n, INERT),
  int('active-defrag-max-scan-fields', 1n, LONG_MAX, 1000n, INERT),

  // --- dcs-engine specific ----------------------------------------------------------------
  /** Number of shard worker threads. */
  int('shards', 1n, 64n, 1n, { immutable: true }),
];

/* Lookup by canonical name or alias, case-insensitively. */
const BY_NAME: ReadonlyMap<string, ParamSpec> = (() => {
  const m = new Map<string, ParamSpec>();
  for (const p of PARAMS) {
    for (const n of [p.name, ...p.aliases]) {
      if (m.has(n)) throw new Error(`duplicate config parameter name '${n}'`);
      m.set(n, p);
    }
  }
  return m;
})();

/** Find a parameter by canonical name or alias (case-insensitive). */
export function lookupParam(name: string): ParamSpec | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());
}

/**
 * Directives Redis 7.0 accepts in a config file that are not parameters.
 * dcs-engine supports `include`; the others are refused as not supported.
 */
export const UNSUPPORTED_DIRECTIVES: ReadonlySet<string> = new Set(['rename-command', 'user', 'loadmodule', 'sentinel']);

/** Removed parameters Redis 7.0 still accepts (and ignores) in config files. */
export const DEPRECATED_DIRECTIVES: ReadonlySet<string> = new Set([
  'list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands',
]);

/* ------------------------------------------------------------------------ */
/* Keyspace notification classes                                             */
/* ------------------------------------------------------------------------ */

/** Bit flags of notify-keyspace-events classes. */
export const NOTIFY = {
  KEYSPACE: 1 << 0, // K
  KEYEVENT: 1 << 1, // E
  GENERIC: 1 << 2, // g
  STRING: 1 << 3, // $
  LIST: 1 << 4, // l
  SET: 1 << 5, // s
  HASH: 1 << 6, // h
  ZSET: 1 << 7, // z
  EXPIRED: 1 << 8, // x
  EVICTED: 1 << 9, // e
  STREAM: 1 << 10, // t
  KEY_MISS: 1 << 11, // m
  MODULE: 1 << 12, // d
  NEW: 1 << 13, // n
} as const;

/** What 'A' stands for: g$lshzxetd (not m, not n). */
export const NOTIFY_ALL = NOTIFY.GENERIC | NOTIFY.STRING | NOTIFY.LIST | NOTIFY.SET | NOTIFY.HASH |
  NOTIFY.ZSET | NOTIFY.EXPIRED | NOTIFY.EVICTED | NOTIFY.STREAM | NOTIFY.MODULE;

const NOTIFY_CLASS_CHARS: ReadonlyArray<readonly [string, number]> = [
  ['g', NOTIFY.GENERIC], ['$', NOTIFY.STRING], ['l', NOTIFY.LIST], ['s', NOTIFY.SET],
  ['h', NOTIFY.HASH], ['z', NOTIFY.ZSET], ['x', NOTIFY.EXPIRED], ['e', NOTIFY.EVICTED],
  ['t', NOTIFY.STREAM], ['d', NOTIFY.MODULE],
];

/** Parse a notify-keyspace-events string into flags; null on a bad character. */
export function parseKeyspaceEvents(classes: string): number | null {
  let flags = 0;
  for (const ch of classes) {
    switch (ch) {
      case 'A': flags |= NOTIFY_ALL; break;
      case 'K': flags |= NOTIFY.KEYSPACE; break;
      case 'E': flags |= NOTIFY.KEYEVENT; break;
      case 'm': flags |= NOTIFY.KEY_MISS; break;
      case 'n': flags |= NOTIFY.NEW; break;
      default: {
        const entry = NOTIFY_CLASS_CHARS.find(([c]) => c === ch);
        if (!entry) return null;
        flags |= entry[1];
      }
    }
  }
  return flags;
}

/**
 * Format flags. Redis style (CONFIG GET / REWRITE) prints "A" for the full
 * set and then hides 'n'; the non-Redis style keeps 'n' so that the stored
 * value round-trips.
 */
export function formatKeyspaceEvents(flags: number, redisStyle: boolean): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    out = 'A';
    if (!redisStyle && (flags & NOTIFY.NEW)) out += 'n';
  } else {
    for (const [c, bit] of NOTIFY_CLASS_CHARS) if (flags & bit) out += c;
    if (flags & NOTIFY.NEW) out += 'n';
  }
  if (flags & NOTIFY.KEYSPACE) out += 'K';
  if (flags & NOTIFY.KEYEVENT) out += 'E';
  if (flags & NOTIFY.KEY_MISS) out += 'm';
  return out;
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                   */
/* ------------------------------------------------------------------------ */

export type ParseResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

export interface ParseContext {
  /** Current canonical value of the parameter being set. */
  readonly current: string;
  /** Directory a relative `dir` is resolved against (the current `dir`). */
  readonly cwd: string;
}

const ok = (value: string): ParseResult => ({ ok: true, value });
const fail = (error: string): ParseResult => ({ ok: false, error });

export const WRONG_ARGS = 'wrong number of arguments';

function betweenError(min: bigint, max: bigint, octal: boolean): string {
  return octal
    ? `argument must be between ${min.toString(8)} and ${max.toString(8)} inclusive`
    : `argument must be between ${min} and ${max} inclusive`;
}

/** Bounds check shared by int and memory parameters; returns the value to store. */
function checkBounds(spec: IntParam | MemoryParam, ll: bigint): ParseResult {
  const octal = spec.type === 'int' && spec.octal;
  if (spec.unsigned) {
    const u = BigInt.asUintN(64, ll);
    if (u > spec.max || u < spec.min) return fail(betweenError(spec.min, spec.max, octal));
    return ok(octal ? u.toString(8) : u.toString());
  }
  if (spec.type === 'memory' && spec.percent && ll < 0n) {
    if (ll < spec.min) return fail(`percentage argument must be less or equal to ${-spec.min}`);
    return ok(`${-ll}%`);
  }
  if (ll > spec.max || ll < spec.min) return fail(betweenError(spec.min, spec.max, octal));
  if (spec.type === 'memory') return ok(BigInt.asUintN(64, ll).toString());
  if (spec.clamp) {
    const [lo, hi] = spec.clamp;
    if (ll < lo) ll = lo;
    if (ll > hi) ll = hi;
  }
  return ok(ll.toString());
}

function parseInt64(spec: IntParam, s: string): ParseResult {
  if (spec.octal) {
    const r = strtollDetailed(s, 8);
    if (r === null || r.overflow) return fail("argument couldn't be parsed as an octal number");
    return checkBounds(spec, r.value);
  }
  const ll = string2ll(s);
  if (ll === null) return fail("argument couldn't be parsed into an integer");
  return checkBounds(spec, ll);
}

function parseMemory(spec: MemoryParam, s: string): ParseResult {
  let ll: bigint | null = null;
  const u = memtoull(s);
  if (u !== null) {
    ll = BigInt.asIntN(64, u);
  } else if (spec.percent && s.length > 1 && s.endsWith('%')) {
    const p = string2ll(s.slice(0, -1));
    if (p !== null && p >= 0n) ll = -p;
  }
  if (ll === null) {
    return fail(spec.percent ? 'argument must be a memory or percent value' : 'argument must be a memory value');
  }
  return checkBounds(spec, ll);
}

function enumError(spec: EnumParam): string {
  return `argument(s) must be one of the following: ${spec.values.join(', ')}`;
}

function enumCanonical(spec: EnumParam, word: string): string | null {
  const w = word.toLowerCase();
  if (!spec.values.includes(w)) return null;
  return spec.synonyms[w] ?? w;
}

function parseEnum(spec: EnumParam, args: readonly string[]): ParseResult {
  if (!spec.flags) {
    const v = enumCanonical(spec, args[0] ?? '');
    return v === null ? fail(enumError(spec)) : ok(v);
  }
  // Flag set: values[0] is the empty set, each following name is one bit.
  if (args.length === 0) return fail(enumError(spec));
  let bits = 0;
  for (const a of args) {
    const v = enumCanonical(spec, a);
    if (v === null) return fail(enumError(spec));
    const idx = spec.values.indexOf(v);
    if (idx > 0) bits |= 1 << (idx - 1);
  }
  if (spec.name.startsWith('shutdown-on-sig') && (bits & 1) && (bits & 2)) {
    return fail("shutdown options SAVE and NOSAVE can't be used simultaneously");
  }
  if (bits === 0) return ok(spec.values[0] ?? '');
  return ok(spec.values.filter((_, i) => i > 0 && (bits & (1 << (i - 1)))).join(' '));
}

function parseSave(args: readonly string[]): ParseResult {
  const bad = fail('Invalid save parameters');
  if (args.length === 1 && args[0] === '') return ok('');
  if (args.length % 2 !== 0) return bad;
  const parts: string[] = [];
  for (let j = 0; j < args.length; j += 2) {
    const secs = strtollDetailed(args[j] ?? '', 10);
    const changes = strtollDetailed(args[j + 1] ?? '', 10);
    if (secs === null || secs.value < 1n || changes === null || changes.value < 0n) return bad;
    // Redis keeps `changes` in a C int.
    parts.push(`${secs.value} ${BigInt.asIntN(32, changes.value)}`);
  }
  return ok(parts.join(' '));
}

/** Parse a canonical save value into [seconds, changes] pairs. */
export function savePoints(value: string): Array<{ seconds: number; changes: number }> {
  const words = value === '' ? [] : value.split(' ');
  const out: Array<{ seconds: number; changes: number }> = [];
  for (let i = 0; i + 1 < words.length; i += 2) {
    out.push({ seconds: Number(words[i]), changes: Number(words[i + 1]) });
  }
  return out;
}

const CLIENT_CLASSES = ['normal', 'slave', 'pubsub'] as const;

export interface ObufLimit { hard: bigint; soft: bigint; seconds: bigint }

/** Parse a canonical client-output-buffer-limit value (3 classes). */
export function parseClientOutputBufferLimits(value: string): ObufLimit[] {
  const w = value.split(' ');
  const out: ObufLimit[] = [];
  for (let i = 0; i < 3; i++) {
    out.push({
      hard: BigInt(w[i * 4 + 1] ?? '0'),
      soft: BigInt(w[i * 4 + 2] ?? '0'),
      seconds: BigInt(w[i * 4 + 3] ?? '0'),
    });
  }
  return out;
}

function formatObuf(limits: readonly ObufLimit[]): string {
  return limits.map((l, i) => `${CLIENT_CLASSES[i]} ${l.hard} ${l.soft} ${l.seconds}`).join(' ');
}

function parseClientOutputBufferLimit(args: readonly string[], current: string): ParseResult {
  if (args.length % 4 !== 0) return fail('Wrong number of arguments in buffer limit configuration.');
  const limits = parseClientOutputBufferLimits(current);
  const badValue = fail('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
  for (let j = 0; j < args.length; j += 4) {
    const cls = (args[j] ?? '').toLowerCase();
    const idx = cls === 'normal' ? 0 : cls === 'slave' || cls === 'replica' ? 1 : cls === 'pubsub' ? 2 : -1;
    if (idx < 0) return fail('Invalid client class specified in buffer limit configuration.');
    const hard = memtoull(args[j + 1] ?? '');
    const soft = memtoull(args[j + 2] ?? '');
    const secs = strtollDetailed(args[j + 3] ?? '', 10);
    if (hard === null || soft === null || secs === null || secs.value < 0n) return badValue;
    limits[idx] = { hard, soft, seconds: secs.value };
  }
  return ok(formatObuf(limits));
}

function parseOomScoreAdjValues(args: readonly string[]): ParseResult {
  if (args.length !== 3) return fail(WRONG_ARGS);
  const vals: string[] = [];
  for (const a of args) {
    const r = strtollDetailed(a, 10);
    if (r === null || r.value < -2000n || r.value > 2000n) {
      return fail('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
    }
    vals.push(r.value.toString());
  }
  return ok(vals.join(' '));
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_WORD = /^[+-]?inf(?:inity)?$/i;

/** C "%f" followed by Redis' trimDoubleString(). */
function formatPercentile(v: number): string {
  const s = v.toFixed(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function parsePercentiles(args: readonly string[]): ParseResult {
  if (args.length === 1 && args[0] === '') return ok('');
  const out: string[] = [];
  for (const a of args) {
    // strtod() syntax (decimal only): overflow to +-inf is rejected by Redis'
    // string2d, a literal "inf" is accepted and then fails the range check.
    let v: number;
    if (DECIMAL_FLOAT.test(a)) {
      v = Number(a);
      if (!Number.isFinite(v)) return fail('Invalid latency-tracking-info-percentiles parameters');
    } else if (INFINITY_WORD.test(a)) {
      v = a.startsWith('-') ? -Infinity : Infinity;
    } else {
      return fail('Invalid latency-tracking-info-percentiles parameters');
    }
    if (v > 100 || v < 0) return fail('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
    out.push(formatPercentile(v));
  }
  return ok(out.join(' '));
}

function parseReplicaOf(args: readonly string[]): ParseResult {
  if (args.length !== 2) return fail(WRONG_ARGS);
  const [host, port] = args as readonly [string, string];
  if (host.toLowerCase() === 'no' && port.toLowerCase() === 'one') return ok('');
  const p = strtollDetailed(port, 10);
  if (p === null || p.value < 0n || p.value > 65535n) return fail('Invalid master port');
  return ok(`${host} ${p.value}`);
}

function parseBind(args: readonly string[]): ParseResult {
  if (args.length > 16) return fail('Too many bind addresses specified.');
  if (args.length === 1 && args[0] === '') return ok('');
  return ok(args.join(' '));
}

function parseDir(args: readonly string[], cwd: string): ParseResult {
  if (args.length !== 1) return fail(WRONG_ARGS);
  const arg = args[0] ?? '';
  if (arg === '') return fail('No such file or directory');
  const target = path.resolve(cwd, arg);
  try {
    const st = fs.statSync(target);
    if (!st.isDirectory()) return fail('Not a directory');
    fs.accessSync(target, fs.constants.X_OK);
    return ok(fs.realpathSync(target));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') return fail('No such file or directory');
    if (code === 'ENOTDIR') return fail('Not a directory');
    if (code === 'EACCES' || code === 'EPERM') return fail('Permission denied');
    return fail(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Validate and canonicalise a parameter value.
 * `args` are the words given for the parameter (for single-word parameters,
 * exactly one). The error text is Redis 7.0's (without the CONFIG SET prefix).
 */
export function parseValue(spec: ParamSpec, args: readonly string[], ctx: ParseContext): ParseResult {
  if (!spec.multiArg && args.length !== 1) return fail(WRONG_ARGS);
  const a0 = args[0] ?? '';
  switch (spec.type) {
    case 'bool': {
      const v = a0.toLowerCase();
      return v === 'yes' || v === 'no' ? ok(v) : fail("argument must be 'yes' or 'no'");
    }
    case 'int':
      return parseInt64(spec, a0);
    case 'memory':
      return parseMemory(spec, a0);
    case 'enum':
      return parseEnum(spec, args);
    case 'string': {
      const err = spec.check ? spec.check(a0) : null;
      return err === null ? ok(a0) : fail(err);
    }
    case 'special':
      switch (spec.kind) {
        case 'save': return parseSave(args);
        case 'bind': return parseBind(args);
        case 'dir': return parseDir(args, ctx.cwd);
        case 'notify-keyspace-events': {
          const flags = parseKeyspaceEvents(a0);
          if (flags === null) return fail("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
          return ok(formatKeyspaceEvents(flags, false));
        }
        case 'client-output-buffer-limit': return parseClientOutputBufferLimit(args, ctx.current);
        case 'oom-score-adj-values': return parseOomScoreAdjValues(args);
        case 'latency-tracking-info-percentiles': return parsePercentiles(args);
        case 'replicaof': return parseReplicaOf(args);
      }
  }
}

/** Words of a CONFIG SET value: multi-word parameters split on single spaces. */
export function setArgs(spec: ParamSpec, value: string): string[] {
  if (!spec.multiArg) return [value];
  return value === '' ? [] : value.split(' ');
}

/** Words of a config-file directive: a lone non-empty word of a multi-word
 * parameter is split again (so --save "900 1 300 10" works). */
export function fileArgs(spec: ParamSpec, args: readonly string[]): string[] | null {
  if (spec.multiArg && args.length === 1 && args[0] !== '') return splitArgs(args[0] ?? '');
  return [...args];
}

/** The value as CONFIG GET prints it. */
export function displayValue(spec: ParamSpec, stored: string): string {
  if (spec.type === 'special' && spec.kind === 'notify-keyspace-events') {
    return formatKeyspaceEvents(parseKeyspaceEvents(stored) ?? 0, true);
  }
  return stored;
}

/* ------------------------------------------------------------------------ */
/* CONFIG REWRITE                                                            */
/* ------------------------------------------------------------------------ */

export interface RewriteEntry {
  /** Complete config line. */
  readonly line: string;
  /** Append the line even if the old file did not mention the parameter. */
  readonly force: boolean;
}

/**
 * Lines CONFIG REWRITE writes for a parameter, following Redis 7.0: values at
 * their default only replace existing lines (force=false); non-defaults are
 * appended when absent. An empty list means "remove any old lines".
 */
export function rewriteEntries(spec: ParamSpec, stored: string): RewriteEntry[] {
  const name = spec.name;
  const isDefault = stored === spec.default;
  switch (spec.type) {
    case 'bool':
    case 'enum':
      return [{ line: `${name} ${stored}`, force: !isDefault }];
    case 'int':
      return [{ line: `${name} ${stored}`, force: !isDefault }];
    case 'memory':
      if (stored.endsWith('%')) return [{ line: `${name} ${stored}`, force: true }];
      return [{ line: `${name} ${formatMemory(BigInt.asIntN(64, BigInt(stored)))}`, force: !isDefault }];
    case 'string':
      if (spec.emptyIsNull && stored === '') return [];
      return [{ line: `${name} ${reprArg(stored)}`, force: !isDefault }];
    case 'special':
      switch (spec.kind) {
        case 'dir':
          return [{ line: `${name} ${reprArg(stored)}`, force: true }];
        case 'save': {
          if (stored === '') return [{ line: `${name} ""`, force: true }];
          return savePoints(stored).map((p) => ({ line: `${name} ${p.seconds} ${p.changes}`, force: true }));
        }
        case 'notify-keyspace-events': {
          const flags = parseKeyspaceEvents(stored) ?? 0;
          return [{ line: `${name} ${reprArg(formatKeyspaceEvents(flags, true))}`, force: flags !== 0 }];
        }
        case 'client-output-buffer-limit': {
          const cur = parseClientOutputBufferLimits(stored);
          const def = parseClientOutputBufferLimits(DEFAULT_CLIENT_OUTPUT_BUFFER_LIMIT);
          return cur.map((l, i) => {
            const d = def[i] as ObufLimit;
            const cls = i === 1 ? 'replica' : CLIENT_CLASSES[i];
            return {
              line: `${name} ${cls} ${formatMemory(BigInt.asIntN(64, l.hard))} ` +
                `${formatMemory(BigInt.asIntN(64, l.soft))} ${l.seconds}`,
              force: l.hard !== d.hard || l.soft !== d.soft || l.seconds !== d.seconds,
            };
          });
        }
        case 'oom-score-adj-values':
          return [{ line: `${name} ${stored}`, force: !isDefault }];
        case 'bind':
          if (isDefault) return [];
          return [{ line: `${name} ${stored === '' ? '""' : stored}`, force: true }];
        case 'replicaof':
          if (stored === '') return [];
          return [{ line: `${name} ${stored}`, force: true }];
        case 'latency-tracking-info-percentiles':
          return [{ line: `${name} ${stored === '' ? '""' : stored}`, force: true }];
      }
  }
}

/** "'<name> <value>' is not supported yet by dcs-engine" */
export function notSupportedMessage(name: string, args: readonly string[]): string {
  const shown = args.map((a) => (a === '' ? '""' : a)).join(' ');
  return `'${name}${shown === '' ? '' : ' ' + shown}' is not supported yet by dcs-engine`;
}
