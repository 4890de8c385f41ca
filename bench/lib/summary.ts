// Reducing raw runs to per-test medians and ours/redis ratios.
import type { BenchTest, MemoryResult, MemorySummary, Role, RoleMedians, RunRecord, TestSummary } from './types.ts';

export function median(values: readonly number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? (v[mid] ?? null) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

export function ratio(ours: number | null, redis: number | null): number | null {
  return ours !== null && redis !== null && redis > 0 ? ours / redis : null;
}

function roleMedians(runs: readonly RunRecord[]): RoleMedians {
  const ok = runs.filter((r) => r.ok && r.row !== null);
  const pick = (f: (r: RunRecord) => number | null): number | null =>
    median(ok.map(f).filter((x): x is number => x !== null));
  return {
    runs: runs.length,
    okRuns: ok.length,
    rps: pick((r) => r.row?.rps ?? null),
    cpuUsPerReq: pick((r) => r.cpuUsPerReq),
    avgMs: pick((r) => r.row?.avgMs ?? null),
    p50Ms: pick((r) => r.row?.p50Ms ?? null),
    p99Ms: pick((r) => r.row?.p99Ms ?? null),
  };
}

export function summarize(tests: readonly BenchTest[], runs: readonly RunRecord[]): TestSummary[] {
  return tests.map((t) => {
    const of = (role: Role): RoleMedians => roleMedians(runs.filter((r) => r.test === t.id && r.role === role));
    const redis = of('redis');
    const ours = of('ours');
    return {
      id: t.id,
      groups: t.groups,
      label: t.label,
      latency: t.latency,
      redis,
      ours,
      rpsRatio: ratio(ours.rps, redis.rps),
      cpuRatio: ratio(ours.cpuUsPerReq, redis.cpuUsPerReq),
    };
  });
}

export function summarizeMemory(results: readonly MemoryResult[]): MemorySummary {
  const redis = results.find((r) => r.role === 'redis') ?? null;
  const ours = results.find((r) => r.role === 'ours') ?? null;
  return {
    redis,
    ours,
    rssRatio: ratio(ours?.rssBytes ?? null, redis?.rssBytes ?? null),
    usedMemoryRatio: ratio(ours?.usedMemoryBytes ?? null, redis?.usedMemoryBytes ?? null),
  };
}
