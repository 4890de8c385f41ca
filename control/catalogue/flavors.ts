/**
 * control/catalogue/flavors.ts — the local product catalogue: flavors (spec codes) and capacities.
 *
 * Owns: FLAVORS, built once from the capacity sets of the DCS reference, and lookups by spec code.
 * Spec codes follow the documented anatomy `redis.<cache_mode>.<xu1|au1>.<tiny|large>[.r<N>].<size>`
 * (`tiny` sizes are MB, `large` sizes GB; `r<N>` = nodes per shard, master included). DCS never
 * lists cluster or proxy codes, so this catalogue defines them the same way, together with the
 * shard and proxy counts per capacity (documented in control/README.md).
 *
 * Invariants: pure data; one flavor per (cache_mode, cpu family, replica count, capacity)
 * ("normal" pricing: one capacity per flavor, as in the reference's examples).
 */

import type { CacheMode } from '../db/repo.ts';

export interface Flavor {
  spec_code: string;
  cache_mode: CacheMode;
  cpu_type: 'x86_64' | 'aarch64';
  /** capacity in MB */
  capacity_mb: number;
  /** nodes per shard, master included */
  replica_count: number;
  sharding_num: number;
  proxy_num: number;
  max_connections: number;
  max_clients: number;
  max_bandwidth: number;
  tenant_ip_count: number;
}

/** Engine versions of the reference's 4.0+ family that the local engine (Redis 7.0 compatible) serves. */
export const ENGINE_VERSIONS: readonly string[] = ['4.0', '5.0', '6.0'];

const GB = 1024;
/** Single-node and master/standby capacities (GB) for Redis 4.0/5.0/6.0. */
export const SMALL_CAPACITIES: readonly number[] = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];
/** Redis Cluster and Proxy Cluster capacities (GB). */
export const CLUSTER_CAPACITIES: readonly number[] = [4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

/** Shards per cluster capacity (GB). */
const SHARDS: Readonly<Record<number, number>> = {
  4: 3, 8: 3, 16: 3, 24: 3, 32: 3, 48: 6, 64: 8, 96: 12, 128: 16, 192: 24, 256: 32, 384: 48, 512: 64, 768: 96, 1024: 128,
};

function bandwidth(gb: number): number {
  if (gb <= 0.5) return 80;
  if (gb <= 2) return 128;
  if (gb <= 8) return 192;
  if (gb <= 32) return 384;
  return 768;
}

/** "0.125" → 128 MB; capacities are in GB in the API. */
export function gbToMb(gb: number): number {
  return Math.round(gb * GB);
}

/** 128 MB → "0.125"; 2048 → "2". */
export function mbToGbText(mb: number): string {
  const gb = mb / GB;
  return Number.isInteger(gb) ? String(gb) : String(Number(gb.toFixed(3)));
}

/** `tiny.<MB>` below 1 GB, else `large.<GB>`, with an optional `r<N>.` replica part. */
function sizePart(gb: number, replicas: string): string {
  return gb < 1 ? `tiny.${replicas}${gbToMb(gb)}` : `large.${replicas}${gb}`;
}

function build(): Flavor[] {
  const out: Flavor[] = [];
  const families: [string, Flavor['cpu_type']][] = [
    ['xu1', 'x86_64'],
    ['au1', 'aarch64'],
  ];
  for (const [fam, cpu] of families) {
    for (const gb of SMALL_CAPACITIES) {
      out.push({
        spec_code: `redis.single.${fam}.${sizePart(gb, '')}`,
        cache_mode: 'single',
        cpu_type: cpu,
        capacity_mb: gbToMb(gb),
        replica_count: 1,
        sharding_num: 1,
        proxy_num: 0,
        max_connections: 10000,
        max_clients: 10000,
        max_bandwidth: bandwidth(gb),
        tenant_ip_count: 1,
      });
      for (const r of [2, 3, 4, 5]) {
        out.push({
          spec_code: `redis.ha.${fam}.${sizePart(gb, `r${r}.`)}`,
          cache_mode: 'ha',
          cpu_type: cpu,
          capacity_mb: gbToMb(gb),
          replica_count: r,
          sharding_num: 1,
          proxy_num: 0,
          max_connections: 50000,
          max_clients: 10000,
          max_bandwidth: bandwidth(gb),
          tenant_ip_count: r,
        });
      }
    }
    for (const gb of CLUSTER_CAPACITIES) {
      const shards = SHARDS[gb] ?? 3;
      for (const r of [1, 2]) {
        out.push({
          spec_code: `redis.cluster.${fam}.large.r${r}.${gb}`,
          cache_mode: 'cluster',
          cpu_type: cpu,
          capacity_mb: gbToMb(gb),
          replica_count: r,
          sharding_num: shards,
          proxy_num: 0,
          max_connections: 10000 * shards,
          max_clients: 10000 * shards,
          max_bandwidth: 384 * shards,
          tenant_ip_count: shards * r,
        });
      }
      const proxies = Math.max(3, Math.ceil(shards / 2));
      out.push({
        spec_code: `redis.proxy.${fam}.large.${gb}`,
        cache_mode: 'proxy',
        cpu_type: cpu,
        capacity_mb: gbToMb(gb),
        replica_count: 2,
        sharding_num: shards,
        proxy_num: proxies,
        max_connections: 10000 * proxies,
        max_clients: 10000 * proxies,
        max_bandwidth: 384 * shards,
        tenant_ip_count: proxies,
      });
    }
  }
  return out;
}

export const FLAVORS: readonly Flavor[] = build();

const BY_CODE = new Map(FLAVORS.map((f) => [f.spec_code, f]));

export function flavorByCode(code: string): Flavor | undefined {
  return BY_CODE.get(code);
}

/** The capacities (GB) a cache mode offers. */
export function capacitiesOf(mode: CacheMode): readonly number[] {
  return mode === 'single' || mode === 'ha' ? SMALL_CAPACITIES : CLUSTER_CAPACITIES;
}

/** Cache modes whose instances this build can run (the others need replication / cluster mode in the engine). */
export const RUNNABLE_MODES: ReadonlySet<CacheMode> = new Set<CacheMode>(['single']);
