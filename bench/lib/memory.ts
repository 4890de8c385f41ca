// The memory test for one server: FLUSHALL, baseline RSS, load N sequential keys,
// then RSS (whole process tree, /proc VmRSS), INFO memory used_memory and DBSIZE.
import { loadKeys } from './load-keys.ts';
import { rssBytes } from './procstat.ts';
import { RespError, parseInfo, withClient } from './resp.ts';
import type { Server } from './servers.ts';
import type { MemoryResult } from './types.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function measureMemory(server: Server, keys: number, valueBytes: number): Promise<MemoryResult> {
  const result: MemoryResult = {
    role: server.role,
    ok: false,
    error: null,
    keys,
    valueBytes,
    loadMs: null,
    rssBaselineBytes: null,
    rssBytes: null,
    usedMemoryBytes: null,
    dbsize: null,
  };
  try {
    await withClient(server.port, async (c) => {
      const r = await c.command(['FLUSHALL']);
      if (r instanceof RespError) throw new Error(`FLUSHALL: ${r.message}`);
    });
    await sleep(500);
    result.rssBaselineBytes = rssBytes(server.pid);
    const load = await loadKeys(server.port, keys, valueBytes);
    result.loadMs = Math.round(load.ms);
    if (load.errors > 0) throw new Error(`${load.errors} SET errors, first: ${load.firstError}`);
    // Give the server a moment to settle (lazy frees, a GC) before sampling.
    await sleep(1000);
    result.rssBytes = rssBytes(server.pid);
    await withClient(server.port, async (c) => {
      const info = await c.command(['INFO', 'memory']);
      if (typeof info === 'string') {
        const used = Number(parseInfo(info).get('used_memory'));
        result.usedMemoryBytes = Number.isFinite(used) ? used : null;
      }
      const n = await c.command(['DBSIZE']);
      result.dbsize = typeof n === 'number' ? n : null;
    });
    if (result.dbsize !== null && result.dbsize !== keys) {
      throw new Error(`DBSIZE is ${result.dbsize}, expected ${keys}`);
    }
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  }
  return result;
}
