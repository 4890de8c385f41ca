// Configuration module: redis-server-style argument and redis.conf parsing, the parameter table,
// CONFIG GET / SET / REWRITE semantics and the Redis glob matcher. Every error text and default
// asserted here was checked against a real redis-server 7.0.15 (CONFIG GET *, CONFIG SET, CONFIG
// REWRITE, KEYS); the dcs-engine specific parts (ConfigError lines, "not supported yet", shards)
// are this project's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGlob, globMatch } from '../../engine/config/glob.ts';
import { ConfigError, loadConfig, type LoadOptions } from '../../engine/config/load.ts';
import { PARAMS, lookupParam, parseKeyspaceEvents, NOTIFY, NOTIFY_ALL } from '../../engine/config/params.ts';
import { EngineConfig, REWRITE_SIGNATURE } from '../../engine/config/store.ts';
import { formatMemory, memtoull, reprArg, splitArgs, string2ll } from '../../engine/config/text.ts';

let tmp = '';
beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dcs-config-test-')));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Write a file under the test's temporary directory and return its path. */
function write(name: string, content: string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content, 'latin1');
  return p;
}

function load(argv: string[], opts: LoadOptions = {}): EngineConfig {
  const r = loadConfig(argv, { cwd: tmp, ...opts });
  if (r.kind !== 'config') throw new Error(`unexpected ${r.kind}`);
  return r.config;
}

/** The ConfigError message loadConfig throws for argv. */
function loadError(argv: string[], opts: LoadOptions = {}): string {
  try {
    load(argv, opts);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('loadConfig did not fail');
}

const set = (c: EngineConfig, ...kv: string[]): string | null => {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < kv.length; i += 2) pairs.push([kv[i] as string, kv[i + 1] as string]);
  return c.applySet(pairs);
};

/** CONFIG GET * of a freshly started redis-server 7.0.15 (dir omitted: it is the cwd). */
const REDIS_7_0_DEFAULTS: Array<[string, string]> = [
  ['acl-pubsub-default', 'resetchannels'],
  ['aclfile', ''],
  ['acllog-max-len', '128'],
  ['active-defrag-cycle-max', '25'],
  ['active-defrag-cycle-min', '1'],
  ['active-defrag-ignore-bytes', '104857600'],
  ['active-defrag-max-scan-fields', '1000'],
  ['active-defrag-threshold-lower', '10'],
  ['active-defrag-threshold-upper', '100'],
  ['active-expire-effort', '1'],
  ['activedefrag', 'no'],
  ['activerehashing', 'yes'],
  ['always-show-logo', 'no'],
  ['aof-disable-auto-gc', 'no'],
  ['aof-load-truncated', 'yes'],
  ['aof-rewrite-incremental-fsync', 'yes'],
  ['aof-timestamp-enabled', 'no'],
  ['aof-use-rdb-preamble', 'yes'],
  ['aof_rewrite_cpulist', ''],
  ['appenddirname', 'appendonlydir'],
  ['appendfilename', 'appendonly.aof'],
  ['appendfsync', 'everysec'],
  ['appendonly', 'no'],
  ['auto-aof-rewrite-min-size', '67108864'],
  ['auto-aof-rewrite-percentage', '100'],
  ['bgsave_cpulist', ''],
  ['bind', '127.0.0.1 -::1'], // dcs-engine listens on loopback unless told otherwise (Redis: '* -::*')
  ['bind-source-addr', ''],
  ['bio_cpulist', ''],
  ['busy-reply-threshold', '5000'],
  ['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
  ['client-query-buffer-limit', '1073741824'],
  ['cluster-allow-pubsubshard-when-down', 'yes'],
  ['cluster-allow-reads-when-down', 'no'],
  ['cluster-allow-replica-migration', 'yes'],
  ['cluster-announce-bus-port', '0'],
  ['cluster-announce-hostname', ''],
  ['cluster-announce-ip', ''],
  ['cluster-announce-port', '0'],
  ['cluster-announce-tls-port', '0'],
  ['cluster-config-file', 'nodes.conf'],
  ['cluster-enabled', 'no'],
  ['cluster-link-sendbuf-limit', '0'],
  ['cluster-migration-barrier', '1'],
  ['cluster-node-timeout', '15000'],
  ['cluster-port', '0'],
  ['cluster-preferred-endpoint-type', 'ip'],
  ['cluster-replica-no-failover', 'no'],
  ['cluster-replica-validity-factor', '10'],
  ['cluster-require-full-coverage', 'yes'],
  ['cluster-slave-no-failover', 'no'],
  ['cluster-slave-validity-factor', '10'],
  ['crash-log-enabled', 'yes'],
  ['crash-memcheck-enabled', 'yes'],
  ['daemonize', 'no'],
  ['databases', '16'],
  ['dbfilename', 'dump.rdb'],
  ['disable-thp', 'yes'],
  ['dynamic-hz', 'yes'],
  ['enable-debug-command', 'no'],
  ['enable-module-command', 'no'],
  ['enable-protected-configs', 'no'],
  ['hash-max-listpack-entries', '512'],
  ['hash-max-listpack-value', '64'],
  ['hash-max-ziplist-entries', '512'],
  ['hash-max-ziplist-value', '64'],
  ['hll-sparse-max-bytes', '3000'],
  ['hz', '10'],
  ['ignore-warnings', ''],
  ['io-threads', '1'],
  ['io-threads-do-reads', 'no'],
  ['jemalloc-bg-thread', 'yes'],
  ['latency-monitor-threshold', '0'],
  ['latency-tracking', 'yes'],
  ['latency-tracking-info-percentiles', '50 99 99.9'],
  ['lazyfree-lazy-eviction', 'no'],
  ['lazyfree-lazy-expire', 'no'],
  ['lazyfree-lazy-server-del', 'no'],
  ['lazyfree-lazy-user-del', 'no'],
  ['lazyfree-lazy-user-flush', 'no'],
  ['lfu-decay-time', '1'],
  ['lfu-log-factor', '10'],
  ['list-compress-depth', '0'],
  ['list-max-listpack-size', '-2'],
  ['list-max-ziplist-size', '-2'],
  ['logfile', ''],
  ['loglevel', 'notice'],
  ['lua-time-limit', '5000'],
  ['masterauth', ''],
  ['masteruser', ''],
  ['maxclients', '10000'],
  ['maxmemory', '0'],
  ['maxmemory-clients', '0'],
  ['maxmemory-eviction-tenacity', '10'],
  ['maxmemory-policy', 'noeviction'],
  ['maxmemory-samples', '5'],
  ['min-replicas-max-lag', '10'],
  ['min-replicas-to-write', '0'],
  ['min-slaves-max-lag', '10'],
  ['min-slaves-to-write', '0'],
  ['no-appendfsync-on-rewrite', 'no'],
  ['notify-keyspace-events', ''],
  ['oom-score-adj', 'no'],
  ['oom-score-adj-values', '0 200 800'],
  ['pidfile', ''],
  ['port', '6379'],
  ['proc-title-template', '{title} {listen-addr} {server-mode}'],
  ['propagation-error-behavior', 'ignore'],
  ['protected-mode', 'yes'],
  ['proto-max-bulk-len', '536870912'],
  ['rdb-del-sync-files', 'no'],
  ['rdb-save-incremental-fsync', 'yes'],
  ['rdbchecksum', 'yes'],
  ['rdbcompression', 'yes'],
  ['repl-backlog-size', '1048576'],
  ['repl-backlog-ttl', '3600'],
  ['repl-disable-tcp-nodelay', 'no'],
  ['repl-diskless-load', 'disabled'],
  ['repl-diskless-sync', 'yes'],
  ['repl-diskless-sync-delay', '5'],
  ['repl-diskless-sync-max-replicas', '0'],
  ['repl-ping-replica-period', '10'],
  ['repl-ping-slave-period', '10'],
  ['repl-timeout', '60'],
  ['replica-announce-ip', ''],
  ['replica-announce-port', '0'],
  ['replica-announced', 'yes'],
  ['replica-ignore-disk-write-errors', 'no'],
  ['replica-ignore-maxmemory', 'yes'],
  ['replica-lazy-flush', 'no'],
  ['replica-priority', '100'],
  ['replica-read-only', 'yes'],
  ['replica-serve-stale-data', 'yes'],
  ['replicaof', ''],
  ['requirepass', ''],
  ['sanitize-dump-payload', 'no'],
  ['save', '3600 1 300 100 60 10000'],
  ['server_cpulist', ''],
  ['set-max-intset-entries', '512'],
  ['set-proc-title', 'yes'],
  ['shutdown-on-sigint', 'default'],
  ['shutdown-on-sigterm', 'default'],
  ['shutdown-timeout', '10'],
  ['slave-announce-ip', ''],
  ['slave-announce-port', '0'],
  ['slave-ignore-maxmemory', 'yes'],
  ['slave-lazy-flush', 'no'],
  ['slave-priority', '100'],
  ['slave-read-only', 'yes'],
  ['slave-serve-stale-data', 'yes'],
  ['slaveof', ''],
  ['slowlog-log-slower-than', '10000'],
  ['slowlog-max-len', '128'],
  ['socket-mark-id', '0'],
  ['stop-writes-on-bgsave-error', 'yes'],
  ['stream-node-max-bytes', '4096'],
  ['stream-node-max-entries', '100'],
  ['supervised', 'no'],
  ['syslog-enabled', 'no'],
  ['syslog-facility', 'local0'],
  ['syslog-ident', 'redis'],
  ['tcp-backlog', '511'],
  ['tcp-keepalive', '300'],
  ['timeout', '0'],
  ['tls-auth-clients', 'yes'],
  ['tls-ca-cert-dir', ''],
  ['tls-ca-cert-file', ''],
  ['tls-cert-file', ''],
  ['tls-ciphers', ''],
  ['tls-ciphersuites', ''],
  ['tls-client-cert-file', ''],
  ['tls-client-key-file', ''],
  ['tls-client-key-file-pass', ''],
  ['tls-cluster', 'no'],
  ['tls-dh-params-file', ''],
  ['tls-key-file', ''],
  ['tls-key-file-pass', ''],
  ['tls-port', '0'],
  ['tls-prefer-server-ciphers', 'no'],
  ['tls-protocols', ''],
  ['tls-replication', 'no'],
  ['tls-session-cache-size', '20480'],
  ['tls-session-cache-timeout', '300'],
  ['tls-session-caching', 'yes'],
  ['tracking-table-max-keys', '1000000'],
  ['unixsocket', ''],
  ['unixsocketperm', '0'],
  ['zset-max-listpack-entries', '128'],
  ['zset-max-listpack-value', '64'],
  ['zset-max-ziplist-entries', '128'],
  ['zset-max-ziplist-value', '64'],
];

// ---------------------------------------------------------------------------------------------
describe('globMatch', () => {
  it('matches literal patterns exactly, optionally ignoring ASCII case', () => {
    expect(globMatch('hello', 'hello')).toBe(true);
    expect(globMatch('hello', 'Hello')).toBe(false);
    expect(globMatch('hello', 'HeLLo', true)).toBe(true);
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('', 'a')).toBe(false);
    expect(globMatch('é', 'É', true)).toBe(false);
  });

  it('* matches any run of characters, but never an empty subject', () => {
    expect(globMatch('*', 'anything')).toBe(true);
    expect(globMatch('*', '')).toBe(false);
    expect(globMatch('**', '')).toBe(false);
    expect(globMatch('h*o', 'ho')).toBe(true);
    expect(globMatch('h*o', 'hello')).toBe(true);
    expect(globMatch('h*o', 'hell')).toBe(false);
    expect(globMatch('a*', 'a')).toBe(true);
    expect(globMatch('*a', 'a')).toBe(true);
    expect(globMatch('a**b***c', 'axxbyc')).toBe(true);
  });

  it('? matches exactly one character', () => {
    expect(globMatch('h?llo', 'hallo')).toBe(true);
    expect(globMatch('h?llo', 'hllo')).toBe(false);
    expect(globMatch('?', '')).toBe(false);
    expect(globMatch('*?', 'a')).toBe(true);
  });

  it('supports classes, negation, ranges (also reversed) and escapes', () => {
    expect(globMatch('h[ae]llo', 'hello')).toBe(true);
    expect(globMatch('h[ae]llo', 'hillo')).toBe(false);
    expect(globMatch('h[^e]llo', 'hallo')).toBe(true);
    expect(globMatch('h[^e]llo', 'hello')).toBe(false);
    expect(globMatch('h[a-b]llo', 'hbllo')).toBe(true);
    expect(globMatch('h[z-a]llo', 'hmllo')).toBe(true);
    expect(globMatch('[A-Z]', 'q', true)).toBe(true);
    expect(globMatch('[A-Z]', 'q')).toBe(false);
    expect(globMatch('\\*', '*')).toBe(true);
    expect(globMatch('\\*', 'a')).toBe(false);
    expect(globMatch('[\\]]', ']')).toBe(true);
    expect(globMatch('[\\A]', 'a', true)).toBe(false); // escaped class members compare case-sensitively
  });

  it('reproduces Redis quirks with malformed patterns', () => {
    expect(globMatch('[', '[')).toBe(false); // an unterminated class matches nothing...
    expect(globMatch('[a', 'a')).toBe(true); // ...except its members
    expect(globMatch('[^', 'a')).toBe(true); // an empty negated class matches any one character
    expect(globMatch('[^', '')).toBe(false);
    expect(globMatch('a\\', 'a\\')).toBe(true); // a trailing backslash is literal
    expect(globMatch('a\\', 'a')).toBe(false);
    expect(globMatch('[a-]', ']')).toBe(true); // "a-]" is the range a..]
    expect(globMatch('[a-]', '-')).toBe(false);
  });

  it('gives up early on patterns with many stars', () => {
    const subject = 'a'.repeat(5000);
    const pattern = '*a'.repeat(30) + 'b';
    const t0 = Date.now();
    expect(globMatch(pattern, subject)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('compileGlob agrees with globMatch', () => {
    const patterns = ['', '*', '**', 'abc', 'abc*', '*abc', '*abc*', 'a*c', 'A*', '*B', '*Bc*', 'a?c', '[ab]*', '\\*x*', 'x\\'];
    const subjects = ['', 'a', 'abc', 'ABC', 'xabcx', 'abcabc', 'ab', 'bc', '*x', 'x\\', 'Abc', 'xBC'];
    for (const p of patterns) {
      for (const nocase of [false, true]) {
        const m = compileGlob(p, nocase);
        for (const s of subjects) expect([p, s, nocase, m(s)]).toEqual([p, s, nocase, globMatch(p, s, nocase)]);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('config text codecs', () => {
  it('splits lines like sdssplitargs', () => {
    expect(splitArgs('  port   6379  ')).toEqual(['port', '6379']);
    expect(splitArgs('save ""')).toEqual(['save', '']);
    expect(splitArgs('a "b c" \'d e\'')).toEqual(['a', 'b c', 'd e']);
    expect(splitArgs('"\\x41\\n\\t\\"q\\\\"')).toEqual(['A\n\t"q\\']);
    expect(splitArgs("'it\\'s' '\\n'")).toEqual(["it's", '\\n']);
    expect(splitArgs('a"b c"d')).toBe(null); // closing quote must be followed by a space
    expect(splitArgs('ab"c d"')).toEqual(['abc d']); // a quote may open mid-argument
    expect(splitArgs('"unterminated')).toBe(null);
    expect(splitArgs("'unterminated")).toBe(null);
    expect(splitArgs('')).toEqual([]);
  });

  it('quotes values like sdscatrepr', () => {
    expect(reprArg('dump.rdb')).toBe('"dump.rdb"');
    expect(reprArg('p a"ss\\\n')).toBe('"p a\\"ss\\\\\\n"');
    expect(reprArg('é')).toBe('"\\xc3\\xa9"');
    expect(splitArgs(reprArg('a "b"\t\x01'))).toEqual(['a "b"\t\x01']);
  });

  it('parses memory values like memtoull', () => {
    expect(memtoull('1gb')).toBe(1073741824n);
    expect(memtoull('1GB')).toBe(1073741824n);
    expect(memtoull('1g')).toBe(1000000000n);
    expect(memtoull('10k')).toBe(10000n);
    expect(memtoull('10kb')).toBe(10240n);
    expect(memtoull('2mb')).toBe(2097152n);
    expect(memtoull('2m')).toBe(2000000n);
    expect(memtoull('7b')).toBe(7n);
    expect(memtoull('007')).toBe(7n);
    expect(memtoull('')).toBe(0n);
    expect(memtoull('gb')).toBe(0n);
    expect(memtoull('18446744073709551616')).toBe(18446744073709551615n); // saturates
    expect(memtoull('17179869184gb')).toBe(0n); // wraps like C
    for (const bad of ['-1', '+1', ' 1', '1 gb', '1.5gb', '1tb', '1kib', '1x']) expect(memtoull(bad)).toBe(null);
  });

  it('parses integers like string2ll', () => {
    expect(string2ll('0')).toBe(0n);
    expect(string2ll('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const bad of ['', '-0', '+1', '01', ' 1', '1 ', '1.0', '9223372036854775808', '1k']) expect(string2ll(bad)).toBe(null);
  });

  it('formats memory for CONFIG REWRITE', () => {
    expect(formatMemory(0n)).toBe('0');
    expect(formatMemory(1073741824n)).toBe('1gb');
    expect(formatMemory(1048576n * 3n)).toBe('3mb');
    expect(formatMemory(2048n)).toBe('2kb');
    expect(formatMemory(1000000000n)).toBe('1000000000');
  });
});

// ---------------------------------------------------------------------------------------------
describe('parameter table', () => {
  it('has the defaults redis-server 7.0.15 reports with CONFIG GET *', () => {
    const c = EngineConfig.defaults(tmp);
    const ours = new Map(c.getMatching('*'));
    for (const [name, value] of REDIS_7_0_DEFAULTS) expect([name, ours.get(name)]).toEqual([name, value]);
    expect(ours.get('dir')).toBe(tmp);
    // every Redis parameter and alias, plus dir and the project's own `shards`
    expect(ours.size).toBe(REDIS_7_0_DEFAULTS.length + 2);
    expect(ours.get('shards')).toBe('1');
  });

  it('finds parameters by canonical name or alias, case-insensitively', () => {
    expect(lookupParam('slaveof')?.name).toBe('replicaof');
    expect(lookupParam('LUA-TIME-LIMIT')?.name).toBe('busy-reply-threshold');
    expect(lookupParam('list-max-ziplist-size')?.name).toBe('list-max-listpack-size');
    expect(lookupParam('hash-max-ziplist-value')?.name).toBe('hash-max-listpack-value');
    expect(lookupParam('zset-max-ziplist-entries')?.name).toBe('zset-max-listpack-entries');
    expect(lookupParam('nope')).toBe(undefined);
  });

  it('marks the features dcs-engine lacks as not implemented', () => {
    for (const n of ['appendonly', 'daemonize', 'cluster-enabled', 'io-threads', 'replicaof', 'tls-port']) {
      expect([n, lookupParam(n)?.implemented]).toEqual([n, false]);
    }
    for (const n of ['port', 'maxmemory', 'save', 'requirepass', 'notify-keyspace-events', 'shards']) {
      expect([n, lookupParam(n)?.implemented]).toEqual([n, true]);
    }
    expect(lookupParam('shards')).toMatchObject({ type: 'int', min: 1n, max: 64n, default: '1', mutable: false });
    for (const p of PARAMS) expect(p.name).toBe(p.name.toLowerCase());
  });

  it('parses keyspace event classes', () => {
    expect(parseKeyspaceEvents('KEA')).toBe(NOTIFY.KEYSPACE | NOTIFY.KEYEVENT | NOTIFY_ALL);
    expect(parseKeyspaceEvents('En')).toBe(NOTIFY.KEYEVENT | NOTIFY.NEW);
    expect(parseKeyspaceEvents('Z')).toBe(null);
  });
});

// ---------------------------------------------------------------------------------------------
describe('loadConfig', () => {
  it('returns special results for --version and --help', () => {
    expect(loadConfig(['-v']).kind).toBe('version');
    expect(loadConfig(['--version']).kind).toBe('version');
    expect(loadConfig(['-h']).kind).toBe('help');
    expect(loadConfig(['--help', '--port', '1']).kind).toBe('help');
  });

  it('uses the defaults without arguments', () => {
    const r = loadConfig([], { cwd: tmp });
    expect(r.kind).toBe('config');
    if (r.kind !== 'config') return;
    expect(r.configFile).toBe(null);
    expect(r.config.get('port')).toBe('6379');
    expect(r.config.get('dir')).toBe(tmp);
    expect(r.config.int('shards')).toBe(1);
  });

  it('parses command line options', () => {
    const c = load(['--port', '7000', '--maxmemory', '1gb', '--shards', '4', '--loglevel', 'WARNING']);
    expect(c.int('port')).toBe(7000);
    expect(c.get('maxmemory')).toBe('1073741824');
    expect(c.int('shards')).toBe(4);
    expect(c.get('loglevel')).toBe('warning');
  });

  it('gives every argument up to the next --option to the current option', () => {
    const c = load(['--bind', '127.0.0.1', '::1', '--save', '100', '1', '200', '2', '--timeout', '5']);
    expect(c.get('bind')).toBe('127.0.0.1 ::1');
    expect(c.words('bind')).toEqual(['127.0.0.1', '::1']);
    expect(c.get('save')).toBe('100 1 200 2');
    expect(c.savePoints()).toEqual([{ seconds: 100, changes: 1 }, { seconds: 200, changes: 2 }]);
    expect(c.get('timeout')).toBe('5');
  });

  it('always gives the first argument after --name to the option', () => {
    expect(load(['--requirepass', '--foo', '--timeout', '3']).get('requirepass')).toBe('--foo');
    expect(load(['--requirepass', '']).get('requirepass')).toBe('');
  });

  it('accepts --save "" , a bare --save, and --save "3600 1 300 100"', () => {
    expect(load(['--save', '']).get('save')).toBe('');
    expect(load(['--save']).get('save')).toBe('');
    expect(load(['--save', '--loglevel', 'warning']).get('save')).toBe('');
    expect(load(['--save', '--loglevel', 'warning']).get('loglevel')).toBe('warning');
    expect(load(['--save', '3600 1 300 100']).get('save')).toBe('3600 1 300 100');
    expect(load(['--save 60 5', '--hz', '20']).get('save')).toBe('60 5');
  });

  it('reads a config file with comments, blank lines and quoting', () => {
    const f = write('quotes.conf', [
      '# a comment',
      '',
      '   \t  timeout   9   \r',
      'dbfilename "a\\x41\\n\\"q"',
      "requirepass 'it\\'s'",
      'masteruser "a b"',
      'LogLevel WARNING',
      'APPENDFSYNC Always',
    ].join('\n'));
    const c = load([f]);
    expect(c.get('timeout')).toBe('9');
    expect(c.get('dbfilename')).toBe('aA\n"q');
    expect(c.get('requirepass')).toBe("it's");
    expect(c.get('masteruser')).toBe('a b');
    expect(c.get('loglevel')).toBe('warning');
    expect(c.get('appendfsync')).toBe('always');
    expect(c.configFile).toBe(f);
  });

  it('reads UTF-8 values from files', () => {
    const f = path.join(tmp, 'utf8.conf');
    fs.writeFileSync(f, 'requirepass "pässwörd"\nmasteruser "\\xc3\\xa9"\n', 'utf8');
    const c = load([f]);
    expect(c.get('requirepass')).toBe('pässwörd');
    expect(c.get('masteruser')).toBe('é');
  });

  it('lets later lines override earlier ones', () => {
    const f = write('later.conf', 'timeout 1\ntimeout 2\nslave-read-only no\nreplica-read-only yes\n');
    const c = load([f]);
    expect(c.get('timeout')).toBe('2');
    expect(c.get('replica-read-only')).toBe('yes');
  });

  it('command line overrides the config file', () => {
    const f = write('base.conf', 'port 7001\ntimeout 5\nmaxmemory 10mb\n');
    const c = load([f, '--timeout', '6', '--port', '7002']);
    expect(c.get('port')).toBe('7002');
    expect(c.get('timeout')).toBe('6');
    expect(c.get('maxmemory')).toBe('10485760');
  });

  it('accumulates save lines like Redis: the first replaces the default, "" clears', () => {
    const f = write('save.conf', 'save 900 1\nsave 300 10\n');
    expect(load([f]).get('save')).toBe('900 1 300 10');
    expect(load([f, '--save', '60', '5']).get('save')).toBe('900 1 300 10 60 5');
    expect(load([f, '--save', '']).get('save')).toBe('');
    expect(load([f, '--save', '', '--save', '7', '7']).get('save')).toBe('7 7');
    expect(load([write('save2.conf', 'save ""\nsave 1 1\n')]).get('save')).toBe('1 1');
    expect(load(['--save', '100', '1', '--save', '200', '2']).get('save')).toBe('100 1 200 2');
  });

  it('splits a single argument of a multi-word parameter', () => {
    const f = write('multi.conf', 'client-output-buffer-limit "normal 1 2 3"\nlatency-tracking-info-percentiles "50 90"\n');
    const c = load([f]);
    expect(c.get('client-output-buffer-limit')).toBe('normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(c.get('latency-tracking-info-percentiles')).toBe('50 90');
  });

  it('updates only the client classes given in client-output-buffer-limit', () => {
    const f = write('cobl.conf', 'client-output-buffer-limit pubsub 1mb 2mb 3\nclient-output-buffer-limit replica 5 6 7\n');
    expect(load([f]).get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 5 6 7 pubsub 1048576 2097152 3');
  });

  it('accepts aliases and memory units', () => {
    const f = write('alias.conf', 'slave-read-only no\nhash-max-ziplist-entries 5\nlua-time-limit 100\nmaxmemory 1GB\nproto-max-bulk-len 2mb\nhash-max-listpack-value 1k\n');
    const c = load([f]);
    expect(c.get('replica-read-only')).toBe('no');
    expect(c.get('slave-read-only')).toBe('no');
    expect(c.get('hash-max-listpack-entries')).toBe('5');
    expect(c.get('busy-reply-threshold')).toBe('100');
    expect(c.get('maxmemory')).toBe('1073741824');
    expect(c.bigint('maxmemory')).toBe(1073741824n);
    expect(c.get('proto-max-bulk-len')).toBe('2097152');
    expect(c.get('hash-max-listpack-value')).toBe('1000');
  });

  it('clamps hz to 1..500', () => {
    expect(load(['--hz', '0']).get('hz')).toBe('1');
    expect(load(['--hz', '1000']).get('hz')).toBe('500');
  });

  it('processes include in place, including glob patterns', () => {
    write('inc/inc.conf', 'loglevel warning\nmaxmemory 5mb\n');
    write('inc/a.conf', 'timeout 11\n');
    write('inc/b.conf', 'timeout 22\n');
    const before = load([write('inc1.conf', `include ${tmp}/inc/inc.conf\nmaxmemory 7mb\n`)]);
    expect(before.get('maxmemory')).toBe('7340032');
    expect(before.get('loglevel')).toBe('warning');
    const after = load([write('inc2.conf', `maxmemory 7mb\ninclude ${tmp}/inc/inc.conf\n`)]);
    expect(after.get('maxmemory')).toBe('5242880');
    expect(load([write('inc3.conf', `include ${tmp}/inc/[ab].conf\n`)]).get('timeout')).toBe('22');
    expect(load([write('inc4.conf', `include ${tmp}/inc/*.nomatch\n`)]).get('timeout')).toBe('0');
  });

  it('resolves a relative dir, and later relative includes, against the current dir', () => {
    write('sub/rel.conf', 'timeout 33\n');
    const c = load([write('rel.conf', 'dir sub\ninclude rel.conf\n')]);
    expect(c.get('dir')).toBe(path.join(tmp, 'sub'));
    expect(c.get('timeout')).toBe('33');
  });

  it('reads the configuration from stdin with -', () => {
    const c = load(['-', '--timeout', '2'], { readStdin: () => 'timeout 44\nloglevel verbose\n' });
    expect(c.get('loglevel')).toBe('verbose');
    expect(c.get('timeout')).toBe('2');
    const f = write('stdin.conf', 'timeout 1\n');
    expect(load([f, '-'], { readStdin: () => 'timeout 45\n' }).get('timeout')).toBe('45');
  });

  it('ignores the directives Redis 7.0 deprecated, with a warning', () => {
    const c = load([write('deprecated.conf', 'list-max-ziplist-entries 5\nlua-replicate-commands yes\n')]);
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toContain("'list-max-ziplist-entries'");
  });

  it('reports bad values as one line naming the option', () => {
    expect(loadError(['--port', '70000'])).toBe("Invalid argument for 'port': '70000' (must be between 0 and 65535)");
    expect(loadError(['--databases', '0'])).toBe("Invalid argument for 'databases': '0' (must be between 1 and 2147483647)");
    expect(loadError(['--timeout', 'abc'])).toBe("Invalid argument for 'timeout': 'abc' (couldn't be parsed into an integer)");
    expect(loadError(['--maxmemory', '1.5gb'])).toBe("Invalid argument for 'maxmemory': '1.5gb' (must be a memory value)");
    expect(loadError(['--protected-mode', 'maybe'])).toBe("Invalid argument for 'protected-mode': 'maybe' (must be 'yes' or 'no')");
    expect(loadError(['--loglevel', 'foo'])).toBe(
      "Invalid argument for 'loglevel': 'foo' (must be one of the following: debug, verbose, notice, warning)");
    expect(loadError(['--save', '1', '2', '3'])).toBe("Invalid argument for 'save': '1 2 3' (Invalid save parameters)");
    expect(loadError(['--dbfilename', 'a/b'])).toBe(
      "Invalid argument for 'dbfilename': 'a/b' (dbfilename can't be a path, just a filename)");
    expect(loadError(['--notify-keyspace-events', 'Z'])).toBe(
      "Invalid argument for 'notify-keyspace-events': 'Z' (Invalid event class character. Use 'Ag$lshzxeKEtmdn'.)");
    expect(loadError(['--shards', '65'])).toBe("Invalid argument for 'shards': '65' (must be between 1 and 64)");
    expect(loadError(['--dir', path.join(tmp, 'nonexistent')])).toBe(
      `Invalid argument for 'dir': '${path.join(tmp, 'nonexistent')}' (No such file or directory)`);
  });

  it('reports unknown options and wrong argument counts', () => {
    expect(loadError(['--foo', 'bar'])).toBe("Unknown option 'foo'");
    expect(loadError(['--port'])).toBe("Wrong number of arguments for 'port'");
    expect(loadError(['--port', '1', '2'])).toBe("Wrong number of arguments for 'port'");
    expect(loadError(['--replicaof', 'host'])).toBe("Wrong number of arguments for 'replicaof'");
    expect(loadError([write('x.conf', ''), 'y.conf'])).toMatch(/^Unexpected argument 'y\.conf'/);
    expect(loadError([write('ren.conf', 'rename-command FLUSHALL ""\n')])).toBe(
      `'rename-command' is not supported yet by dcs-engine at ${tmp}/ren.conf:1`);
  });

  it('names the file and line of errors found in config files', () => {
    const f = write('bad.conf', '# comment\nport 6379\nport "6380\n');
    expect(loadError([f])).toBe(`Unbalanced quotes in configuration line at ${f}:3`);
    const g = write('bad2.conf', 'timeout 1 2\n');
    expect(loadError([g])).toBe(`Wrong number of arguments for 'timeout' at ${g}:1`);
    const h = write('bad3.conf', "dbfilename 'a'b\n");
    expect(loadError([h])).toBe(`Unbalanced quotes in configuration line at ${h}:1`);
    const i = write('bad4.conf', 'foo bar\n');
    expect(loadError([i])).toBe(`Unknown option 'foo' at ${i}:1`);
    try {
      load([i]);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).file).toBe(i);
      expect((e as ConfigError).line).toBe(1);
    }
    const j = write('bad5.conf', 'include nonexistent.conf\n');
    expect(loadError([j])).toBe(`Can't open config file 'nonexistent.conf': No such file or directory at ${j}:1`);
    expect(loadError(['missing.conf'])).toBe("Can't open config file 'missing.conf': No such file or directory");
  });

  it('accepts unimplemented features only at their default', () => {
    expect(loadError(['--appendonly', 'yes'])).toBe("'appendonly yes' is not supported yet by dcs-engine");
    expect(loadError(['--daemonize', 'yes'])).toBe("'daemonize yes' is not supported yet by dcs-engine");
    expect(loadError(['--cluster-enabled', 'yes'])).toBe("'cluster-enabled yes' is not supported yet by dcs-engine");
    expect(loadError(['--io-threads', '4'])).toBe("'io-threads 4' is not supported yet by dcs-engine");
    expect(loadError(['--slaveof', '127.0.0.1', '6379'])).toBe("'slaveof 127.0.0.1 6379' is not supported yet by dcs-engine");
    const f = write('aof.conf', 'port 1\nappendonly yes\n');
    expect(loadError([f])).toBe(`'appendonly yes' is not supported yet by dcs-engine at ${f}:2`);
    // the default is fine, and a later line may restore it
    expect(load(['--appendonly', 'no', '--io-threads', '1', '--daemonize', 'NO']).get('appendonly')).toBe('no');
    expect(load([f, '--appendonly', 'no']).get('port')).toBe('1');
    expect(load(['--replicaof', 'no', 'one']).get('replicaof')).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
describe('CONFIG GET (getMatching / configGet)', () => {
  const c = EngineConfig.defaults();

  it('looks up names without glob characters exactly, echoing the name as given', () => {
    expect(c.getMatching('port')).toEqual([['port', '6379']]);
    expect(c.getMatching('Port')).toEqual([['Port', '6379']]);
    expect(c.getMatching('slaveof')).toEqual([['slaveof', '']]);
    expect(c.getMatching('nonexistent')).toEqual([]);
    expect(c.get('SLAVE-READ-ONLY')).toBe('yes');
    expect(c.get('nonexistent')).toBe(undefined);
  });

  it('matches globs case-insensitively against names and aliases', () => {
    const names = (p: string) => c.getMatching(p).map(([k]) => k).sort();
    expect(names('*read-only')).toEqual(['replica-read-only', 'slave-read-only']);
    expect(names('maxmemory-*')).toEqual(['maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples']);
    expect(names('*MAXMEMORY*')).toEqual([
      'maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples',
      'replica-ignore-maxmemory', 'slave-ignore-maxmemory',
    ]);
    expect(names('lua*')).toEqual(['lua-time-limit']);
    expect(names('*port')).toEqual([
      'cluster-announce-bus-port', 'cluster-announce-port', 'cluster-announce-tls-port', 'cluster-port', 'port',
      'replica-announce-port', 'slave-announce-port', 'tls-port',
    ]);
  });

  it('de-duplicates several patterns by name, case-insensitively', () => {
    expect(c.configGet(['port', 'PORT'])).toEqual([['port', '6379']]);
    expect(c.configGet(['PORT', 'port'])).toEqual([['PORT', '6379']]);
    expect(c.configGet(['po*', 'port'])).toEqual([['port', '6379']]);
    expect(c.configGet(['slave-read-only', '*read-only']).map(([k]) => k).sort()).toEqual(['replica-read-only', 'slave-read-only']);
  });

  it('hides the n class next to A in notify-keyspace-events, like Redis', () => {
    const d = EngineConfig.defaults();
    const cases: Array<[string, string]> = [
      ['KEA', 'AKE'], ['Eg', 'gE'], ['EgmnAKtd', 'AKEm'], ['g$lshzxetd', 'A'], ['ndtexzhsl$', '$lshzxetdn'],
      ['KEmn', 'nKEm'], ['mK', 'Km'], ['$', '$'], ['', ''],
    ];
    for (const [input, shown] of cases) {
      expect(set(d, 'notify-keyspace-events', input)).toBe(null);
      expect([input, d.get('notify-keyspace-events')]).toEqual([input, shown]);
    }
    set(d, 'notify-keyspace-events', 'AKEn');
    expect(d.get('notify-keyspace-events')).toBe('AKE');
    expect(parseKeyspaceEvents(d.str('notify-keyspace-events'))! & NOTIFY.NEW).toBe(NOTIFY.NEW);
  });
});

// ---------------------------------------------------------------------------------------------
describe('CONFIG SET (validateSet / applySet)', () => {
  // [pairs, Redis 7.0.15's reply]
  const errors: Array<[string[], string]> = [
    [['foo', 'bar'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [['FOO', '1'], "ERR Unknown option or number of arguments for CONFIG SET - 'FOO'"],
    [['maxmemory', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"],
    [['MAXMEMORY', 'x'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"],
    [['maxmemory', '-1'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"],
    [['databases', '3'], "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"],
    [['DATABASES', '1'], "ERR CONFIG SET failed (possibly related to argument 'DATABASES') - can't set immutable config"],
    [['shards', '2'], "ERR CONFIG SET failed (possibly related to argument 'shards') - can't set immutable config"],
    [['maxmemory', '1', 'maxmemory', '2'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter"],
    [['MaxMemory', '1', 'maxmemory', '2'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter"],
    [['save', '100 1', 'SAVE', '200 2'], "ERR CONFIG SET failed (possibly related to argument 'SAVE') - duplicate parameter"],
    [['port', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer"],
    [['port', '70000'], "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive"],
    [['port', '-1'], "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive"],
    [['timeout', '+5'], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer"],
    [['timeout', '05'], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer"],
    [['timeout', '1k'], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer"],
    [['timeout', '9223372036854775807'], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive"],
    [['timeout', '9223372036854775808'], "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer"],
    [['maxclients', '-1'], "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive"],
    [['proto-max-bulk-len', '1'], "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive"],
    [['proto-max-bulk-len', '-1'], "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be a memory value"],
    [['repl-backlog-size', '0'], "ERR CONFIG SET failed (possibly related to argument 'repl-backlog-size') - argument must be between 1 and 9223372036854775807 inclusive"],
    [['slowlog-log-slower-than', '-2'], "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive"],
    [['hash-max-listpack-entries', '1k'], "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument couldn't be parsed into an integer"],
    [['maxmemory-clients', '101%'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100"],
    [['maxmemory-clients', '-5%'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value"],
    [['appendfsync', 'foo'], "ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no"],
    [['maxmemory-policy', 'foo'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"],
    [['loglevel', 'notice warning'], "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning"],
    [['loglevel', ''], "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning"],
    [['oom-score-adj', 'zzz'], "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj') - argument(s) must be one of the following: no, yes, relative, absolute"],
    [['protected-mode', 'maybe'], "ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'"],
    [['SLAVE-READ-ONLY', 'maybe'], "ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument must be 'yes' or 'no'"],
    [['save', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
    [['save', '1 2 3'], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
    [['save', '0 0'], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
    [['save', ' 100 1'], "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"],
    [['notify-keyspace-events', 'Z'], "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'."],
    [['bind', '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17'], "ERR CONFIG SET failed (possibly related to argument 'bind') - Too many bind addresses specified."],
    [['dir', '/tmp'], "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"],
    [['dbfilename', 'x.rdb'], "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config"],
    [['appendfilename', 'x'], "ERR CONFIG SET failed (possibly related to argument 'appendfilename') - can't set immutable config"],
    [['replicaof', 'no one'], "ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config"],
    [['client-output-buffer-limit', 'normal 1 2'], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration."],
    [['client-output-buffer-limit', 'master 1 2 3'], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration."],
    [['client-output-buffer-limit', 'normal x 2 3'], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration."],
    [['client-output-buffer-limit', 'pubsub 1 2 -1'], "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration."],
    [['oom-score-adj-values', '1 2'], "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments"],
    [['oom-score-adj-values', '1 2 3000'], "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - Invalid oom-score-adj-values, elements must be between -2000 and 2000."],
    [['latency-tracking-info-percentiles', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters"],
    [['latency-tracking-info-percentiles', '101'], "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"],
    [['shutdown-on-sigint', 'save nosave'], "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously"],
    [['shutdown-on-sigint', ''], "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - argument(s) must be one of the following: default, save, nosave, now, force"],
    [['proc-title-template', '{title} {bad}'], "ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables"],
    [['cluster-announce-hostname', 'a_b'], "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames may only contain alphanumeric characters, hyphens or dots"],
    // the first problem, in argument order, wins
    [['maxmemory', '1', 'databases', '3', 'foo', '4'], "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"],
    [['foo', '4', 'databases', '3'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [['maxmemory', 'abc', 'foo', '4'], "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"],
    [['maxmemory', 'abc', 'hz', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"],
    [['hz', 'abc', 'maxmemory', 'abc'], "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"],
    [['dir', '/tmp', 'foo', '1'], "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"],
  ];

  it('returns the exact Redis 7.0 error texts', () => {
    for (const [kv, expected] of errors) {
      const c = EngineConfig.defaults();
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i < kv.length; i += 2) pairs.push([kv[i] as string, kv[i + 1] as string]);
      expect([kv, c.validateSet(pairs)]).toEqual([kv, expected]);
      expect([kv, c.applySet(pairs)]).toEqual([kv, expected]);
    }
  });

  it('stores canonical values, as CONFIG GET prints them', () => {
    const c = EngineConfig.defaults();
    const cases: Array<[string, string, string]> = [
      ['maxmemory', '1gb', '1073741824'], ['maxmemory', '1g', '1000000000'], ['maxmemory', '1kb', '1024'],
      ['maxmemory', '05', '5'], ['maxmemory', '', '0'], ['maxmemory', '18446744073709551616', '18446744073709551615'],
      ['maxmemory-clients', '0%', '0'],
      ['hz', '0', '1'], ['hz', '1000', '500'], ['loglevel', 'WARNING', 'warning'], ['protected-mode', 'YES', 'yes'],
      ['oom-score-adj', 'relative', 'yes'], ['shutdown-on-sigint', 'NOW save', 'save now'],
      ['shutdown-on-sigint', 'default now', 'now'], ['shutdown-on-sigint', 'force now save', 'save now force'],
      ['save', '200 2 100 1 200 3', '200 2 100 1 200 3'], ['save', '01 1', '1 1'], ['save', '100 +1', '100 1'],
      ['save', '100 ', '100 0'], ['save', '1 2147483648', '1 -2147483648'], ['save', '18446744073709551616 1', '9223372036854775807 1'],
      ['save', '', ''], ['bind', '127.0.0.1 ::1', '127.0.0.1 ::1'], ['bind', '', ''],
      ['client-output-buffer-limit', 'replica 1kb 2 3 NORMAL 1 1 1', 'normal 1 1 1 slave 1024 2 3 pubsub 33554432 8388608 60'],
      ['client-output-buffer-limit', 'pubsub 1 2 03', 'normal 1 1 1 slave 1024 2 3 pubsub 1 2 3'],
      ['client-output-buffer-limit', '', 'normal 1 1 1 slave 1024 2 3 pubsub 1 2 3'],
      ['oom-score-adj-values', '-1000 -2 1000', '-1000 -2 1000'],
      ['latency-tracking-info-percentiles', '50.5000 0 100 1e1', '50.5 0 100 10'],
      ['latency-tracking-info-percentiles', '0.0000001 33.333333333', '0 33.333333'],
      ['latency-tracking-info-percentiles', '', ''],
      ['repl-backlog-size', '1', '16384'], ['repl-backlog-size', '1mb', '1048576'],
      ['list-max-listpack-size', '-5', '-5'], ['requirepass', 'p a"ss', 'p a"ss'],
    ];
    for (const [name, input, shown] of cases) {
      expect([name, input, set(c, name, input)]).toEqual([name, input, null]);
      expect([name, input, c.get(name)]).toEqual([name, input, shown]);
    }
  });

  it('lets an alias and its canonical name be set together (the last one wins)', () => {
    const c = EngineConfig.defaults();
    expect(set(c, 'SLAVE-READ-ONLY', 'yes', 'replica-read-only', 'no')).toBe(null);
    expect(c.get('replica-read-only')).toBe('no');
  });

  it('refuses values dcs-engine does not support, but accepts the default', () => {
    const c = EngineConfig.defaults();
    expect(set(c, 'appendonly', 'yes')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'appendonly') - 'appendonly yes' is not supported yet by dcs-engine");
    expect(set(c, 'appendonly', 'no')).toBe(null);
    expect(set(c, 'maxmemory-clients', '10%')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - 'maxmemory-clients 10%' is not supported yet by dcs-engine");
    expect(set(c, 'maxmemory-clients', '0%')).toBe(null);
  });

  it('allows protected configs when enable-protected-configs permits it', () => {
    fs.mkdirSync(path.join(tmp, 'prot'), { recursive: true });
    const yes = load(['--enable-protected-configs', 'yes']);
    expect(set(yes, 'dir', 'prot', 'dbfilename', 'x.rdb')).toBe(null);
    expect(yes.get('dir')).toBe(path.join(tmp, 'prot'));
    expect(yes.get('dbfilename')).toBe('x.rdb');
    expect(set(yes, 'dir', 'nonexistent')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory");
    expect(set(yes, 'dbfilename', 'a/b')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename");
    const local = load(['--enable-protected-configs', 'local']);
    expect(local.applySet([['dbfilename', 'y.rdb']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config");
    expect(local.applySet([['dbfilename', 'y.rdb']], { localClient: true })).toBe(null);
  });

  it('is all or nothing', () => {
    const c = EngineConfig.defaults();
    expect(set(c, 'maxmemory', '10', 'hz', '20', 'maxmemory-policy', 'nope')).not.toBe(null);
    expect(c.get('maxmemory')).toBe('0');
    expect(c.get('hz')).toBe('10');
    expect(set(c, 'maxmemory', '10', 'hz', '20', 'maxmemory-policy', 'allkeys-lru')).toBe(null);
    expect([c.get('maxmemory'), c.get('hz'), c.get('maxmemory-policy')]).toEqual(['10', '20', 'allkeys-lru']);
  });

  it('notifies listeners of changed parameters, by canonical name', () => {
    const c = EngineConfig.defaults();
    const seen: string[] = [];
    const off = c.onChange((name, value, previous) => {
      seen.push(`${name}=${value} (was ${previous})`);
    });
    expect(set(c, 'lua-time-limit', '100', 'timeout', '0', 'maxmemory', '1mb')).toBe(null);
    expect(seen).toEqual(['busy-reply-threshold=100 (was 5000)', 'maxmemory=1048576 (was 0)']);
    off();
    set(c, 'timeout', '5');
    expect(seen).toHaveLength(2);
  });

  it('rolls everything back when a listener vetoes the change', () => {
    const c = EngineConfig.defaults();
    const seen: string[] = [];
    c.onChange((name, value) => {
      seen.push(`${name}=${value}`);
      if (name === 'port' && value === '1') return 'Unable to listen on this port. Check server logs.';
    });
    expect(set(c, 'timeout', '7', 'port', '1')).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.");
    expect(c.get('timeout')).toBe('0');
    expect(c.get('port')).toBe('6379');
    expect(seen).toEqual(['timeout=7', 'port=1', 'timeout=0', 'port=6379']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('toRecord / fromRecord', () => {
  it('round-trips every value for worker threads', () => {
    const c = load(['--port', '7777', '--save', '', '--notify-keyspace-events', 'AKEn', '--maxmemory', '2gb']);
    const rec = c.toRecord();
    expect(Object.keys(rec)).toHaveLength(PARAMS.length);
    const copy = EngineConfig.fromRecord(structuredClone(rec));
    expect(copy.toRecord()).toEqual(rec);
    expect(copy.getMatching('*')).toEqual(c.getMatching('*'));
    expect(copy.str('notify-keyspace-events')).toBe('AnKE');
    expect(copy.get('notify-keyspace-events')).toBe('AKE');
  });

  it('update() applies canonical values from another copy and notifies listeners', () => {
    const w = EngineConfig.defaults();
    const seen: string[] = [];
    w.onChange((n, v) => {
      seen.push(`${n}=${v}`);
    });
    w.update({ maxmemory: '100', timeout: '0', 'slave-read-only': 'no' });
    expect(seen).toEqual(['maxmemory=100', 'replica-read-only=no']);
    expect(() => w.update({ nope: '1' })).toThrow(/unknown parameter/);
    expect(() => EngineConfig.fromRecord({ nope: '1' })).toThrow(/unknown parameter/);
  });

  it('has typed getters', () => {
    const c = EngineConfig.defaults();
    expect(c.int('port')).toBe(6379);
    expect(c.int('list-max-listpack-size')).toBe(-2);
    expect(c.bool('protected-mode')).toBe(true);
    expect(c.bool('appendonly')).toBe(false);
    expect(c.str('maxmemory-policy')).toBe('noeviction');
    expect(c.words('bind')).toEqual(['127.0.0.1', '-::1']);
    expect(() => c.int('loglevel')).toThrow();
    expect(() => c.str('nope')).toThrow();
    expect(c.isDefault('port')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe('CONFIG REWRITE', () => {
  it('rewrites in place, blanks duplicates, keeps comments and appends new options', () => {
    // Same file and CONFIG SETs as a redis-server 7.0.15 run; its output differed only in the
    // (hash-table) order of the appended lines and an extra "user default ..." line.
    const original = [
      '# My config', 'port 7398', 'bind 127.0.0.1', '', '# memory', 'maxmemory 100mb', 'slave-read-only no',
      'save 900 1', 'save 300 10', 'loglevel warning', 'loglevel notice', 'dbfilename "my dump.rdb"', '   hz    15   ',
      `include ${tmp}/rw-inc.conf`, REWRITE_SIGNATURE, 'timeout 0', 'requirepass "pw"',
      'client-output-buffer-limit pubsub 64mb 16mb 90', '', '', '',
    ].join('\n');
    write('rw-inc.conf', 'tcp-keepalive 200\n');
    const f = write('rw.conf', original);
    const c = load([f]);
    const sets: Array<[string, string]> = [
      ['maxmemory', '2gb'], ['timeout', '5'], ['notify-keyspace-events', 'KEA'], ['save', '100 1'],
      ['client-output-buffer-limit', 'normal 1mb 2kb 3'], ['proto-max-bulk-len', '1000000000'], ['requirepass', ''],
      ['list-max-ziplist-size', '5'], ['slowlog-log-slower-than', '-1'], ['loglevel', 'verbose'],
      ['replica-announce-ip', 'my "host"\\n'], ['latency-tracking-info-percentiles', ''], ['bind', '127.0.0.1 ::1'],
      ['oom-score-adj-values', '0 100 900'],
    ];
    for (const p of sets) expect(c.applySet([p])).toBe(null);
    expect(c.rewrite()).toBe(null);
    const lines = fs.readFileSync(f, 'latin1').split('\n');
    expect(lines.slice(0, 20)).toEqual([
      '# My config', 'port 7398', 'bind 127.0.0.1 ::1', '', '# memory', 'maxmemory 2gb', 'replica-read-only no',
      'save 100 1', '', 'loglevel verbose', '', 'dbfilename "my dump.rdb"', 'hz 15', `include ${tmp}/rw-inc.conf`,
      REWRITE_SIGNATURE, 'timeout 5', '', 'client-output-buffer-limit normal 1mb 2kb 3', '', lines[19],
    ]);
    expect(lines.slice(19).sort()).toEqual([
      '', 'client-output-buffer-limit pubsub 64mb 16mb 90', `dir "${tmp}"`, 'latency-tracking-info-percentiles ""',
      'list-max-listpack-size 5', 'notify-keyspace-events "AKE"', 'oom-score-adj-values 0 100 900',
      'proto-max-bulk-len 1000000000', 'replica-announce-ip "my \\"host\\"\\\\n"', 'slowlog-log-slower-than -1',
      'tcp-keepalive 200',
    ]);
    // the rewritten file loads back to the same configuration
    expect(load([f]).getMatching('*')).toEqual(c.getMatching('*'));
  });

  it('comments out unknown or unparsable lines and keeps non-parameter directives', () => {
    const c = EngineConfig.defaults(tmp);
    const out = c.rewriteContent('foo bar\nport "unbalanced\nrename-command FLUSHALL ""\nlist-max-ziplist-entries 4\nPORT 6379\n');
    expect(out).toBe([
      '# ??? foo bar', '# ??? port "unbalanced', 'rename-command FLUSHALL ""', '# ??? list-max-ziplist-entries 4',
      'port 6379', '', REWRITE_SIGNATURE, 'save 3600 1', 'save 300 100', 'save 60 10000', `dir "${tmp}"`,
      'latency-tracking-info-percentiles 50 99 99.9', '',
    ].join('\n'));
  });

  it('only writes what differs from the defaults (plus dir, save and percentiles, as Redis)', () => {
    const c = EngineConfig.defaults(tmp);
    expect(c.rewriteContent('')).toBe([
      REWRITE_SIGNATURE, 'save 3600 1', 'save 300 100', 'save 60 10000', `dir "${tmp}"`,
      'latency-tracking-info-percentiles 50 99 99.9', '',
    ].join('\n'));
    expect(set(c, 'maxmemory', '3mb')).toBe(null);
    set(c, 'save', '');
    const out = c.rewriteContent('bind * -::*\nrequirepass ""\nmasterauth x\n');
    expect(out).toBe([
      '', REWRITE_SIGNATURE, 'save ""', `dir "${tmp}"`, 'maxmemory 3mb', 'latency-tracking-info-percentiles 50 99 99.9', '',
    ].join('\n'));
  });

  it('creates a missing file and reports errors like Redis', () => {
    const c = EngineConfig.defaults(tmp);
    expect(c.rewrite()).toBe('ERR The server is running without a config file');
    const f = path.join(tmp, 'new-dir-for-rewrite', 'missing.conf');
    expect(c.rewrite(f)).toBe('ERR Rewriting config file: No such file or directory');
    fs.mkdirSync(path.dirname(f));
    expect(c.rewrite(f)).toBe(null);
    expect(fs.readFileSync(f, 'utf8')).toContain(REWRITE_SIGNATURE);
    expect(c.rewrite(tmp)).toMatch(/^ERR Rewriting config file: /);
  });
});
