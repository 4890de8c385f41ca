/**
 * control/options.ts — dcs-control's command line and environment.
 *
 * Owns: parsing `--name value` options (and their DCS_* environment twins) into `ControlOptions`,
 * their defaults and the help text. Command-line options win over the environment.
 *
 * Invariants: parseOptions() never touches the file system or the network; it throws
 * OptionsError with a one-line message for any bad option so main.ts can print it and exit 1.
 */

import path from 'node:path';

export interface ControlOptions {
  /** address the REST API listens on */
  host: string;
  port: number;
  /** state database, instance directories and backups live here */
  dataDir: string;
  /** instance ports are allocated from this range (inclusive) */
  portLow: number;
  portHigh: number;
  /** create the default single-node instance on first start */
  defaultInstance: boolean;
  /** preferred port of the default instance */
  defaultInstancePort: number;
  /** project that owns the default instance */
  defaultProject: string;
  /** required X-Auth-Token value (mandatory when listening beyond loopback) */
  authToken: string | null;
  /** address the engines bind */
  instanceBind: string;
  /** address reported to clients as the instances' `ip` */
  instanceHost: string;
  /** shard worker threads per engine process */
  engineShards: number;
  /** leave the engines running when dcs-control stops (they are re-adopted on the next start) */
  keepInstances: boolean;
  /** health-check period in ms */
  healthIntervalMs: number;
  /** quotas per project */
  quotaInstances: number;
  quotaRamGb: number;
  /** log level: error | warn | info | debug */
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

export const HELP = `Usage: dcs-control [options]

  --listen HOST:PORT        REST API address (default 127.0.0.1:7480)          env DCS_LISTEN
  --data-dir DIR            state, instance data and backups (default ./data)  env DCS_DATA_DIR
  --instance-ports LOW-HIGH ports for instance nodes (default 6379-6479)       env DCS_INSTANCE_PORTS
  --no-default-instance     do not create the default instance on first start  env DCS_NO_DEFAULT_INSTANCE=1
  --default-project ID      project of the default instance (default "local")  env DCS_DEFAULT_PROJECT
  --auth-token TOKEN        required X-Auth-Token (mandatory unless loopback)  env DCS_AUTH_TOKEN
  --instance-bind ADDR      address the instances bind (default 127.0.0.1)     env DCS_INSTANCE_BIND
  --instance-host HOST      address reported as the instances' ip             env DCS_INSTANCE_HOST
  --engine-shards N         shard threads per engine process (default 1)       env DCS_ENGINE_SHARDS
  --keep-instances          leave instances running when dcs-control stops     env DCS_KEEP_INSTANCES=1
  --health-interval MS      health-check period (default 1000)                 env DCS_HEALTH_INTERVAL
  --quota-instances N       instances per project (default 100)                env DCS_QUOTA_INSTANCES
  --quota-ram GB            memory per project in GB (default 4096)            env DCS_QUOTA_RAM
  --log-level LEVEL         error | warn | info | debug (default info)         env DCS_LOG_LEVEL
  --help, --version
`;

interface Spec {
  env: string;
  flag: boolean;
}

const SPECS: Record<string, Spec> = {
  listen: { env: 'DCS_LISTEN', flag: false },
  'data-dir': { env: 'DCS_DATA_DIR', flag: false },
  'instance-ports': { env: 'DCS_INSTANCE_PORTS', flag: false },
  'no-default-instance': { env: 'DCS_NO_DEFAULT_INSTANCE', flag: true },
  'default-project': { env: 'DCS_DEFAULT_PROJECT', flag: false },
  'auth-token': { env: 'DCS_AUTH_TOKEN', flag: false },
  'instance-bind': { env: 'DCS_INSTANCE_BIND', flag: false },
  'instance-host': { env: 'DCS_INSTANCE_HOST', flag: false },
  'engine-shards': { env: 'DCS_ENGINE_SHARDS', flag: false },
  'keep-instances': { env: 'DCS_KEEP_INSTANCES', flag: true },
  'health-interval': { env: 'DCS_HEALTH_INTERVAL', flag: false },
  'quota-instances': { env: 'DCS_QUOTA_INSTANCES', flag: false },
  'quota-ram': { env: 'DCS_QUOTA_RAM', flag: false },
  'log-level': { env: 'DCS_LOG_LEVEL', flag: false },
};

export type ParseResult = { kind: 'run'; options: ControlOptions } | { kind: 'help' } | { kind: 'version' };

function truthy(v: string): boolean {
  return !['', '0', 'false', 'no', 'off'].includes(v.trim().toLowerCase());
}

function int(name: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v.trim())) throw new OptionsError(`--${name}: expected an integer, got "${v}"`);
  const n = Number(v.trim());
  if (n < min || n > max) throw new OptionsError(`--${name}: must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Splits "HOST:PORT", "[v6]:PORT" or ":PORT"/"PORT" (host 127.0.0.1). */
export function parseListen(v: string): { host: string; port: number } {
  const s = v.trim();
  let host = '127.0.0.1';
  let portText = s;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(s);
  if (v6) {
    host = v6[1] ?? host;
    portText = v6[2] ?? '';
  } else if (s.includes(':')) {
    const i = s.lastIndexOf(':');
    host = s.slice(0, i) || host;
    portText = s.slice(i + 1);
  }
  if (host === 'localhost') host = '127.0.0.1';
  return { host, port: int('listen', portText, 0, 65535) };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ParseResult {
  const given = new Map<string, string>();
  for (const [name, spec] of Object.entries(SPECS)) {
    const v = env[spec.env];
    if (v !== undefined && v !== '') given.set(name, spec.flag ? (truthy(v) ? '1' : '0') : v);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--help' || a === '-h') return { kind: 'help' };
    if (a === '--version' || a === '-v') return { kind: 'version' };
    if (!a.startsWith('--')) throw new OptionsError(`unexpected argument "${a}" (see --help)`);
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = SPECS[name];
    if (spec === undefined) throw new OptionsError(`unknown option --${name} (see --help)`);
    if (spec.flag) {
      given.set(name, value === undefined ? '1' : truthy(value) ? '1' : '0');
      continue;
    }
    if (value === undefined) {
      value = argv[i + 1];
      i++;
      if (value === undefined) throw new OptionsError(`--${name} needs a value`);
    }
    given.set(name, value);
  }

  const listen = parseListen(given.get('listen') ?? '127.0.0.1:7480');
  const ports = given.get('instance-ports') ?? '6379-6479';
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(ports);
  if (!m) throw new OptionsError(`--instance-ports: expected LOW-HIGH, got "${ports}"`);
  const portLow = int('instance-ports', m[1] ?? '', 1, 65535);
  const portHigh = int('instance-ports', m[2] ?? '', 1, 65535);
  if (portHigh < portLow) throw new OptionsError('--instance-ports: HIGH must not be below LOW');

  const project = given.get('default-project') ?? 'local';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(project)) throw new OptionsError('--default-project: 1 to 64 letters, digits, "_" or "-"');

  const token = given.get('auth-token') ?? null;
  if (token !== null && (token.length < 8 || /\s/.test(token))) {
    throw new OptionsError('--auth-token: at least 8 characters, no white space');
  }
  if (!isLoopback(listen.host) && token === null) {
    throw new OptionsError(`listening on ${listen.host} (not loopback) needs --auth-token (or DCS_AUTH_TOKEN): X-Auth-Token is then mandatory`);
  }

  const bind = given.get('instance-bind') ?? '127.0.0.1';
  const reportedHost = given.get('instance-host') ?? (bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind);
  const level = given.get('log-level') ?? 'info';
  if (level !== 'error' && level !== 'warn' && level !== 'info' && level !== 'debug') {
    throw new OptionsError(`--log-level: one of error, warn, info, debug (got "${level}")`);
  }

  return {
    kind: 'run',
    options: {
      host: listen.host,
      port: listen.port,
      dataDir: path.resolve(cwd, given.get('data-dir') ?? 'data'),
      portLow,
      portHigh,
      defaultInstance: given.get('no-default-instance') !== '1',
      defaultInstancePort: Math.min(Math.max(6379, portLow), portHigh),
      defaultProject: project,
      authToken: token,
      instanceBind: bind,
      instanceHost: reportedHost,
      engineShards: int('engine-shards', given.get('engine-shards') ?? '1', 1, 64),
      keepInstances: given.get('keep-instances') === '1',
      healthIntervalMs: int('health-interval', given.get('health-interval') ?? '1000', 100, 60_000),
      quotaInstances: int('quota-instances', given.get('quota-instances') ?? '100', 1, 100_000),
      quotaRamGb: int('quota-ram', given.get('quota-ram') ?? '4096', 1, 10_000_000),
      logLevel: level,
    },
  };
}
