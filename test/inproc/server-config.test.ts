// CONFIG across worker threads: with 4 shards, a CONFIG SET made on one connection is in force on
// every worker before its OK (every other connection reads the new value and feels its effect),
// CONFIG RESETSTAT clears the counters of every worker, and CONFIG REWRITE writes the file the
// engine was started with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain } from '../helpers/resp-client.ts';
import { startEngine, type ServerHandle } from '../helpers/servers.ts';

const SHARDS = 4;

async function connectMany(port: number, n: number): Promise<RespClient[]> {
  return Promise.all(Array.from({ length: n }, () => RespClient.connect(port)));
}

function infoField(info: unknown, name: string): string {
  const m = new RegExp(`\r\n${name}:([^\r]*)\r\n`).exec(String(info));
  if (m === null) throw new Error(`INFO has no ${name}`);
  return m[1]!;
}

describe(`CONFIG with ${SHARDS} shards`, () => {
  let engine: ServerHandle;
  let dir: string;
  let configFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dcs-config-test-'));
    configFile = path.join(dir, 'engine.conf');
    writeFileSync(configFile, '# test configuration\nhz 15\nmaxmemory-policy allkeys-lru\n');
    engine = await startEngine({ shards: SHARDS, configFile });
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a CONFIG SET is seen by every connection of every worker as soon as it is acknowledged', async () => {
    const cs = await connectMany(engine.port, 12);
    try {
      for (const [i, value] of ['64', '100', '7'].entries()) {
        expect(toPlain(await cs[i]!.call('CONFIG', 'SET', 'slowlog-max-len', value))).toBe('OK');
        const seen = await Promise.all(cs.map((c) => c.call('CONFIG', 'GET', 'slowlog-max-len')));
        for (const v of seen) expect(toPlain(v)).toEqual(['slowlog-max-len', value]);
      }
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('concurrent CONFIG SETs from connections on different workers leave every worker with the same value', async () => {
    const cs = await connectMany(engine.port, 12);
    try {
      for (let round = 0; round < 5; round++) {
        const replies = await Promise.all(cs.map((c, i) => c.call('CONFIG', 'SET', 'slowlog-max-len', String(200 + round * 100 + i))));
        for (const r of replies) expect(toPlain(r)).toBe('OK');
        const seen = new Set((await Promise.all(cs.map((c) => c.call('CONFIG', 'GET', 'slowlog-max-len')))).map((v) => JSON.stringify(toPlain(v))));
        expect(seen.size).toBe(1);
      }
    } finally {
      await cs[0]!.call('CONFIG', 'SET', 'slowlog-max-len', '128');
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('requirepass set on one worker is required by new connections on every worker', async () => {
    const admin = await RespClient.connect(engine.port);
    try {
      expect(toPlain(await admin.call('CONFIG', 'SET', 'requirepass', 's3cret'))).toBe('OK');
      const cs = await connectMany(engine.port, 12);
      try {
        for (const c of cs) {
          const r = await c.call('GET', 'k');
          expect(r).toEqual({ type: 'error', value: 'NOAUTH Authentication required.' });
          expect(toPlain(await c.call('AUTH', 's3cret'))).toBe('OK');
          expect(toPlain(await c.call('GET', 'k'))).toBe(null);
        }
      } finally {
        await Promise.all(cs.map((c) => c.close()));
      }
      // the connection that set it was authenticated before and stays so
      expect(toPlain(await admin.call('CONFIG', 'SET', 'requirepass', ''))).toBe('OK');
      const fresh = await RespClient.connect(engine.port);
      expect(toPlain(await fresh.call('PING'))).toBe('PONG');
      await fresh.close();
    } finally {
      await admin.close();
    }
  });

  it('slowlog-log-slower-than set once applies to the commands of every shard', async () => {
    const c = await RespClient.connect(engine.port);
    try {
      await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0', 'slowlog-max-len', '128');
      await c.call('SLOWLOG', 'RESET');
      const keys = Array.from({ length: 16 }, (_, i) => `slow-${i}`);
      for (const k of keys) await c.call('SET', k, 'v');
      const entries = toPlain(await c.call('SLOWLOG', 'GET', '-1')) as [number, number, number, string[], string, string][];
      const sets = entries.filter((e) => e[3][0] === 'SET').map((e) => e[3][1]);
      expect(sets).toEqual([...keys].reverse());
      const ids = entries.map((e) => e[0]);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      // slowlog-max-len caps the merged log to the newest entries
      await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '-1', 'slowlog-max-len', '5');
      const capped = toPlain(await c.call('SLOWLOG', 'GET', '-1')) as [number, number, number, string[]][];
      // as in Redis, the first SLOWLOG GET was itself logged (after it ran) while the threshold was 0
      expect(capped.map((e) => e[3].join(' '))).toEqual([
        'SLOWLOG GET -1',
        ...[...keys].reverse().slice(0, 4).map((k) => `SET ${k} v`),
      ]);
      expect(toPlain(await c.call('SLOWLOG', 'LEN'))).toBe(5);
      expect(toPlain(await c.call('SLOWLOG', 'RESET'))).toBe('OK');
      expect(toPlain(await c.call('SLOWLOG', 'LEN'))).toBe(0);
    } finally {
      await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000', 'slowlog-max-len', '128');
      await c.close();
    }
  });

  it('CONFIG RESETSTAT clears the statistics of every worker', async () => {
    const cs = await connectMany(engine.port, 8);
    try {
      await Promise.all(cs.map(async (c, i) => {
        await c.call('SET', `stat-${i}`, 'v');
        await c.call('GET', `stat-${i}`);
        await c.call('GET', `nostat-${i}`);
        await c.call('NOSUCHCOMMAND');
      }));
      const before = await cs[0]!.call('INFO', 'everything');
      expect(Number(infoField(toPlain(before), 'keyspace_hits'))).toBeGreaterThanOrEqual(8);
      expect(Number(infoField(toPlain(before), 'keyspace_misses'))).toBeGreaterThanOrEqual(8);
      expect(String(toPlain(before))).toMatch(/\r\ncmdstat_set:calls=\d+/);
      expect(String(toPlain(before))).toMatch(/\r\nerrorstat_ERR:count=\d+/);
      expect(toPlain(await cs[1]!.call('CONFIG', 'RESETSTAT'))).toBe('OK');
      const after = String(toPlain(await cs[2]!.call('INFO', 'everything')));
      expect(infoField(after, 'keyspace_hits')).toBe('0');
      expect(infoField(after, 'keyspace_misses')).toBe('0');
      expect(infoField(after, 'total_error_replies')).toBe('0');
      expect(after).not.toMatch(/cmdstat_set:/);
      expect(after).not.toMatch(/errorstat_/);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CONFIG REWRITE writes the current values into the config file', async () => {
    const c = await RespClient.connect(engine.port);
    try {
      expect(toPlain(await c.call('CONFIG', 'GET', 'hz'))).toEqual(['hz', '15']);
      expect(toPlain(await c.call('CONFIG', 'SET', 'hz', '33', 'maxmemory', '2mb'))).toBe('OK');
      expect(toPlain(await c.call('CONFIG', 'REWRITE'))).toBe('OK');
      const text = readFileSync(configFile, 'utf8');
      expect(text).toMatch(/^# test configuration$/m);
      expect(text).toMatch(/^hz 33$/m);
      expect(text).toMatch(/^maxmemory 2mb$/m);
      expect(text).toMatch(/^maxmemory-policy allkeys-lru$/m);
      expect(infoField(toPlain(await c.call('INFO', 'server')), 'config_file')).toBe(configFile);
      expect(infoField(toPlain(await c.call('INFO', 'server')), 'hz')).toBe('33');
    } finally {
      await c.close();
    }
  });
});
