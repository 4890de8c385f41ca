// The plain-text report printed at the end: throughput + CPU table, latency
// table, memory table and a list of failed runs. Pure formatting, no I/O.
import { showCommand } from './servers.ts';
import type { MachineInfo, MemoryResult, MemorySummary, RoleMedians, RunConfig, RunRecord, TestSummary } from './types.ts';

type Align = 'l' | 'r';

export function formatTable(header: string[], rows: string[][], align: Align[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(header), rule, ...rows.map(fmt)].join('\n');
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(v: number | null): string {
  return v === null ? '-' : int.format(v);
}

export function fmtNum(v: number | null, digits = 2): string {
  return v === null ? '-' : v.toFixed(digits);
}

export function fmtRatio(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(2)}x`;
}

export function fmtBytes(v: number | null): string {
  if (v === null) return '-';
  if (v >= 1024 * 1024 * 1024) return `${(v / 1024 ** 3).toFixed(2)} GiB`;
  if (v >= 1024 * 1024) return `${(v / 1024 ** 2).toFixed(1)} MiB`;
  if (v >= 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${Math.round(v)} B`;
}

/** Value cell; "FAILED" when no run succeeded, a trailing "!" when some failed. */
function cell(m: RoleMedians, text: string): string {
  if (m.runs === 0) return '-';
  if (m.okRuns === 0) return 'FAILED';
  return m.okRuns < m.runs ? `${text}!` : text;
}

export function throughputTable(summary: readonly TestSummary[]): string {
  const rows = summary.map((s) => [
    s.label,
    cell(s.redis, fmtInt(s.redis.rps)),
    cell(s.ours, fmtInt(s.ours.rps)),
    fmtRatio(s.rpsRatio),
    cell(s.redis, fmtNum(s.redis.cpuUsPerReq)),
    cell(s.ours, fmtNum(s.ours.cpuUsPerReq)),
    fmtRatio(s.cpuRatio),
  ]);
  return formatTable(
    ['test', 'redis rps', 'ours rps', 'ours/redis', 'redis cpu µs/req', 'ours cpu µs/req', 'ours/redis'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function latencyTable(summary: readonly TestSummary[]): string {
  const r = (a: number | null, b: number | null): string => fmtRatio(a !== null && b !== null && b > 0 ? a / b : null);
  const rows = summary
    .filter((s) => s.latency)
    .map((s) => [
      s.label,
      cell(s.redis, fmtNum(s.redis.p50Ms, 3)),
      cell(s.ours, fmtNum(s.ours.p50Ms, 3)),
      r(s.ours.p50Ms, s.redis.p50Ms),
      cell(s.redis, fmtNum(s.redis.p99Ms, 3)),
      cell(s.ours, fmtNum(s.ours.p99Ms, 3)),
      r(s.ours.p99Ms, s.redis.p99Ms),
    ]);
  if (rows.length === 0) return '';
  return formatTable(
    ['test', 'redis p50 ms', 'ours p50 ms', 'ours/redis', 'redis p99 ms', 'ours p99 ms', 'ours/redis'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function memoryTable(mem: MemorySummary): string {
  const get = (m: MemoryResult | null, f: (m: MemoryResult) => number | null): number | null => (m ? f(m) : null);
  const perKey = (m: MemoryResult): number | null =>
    m.rssBytes !== null && m.rssBaselineBytes !== null ? (m.rssBytes - m.rssBaselineBytes) / m.keys : null;
  const line = (
    label: string,
    f: (m: MemoryResult) => number | null,
    show: (v: number | null) => string,
  ): string[] => {
    const a = get(mem.redis, f);
    const b = get(mem.ours, f);
    return [label, show(a), show(b), fmtRatio(a !== null && b !== null && a > 0 ? b / a : null)];
  };
  const rows = [
    line('RSS empty', (m) => m.rssBaselineBytes, fmtBytes),
    line('RSS loaded', (m) => m.rssBytes, fmtBytes),
    line('RSS growth per key', perKey, (v) => (v === null ? '-' : `${v.toFixed(1)} B`)),
    line('used_memory', (m) => m.usedMemoryBytes, fmtBytes),
    line('DBSIZE', (m) => m.dbsize, fmtInt),
    line('load time', (m) => m.loadMs, (v) => (v === null ? '-' : `${(v / 1000).toFixed(2)} s`)),
  ];
  const failures = [mem.redis, mem.ours]
    .filter((m): m is MemoryResult => m !== null && !m.ok)
    .map((m) => `  ${m.role}: memory test FAILED: ${m.error}`);
  return [formatTable(['', 'redis', 'ours', 'ours/redis'], rows, ['l', 'r', 'r', 'r']), ...failures].join('\n');
}

export function failureList(runs: readonly RunRecord[]): string {
  const failed = runs.filter((r) => !r.ok);
  if (failed.length === 0) return '';
  const lines = failed.map((r) => `  round ${r.round} ${r.test} (${r.role}): ${(r.error ?? '').split('\n')[0]}`);
  return [`Failed runs (${failed.length}); "!" marks medians over fewer runs, FAILED means none succeeded:`, ...lines].join(
    '\n',
  );
}

export function fullReport(opts: {
  machine: MachineInfo;
  config: RunConfig;
  summary: readonly TestSummary[];
  memory: MemorySummary | null;
  runs: readonly RunRecord[];
  notes: readonly string[];
}): string {
  const { machine, config, summary, memory, runs, notes } = opts;
  const out: string[] = [];
  out.push(
    `dcs-local benchmark: ours vs redis-server ${machine.redisServerVersion} — ${config.quick ? 'quick, ' : ''}` +
      `${config.rounds} round${config.rounds === 1 ? '' : 's'}, shards=${config.shards}, medians`,
  );
  out.push(`${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.date}`);
  if (config.oursCmdSource !== 'default') {
    out.push(`ours = ${showCommand(config.oursCmd)} (from ${config.oursCmdSource === 'env' ? 'DCS_BENCH_TARGET_CMD' : '--ours-cmd'})`);
  }
  out.push('');
  if (summary.length > 0) {
    out.push('Throughput (rps, higher is better) and server CPU per request (µs, lower is better):');
    out.push(throughputTable(summary));
    out.push('');
  }
  const lat = latencyTable(summary);
  if (lat !== '') {
    out.push('Latency with one client (ms, lower is better):');
    out.push(lat);
    out.push('');
  }
  if (memory !== null) {
    const keys = memory.redis?.keys ?? memory.ours?.keys ?? 0;
    const vb = memory.redis?.valueBytes ?? memory.ours?.valueBytes ?? 0;
    out.push(`Memory after loading ${fmtInt(keys)} keys with ${vb}-byte values (lower is better):`);
    out.push(memoryTable(memory));
    out.push('');
  }
  const fails = failureList(runs);
  if (fails !== '') out.push(fails, '');
  if (notes.length > 0) out.push('Notes:', ...notes.map((n) => `  ${n}`), '');
  return out.join('\n');
}
