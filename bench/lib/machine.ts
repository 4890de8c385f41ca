// Machine and tool-version facts recorded with every result file.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { clkTck } from './procstat.ts';
import { redisBenchmarkVersion } from './redis-benchmark.ts';
import type { MachineInfo } from './types.ts';

function redisServerVersion(): string {
  try {
    const out = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    return /v=(\S+)/.exec(out)?.[1] ?? out.trim();
  } catch {
    return 'unknown';
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemBytes: os.totalmem(),
    node: process.version,
    redisServerVersion: redisServerVersion(),
    redisBenchmarkVersion: await redisBenchmarkVersion(),
    clkTck: clkTck(),
  };
}
