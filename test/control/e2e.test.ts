// End to end over HTTP with real engine processes: a single-node instance from creation to
// deletion — password (ioredis and redis-cli), backup, signed download, flush, restore, resize,
// configuration, password change, slow log, crash recovery, restart, topology, tasks, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { redisCli } from '../helpers/cli.ts';
import { RespClient } from '../helpers/resp-client.ts';
import { verifyRdbFile } from '../../control/backup/rdb-verify.ts';
import { portFree } from '../../control/supervisor/ports.ts';
import { PASSWORD, PROJECT, api, arr, cleanupAll, createBody, isDcsError, obj, pidAlive, startControlProcess, tempDataDir, waitFor, waitStatus, type ControlProc } from './helpers.ts';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const P = `/v2/${PROJECT}`;

let control: ControlProc;
let id = '';
let port = 0;
let rdbSupported = false;
let backupId = '';

function client(password?: string): Redis {
  const r = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  return r;
}

async function withClient<T>(password: string | undefined, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = client(password);
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** The first error or simple reply of a command sent on a fresh raw connection (after AUTH if given). */
async function rawReply(password: string | undefined, ...cmd: string[]): Promise<string> {
  const c = await RespClient.connect(port);
  try {
    if (password !== undefined) {
      const a = await c.call('AUTH', password);
      if (a.type === 'error') return a.value;
    }
    const r = await c.call(...cmd);
    return r.type === 'error' || r.type === 'simple' ? r.value : JSON.stringify(r);
  } finally {
    await c.close();
  }
}

async function enginePid(): Promise<number> {
  return await withClient(PASSWORD, async (r) => Number(/process_id:(\d+)/.exec(await r.info('server'))?.[1] ?? '0'));
}

beforeAll(async () => {
  control = await startControlProcess({ dataDir: tempDataDir(), ports: [23010, 23029] });
});

afterAll(async () => {
  await cleanupAll();
});

describe('dcs-control end to end (single-node instance)', () => {
  it('lists the catalogue: flavors for every cache mode, AZs, maintenance windows, quota', async () => {
    const f = obj((await api(control.url, 'GET', `${P}/flavors`)).body);
    const modes = new Set(arr(f['flavors']).map((x) => obj(x)['cache_mode']));
    expect([...modes].sort()).toEqual(['cluster', 'ha', 'proxy', 'single']);
    const one = obj((await api(control.url, 'GET', `${P}/flavors?spec_code=redis.single.xu1.tiny.128`)).body);
    expect(arr(one['flavors'])).toHaveLength(1);
    const az = obj((await api(control.url, 'GET', '/v2/available-zones')).body);
    expect(arr(az['available_zones']).map((z) => obj(z)['code'])).toContain('local-az1');
    const mw = obj((await api(control.url, 'GET', '/v2/instances/maintain-windows')).body);
    expect(arr(mw['maintain_windows'])).toHaveLength(24);
    const q = obj(obj((await api(control.url, 'GET', `${P}/quota`)).body)['quotas']);
    expect(arr(q['resources']).map((r) => obj(r)['type'])).toEqual(['instance', 'ram']);
  });

  it('creates a single-node instance: 200 with its id, CREATING then RUNNING', async () => {
    const r = await api(control.url, 'POST', `${P}/instances`, createBody());
    expect(r.status).toBe(200);
    const inst = obj(arr(obj(r.body)['instances'])[0]);
    id = String(inst['instance_id']);
    expect(inst['instance_name']).toBe('dcs-e2e');
    const first = obj((await api(control.url, 'GET', `${P}/instances/${id}`)).body);
    expect(['CREATING', 'RUNNING']).toContain(first['status']);
    const ready = await waitStatus(control.url, PROJECT, id, 'RUNNING');
    port = Number(ready['port']);
    expect(port).toBeGreaterThanOrEqual(23010);
    expect(port).toBeLessThanOrEqual(23029);
    expect(ready['no_password_access']).toBe('false');
    expect(ready['max_memory']).toBe(128);
    expect(JSON.stringify(ready)).not.toContain(PASSWORD);
  });

  it('ioredis and redis-cli reach it with its password; without it they get NOAUTH', async () => {
    await withClient(PASSWORD, async (r) => {
      expect(await r.ping()).toBe('PONG');
      for (let i = 0; i < 50; i++) await r.set(`key:${i}`, `value-${i}`);
      await r.hset('h', 'f', 'v');
      expect(await r.dbsize()).toBe(51);
    });
    expect(await rawReply(undefined, 'GET', 'key:1')).toMatch(/^NOAUTH/);
    const ok = await redisCli(port, ['-a', PASSWORD, '--no-auth-warning', 'get', 'key:7']);
    expect(ok.stdout.trim()).toBe('value-7');
    const denied = await redisCli(port, ['get', 'key:7']);
    expect(denied.stdout + denied.stderr).toMatch(/NOAUTH/);
  });

  it('backs the instance up (BGSAVE + copy), or records why it cannot', async () => {
    rdbSupported = await withClient(PASSWORD, async (r) => {
      const info = (await r.call('COMMAND', 'INFO', 'BGSAVE')) as unknown[];
      return Array.isArray(info) && info[0] !== null;
    });
    const r = await api(control.url, 'POST', `${P}/instances/${id}/backups`, { remark: 'e2e', backup_format: 'rdb' });
    expect(r.status).toBe(200);
    backupId = String(obj(r.body)['backup_id']);
    const rec = await waitFor('the backup to finish', async () => {
      const l = await api(control.url, 'GET', `${P}/instances/${id}/backups`);
      const b = obj(arr(obj(l.body)['backup_record_response'])[0]);
      return b['status'] === 'succeed' || b['status'] === 'failed' ? b : undefined;
    });
    if (rdbSupported) {
      expect(rec['status']).toBe('succeed');
      expect(rec['is_support_restore']).toBe('TRUE');
      expect(Number(rec['size'])).toBeGreaterThan(0);
    } else {
      expect(rec['status']).toBe('failed');
      expect(rec['error_code']).toBe('dcs.08.0001');
    }
  });

  it('downloads the backup through its expiring signed link: a real RDB file', async (ctx) => {
    if (!rdbSupported) ctx.skip('the engine has no BGSAVE yet (RDB persistence is being written): nothing to download');
    const r = await api(control.url, 'POST', `${P}/instances/${id}/backups/${backupId}/links`, { expiration: 600 });
    expect(r.status).toBe(200);
    const links = arr(obj(r.body)['links']);
    expect(links).toHaveLength(1);
    const link = String(obj(links[0])['link']);
    expect(link).toMatch(/Expires=\d+&Signature=[0-9a-f]{64}$/);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.toString('latin1', 0, 5)).toBe('REDIS');
    const file = path.join(os.tmpdir(), `dcs-e2e-${process.pid}.rdb`);
    writeFileSync(file, buf);
    expect(verifyRdbFile(file).ok).toBe(true);
    const tampered = await fetch(link.replace(/Signature=./, 'Signature=0'));
    expect(tampered.status).toBe(401);
    expect(isDcsError(await tampered.json())).toBe(true);
  });

  it('flushes (FLUSHING -> RUNNING), then restores the backup (RESTORING -> RUNNING): keys back', async (ctx) => {
    if (!rdbSupported) ctx.skip('the engine has no BGSAVE/RDB loading yet (RDB persistence is being written): no backup to restore');
    const f = await api(control.url, 'PUT', `${P}/instances/status`, { instances: [id], action: 'flush' });
    expect(obj(arr(obj(f.body)['results'])[0])['result']).toBe('success');
    await waitStatus(control.url, PROJECT, id, 'RUNNING');
    expect(await withClient(PASSWORD, (r) => r.dbsize())).toBe(0);
    const r = await api(control.url, 'POST', `${P}/instances/${id}/restores`, { backup_id: backupId, remark: 'e2e restore' });
    expect(r.status).toBe(200);
    const restoreId = String(obj(r.body)['restore_id']);
    await waitFor('RESTORING or done', async () => {
      const s = obj((await api(control.url, 'GET', `${P}/instances/${id}`)).body)['status'];
      return s === 'RESTORING' || s === 'RUNNING';
    });
    await waitStatus(control.url, PROJECT, id, 'RUNNING');
    const list = obj((await api(control.url, 'GET', `${P}/instances/${id}/restores`)).body);
    const rec = obj(arr(list['restore_record_response'])[0]);
    expect(rec['restore_id']).toBe(restoreId);
    expect(rec['status']).toBe('succeed');
    await withClient(PASSWORD, async (c) => {
      expect(await c.dbsize()).toBe(51);
      expect(await c.get('key:42')).toBe('value-42');
    });
  });

  it('flushes the data even without persistence', async () => {
    const f = await api(control.url, 'PUT', `${P}/instances/status`, { instances: [id], action: 'flush' });
    expect(f.status).toBe(200);
    await waitStatus(control.url, PROJECT, id, 'RUNNING');
    expect(await withClient(PASSWORD, (r) => r.dbsize())).toBe(0);
    await withClient(PASSWORD, (r) => r.set('after-flush', '1'));
  });

  it('resizes: EXTENDING -> RUNNING, maxmemory of the live node changed, EXTEND task recorded', async () => {
    const pidBefore = await enginePid();
    const r = await api(control.url, 'POST', `${P}/instances/${id}/resize`, { spec_code: 'redis.single.xu1.tiny.256', new_capacity: 0.25 });
    expect(r.status).toBe(204);
    const inst = await waitStatus(control.url, PROJECT, id, 'RUNNING');
    expect(inst['capacity_minor']).toBe('.25');
    expect(inst['spec_code']).toBe('redis.single.xu1.tiny.256');
    const maxmemory = await withClient(PASSWORD, (c) => c.config('GET', 'maxmemory'));
    expect(maxmemory).toEqual(['maxmemory', String(256 * 1024 * 1024)]);
    expect(await enginePid()).toBe(pidBefore);
    const tasks = obj((await api(control.url, 'GET', `${P}/instances/${id}/tasks`)).body);
    const extend = arr(tasks['tasks']).map(obj).find((t) => t['name'] === 'EXTEND');
    expect(extend?.['status']).toBe('SUCCESS');
    expect(obj(extend?.['details'])['new_capacity']).toBe('0.25');
    const prog = obj((await api(control.url, 'GET', `${P}/instances/${id}/tasks/${String(extend?.['id'])}/progress`)).body);
    expect(prog['progress']).toBe(100);
    expect(arr(prog['step_details']).every((s) => obj(s)['step_status'] === 'FINISH')).toBe(true);
  });

  it('changes configuration parameters through CONFIG SET; bad values are DCS.4066', async () => {
    const r = await api(control.url, 'PUT', `${P}/instances/${id}/configs`, {
      redis_config: [
        { param_id: '1', param_name: 'timeout', param_value: '100' },
        { param_id: '2', param_name: 'maxmemory-policy', param_value: 'allkeys-lru' },
        { param_id: '18', param_name: 'slowlog-log-slower-than', param_value: '0' },
      ],
    });
    expect(r.status).toBe(204);
    await withClient(PASSWORD, async (c) => {
      expect(await c.config('GET', 'timeout')).toEqual(['timeout', '100']);
      expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    });
    const g = obj((await api(control.url, 'GET', `${P}/instances/${id}/configs`)).body);
    const timeout = arr(g['redis_config']).map(obj).find((p) => p['param_name'] === 'timeout');
    expect(timeout?.['param_value']).toBe('100');
    expect(timeout?.['value_range']).toBe('0-7200');
    const bad = await api(control.url, 'PUT', `${P}/instances/${id}/configs`, { redis_config: [{ param_id: '1', param_name: 'timeout', param_value: '99999' }] });
    expect(bad.status).toBe(400);
    expect(obj(bad.body)['error_code']).toBe('DCS.4066');
  });

  it('serves the slow log from the engine', async () => {
    const start = Date.now() - 5000;
    await withClient(PASSWORD, async (c) => {
      for (let i = 0; i < 5; i++) await c.get('key:1');
    });
    const r = await api(control.url, 'GET', `${P}/instances/${id}/slowlog?start_time=${start}&end_time=${Date.now() + 5000}&limit=100`);
    expect(r.status).toBe(200);
    const b = obj(r.body);
    expect(Number(b['total_num'])).toBeGreaterThan(0);
    expect(arr(b['slowlogs']).map((s) => String(obj(s)['command']))).toContain('get key:1');
    const missing = await api(control.url, 'GET', `${P}/instances/${id}/slowlog`);
    expect(missing.status).toBe(400);
    expect(obj(missing.body)['error_code']).toBe('DCS.4800');
  });

  it('changes the password: a wrong old one counts down the retries; the right one switches requirepass', async () => {
    const wrong = await api(control.url, 'PUT', `${P}/instances/${id}/password`, { old_password: 'Wrong#Pass1', new_password: 'Next#Pass2024' });
    expect(wrong.status).toBe(200);
    expect(obj(wrong.body)).toMatchObject({ result: 'passwordFailed', retry_times_left: '4' });
    const weak = await api(control.url, 'PUT', `${P}/instances/${id}/password`, { old_password: PASSWORD, new_password: 'weak' });
    expect(weak.status).toBe(400);
    expect(obj(weak.body)['error_code']).toBe('DCS.4019');
    const ok = await api(control.url, 'PUT', `${P}/instances/${id}/password`, { old_password: PASSWORD, new_password: 'Next#Pass2024' });
    expect(obj(ok.body)).toMatchObject({ result: 'success', retry_times_left: '5', message: 'Modify DCSInstance password success.' });
    expect(await withClient('Next#Pass2024', (c) => c.ping())).toBe('PONG');
    expect(await rawReply(PASSWORD, 'PING')).toMatch(/^WRONGPASS/);
    // back to the original one through a reset
    const reset = await api(control.url, 'POST', `${P}/instances/${id}/password/reset`, { new_password: PASSWORD });
    expect(obj(reset.body)).toEqual({ lock_time: '0', lock_time_left: '0', retry_times_left: '5' });
    expect(await withClient(PASSWORD, (c) => c.ping())).toBe('PONG');
  });

  it('restarts a crashed node and records it as a background task', async () => {
    const before = await enginePid();
    process.kill(before, 'SIGKILL');
    const after = await waitFor('a new engine process', async () => {
      const p = await enginePid().catch(() => 0);
      return p !== 0 && p !== before ? p : undefined;
    });
    expect(pidAlive(after)).toBe(true);
    await waitStatus(control.url, PROJECT, id, 'RUNNING');
    const tasks = obj((await api(control.url, 'GET', `${P}/instances/${id}/tasks`)).body);
    const rec = await waitFor('the RecoverNode task to succeed', async () => {
      const t = obj((await api(control.url, 'GET', `${P}/instances/${id}/tasks`)).body);
      return arr(t['tasks']).map(obj).find((x) => x['name'] === 'RecoverNode' && x['status'] === 'SUCCESS');
    });
    expect(rec).toBeDefined();
    expect(Number(tasks['task_count'])).toBeGreaterThan(0);
  });

  it('restarts on request: RESTARTING -> RUNNING with a new engine process', async () => {
    const before = await enginePid();
    const r = await api(control.url, 'PUT', `${P}/instances/status`, { instances: [id], action: 'restart' });
    expect(obj(r.body)).toEqual({ results: [{ result: 'success', instance: id }] });
    const again = await api(control.url, 'PUT', `${P}/instances/status`, { instances: [id], action: 'restart' });
    expect(obj(arr(obj(again.body)['results'])[0])['result']).toBe('failed');
    await waitStatus(control.url, PROJECT, id, 'RUNNING');
    const after = await enginePid();
    expect(after).not.toBe(before);
    expect(pidAlive(before)).toBe(false);
    // the parameters survive the restart (they are in the node's config file)
    expect(await withClient(PASSWORD, (c) => c.config('GET', 'timeout'))).toEqual(['timeout', '100']);
  });

  it('reports topology, status counts and statistics', async () => {
    const g = obj((await api(control.url, 'GET', `${P}/instance/${id}/groups`)).body);
    expect(g['group_count']).toBe(1);
    const repl = obj(arr(obj(arr(g['group_list'])[0])['replication_list'])[0]);
    expect(repl['replication_role']).toBe('master');
    const ln = obj((await api(control.url, 'GET', `${P}/instances/${id}/logical-nodes`)).body);
    expect(obj(arr(ln['nodes'])[0])['node_port']).toBe(String(port));
    const all = obj((await api(control.url, 'GET', `${P}/instances-logical-nodes`)).body);
    expect(all['count']).toBe(1);
    const st = obj((await api(control.url, 'GET', `${P}/instances/status`)).body);
    expect(st['running_count']).toBe(1);
    await withClient(PASSWORD, (c) => c.set('stat-key', '1'));
    const stat = await waitFor('statistics', async () => {
      const s = obj((await api(control.url, 'GET', `${P}/instances/statistic`)).body);
      const one = obj(arr(s['statistics'])[0]);
      return Number(one['keys']) >= 1 ? one : undefined;
    });
    expect(stat['instance_id']).toBe(id);
    expect(stat['max_memory']).toBe(256);
  });

  it('deletes: 204, then 404 DCS.3022; the process is gone and the port is free', async () => {
    const pid = await enginePid();
    const r = await api(control.url, 'DELETE', `${P}/instances/${id}`);
    expect(r.status).toBe(204);
    const g = await api(control.url, 'GET', `${P}/instances/${id}`);
    expect(g.status).toBe(404);
    expect(g.body).toEqual({ error_code: 'DCS.3022', error_msg: 'This DCS instance does not exist.', error_ext_msg: null });
    await waitFor('the engine to exit', async () => !pidAlive(pid));
    expect(await waitFor('the port to be free', () => portFree(port, '127.0.0.1'))).toBe(true);
    const listed = obj((await api(control.url, 'GET', `${P}/instances?include_delete=true`)).body);
    expect(obj(arr(listed['instances'])[0])['status']).toBe('DELETED');
  });

  it('never shows the password in its log', () => {
    expect(control.output()).not.toContain(PASSWORD);
    expect(control.output()).not.toContain('Next#Pass2024');
    const db = readFileSync(path.join(control.dataDir, 'dcs-control.db'));
    expect(db.length).toBeGreaterThan(0);
  });
});
