// Pure units of dcs-control: RDB verification (CRC-64 as Redis computes it, files written by a real
// redis-server), options, the flavor catalogue, configuration parameters, password rules, the
// error table, config-file quoting.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc64, verifyRdbFile } from '../../control/backup/rdb-verify.ts';
import { parseOptions, OptionsError, parseListen } from '../../control/options.ts';
import { FLAVORS, flavorByCode, gbToMb, mbToGbText } from '../../control/catalogue/flavors.ts';
import { PARAMS, checkValue, engineSettings, maxmemoryBytes, paramByName } from '../../control/catalogue/config-params.ts';
import { MAINTAIN_WINDOWS, isMaintainWindow } from '../../control/catalogue/zones.ts';
import { ERRORS } from '../../control/errors.ts';
import { passwordOk, parseCompactTime, compactTime } from '../../control/util.ts';
import { confQuote } from '../../control/supervisor/engine-process.ts';
import { splitArgs } from '../../engine/config/text.ts';
import type { InstanceRow } from '../../control/db/repo.ts';
import { startRedis } from '../helpers/servers.ts';
import { RespClient } from '../helpers/resp-client.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dcs-control-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('RDB verification', () => {
  it('CRC-64 is Redis\'s (Jones, reflected): check value of "123456789"', () => {
    expect(crc64(Buffer.from('123456789')).toString(16)).toBe('e9c6d914c4b8d9ca');
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });

  it('accepts an RDB file written by a real redis-server and refuses damaged copies', async () => {
    const srv = await startRedis();
    try {
      const c = await RespClient.connect(srv.port);
      for (let i = 0; i < 200; i++) await c.call('SET', `k${i}`, 'v'.repeat(i));
      await c.call('RPUSH', 'l', 'a', 'b', 'c');
      expect((await c.call('SAVE')).type).toBe('simple');
      await c.close();
      const file = path.join(srv.dir, 'dump.rdb');
      const good = verifyRdbFile(file);
      expect(good).toMatchObject({ ok: true, checksummed: true, error: null });
      expect(good.version).toBeGreaterThanOrEqual(9);
      const bytes = readFileSync(file);
      const flipped = Buffer.from(bytes);
      flipped[20] = (flipped[20] ?? 0) ^ 0xff;
      writeFileSync(path.join(tmp, 'flipped.rdb'), flipped);
      expect(verifyRdbFile(path.join(tmp, 'flipped.rdb'))).toMatchObject({ ok: false, error: 'checksum mismatch' });
      writeFileSync(path.join(tmp, 'short.rdb'), bytes.subarray(0, bytes.length - 20));
      expect(verifyRdbFile(path.join(tmp, 'short.rdb')).ok).toBe(false);
      writeFileSync(path.join(tmp, 'magic.rdb'), Buffer.concat([Buffer.from('RODIS'), bytes.subarray(5)]));
      expect(verifyRdbFile(path.join(tmp, 'magic.rdb'))).toMatchObject({ ok: false, error: 'no REDIS magic' });
      const nocrc = Buffer.from(bytes);
      nocrc.fill(0, nocrc.length - 8);
      writeFileSync(path.join(tmp, 'nocrc.rdb'), nocrc);
      expect(verifyRdbFile(path.join(tmp, 'nocrc.rdb'))).toMatchObject({ ok: true, checksummed: false });
      expect(verifyRdbFile(path.join(tmp, 'missing.rdb')).ok).toBe(false);
    } finally {
      await srv.stop();
    }
  });
});

describe('options', () => {
  const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = parseOptions(argv, env, '/srv');
    if (r.kind !== 'run') throw new Error('expected run');
    return r.options;
  };

  it('defaults: loopback 127.0.0.1:7480, ./data, ports 6379-6479, default instance, no token', () => {
    const o = run([]);
    expect(o).toMatchObject({ host: '127.0.0.1', port: 7480, dataDir: '/srv/data', portLow: 6379, portHigh: 6479, defaultInstance: true, authToken: null, keepInstances: false });
  });

  it('reads DCS_* variables; the command line wins', () => {
    const o = run(['--listen', '127.0.0.1:9000'], { DCS_LISTEN: '127.0.0.1:8000', DCS_DATA_DIR: '/var/dcs', DCS_INSTANCE_PORTS: '7000-7010', DCS_NO_DEFAULT_INSTANCE: '1' });
    expect(o).toMatchObject({ port: 9000, dataDir: '/var/dcs', portLow: 7000, portHigh: 7010, defaultInstance: false });
    expect(run(['--no-default-instance']).defaultInstance).toBe(false);
    expect(run(['--data-dir=x']).dataDir).toBe('/srv/x');
  });

  it('refuses to listen beyond loopback without a token, and bad values', () => {
    expect(() => run(['--listen', '0.0.0.0:7480'])).toThrow(OptionsError);
    expect(run(['--listen', '0.0.0.0:7480', '--auth-token', 'long-enough-token']).authToken).toBe('long-enough-token');
    expect(() => run(['--instance-ports', '10-5'])).toThrow(/HIGH/);
    expect(() => run(['--bogus'])).toThrow(/unknown option/);
    expect(() => run(['--listen', 'x:99999'])).toThrow(OptionsError);
    expect(parseListen(':7000')).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(parseListen('[::1]:7000')).toEqual({ host: '::1', port: 7000 });
  });
});

describe('flavor catalogue', () => {
  it('has unique spec codes following redis.<mode>.<family>.<tiny|large>[.r<N>].<size>', () => {
    const codes = FLAVORS.map((f) => f.spec_code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const f of FLAVORS) {
      expect(f.spec_code).toMatch(/^redis\.(single|ha|cluster|proxy)\.(xu1|au1)\.(tiny|large)(\.r\d)?\.\d+$/);
      const size = Number(f.spec_code.split('.').pop());
      expect(f.spec_code.includes('.tiny.') ? size : size * 1024).toBe(f.capacity_mb);
    }
    expect(flavorByCode('redis.single.xu1.large.1')?.capacity_mb).toBe(1024);
    expect(flavorByCode('redis.ha.xu1.tiny.r2.128')?.replica_count).toBe(2);
    expect(flavorByCode('redis.cluster.xu1.large.r2.64')?.sharding_num).toBe(8);
    expect(flavorByCode('redis.proxy.au1.large.1024')?.cpu_type).toBe('aarch64');
    expect(gbToMb(0.125)).toBe(128);
    expect(mbToGbText(256)).toBe('0.25');
    expect(mbToGbText(2048)).toBe('2');
  });

  it('maintenance windows: 24 one-hour UTC windows, 18:00:00-19:00:00 the default', () => {
    expect(MAINTAIN_WINDOWS).toHaveLength(24);
    expect(MAINTAIN_WINDOWS.filter((w) => w.default)).toEqual([{ seq: 19, default: true, begin: '18:00:00', end: '19:00:00' }]);
    expect(isMaintainWindow('23:00:00', '00:00:00')).toBe(true);
    expect(isMaintainWindow('18:00:00', '20:00:00')).toBe(false);
  });
});

describe('configuration parameters', () => {
  const inst = { cache_mode: 'single', capacity_mb: 1024, config: {} } as unknown as InstanceRow;

  it('keeps the reference\'s ids and names', () => {
    expect(PARAMS.map((p) => `${p.id}:${p.name}`).slice(0, 3)).toEqual(['1:timeout', '2:maxmemory-policy', '3:hash-max-ziplist-entries']);
    expect(new Set(PARAMS.map((p) => p.id)).size).toBe(PARAMS.length);
  });

  it('validates values against type and range', () => {
    const t = paramByName('timeout');
    const pol = paramByName('maxmemory-policy');
    const ev = paramByName('notify-keyspace-events');
    const rm = paramByName('reserved-memory');
    if (!t || !pol || !ev || !rm) throw new Error('missing parameter');
    expect(checkValue(t, '7200', inst)).toBe('7200');
    expect(checkValue(t, '7201', inst)).toBeNull();
    expect(checkValue(t, '-1', inst)).toBeNull();
    expect(checkValue(t, '1e3', inst)).toBeNull();
    expect(checkValue(pol, 'allkeys-lfu', inst)).toBe('allkeys-lfu');
    expect(checkValue(pol, 'lru', inst)).toBeNull();
    expect(checkValue(ev, 'KEA', inst)).toBe('KEA');
    expect(checkValue(ev, 'Ex', inst)).toBe('Ex');
    expect(checkValue(ev, 'KAg', inst)).toBeNull();
    expect(checkValue(ev, 'x', inst)).toBeNull();
    expect(checkValue(rm, '512', inst)).toBe('512');
    expect(checkValue(rm, '513', inst)).toBeNull();
  });

  it('maps onto engine CONFIG, maxmemory = capacity minus reserved memory', () => {
    expect(maxmemoryBytes(inst)).toBe(1024 * 1024 * 1024);
    const reserved = { ...inst, config: { 'reserved-memory': '24', 'reserved-memory-percent': '50' } };
    expect(maxmemoryBytes(reserved)).toBe((1024 - 24 - 512) * 1024 * 1024);
    const all = new Map(engineSettings(inst));
    expect(all.get('maxmemory-policy')).toBe('volatile-lru');
    expect(all.get('notify-keyspace-events')).toBe('Ex');
    expect(all.has('appendonly')).toBe(false);
    expect(engineSettings(inst, new Set(['timeout']))).toEqual([['timeout', '0']]);
  });
});

describe('passwords, times, config quoting, errors', () => {
  it('password complexity: 8-64 characters, three classes, known specials only', () => {
    expect(passwordOk('Dcs#Local2024')).toBe(true);
    expect(passwordOk('abcdEFGH')).toBe(false);
    expect(passwordOk('abcdEF12')).toBe(true);
    expect(passwordOk('Ab1!')).toBe(false);
    expect(passwordOk('Abcdefg1"')).toBe(false);
    expect(passwordOk(`Aa1${'x'.repeat(62)}`)).toBe(false);
  });

  it('compact times round-trip', () => {
    const t = Date.UTC(2024, 10, 25, 8, 30, 15);
    expect(compactTime(t)).toBe('20241125083015');
    expect(parseCompactTime('20241125083015')).toBe(t);
    expect(parseCompactTime('20241325083015')).toBeNull();
  });

  it('quotes config values the way the engine splits them back', () => {
    for (const v of ['Dcs#Local2024', 'a"b\\c', 'with space', '', 'tab\there', '`~!@#$%^&*()-_=+\\|{}<,.>/?']) {
      expect(splitArgs(`requirepass ${confQuote(v)}`)).toEqual(['requirepass', v]);
    }
  });

  it('the error table: DCS.xxxx codes, 4xx/5xx statuses, unique name per code and message', () => {
    const seen = new Map<string, string>();
    for (const [name, e] of Object.entries(ERRORS)) {
      expect(e.code, name).toMatch(/^DCS\.\d{4}$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(600);
      const key = `${e.code} ${e.msg}`;
      expect(seen.has(key), `${name} duplicates ${seen.get(key) ?? ''}`).toBe(false);
      seen.set(key, name);
    }
    expect(ERRORS.INSTANCE_NOT_FOUND).toEqual({ status: 404, code: 'DCS.3022', msg: 'This DCS instance does not exist.' });
    expect(ERRORS.INVALID_INSTANCE_ID).toEqual({ status: 400, code: 'DCS.4061', msg: 'Invalid instance ID format.' });
  });
});
