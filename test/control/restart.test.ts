// dcs-control stopped and started again keeps its instances and their data: after a crash of
// dcs-control (SIGKILL) the engines keep running and are re-adopted (same pids); after a clean stop
// (SIGTERM) they are saved and stopped, and restarted from their RDB files on the next start.
// Also: the default instance is created on the first start only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PASSWORD, PROJECT, api, arr, cleanupAll, createBody, enginePids, obj, pidAlive, startControlProcess, tempDataDir, waitFor, waitStatus, type ControlProc } from './helpers.ts';

const P = `/v2/${PROJECT}`;
const PORTS: [number, number] = [23110, 23129];

let dataDir = '';
let control: ControlProc;
let id = '';
let port = 0;
let defaultPort = 0;

async function redis<T>(p: number, password: string | undefined, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: '127.0.0.1', port: p, password, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

async function rdbSupported(): Promise<boolean> {
  return await redis(port, PASSWORD, async (r) => {
    const info = (await r.call('COMMAND', 'INFO', 'SAVE')) as unknown[];
    return Array.isArray(info) && info[0] !== null;
  });
}

beforeAll(async () => {
  dataDir = tempDataDir();
  control = await startControlProcess({ dataDir, ports: PORTS, defaultInstance: true });
});

afterAll(async () => {
  if (control !== undefined) await control.stop().catch(() => undefined);
  await cleanupAll();
});

describe('dcs-control restarts', () => {
  it('creates the default instance on the first start: password-free, first port of the range', async () => {
    const line = await waitFor('the default instance line', async () => /default instance dcs-default \(([0-9a-f-]+), project "local"\) ready on 127\.0\.0\.1:(\d+)/.exec(control.output()) ?? undefined);
    defaultPort = Number(line[2]);
    expect(defaultPort).toBe(PORTS[0]);
    expect(await redis(defaultPort, undefined, (r) => r.ping())).toBe('PONG');
    const list = obj((await api(control.url, 'GET', '/v2/local/instances')).body);
    expect(list['instance_num']).toBe(1);
  });

  it('runs an instance with data', async () => {
    const r = await api(control.url, 'POST', `${P}/instances`, createBody({ name: 'keep-me' }));
    id = String(obj(arr(obj(r.body)['instances'])[0])['instance_id']);
    port = Number((await waitStatus(control.url, PROJECT, id, 'RUNNING'))['port']);
    await redis(port, PASSWORD, async (c) => {
      for (let i = 0; i < 100; i++) await c.set(`k${i}`, `v${i}`);
    });
    await redis(defaultPort, undefined, (c) => c.set('default-key', 'x'));
  });

  it('after dcs-control dies (SIGKILL) the engines keep serving, and the next start re-adopts them', async () => {
    const pidsBefore = enginePids(dataDir).sort();
    expect(pidsBefore).toHaveLength(2);
    await control.kill9();
    expect(pidsBefore.every(pidAlive)).toBe(true);
    expect(await redis(port, PASSWORD, (c) => c.get('k5'))).toBe('v5');
    control = await startControlProcess({ dataDir, ports: PORTS, defaultInstance: true });
    const inst = await waitStatus(control.url, PROJECT, id, 'RUNNING');
    expect(inst['name']).toBe('keep-me');
    expect(enginePids(dataDir).sort()).toEqual(pidsBefore);
    expect(control.output()).toMatch(/re-adopted dcs-engine pid/);
    expect(control.output()).not.toMatch(/default instance dcs-default/);
    expect(await redis(port, PASSWORD, (c) => c.dbsize())).toBe(100);
  });

  it('keeps supervising re-adopted engines: a crash is noticed and repaired', async () => {
    const defaultId = obj(arr(obj((await api(control.url, 'GET', '/v2/local/instances')).body)['instances'])[0])['instance_id'];
    const pidFile = path.join(dataDir, 'instances', String(defaultId), 'node-0', 'dcs-engine.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    await redis(defaultPort, undefined, (c) => c.call('SAVE')).catch(() => undefined);
    process.kill(pid, 'SIGKILL');
    const next = await waitFor('a new engine for the default instance', async () => {
      const p = Number(readFileSync(pidFile, 'utf8').trim());
      return p !== pid && pidAlive(p) ? p : undefined;
    });
    expect(next).not.toBe(pid);
    expect(await waitFor('the new engine to answer', () => redis(defaultPort, undefined, (c) => c.ping()))).toBe('PONG');
  });

  it('after a clean stop (SIGTERM) the engines are stopped; the next start brings the same instances back with their data', async (ctx) => {
    const pidsBefore = enginePids(dataDir);
    expect(await control.stop()).toBe(0);
    await waitFor('the engines to exit', async () => pidsBefore.every((p) => !pidAlive(p)));
    control = await startControlProcess({ dataDir, ports: PORTS, defaultInstance: true });
    const inst = await waitStatus(control.url, PROJECT, id, 'RUNNING');
    expect(inst['port']).toBe(port);
    const list = obj((await api(control.url, 'GET', '/v2/local/instances')).body);
    expect(list['instance_num']).toBe(1);
    const pidsAfter = enginePids(dataDir);
    expect(pidsAfter).toHaveLength(2);
    expect(pidsAfter.some((p) => pidsBefore.includes(p))).toBe(false);
    if (!(await rdbSupported())) ctx.skip('the engine has no SAVE/RDB loading yet: data cannot survive a stop of its process');
    expect(await redis(port, PASSWORD, (c) => c.dbsize())).toBe(100);
    expect(await redis(port, PASSWORD, (c) => c.get('k99'))).toBe('v99');
    expect(await redis(defaultPort, undefined, (c) => c.get('default-key'))).toBe('x');
  });
});
