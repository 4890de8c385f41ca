// Shared types of the benchmark harness: test specs, raw run records,
// per-test summaries, memory results and machine info. No logic lives here.

/** Which server a run was made against: the reference redis-server or ours. */
export type Role = 'redis' | 'ours';

export const ROLES: readonly Role[] = ['redis', 'ours'];

/** Test groups; `--only` accepts a group name as well as a test id. */
export type Group = 'suite' | 'pipeline' | 'latency' | 'multikey' | 'memory';

/** One redis-benchmark invocation, run against each server in every round. */
export interface BenchTest {
  /** Stable id used by `--only` and in the JSON (e.g. `get_p16`). */
  id: string;
  /** Groups the test belongs to (first one is where the table lists it). */
  groups: Group[];
  /** Human label for the table and the chart. */
  label: string;
  /** redis-benchmark options (without -h/-p/--csv), e.g. ['-n','100000','-t','get']. */
  options: string[];
  /** Custom command after the options (empty for built-in `-t` tests). */
  command: string[];
  /** Number of requests one invocation sends (for CPU per request). */
  requests: number;
  /** A command sent `times` times (pipelined) before the measured run; not measured. */
  prep: { command: string[]; times: number } | null;
  /** Also report latency percentiles of this test in the latency table. */
  latency: boolean;
}

/** One parsed row of `redis-benchmark --csv`. Latencies in milliseconds. */
export interface CsvRow {
  test: string;
  rps: number;
  avgMs: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A raw run: one test against one server in one round. */
export interface RunRecord {
  round: number;
  test: string;
  role: Role;
  ok: boolean;
  error: string | null;
  /** Arguments given to redis-benchmark (host/port excluded). */
  args: string[];
  wallMs: number;
  row: CsvRow | null;
  /** Server CPU (utime+stime of the whole process tree), in clock ticks. */
  cpuTicks: number | null;
  cpuUsPerReq: number | null;
}

/** Medians over the successful runs of one test against one server. */
export interface RoleMedians {
  runs: number;
  okRuns: number;
  rps: number | null;
  cpuUsPerReq: number | null;
  avgMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface TestSummary {
  id: string;
  groups: Group[];
  label: string;
  latency: boolean;
  redis: RoleMedians;
  ours: RoleMedians;
  /** ours / redis throughput (higher is better for ours). */
  rpsRatio: number | null;
  /** ours / redis CPU per request (lower is better for ours). */
  cpuRatio: number | null;
}

/** Result of the memory test for one server. */
export interface MemoryResult {
  role: Role;
  ok: boolean;
  error: string | null;
  keys: number;
  valueBytes: number;
  loadMs: number | null;
  rssBaselineBytes: number | null;
  rssBytes: number | null;
  usedMemoryBytes: number | null;
  dbsize: number | null;
}

export interface MemorySummary {
  redis: MemoryResult | null;
  ours: MemoryResult | null;
  /** ours / redis, lower is better for ours. */
  rssRatio: number | null;
  usedMemoryRatio: number | null;
}

export interface MachineInfo {
  date: string;
  hostname: string;
  platform: string;
  kernel: string;
  cores: number;
  cpuModel: string;
  totalMemBytes: number;
  node: string;
  redisServerVersion: string;
  redisBenchmarkVersion: string;
  clkTck: number;
}

export interface RunConfig {
  quick: boolean;
  rounds: number;
  shards: number;
  only: string[] | null;
  timeoutSec: number;
  redisCmd: string[];
  oursCmd: string[];
  oursCmdSource: 'default' | 'flag' | 'env';
}

export interface ResultsFile {
  version: 1;
  machine: MachineInfo;
  config: RunConfig;
  tests: BenchTest[];
  runs: RunRecord[];
  summary: TestSummary[];
  memory: MemorySummary | null;
  memoryRuns: MemoryResult[];
  /** The servers as actually started. */
  servers: { role: Role; pid: number; port: number; argv: string[] }[];
  /** Notes collected during the run (server crashes, skipped tests...). */
  notes: string[];
}
