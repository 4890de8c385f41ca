// Spawning redis-benchmark against one server and parsing its `--csv` output
// (redis-benchmark 7.0 prints: test, rps, avg, min, p50, p95, p99, max latency).
import { spawn } from 'node:child_process';
import { HOST, trackChild } from './servers.ts';
import type { CsvRow } from './types.ts';

/** Split one CSV line with double-quoted fields ("" escapes a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line.charAt(i + 1) === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const COLUMNS: Record<string, keyof CsvRow> = {
  test: 'test',
  rps: 'rps',
  avg_latency_ms: 'avgMs',
  min_latency_ms: 'minMs',
  p50_latency_ms: 'p50Ms',
  p95_latency_ms: 'p95Ms',
  p99_latency_ms: 'p99Ms',
  max_latency_ms: 'maxMs',
};

/** Parse `redis-benchmark --csv` stdout into rows (header-driven). */
export function parseCsv(text: string): CsvRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.startsWith('"'));
  const header = lines.find((l) => l.startsWith('"test"'));
  if (header === undefined) return [];
  const cols = splitCsvLine(header);
  const rows: CsvRow[] = [];
  for (const line of lines) {
    if (line === header) continue;
    const cells = splitCsvLine(line);
    const row: CsvRow = { test: '', rps: NaN, avgMs: NaN, minMs: NaN, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN, maxMs: NaN };
    cols.forEach((name, i) => {
      const key = COLUMNS[name];
      const cell = cells[i] ?? '';
      if (key === undefined) return;
      if (key === 'test') row.test = cell;
      else row[key] = Number(cell);
    });
    rows.push(row);
  }
  return rows;
}

export interface BenchOutput {
  ok: boolean;
  error: string | null;
  rows: CsvRow[];
  wallMs: number;
  stderr: string;
}

/**
 * Run `redis-benchmark -h 127.0.0.1 -p PORT --csv OPTIONS... [COMMAND...]`.
 * Killed after `timeoutMs`, or as soon as `abort()` returns true (polled, e.g.
 * "the server died") — redis-benchmark itself retries forever on a dead server.
 */
export function runRedisBenchmark(
  port: number,
  options: readonly string[],
  command: readonly string[],
  timeoutMs: number,
  abort: () => string | null,
): Promise<BenchOutput> {
  const args = ['-h', HOST, '-p', String(port), '--csv', ...options, ...command];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    let stdout = '';
    let stderr = '';
    let killedFor: string | null = null;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (stderr.length > 20000) stderr = stderr.slice(-10000);
    });
    const kill = (why: string): void => {
      if (killedFor !== null) return;
      killedFor = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(`timed out after ${Math.round(timeoutMs / 1000)}s`), timeoutMs);
    const poll = setInterval(() => {
      const why = abort();
      if (why !== null) kill(why);
    }, 200);
    let finished = false;
    const finish = (code: number | null, spawnError: string | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(poll);
      const wallMs = performance.now() - started;
      const rows = parseCsv(stdout);
      const errLine = stderr
        .split(/\r?\n/)
        .map((l) => l.trim())
        .find((l) => l !== '' && !l.startsWith('WARNING'));
      let error: string | null = null;
      if (spawnError !== null) error = `cannot run redis-benchmark: ${spawnError}`;
      else if (killedFor !== null) error = killedFor;
      else if (code !== 0) error = `redis-benchmark exited with code ${code}${errLine ? `: ${errLine}` : ''}`;
      else if (rows.length === 0) error = `no CSV rows in output${errLine ? `: ${errLine}` : ''}`;
      else if (rows.some((r) => !(r.rps > 0))) error = 'CSV row without a positive rps';
      resolve({ ok: error === null, error, rows, wallMs, stderr });
    };
    child.once('error', (err) => finish(null, err.message));
    child.once('close', (code) => finish(code, null));
  });
}

/** First line of `redis-benchmark --version`, or 'unknown'. */
export function redisBenchmarkVersion(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('redis-benchmark', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', () => resolve('unknown'));
    child.once('close', () => resolve(out.trim().split('\n')[0] ?? 'unknown'));
  });
}
