// Hand-written SVG bar chart of a run (no chart library): for each test a pair
// of horizontal bars, redis above ours, scaled relative to redis (= 100%), with
// absolute values next to the bars and the ours/redis ratio in the right column.
// Sections: throughput, CPU per request, single-client latency, memory.
import { fmtBytes } from './report.ts';
import type { MachineInfo, MemorySummary, RunConfig, TestSummary } from './types.ts';

interface Row {
  label: string;
  redis: number | null;
  ours: number | null;
  /** Text for a value; `failed` when the role has runs but no result. */
  fmt: (v: number) => string;
  redisFailed: boolean;
  oursFailed: boolean;
}

interface Section {
  title: string;
  higherIsBetter: boolean;
  rows: Row[];
}

const COLORS = { redis: '#c9372c', ours: '#2b6cb0', good: '#2f855a', bad: '#c53030', neutral: '#4a5568' };
const WIDTH = 1000;
const LABEL_W = 200;
const PLOT_X = LABEL_W + 10;
const RATIO_X = WIDTH - 20;
const PLOT_W = WIDTH - PLOT_X - 190;
const BAR_H = 11;
const ROW_H = 32;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs ? ` ${attrs}` : ''}>${esc(s)}</text>`;
}

function compact(v: number, unit: string): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M ${unit}`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k ${unit}`;
  return `${v.toFixed(0)} ${unit}`;
}

/** Axis end (as a ratio to redis): covers the largest ratio, in 0.5 steps, within [1.5, 4]. */
function axisMax(rows: readonly Row[]): number {
  let m = 1;
  for (const r of rows) if (r.redis !== null && r.ours !== null && r.redis > 0) m = Math.max(m, r.ours / r.redis);
  return Math.min(4, Math.max(1.5, Math.ceil(m * 2 + 0.001) / 2));
}

function renderSection(s: Section, y0: number): { svg: string[]; height: number } {
  const out: string[] = [];
  const max = axisMax(s.rows);
  const xOf = (ratio: number): number => PLOT_X + (Math.min(ratio, max) / max) * PLOT_W;
  const top = y0 + 30;
  const bottom = top + s.rows.length * ROW_H;
  out.push(text(10, y0 + 16, s.title, 'class="section"'));
  // Grid every 50 %, the 100 % line (= redis) dashed.
  for (let g = 0; g <= max + 1e-9; g += 0.5) {
    const x = xOf(g);
    const is100 = Math.abs(g - 1) < 1e-9;
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${top - 4}" x2="${x.toFixed(1)}" y2="${bottom}" class="${is100 ? 'grid100' : 'grid'}"/>`,
    );
    out.push(text(x, bottom + 12, `${Math.round(g * 100)}%`, 'class="axis" text-anchor="middle"'));
  }
  out.push(text(RATIO_X, top - 8, 'ours/redis', 'class="axis" text-anchor="end"'));
  s.rows.forEach((r, i) => {
    const y = top + i * ROW_H;
    out.push(text(LABEL_W, y + BAR_H + 4, r.label, 'class="label" text-anchor="end"'));
    const bar = (v: number | null, failed: boolean, role: 'redis' | 'ours', by: number): void => {
      if (v === null || r.redis === null || r.redis <= 0) {
        const msg = failed ? `${role}: failed` : `${role}: no data`;
        out.push(text(PLOT_X + 4, by + BAR_H - 1, msg, `class="value" fill="${COLORS.bad}"`));
        return;
      }
      const ratio = v / r.redis;
      const x2 = xOf(ratio);
      out.push(
        `<rect x="${PLOT_X}" y="${by}" width="${Math.max(1, x2 - PLOT_X).toFixed(1)}" height="${BAR_H}" fill="${COLORS[role]}"><title>${esc(`${role} ${r.label}: ${r.fmt(v)}`)}</title></rect>`,
      );
      if (ratio > max) {
        // Clipped: draw a small arrow head at the end.
        out.push(
          `<path d="M${x2.toFixed(1)} ${by - 2} l7 ${BAR_H / 2 + 2} l-7 ${BAR_H / 2 + 2} z" fill="${COLORS[role]}"/>`,
        );
      }
      out.push(text(x2 + (ratio > max ? 11 : 4), by + BAR_H - 1, r.fmt(v), 'class="value"'));
    };
    bar(r.redis, r.redisFailed, 'redis', y);
    bar(r.ours, r.oursFailed, 'ours', y + BAR_H + 2);
    if (r.redis !== null && r.ours !== null && r.redis > 0) {
      const ratio = r.ours / r.redis;
      const better = s.higherIsBetter ? ratio > 1.05 : ratio < 0.95;
      const worse = s.higherIsBetter ? ratio < 0.95 : ratio > 1.05;
      const color = better ? COLORS.good : worse ? COLORS.bad : COLORS.neutral;
      out.push(text(RATIO_X, y + BAR_H + 5, `${ratio.toFixed(2)}x`, `class="ratio" text-anchor="end" fill="${color}"`));
    }
  });
  return { svg: out, height: bottom - y0 + 30 };
}

function testRows(summary: readonly TestSummary[], pick: 'rps' | 'cpuUsPerReq', fmt: (v: number) => string): Row[] {
  return summary.map((s) => ({
    label: s.label,
    redis: s.redis[pick],
    ours: s.ours[pick],
    fmt,
    redisFailed: s.redis.runs > 0 && s.redis.okRuns === 0,
    oursFailed: s.ours.runs > 0 && s.ours.okRuns === 0,
  }));
}

function oursName(config: RunConfig): string {
  if (config.oursCmdSource === 'default') return 'dcs-engine';
  const first = config.oursCmd[0] ?? '?';
  return first.slice(first.lastIndexOf('/') + 1);
}

export function renderSvg(opts: {
  machine: MachineInfo;
  config: RunConfig;
  summary: readonly TestSummary[];
  memory: MemorySummary | null;
}): string {
  const { machine, config, summary, memory } = opts;
  const sections: Section[] = [];
  if (summary.length > 0) {
    sections.push({
      title: 'Throughput relative to redis (requests/s, higher is better)',
      higherIsBetter: true,
      rows: testRows(summary, 'rps', (v) => compact(v, 'rps')),
    });
    sections.push({
      title: 'Server CPU time per request relative to redis (µs, lower is better)',
      higherIsBetter: false,
      rows: testRows(summary, 'cpuUsPerReq', (v) => `${v.toFixed(2)} µs`),
    });
  }
  const lat = summary.filter((s) => s.latency);
  if (lat.length > 0) {
    const ms = (v: number): string => `${v.toFixed(3)} ms`;
    sections.push({
      title: 'Latency with one client relative to redis (ms, lower is better)',
      higherIsBetter: false,
      rows: lat.flatMap((s) =>
        (['p50Ms', 'p99Ms'] as const).map((k) => ({
          label: `${s.label} ${k === 'p50Ms' ? 'p50' : 'p99'}`,
          redis: s.redis[k],
          ours: s.ours[k],
          fmt: ms,
          redisFailed: s.redis.runs > 0 && s.redis.okRuns === 0,
          oursFailed: s.ours.runs > 0 && s.ours.okRuns === 0,
        })),
      ),
    });
  }
  if (memory !== null) {
    const keys = memory.redis?.keys ?? memory.ours?.keys ?? 0;
    sections.push({
      title: `Memory with ${keys.toLocaleString('en-US')} keys relative to redis (lower is better)`,
      higherIsBetter: false,
      rows: [
        {
          label: 'RSS (process tree)',
          redis: memory.redis?.rssBytes ?? null,
          ours: memory.ours?.rssBytes ?? null,
          fmt: fmtBytes,
          redisFailed: memory.redis !== null && !memory.redis.ok,
          oursFailed: memory.ours !== null && !memory.ours.ok,
        },
        {
          label: 'INFO used_memory',
          redis: memory.redis?.usedMemoryBytes ?? null,
          ours: memory.ours?.usedMemoryBytes ?? null,
          fmt: fmtBytes,
          redisFailed: memory.redis !== null && !memory.redis.ok,
          oursFailed: memory.ours !== null && !memory.ours.ok,
        },
      ],
    });
  }

  const body: string[] = [];
  body.push(text(10, 24, `dcs-local benchmark: ours vs redis-server ${machine.redisServerVersion}`, 'class="title"'));
  body.push(
    text(
      10,
      44,
      `${config.quick ? 'quick, ' : ''}${config.rounds} round(s), medians · shards=${config.shards} · ` +
        `${machine.cores} cores, ${machine.cpuModel} · Node ${machine.node} · ${machine.date}`,
      'class="sub"',
    ),
  );
  // Legend.
  body.push(`<rect x="10" y="56" width="14" height="${BAR_H}" fill="${COLORS.redis}"/>`);
  body.push(text(30, 66, 'redis-server', 'class="label"'));
  body.push(`<rect x="130" y="56" width="14" height="${BAR_H}" fill="${COLORS.ours}"/>`);
  body.push(text(150, 66, `ours (${oursName(config)})`, 'class="label"'));
  body.push(
    text(290, 66, 'bars are relative to redis = 100%; dashed line = redis; ratio column = ours/redis', 'class="axis"'),
  );
  let y = 84;
  for (const s of sections) {
    const r = renderSection(s, y);
    body.push(...r.svg);
    y += r.height;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>',
    '.title{font-size:18px;font-weight:bold;fill:#1a202c}',
    '.sub{font-size:11px;fill:#4a5568}',
    '.section{font-size:14px;font-weight:bold;fill:#2d3748}',
    '.label{font-size:12px;fill:#1a202c}',
    '.value{font-size:10px;fill:#2d3748;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}',
    '.axis{font-size:10px;fill:#718096}',
    '.ratio{font-size:13px;font-weight:bold}',
    '.grid{stroke:#e2e8f0;stroke-width:1}',
    '.grid100{stroke:#718096;stroke-width:1;stroke-dasharray:4 3}',
    '</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
