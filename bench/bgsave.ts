/**
 * GET latency while BGSAVE of 1M keys runs, dcs-engine beside redis-server (which forks).
 * `npm run bench:bgsave [-- --rounds R --keys N --shards N]`: for each server in turn (alternating
 * over rounds) it loads N keys of 100 B, measures GET at -c 50 once quietly and once while a BGSAVE
 * runs, and prints p50/p99/max latency of both plus the BGSAVE time. Results go to
 * bench/results/bgsave-<time>.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, stopServer, redisTemplate, engineTemplate, killAllChildrenSync, type Server } from './lib/servers.ts';
import { loadKeys } from './lib/load-keys.ts';
import { runRedisBenchmark } from './lib/redis-benchmark.ts';
import { RespClient, parseInfo } from './lib/resp.ts';
import type { CsvRow, Role } from './lib/types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rounds = flag('rounds', 2);
const keys = flag('keys', 1_000_000);
const shards = flag('shards', 1);
const requests = flag('requests', 200_000);

interface Sample {
  role: Role;
  quiet: CsvRow;
  during: CsvRow;
  bgsaveMs: number;
  /** the BGSAVE was still running when the GET run ended */
  outlastedRun: boolean;
}

async function getLatency(s: Server): Promise<CsvRow> {
  const out = await runRedisBenchmark(s.port, ['-t', 'get', '-n', String(requests), '-r', String(keys), '-c', '50'], [], 120_000, () =>
    s.exited ? 'server exited' : null,
  );
  const row = out.rows.find((r) => r.test === 'GET');
  if (!out.ok || row === undefined) throw new Error(`redis-benchmark failed: ${out.error ?? out.stderr}`);
  return row;
}

async function bgsaveInProgress(c: RespClient): Promise<boolean> {
  const info = parseInfo(String(await c.command(['INFO', 'persistence'])));
  return info.get('rdb_bgsave_in_progress') === '1';
}

async function measure(role: Role): Promise<Sample> {
  const template = role === 'redis' ? redisTemplate() : engineTemplate(repoRoot);
  const s = await startServer(role, template, { shards, cwd: repoRoot });
  try {
    await loadKeys(s.port, keys, 100);
    const quiet = await getLatency(s);
    const c = await RespClient.connect(s.port);
    try {
      const t0 = performance.now();
      await c.command(['BGSAVE']);
      let bgsaveMs = -1;
      const watch = (async () => {
        while (await bgsaveInProgress(c)) await new Promise((r) => setTimeout(r, 10));
        bgsaveMs = performance.now() - t0;
      })();
      const during = await getLatency(s);
      const outlastedRun = bgsaveMs < 0;
      await watch;
      return { role, quiet, during, bgsaveMs, outlastedRun };
    } finally {
      c.close();
    }
  } finally {
    await stopServer(s);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const samples: Sample[] = [];
  for (let r = 0; r < rounds; r++) {
    const order: Role[] = r % 2 === 0 ? ['redis', 'ours'] : ['ours', 'redis'];
    for (const role of order) {
      const s = await measure(role);
      samples.push(s);
      console.log(
        `[${r + 1}/${rounds}] ${role.padEnd(5)} quiet p99 ${s.quiet.p99Ms} ms  during BGSAVE p50 ${s.during.p50Ms} p99 ${s.during.p99Ms} max ${s.during.maxMs} ms  BGSAVE ${s.bgsaveMs.toFixed(0)} ms${s.outlastedRun ? ' (outlasted the GET run)' : ''}`,
      );
    }
  }
  console.log(`\nGET -c 50 latency (ms) while BGSAVE of ${keys} keys runs; medians of ${rounds} rounds, --shards ${shards}`);
  console.log('server  quiet p99  during p50  during p99  during max  BGSAVE ms');
  for (const role of ['redis', 'ours'] as Role[]) {
    const mine = samples.filter((s) => s.role === role);
    const cells = [
      median(mine.map((s) => s.quiet.p99Ms)),
      median(mine.map((s) => s.during.p50Ms)),
      median(mine.map((s) => s.during.p99Ms)),
      median(mine.map((s) => s.during.maxMs)),
      median(mine.map((s) => s.bgsaveMs)),
    ];
    console.log(`${role.padEnd(6)}  ${cells.map((v, i) => (i === 4 ? v.toFixed(0) : v.toFixed(3)).padStart(10)).join('  ')}`);
  }
  const dir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bgsave-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), keys, shards, rounds, requests, samples }, null, 1));
  console.log(`wrote ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  killAllChildrenSync();
  process.exit(1);
});
