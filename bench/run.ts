// CLI and orchestration of the side-by-side benchmark: starts redis-server and
// ours, runs the memory test, then every redis-benchmark test against both
// servers alternately for several rounds (measuring server CPU around each run),
// prints the report and writes bench/results/<timestamp>.{json,svg} + latest.*.
// Usage: node bench/run.ts [--quick] [--shards N] [--rounds R] [--only a,b]
//        [--ours-cmd CMD] [--timeout SEC] [--keys N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './lib/machine.ts';
import { measureMemory } from './lib/memory.ts';
import { clkTck, cpuTicks } from './lib/procstat.ts';
import { runRedisBenchmark } from './lib/redis-benchmark.ts';
import { fmtInt, fmtNum, fullReport } from './lib/report.ts';
import { RespError, withClient } from './lib/resp.ts';
import {
  type CommandTemplate,
  type Server,
  engineTemplate,
  killAllChildrenSync,
  redisTemplate,
  showCommand,
  startServer,
  stopServer,
  userTemplate,
} from './lib/servers.ts';
import { summarize, summarizeMemory } from './lib/summary.ts';
import { renderSvg } from './lib/svg.ts';
import { FULL_SIZES, GROUPS, QUICK_SIZES, buildTests, selectTests } from './lib/tests.ts';
import type { BenchTest, MemoryResult, ResultsFile, Role, RunConfig, RunRecord } from './lib/types.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

const HELP = `Usage: node bench/run.ts [options]

Side-by-side redis-benchmark of dcs-engine ("ours") against redis-server.

Options:
  --quick            1 round with fewer requests (about a minute in total)
  --rounds R         rounds per test, medians are reported (default 3; quick 1)
  --shards N         shard count passed to the engine as --shards (default 1)
  --only LIST        comma-separated test ids and/or groups
                     (groups: ${GROUPS.join(', ')})
  --ours-cmd CMD     command for "ours" instead of the engine, e.g. "redis-server";
                     also env DCS_BENCH_TARGET_CMD (the flag wins). Without {port}
                     in CMD, "--port P --bind 127.0.0.1" is appended (plus
                     persistence-off flags for redis-server, --shards N otherwise)
  --timeout SEC      kill a single redis-benchmark run after SEC seconds (default 300)
  --keys N           keys loaded by the memory test (default 1000000)
  --help             this text

Test ids: ${buildTests(FULL_SIZES)
  .map((t) => t.id)
  .join(', ')}
`;

interface Cli {
  config: RunConfig;
  oursTemplate: CommandTemplate;
  memoryKeys: number | null;
}

function positiveInt(name: string, v: string | undefined, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer, got "${v}"`);
  return n;
}

function parseCli(argv: string[]): Cli | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      shards: { type: 'string' },
      only: { type: 'string' },
      'ours-cmd': { type: 'string' },
      timeout: { type: 'string' },
      keys: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quick = values.quick;
  const envCmd = process.env['DCS_BENCH_TARGET_CMD'];
  const flagCmd = values['ours-cmd'];
  const oursCmdSource: RunConfig['oursCmdSource'] =
    flagCmd !== undefined ? 'flag' : envCmd !== undefined && envCmd.trim() !== '' ? 'env' : 'default';
  const oursTemplate =
    oursCmdSource === 'flag'
      ? userTemplate(flagCmd ?? '')
      : oursCmdSource === 'env'
        ? userTemplate(envCmd ?? '')
        : engineTemplate(REPO_ROOT);
  const only =
    values.only === undefined
      ? null
      : values.only
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== '');
  return {
    config: {
      quick,
      rounds: positiveInt('rounds', values.rounds, quick ? 1 : 3),
      shards: positiveInt('shards', values.shards, 1),
      only,
      timeoutSec: positiveInt('timeout', values.timeout, 300),
      redisCmd: redisTemplate(),
      oursCmd: oursTemplate,
      oursCmdSource,
    },
    oursTemplate,
    memoryKeys: values.keys === undefined ? null : positiveInt('keys', values.keys, 1),
  };
}

const servers: Server[] = [];
let shuttingDown = false;

async function stopAll(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => stopServer(s).catch(() => undefined)));
  killAllChildrenSync();
}

function installSignalHandlers(): void {
  process.on('exit', killAllChildrenSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (shuttingDown) {
        killAllChildrenSync();
        process.exit(130);
      }
      shuttingDown = true;
      console.error(`\n${sig}: stopping servers...`);
      void stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

const ROLE_NAME: Record<Role, string> = { redis: 'redis', ours: 'ours ' };

function serverGone(s: Server): string | null {
  return s.exited ? `${s.role} server ${s.exitInfo ?? 'exited'}` : null;
}

async function flush(s: Server, notes: string[]): Promise<void> {
  if (s.exited) return;
  try {
    await withClient(s.port, async (c) => {
      const r = await c.command(['FLUSHALL'], 60000);
      if (r instanceof RespError) throw new Error(r.message);
    });
  } catch (err) {
    const msg = `${s.role}: FLUSHALL failed: ${err instanceof Error ? err.message : String(err)}`;
    if (!notes.includes(msg)) notes.push(msg);
  }
}

async function prep(s: Server, t: BenchTest): Promise<void> {
  const p = t.prep;
  if (p === null) return;
  await withClient(s.port, async (c) => {
    const replies = await c.pipeline(Array.from({ length: p.times }, () => p.command), 60000);
    const err = replies.find((r): r is RespError => r instanceof RespError);
    if (err) throw new Error(`prep ${p.command.join(' ')}: ${err.message}`);
  });
}

async function runOne(s: Server, t: BenchTest, round: number, timeoutSec: number): Promise<RunRecord> {
  const rec: RunRecord = {
    round,
    test: t.id,
    role: s.role,
    ok: false,
    error: null,
    args: [...t.options, ...t.command],
    wallMs: 0,
    row: null,
    cpuTicks: null,
    cpuUsPerReq: null,
  };
  const gone = serverGone(s);
  if (gone !== null) {
    rec.error = gone;
    return rec;
  }
  try {
    await prep(s, t);
  } catch (err) {
    rec.error = err instanceof Error ? err.message : String(err);
    return rec;
  }
  const before = cpuTicks(s.pid);
  const out = await runRedisBenchmark(s.port, t.options, t.command, timeoutSec * 1000, () => serverGone(s));
  const after = cpuTicks(s.pid);
  rec.wallMs = Math.round(out.wallMs);
  rec.row = out.rows[out.rows.length - 1] ?? null;
  rec.ok = out.ok;
  rec.error = out.error;
  if (before !== null && after !== null) {
    rec.cpuTicks = after - before;
    if (out.ok) rec.cpuUsPerReq = ((after - before) / clkTck()) * 1e6 / t.requests;
  }
  return rec;
}

function progress(rec: RunRecord, label: string, rounds: number): void {
  const head = `[${rec.round}/${rounds}] ${label.padEnd(16)} ${ROLE_NAME[rec.role]}`;
  if (rec.ok && rec.row) {
    const lat = `p50 ${fmtNum(rec.row.p50Ms, 3)} ms  p99 ${fmtNum(rec.row.p99Ms, 3)} ms`;
    console.log(
      `${head} ${fmtInt(rec.row.rps).padStart(11)} rps  ${fmtNum(rec.cpuUsPerReq).padStart(7)} µs/req  ${lat}`,
    );
  } else {
    console.log(`${head} FAILED: ${(rec.error ?? '').split('\n')[0]}`);
  }
}

async function main(): Promise<number> {
  let cli: Cli | null;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    console.error(HELP);
    return 2;
  }
  if (cli === null) {
    console.log(HELP);
    return 0;
  }
  const { config } = cli;
  const sizes = { ...(config.quick ? QUICK_SIZES : FULL_SIZES) };
  if (cli.memoryKeys !== null) sizes.memoryKeys = cli.memoryKeys;
  let selection: { tests: BenchTest[]; memory: boolean };
  try {
    selection = selectTests(buildTests(sizes), config.only);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const { tests } = selection;
  const started: ResultsFile['servers'] = [];
  installSignalHandlers();
  const machine = await machineInfo();
  const notes: string[] = [];
  const runs: RunRecord[] = [];
  const memoryRuns: MemoryResult[] = [];
  const startedAt = Date.now();

  try {
    const redis = await startServer('redis', config.redisCmd, { shards: config.shards, cwd: REPO_ROOT });
    servers.push(redis);
    console.log(`redis: pid ${redis.pid} port ${redis.port}: ${showCommand(redis.argv)}`);
    const ours = await startServer('ours', cli.oursTemplate, { shards: config.shards, cwd: REPO_ROOT });
    servers.push(ours);
    console.log(`ours:  pid ${ours.pid} port ${ours.port}: ${showCommand(ours.argv)}`);
    const byRole: Record<Role, Server> = { redis, ours };
    for (const s of [redis, ours]) started.push({ role: s.role, pid: s.pid, port: s.port, argv: s.argv });

    if (selection.memory) {
      for (const s of [redis, ours]) {
        console.log(`memory: loading ${fmtInt(sizes.memoryKeys)} keys into ${s.role}...`);
        const m = await measureMemory(s, sizes.memoryKeys, sizes.memoryValueBytes);
        memoryRuns.push(m);
        if (!m.ok) console.log(`memory: ${s.role} FAILED: ${m.error}`);
        await flush(s, notes);
      }
    }

    if (tests.length > 0) {
      // Warm-up (not recorded): wakes up the JIT of a Node server and the caches.
      for (const s of [redis, ours]) {
        const w = await runRedisBenchmark(s.port, ['-c', '50', '-n', '20000', '-r', '100000', '-t', 'set,get'], [], 60000, () =>
          serverGone(s),
        );
        if (!w.ok) notes.push(`${s.role}: warm-up failed: ${w.error ?? ''}`);
      }
    }

    for (let round = 1; round <= config.rounds && tests.length > 0; round++) {
      // Alternate which server goes first in each round: A B, then B A, ...
      const order: Role[] = round % 2 === 1 ? ['redis', 'ours'] : ['ours', 'redis'];
      for (const role of order) await flush(byRole[role], notes);
      for (const t of tests) {
        for (const role of order) {
          const rec = await runOne(byRole[role], t, round, config.timeoutSec);
          runs.push(rec);
          progress(rec, t.label, config.rounds);
        }
      }
    }
    for (const s of [redis, ours]) {
      if (s.exited) {
        notes.push(`${s.role} server ${s.exitInfo ?? 'exited'} during the run; last output:`);
        notes.push(...s.outputTail.slice(-10).map((l) => `  ${l}`));
      }
    }
  } catch (err) {
    console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    return 1;
  }
  await stopAll();

  const summary = summarize(tests, runs);
  const memory = memoryRuns.length > 0 ? summarizeMemory(memoryRuns) : null;
  notes.push(`total time ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  console.log('');
  console.log(fullReport({ machine, config, summary, memory, runs, notes }));

  const results: ResultsFile = { version: 1, machine, config, tests, runs, summary, memory, memoryRuns, servers: started, notes };
  const stamp = machine.date.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const svg = renderSvg({ machine, config, summary, memory });
  for (const name of [stamp, 'latest']) {
    writeFileSync(`${RESULTS_DIR}${name}.json`, json);
    writeFileSync(`${RESULTS_DIR}${name}.svg`, svg);
  }
  console.log(`wrote bench/results/${stamp}.json, bench/results/${stamp}.svg (and latest.*)`);
  return 0;
}

process.exitCode = await main();
