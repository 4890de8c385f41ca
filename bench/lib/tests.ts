// The benchmark plan: which redis-benchmark invocations make up each test, with
// request counts for the normal and `--quick` modes, and `--only` selection.
import type { BenchTest, Group } from './types.ts';

export interface Sizes {
  /** -n for the default suite and the multi-key tests (-c 50). */
  suite: number;
  /** -n for the pipelined (-P 16) GET/SET tests; long enough to last > 1 s. */
  pipelined: number;
  /** -n for the single-client latency test. */
  latency: number;
  /** Keys loaded by the memory test. */
  memoryKeys: number;
  /** Value size of the memory test. */
  memoryValueBytes: number;
}

export const FULL_SIZES: Sizes = {
  suite: 100000,
  pipelined: 2000000,
  latency: 50000,
  memoryKeys: 1000000,
  memoryValueBytes: 100,
};

export const QUICK_SIZES: Sizes = {
  suite: 20000,
  pipelined: 600000,
  latency: 10000,
  memoryKeys: 1000000,
  memoryValueBytes: 100,
};

export const GROUPS: readonly Group[] = ['suite', 'pipeline', 'latency', 'multikey', 'memory'];

/** The built-in tests of redis-benchmark's default run, by `-t` name and CSV label. */
const BUILTIN: readonly [string, string][] = [
  ['ping_inline', 'PING_INLINE'],
  ['ping_mbulk', 'PING_MBULK'],
  ['set', 'SET'],
  ['get', 'GET'],
  ['incr', 'INCR'],
  ['lpush', 'LPUSH'],
  ['rpush', 'RPUSH'],
  ['lpop', 'LPOP'],
  ['rpop', 'RPOP'],
  ['sadd', 'SADD'],
  ['hset', 'HSET'],
  ['spop', 'SPOP'],
  ['zadd', 'ZADD'],
  ['zpopmin', 'ZPOPMIN'],
];

/** ≥ 600 elements in `mylist` for the LRANGE tests (redis-benchmark uses "xxx" values). */
const LRANGE_PREP = { command: ['LPUSH', 'mylist', 'xxx'], times: 1000 };

/** `MGET key:__rand_int__ ×10`: each placeholder is randomised independently, so
 * the keys (same names the SET/MSET tests write) spread over all shards. */
function mgetTen(): string[] {
  return ['MGET', ...Array.from({ length: 10 }, () => 'key:__rand_int__')];
}

/** All tests in run order (later tests read keys written by earlier ones). */
export function buildTests(sizes: Sizes): BenchTest[] {
  const c50 = ['-c', '50', '-r', '100000', '-n', String(sizes.suite)];
  const tests: BenchTest[] = BUILTIN.map(([t, label]) => ({
    id: t,
    groups: ['suite'],
    label,
    options: [...c50, '-t', t],
    command: [],
    requests: sizes.suite,
    prep: null,
    latency: false,
  }));
  // redis-benchmark's own LRANGE_* tests first run an LPUSH phase in the same
  // invocation, which would pollute the CPU measurement; so the list is filled
  // beforehand and the LRANGE is a custom command (same command as the built-in).
  for (const n of [100, 300, 500, 600]) {
    tests.push({
      id: `lrange_${n}`,
      groups: n === 100 ? ['suite', 'multikey'] : ['suite'],
      label: `LRANGE_${n}`,
      options: c50,
      command: ['LRANGE', 'mylist', '0', String(n - 1)],
      requests: sizes.suite,
      prep: LRANGE_PREP,
      latency: false,
    });
  }
  tests.push({
    id: 'mset',
    groups: ['suite', 'multikey'],
    label: 'MSET (10 keys)',
    options: [...c50, '-t', 'mset'],
    command: [],
    requests: sizes.suite,
    prep: null,
    latency: false,
  });
  tests.push({
    id: 'mget',
    groups: ['multikey'],
    label: 'MGET (10 keys)',
    options: c50,
    command: mgetTen(),
    requests: sizes.suite,
    prep: null,
    latency: false,
  });
  for (const t of ['set', 'get']) {
    tests.push({
      id: `${t}_p16`,
      groups: ['pipeline'],
      label: `${t.toUpperCase()} -P 16`,
      options: ['-c', '50', '-P', '16', '-r', '1000000', '-n', String(sizes.pipelined), '-t', t],
      command: [],
      requests: sizes.pipelined,
      prep: null,
      latency: false,
    });
  }
  tests.push({
    id: 'get_c1',
    groups: ['latency'],
    label: 'GET -c 1',
    options: ['-c', '1', '-r', '100000', '-n', String(sizes.latency), '-t', 'get'],
    command: [],
    requests: sizes.latency,
    prep: null,
    latency: true,
  });
  return tests;
}

/**
 * Apply `--only` (test ids and/or group names). Returns the selected tests and
 * whether the memory test is selected; throws on unknown names.
 */
export function selectTests(all: BenchTest[], only: string[] | null): { tests: BenchTest[]; memory: boolean } {
  if (only === null) return { tests: all, memory: true };
  const known = new Set<string>([...all.map((t) => t.id), ...GROUPS]);
  const unknown = only.filter((o) => !known.has(o));
  if (unknown.length > 0) {
    throw new Error(`unknown test/group in --only: ${unknown.join(', ')}\nknown: ${[...known].join(', ')}`);
  }
  const want = new Set(only);
  return {
    tests: all.filter((t) => want.has(t.id) || t.groups.some((g) => want.has(g))),
    memory: want.has('memory'),
  };
}
