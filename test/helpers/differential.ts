// Test helper: differential testing — run one command script against the real
// redis-server and against our engine and require identical replies.
// Owns: runScript(), compareWithRedis(), diffReplies(), respEqual(),
// formatReply(), the reply normalizers (sortReply, sortDeep, byCommand,
// ignoreReply) and differentialSuite() / differential(), which register
// vitest describe/it blocks (one describe per engine shard count).
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { RespClient, encodeCommand, type Arg, type RespValue } from './resp-client.ts';
import { engineShardCounts, startEngine, startRedis, type ServerHandle } from './servers.ts';

export type Command = readonly Arg[];
export type Script = readonly Command[];

/** Replies the harness records itself when a server stops answering. */
export const HARNESS_PREFIX = '[harness]';

export interface RunOptions {
  /** send `HELLO 3` before the script (its reply is not returned) */
  resp3?: boolean;
  /** send the whole script in one write instead of one command at a time */
  pipeline?: boolean;
  /** per-reply timeout in ms (default 10000) */
  timeoutMs?: number;
}

function harnessError(text: string): RespValue {
  return { type: 'error', value: `${HARNESS_PREFIX} ${text}` };
}

function failureReply(client: RespClient, err: unknown): RespValue {
  if (client.closed) return harnessError('connection closed before reply');
  const msg = err instanceof Error ? err.message : String(err);
  return harnessError(/no reply/.test(msg) ? 'no reply (timeout)' : `client failure: ${msg}`);
}

/**
 * Runs `script` on a fresh connection to 127.0.0.1:port and returns one reply
 * per command. If the server closes the connection or stops answering, the
 * missing replies are recorded as `{type:'error', value:'[harness] ...'}` and
 * the rest of the script is not sent, so the result always has
 * script.length entries.
 */
export async function runScript(port: number, script: Script, opts: RunOptions = {}): Promise<RespValue[]> {
  const client = await RespClient.connect(port, { resp3: opts.resp3, timeoutMs: opts.timeoutMs ?? 10_000 });
  const replies: RespValue[] = [];
  try {
    if (opts.pipeline) {
      if (script.length > 0) client.sendRaw(Buffer.concat(script.map((c) => encodeCommand(c))));
      for (let i = 0; i < script.length; i++) {
        try {
          replies.push(await client.readReply());
        } catch (err) {
          replies.push(failureReply(client, err));
          break;
        }
      }
    } else {
      for (const cmd of script) {
        try {
          replies.push(await client.call(...cmd));
        } catch (err) {
          replies.push(failureReply(client, err));
          break;
        }
      }
    }
    while (replies.length < script.length) replies.push(harnessError('not sent (connection unusable)'));
    return replies;
  } finally {
    await client.close();
  }
}

// ---------------------------------------------------------------------------
// Equality, ordering, formatting

/** Exact structural equality: same RESP type and same value, recursively. */
export function respEqual(a: RespValue, b: RespValue): boolean {
  switch (a.type) {
    case 'simple':
    case 'error':
    case 'blob_error':
    case 'double':
    case 'bignum':
      return b.type === a.type && b.value === a.value;
    case 'integer':
      return b.type === 'integer' && b.value === a.value;
    case 'bool':
      return b.type === 'bool' && b.value === a.value;
    case 'null':
      return b.type === 'null';
    case 'bulk':
      if (b.type !== 'bulk') return false;
      if (a.value === null || b.value === null) return a.value === b.value;
      return a.value.equals(b.value);
    case 'verbatim':
      return b.type === 'verbatim' && b.format === a.format && b.value.equals(a.value);
    case 'array':
      if (b.type !== 'array') return false;
      if (a.value === null || b.value === null) return a.value === b.value;
      return listEqual(a.value, b.value);
    case 'set':
    case 'push':
      return b.type === a.type && listEqual(a.value, b.value);
    case 'map':
      return b.type === 'map' && pairsEqual(a.value, b.value);
    case 'attribute':
      return b.type === 'attribute' && pairsEqual(a.attributes, b.attributes) && respEqual(a.value, b.value);
  }
}

function listEqual(a: readonly RespValue[], b: readonly RespValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !respEqual(x, y)) return false;
  }
  return true;
}

function pairsEqual(a: readonly [RespValue, RespValue][], b: readonly [RespValue, RespValue][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !respEqual(x[0], y[0]) || !respEqual(x[1], y[1])) return false;
  }
  return true;
}

/** A string that identifies a reply exactly (used as a sort key). */
export function canonical(v: RespValue): string {
  switch (v.type) {
    case 'simple':
      return `+${v.value}`;
    case 'error':
      return `-${v.value}`;
    case 'blob_error':
      return `!${v.value}`;
    case 'integer':
      return `:${v.value}`;
    case 'double':
      return `,${v.value}`;
    case 'bignum':
      return `(${v.value}`;
    case 'bool':
      return v.value ? '#t' : '#f';
    case 'null':
      return '_';
    case 'bulk':
      return v.value === null ? '$-1' : `$${v.value.toString('latin1')}`;
    case 'verbatim':
      return `=${v.format}:${v.value.toString('latin1')}`;
    case 'array':
      return v.value === null ? '*-1' : `*[${v.value.map(canonical).join('\u0000')}]`;
    case 'set':
      return `~[${v.value.map(canonical).join('\u0000')}]`;
    case 'push':
      return `>[${v.value.map(canonical).join('\u0000')}]`;
    case 'map':
      return `%[${v.value.map(([k, x]) => `${canonical(k)}\u0001${canonical(x)}`).join('\u0000')}]`;
    case 'attribute':
      return `|[${v.attributes.map(([k, x]) => `${canonical(k)}\u0001${canonical(x)}`).join('\u0000')}]${canonical(v.value)}`;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortList(items: readonly RespValue[], deep: boolean): RespValue[] {
  const xs = deep ? items.map((x) => sortDeep(x)) : [...items];
  return xs
    .map((x) => ({ x, k: canonical(x) }))
    .sort((p, q) => cmp(p.k, q.k))
    .map((p) => p.x);
}

function sortPairs(pairs: readonly [RespValue, RespValue][], deep: boolean): [RespValue, RespValue][] {
  const xs: [RespValue, RespValue][] = deep ? pairs.map(([k, v]) => [sortDeep(k), sortDeep(v)]) : [...pairs];
  return xs
    .map((p) => ({ p, k: `${canonical(p[0])}\u0001${canonical(p[1])}` }))
    .sort((a, b) => cmp(a.k, b.k))
    .map((e) => e.p);
}

/** Sorts the elements of a top-level array / set / push, or the entries of a map. */
export function sortReply(v: RespValue): RespValue {
  switch (v.type) {
    case 'array':
      return v.value === null ? v : { type: 'array', value: sortList(v.value, false) };
    case 'set':
      return { type: 'set', value: sortList(v.value, false) };
    case 'push':
      return { type: 'push', value: sortList(v.value, false) };
    case 'map':
      return { type: 'map', value: sortPairs(v.value, false) };
    case 'attribute':
      return { type: 'attribute', attributes: v.attributes, value: sortReply(v.value) };
    default:
      return v;
  }
}

/** Like sortReply, but at every nesting level. */
export function sortDeep(v: RespValue): RespValue {
  switch (v.type) {
    case 'array':
      return v.value === null ? v : { type: 'array', value: sortList(v.value, true) };
    case 'set':
      return { type: 'set', value: sortList(v.value, true) };
    case 'push':
      return { type: 'push', value: sortList(v.value, true) };
    case 'map':
      return { type: 'map', value: sortPairs(v.value, true) };
    case 'attribute':
      return { type: 'attribute', attributes: sortPairs(v.attributes, true), value: sortDeep(v.value) };
    default:
      return v;
  }
}

/** Replaces a reply by a fixed placeholder (for values that cannot match, e.g. INFO). */
export function ignoreReply(): RespValue {
  return { type: 'simple', value: `${HARNESS_PREFIX} ignored` };
}

export type Normalize = (cmdIndex: number, reply: RespValue, cmd: Command) => RespValue;

/**
 * Builds a normalize function keyed by command name (case-insensitive; also
 * "NAME SUBCOMMAND", e.g. 'CLIENT LIST', which wins over 'CLIENT').
 *   normalize: byCommand({ INFO: ignoreReply, SMEMBERS: sortReply })
 */
export function byCommand(table: Record<string, (reply: RespValue, cmd: Command, cmdIndex: number) => RespValue>): Normalize {
  const upper = new Map<string, (reply: RespValue, cmd: Command, cmdIndex: number) => RespValue>();
  for (const [k, fn] of Object.entries(table)) upper.set(k.toUpperCase().replace(/\s+/g, ' ').trim(), fn);
  const argText = (a: Arg | undefined): string => (a === undefined ? '' : Buffer.isBuffer(a) ? a.toString('latin1') : String(a)).toUpperCase();
  return (cmdIndex, reply, cmd) => {
    const name = argText(cmd[0]);
    const fn = upper.get(`${name} ${argText(cmd[1])}`) ?? upper.get(name);
    return fn ? fn(reply, cmd, cmdIndex) : reply;
  };
}

function quoteBytes(b: Buffer, max = 300): string {
  let s = '"';
  const n = Math.min(b.length, max);
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0;
    if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += '\\\\';
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  s += '"';
  if (b.length > max) s += `... (${b.length} bytes)`;
  return s;
}

function quoteText(t: string): string {
  return quoteBytes(Buffer.from(t, 'latin1'));
}

/** Multi-line, type-tagged rendering of a reply (redis-cli style). */
export function formatReply(v: RespValue, indent = ''): string {
  const child = (items: readonly RespValue[], label: string): string => {
    if (items.length === 0) return `(${label}) (empty)`;
    const w = String(items.length).length;
    const lines = items.map((x, i) => `${indent}  ${String(i + 1).padStart(w)}) ${formatReply(x, `${indent}  ${' '.repeat(w + 2)}`)}`);
    return `(${label}, ${items.length})\n${lines.join('\n')}`;
  };
  const pairLines = (ps: readonly [RespValue, RespValue][], label: string): string => {
    if (ps.length === 0) return `(${label}) (empty)`;
    const w = String(ps.length).length;
    const inner = `${indent}  ${' '.repeat(w + 2)}`;
    const lines = ps.map(([k, x], i) => `${indent}  ${String(i + 1).padStart(w)}# ${formatReply(k, inner)} => ${formatReply(x, `${inner}  `)}`);
    return `(${label}, ${ps.length})\n${lines.join('\n')}`;
  };
  switch (v.type) {
    case 'simple':
      return `(simple) ${quoteText(v.value)}`;
    case 'error':
      return `(error) ${quoteText(v.value)}`;
    case 'blob_error':
      return `(blob error) ${quoteText(v.value)}`;
    case 'integer':
      return `(integer) ${v.value}`;
    case 'double':
      return `(double) ${v.value}`;
    case 'bignum':
      return `(bignum) ${v.value}`;
    case 'bool':
      return `(bool) ${v.value}`;
    case 'null':
      return '(null)';
    case 'bulk':
      return v.value === null ? '(nil bulk)' : `(bulk) ${quoteBytes(v.value)}`;
    case 'verbatim':
      return `(verbatim ${v.format}) ${quoteBytes(v.value)}`;
    case 'array':
      return v.value === null ? '(nil array)' : child(v.value, 'array');
    case 'set':
      return child(v.value, 'set');
    case 'push':
      return child(v.value, 'push');
    case 'map':
      return pairLines(v.value, 'map');
    case 'attribute':
      return `${pairLines(v.attributes, 'attribute')}\n${indent}${formatReply(v.value, indent)}`;
  }
}

export function formatCommand(cmd: Command, max = 200): string {
  const parts = cmd.map((a) => {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8');
    const plain = b.length > 0 && b.every((c) => c > 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c);
    return plain ? b.toString('latin1') : quoteBytes(b, 60);
  });
  const s = parts.join(' ');
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

// ---------------------------------------------------------------------------
// Comparison

export interface CompareRules {
  /** applied to both sides' replies before comparing */
  normalize?: Normalize;
  /** sort top-level arrays/sets/maps of every reply (true) or of these command indices */
  unordered?: boolean | number[];
  /** numeric replies (integer/double) at these command indices may differ by ± the given amount */
  tolerance?: Record<number, number>;
  /** command indices whose replies are not compared */
  ignore?: number[];
}

export interface Mismatch {
  index: number;
  cmd: Command;
  /** replies after normalization */
  redis: RespValue;
  ours: RespValue;
}

function numeric(v: RespValue): number | undefined {
  if (v.type === 'integer') return Number(v.value);
  if (v.type === 'double') {
    const n = Number(v.value);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

/** Applies the rules to reply #i of one side. */
export function prepareReply(i: number, cmd: Command, reply: RespValue, rules: CompareRules): RespValue {
  let r = reply;
  if (rules.normalize) r = rules.normalize(i, r, cmd);
  const u = rules.unordered;
  if (u === true || (Array.isArray(u) && u.includes(i))) r = sortReply(r);
  return r;
}

/** Compares two reply lists under the rules; returns the differing entries. */
export function diffReplies(script: Script, redis: readonly RespValue[], ours: readonly RespValue[], rules: CompareRules = {}): Mismatch[] {
  const out: Mismatch[] = [];
  const n = Math.max(script.length, redis.length, ours.length);
  for (let i = 0; i < n; i++) {
    if (rules.ignore?.includes(i)) continue;
    const cmd = script[i] ?? [];
    const ra = redis[i] ?? harnessError('no reply recorded');
    const rb = ours[i] ?? harnessError('no reply recorded');
    const a = prepareReply(i, cmd, ra, rules);
    const b = prepareReply(i, cmd, rb, rules);
    if (respEqual(a, b)) continue;
    const tol = rules.tolerance?.[i];
    if (tol !== undefined && a.type === b.type) {
      const x = numeric(a);
      const y = numeric(b);
      if (x !== undefined && y !== undefined && Math.abs(x - y) <= tol) continue;
    }
    out.push({ index: i, cmd, redis: a, ours: b });
  }
  return out;
}

function firstByteDifference(a: RespValue, b: RespValue): string {
  if (a.type === 'bulk' && b.type === 'bulk' && a.value && b.value) {
    const n = Math.min(a.value.length, b.value.length);
    let i = 0;
    while (i < n && a.value[i] === b.value[i]) i++;
    return `\n        (bulk lengths ${a.value.length} vs ${b.value.length}; first difference at byte ${i})`;
  }
  return '';
}

function tail(text: string, max = 3000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

export interface ReportInput {
  script: Script;
  redis: readonly RespValue[];
  ours: readonly RespValue[];
  mismatches: readonly Mismatch[];
  title: string;
  oursLabel?: string;
  rules?: CompareRules;
}

/** Human-readable report: a transcript with every mismatch expanded. */
export function formatMismatchReport(input: ReportInput): string {
  const label = input.oursLabel ?? 'engine';
  const width = Math.max(5, label.length);
  const bad = new Map(input.mismatches.map((m) => [m.index, m]));
  const long = input.script.length > 40;
  const near = (i: number): boolean => {
    for (const m of input.mismatches) if (Math.abs(m.index - i) <= 2) return true;
    return false;
  };
  const lines: string[] = [
    `${input.title}: ${input.mismatches.length} of ${input.script.length} replies differ`,
    '',
  ];
  let skipped = false;
  for (let i = 0; i < input.script.length; i++) {
    const cmd = input.script[i] ?? [];
    const m = bad.get(i);
    if (!m && long && !near(i)) {
      if (!skipped) lines.push('    ...');
      skipped = true;
      continue;
    }
    skipped = false;
    if (m) {
      const pad = '        ';
      lines.push(`  ✗ #${i}  ${formatCommand(cmd)}`);
      lines.push(`${pad}${'redis'.padEnd(width)}: ${formatReply(m.redis, `${pad}${' '.repeat(width + 2)}`)}`);
      lines.push(`${pad}${label.padEnd(width)}: ${formatReply(m.ours, `${pad}${' '.repeat(width + 2)}`)}${firstByteDifference(m.redis, m.ours)}`);
    } else {
      const r = input.redis[i];
      const shown = r ? prepareReply(i, cmd, r, input.rules ?? {}) : harnessError('no reply recorded');
      const one = formatReply(shown).split('\n');
      const ignored = input.rules?.ignore?.includes(i) ? ' (not compared)' : '';
      lines.push(`  ✓ #${i}  ${formatCommand(cmd)}  ->  ${one[0] ?? ''}${one.length > 1 ? ' ...' : ''}${ignored}`);
    }
  }
  return lines.join('\n');
}

export class DifferentialError extends Error {
  override name = 'DifferentialError';
  mismatches: Mismatch[];
  constructor(message: string, mismatches: Mismatch[]) {
    super(message);
    this.mismatches = mismatches;
  }
}

export type Setup = Script | ((client: RespClient, side: 'redis' | 'engine') => Promise<void>);

export interface CompareOptions extends CompareRules, RunOptions {
  /** the real redis-server (port or handle) */
  redis: number | ServerHandle;
  /** the server under test (port or handle; a handle adds its output to failure reports) */
  engine: number | ServerHandle;
  /** shown in the report title */
  shards?: number;
  /** run before the script on both sides; a setup script's replies must match too */
  setup?: Setup;
  /** name of the server under test in reports (default 'engine') */
  label?: string;
}

function portOf(s: number | ServerHandle): number {
  return typeof s === 'number' ? s : s.port;
}

async function runSetup(port: number, setup: Setup, side: 'redis' | 'engine', opts: RunOptions): Promise<RespValue[]> {
  if (typeof setup === 'function') {
    const client = await RespClient.connect(port, { resp3: opts.resp3, timeoutMs: opts.timeoutMs ?? 10_000 });
    try {
      await setup(client, side);
    } finally {
      await client.close();
    }
    return [];
  }
  return runScript(port, setup, opts);
}

/**
 * Runs `script` on both servers (each on a fresh connection, after the
 * optional setup) and throws a DifferentialError with a readable transcript
 * if any reply differs in type or value. Resolves with both reply lists.
 */
export async function compareWithRedis(script: Script, opts: CompareOptions): Promise<{ redis: RespValue[]; ours: RespValue[] }> {
  const label = opts.label ?? 'engine';
  const run: RunOptions = { resp3: opts.resp3, pipeline: opts.pipeline, timeoutMs: opts.timeoutMs };
  const title = `Differential mismatch${opts.shards === undefined ? '' : ` (shards=${opts.shards})`}`;
  const withOutput = (msg: string): string => {
    const h = opts.engine;
    if (typeof h === 'number' || h.alive()) return msg;
    return `${msg}\n\n${label} process is no longer running (pid ${h.pid}); its output:\n${tail(h.output())}`;
  };

  if (opts.setup) {
    const setup = opts.setup;
    const [sa, sb] = await Promise.all([
      runSetup(portOf(opts.redis), setup, 'redis', run),
      runSetup(portOf(opts.engine), setup, 'engine', run),
    ]);
    if (typeof setup !== 'function') {
      const mm = diffReplies(setup, sa, sb);
      if (mm.length > 0) {
        const report = formatMismatchReport({ script: setup, redis: sa, ours: sb, mismatches: mm, title: `${title} in setup`, oursLabel: label });
        throw new DifferentialError(withOutput(report), mm);
      }
    }
  }

  const [redis, ours] = await Promise.all([runScript(portOf(opts.redis), script, run), runScript(portOf(opts.engine), script, run)]);
  const mismatches = diffReplies(script, redis, ours, opts);
  if (mismatches.length > 0) {
    const report = formatMismatchReport({ script, redis, ours, mismatches, title, oursLabel: label, rules: opts });
    throw new DifferentialError(withOutput(report), mismatches);
  }
  return { redis, ours };
}

// ---------------------------------------------------------------------------
// vitest suite registration

export interface DiffCase extends CompareRules, RunOptions {
  name: string;
  script: Script;
  setup?: Setup;
  /** only run at these engine shard counts */
  shards?: number[];
  only?: boolean;
  skip?: boolean;
  /** known engine gap: the test passes only while the comparison fails */
  fails?: boolean;
  /** vitest timeout for this case (ms) */
  timeout?: number;
}

export interface SuiteOptions extends RunOptions {
  /** engine shard counts (default engineShardCounts()) */
  shards?: number[];
  /** extra redis-server arguments */
  redisArgs?: string[];
  /** extra engine arguments */
  engineArgs?: string[];
  engineConfigFile?: string;
  /** start the server under test yourself (default: startEngine with the options above) */
  startTarget?: (shards: number) => Promise<ServerHandle>;
  /** name of the server under test in reports (default 'engine') */
  label?: string;
}

async function flushAll(h: ServerHandle, what: string): Promise<void> {
  if (!h.alive()) throw new Error(`${what} (pid ${h.pid}) is not running; its output:\n${tail(h.output())}`);
  const c = await RespClient.connect(h.port);
  try {
    const r = await c.call('FLUSHALL');
    if (r.type !== 'simple' || r.value !== 'OK') throw new Error(`FLUSHALL on ${what} replied ${formatReply(r)}`);
  } finally {
    await c.close();
  }
}

/**
 * Registers `describe('<name> (shards=N)')` for every shard count, each with
 * its own redis-server and engine (started in beforeAll, stopped in
 * afterAll, FLUSHALLed before every case), and one `it` per case that calls
 * compareWithRedis().
 */
export function differentialSuite(name: string, cases: readonly DiffCase[], opts: SuiteOptions = {}): void {
  const counts = opts.shards ?? engineShardCounts();
  const label = opts.label ?? 'engine';
  for (const shards of counts) {
    describe(`${name} (shards=${shards})`, () => {
      let redis: ServerHandle | undefined;
      let target: ServerHandle | undefined;

      beforeAll(async () => {
        const [r, t] = await Promise.allSettled([
          startRedis({ args: opts.redisArgs }),
          opts.startTarget
            ? opts.startTarget(shards)
            : startEngine({ shards, args: opts.engineArgs, configFile: opts.engineConfigFile }),
        ]);
        if (r.status === 'fulfilled') redis = r.value;
        if (t.status === 'fulfilled') target = t.value;
        if (r.status === 'rejected') throw r.reason;
        if (t.status === 'rejected') throw t.reason;
      });

      afterAll(async () => {
        await Promise.all([redis?.stop(), target?.stop()]);
      });

      beforeEach(async () => {
        if (!redis || !target) throw new Error('servers were not started (see beforeAll failure)');
        await Promise.all([flushAll(redis, 'redis-server'), flushAll(target, label)]);
      });

      for (const c of cases) {
        if (c.shards && !c.shards.includes(shards)) continue;
        const body = async (): Promise<void> => {
          if (!redis || !target) throw new Error('servers were not started (see beforeAll failure)');
          await compareWithRedis(c.script, {
            ...c,
            resp3: c.resp3 ?? opts.resp3,
            pipeline: c.pipeline ?? opts.pipeline,
            timeoutMs: c.timeoutMs ?? opts.timeoutMs,
            redis,
            engine: target,
            shards,
            label,
          });
        };
        const register = c.only ? it.only : c.skip ? it.skip : c.fails ? it.fails : it;
        register(c.name, body, c.timeout);
      }
    });
  }
}

/** Alias of differentialSuite(). */
export const differential = differentialSuite;
