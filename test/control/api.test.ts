// The API's contract beyond the happy path: authentication, project scoping, batch creation,
// listing filters and pagination, request validation with the reference's DCS codes, status rules,
// quotas, password-free instances and the password lock, modify (port change), jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REPO_ROOT, engineNodeBinary } from '../helpers/servers.ts';
import { PASSWORD, api, arr, cleanupAll, createBody, isDcsError, obj, startControlProcess, tempDataDir, waitFor, waitStatus, type ControlProc } from './helpers.ts';

const TOKEN = 'test-token-123456';
const H = { 'X-Auth-Token': TOKEN };
const A = '/v2/project-a';
const B = '/v2/project-b';

let control: ControlProc;
let batch: string[] = [];
let free = '';

async function call(method: string, p: string, body?: unknown) {
  return await api(control.url, method, p, body, H);
}

async function expectError(method: string, p: string, body: unknown, status: number, code: string): Promise<void> {
  const r = await call(method, p, body);
  expect({ status: r.status, code: obj(r.body)['error_code'] }, `${method} ${p} ${JSON.stringify(body)}`).toEqual({ status, code });
  expect(isDcsError(r.body)).toBe(true);
}

beforeAll(async () => {
  control = await startControlProcess({ dataDir: tempDataDir(), ports: [23310, 23339], args: ['--auth-token', TOKEN, '--quota-instances', '4'] });
});

afterAll(async () => {
  await cleanupAll();
});

describe('authentication', () => {
  it('requires the configured X-Auth-Token: DCS.1003 without, DCS.1001 when wrong', async () => {
    const none = await api(control.url, 'GET', `${A}/instances`);
    expect(none.status).toBe(401);
    expect(obj(none.body)['error_code']).toBe('DCS.1003');
    const wrong = await api(control.url, 'GET', `${A}/instances`, undefined, { 'X-Auth-Token': 'nope-nope-nope' });
    expect(obj(wrong.body)['error_code']).toBe('DCS.1001');
    expect((await call('GET', `${A}/instances`)).status).toBe(200);
  });

  it('refuses to listen beyond loopback without a token', () => {
    const r = spawnSync(engineNodeBinary(), [path.join(REPO_ROOT, 'control', 'main.ts'), '--listen', '0.0.0.0:0'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs --auth-token/);
  });
});

describe('creating instances', () => {
  it('refuses bad requests with the reference\'s codes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'ab' }, 'DCS.4010'],
      [{ name: '-bad-name' }, 'DCS.4010'],
      [{ name: 'x'.repeat(57), instance_num: 2 }, 'DCS.4010'],
      [{ description: 'd'.repeat(1025) }, 'DCS.4011'],
      [{ engine: 'Memcached' }, 'DCS.4006'],
      [{ engine_version: '3.0' }, 'DCS.4008'],
      [{ spec_code: 'redis.single.xu1.large.3' }, 'DCS.4927'],
      [{ capacity: 2 }, 'DCS.4012'],
      [{ spec_code: 'redis.ha.xu1.tiny.r2.128' }, 'DCS.4007'],
      [{ az_codes: ['mars-1'] }, 'DCS.4042'],
      [{ vpc_id: '' }, 'DCS.4013'],
      [{ subnet_id: '' }, 'DCS.4016'],
      [{ password: undefined }, 'DCS.4845'],
      [{ password: 'simple' }, 'DCS.4019'],
      [{ no_password_access: true }, 'DCS.4845'],
      [{ maintain_begin: '18:00:00' }, 'DCS.4106'],
      [{ maintain_begin: '18:30:00', maintain_end: '19:30:00' }, 'DCS.4106'],
      [{ instance_backup_policy: { backup_type: 'auto' } }, 'DCS.4072'],
      [{ instance_backup_policy: { backup_type: 'sometimes' } }, 'DCS.4073'],
      [{ instance_num: 101 }, 'DCS.4800'],
      [{ port: 70000 }, 'DCS.4800'],
      [{ rename_commands: { get: 'g' } }, 'DCS.4800'],
      [{ bss_param: { charging_mode: 'prePaid' } }, 'DCS.4800'],
    ];
    for (const [over, code] of cases) {
      const body = createBody(over);
      for (const [k, v] of Object.entries(over)) if (v === undefined) delete body[k];
      const r = await call('POST', `${A}/instances`, body);
      expect({ over, status: r.status, code: obj(r.body)['error_code'] }).toEqual({ over, status: 400, code });
    }
    await expectError('POST', `${A}/instances`, undefined, 400, 'DCS.4004');
    await expectError('POST', `${A}/instances`, '{"name":', 400, 'DCS.4005');
    await expectError('POST', '/v2/bad project/instances', createBody(), 400, 'DCS.4002');
  });

  it('creates batches named <name>-000, <name>-001 ...', async () => {
    const r = await call('POST', `${A}/instances`, createBody({ name: 'batch', instance_num: 2, tags: [{ key: 'team', value: 'blue' }] }));
    expect(r.status).toBe(200);
    const made = arr(obj(r.body)['instances']).map(obj);
    expect(made.map((m) => m['instance_name'])).toEqual(['batch-000', 'batch-001']);
    batch = made.map((m) => String(m['instance_id']));
    for (const id of batch) await waitStatus(control.url, 'project-a', id, 'RUNNING', 30_000, H);
    await expectError('POST', `${A}/instances`, createBody({ name: 'batch-000' }), 400, 'DCS.4060');
  });

  it('creates a password-free instance', async () => {
    const r = await call('POST', `${A}/instances`, createBody({ name: 'free', password: undefined, no_password_access: true }));
    expect(r.status).toBe(200);
    free = String(obj(arr(obj(r.body)['instances'])[0])['instance_id']);
    const inst = await waitStatus(control.url, 'project-a', free, 'RUNNING', 30_000, H);
    expect(inst['no_password_access']).toBe('true');
    const c = new Redis({ port: Number(inst['port']), lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null });
    c.on('error', () => undefined);
    await c.connect();
    expect(await c.ping()).toBe('PONG');
    c.disconnect();
  });

  it('enforces the instance quota: DCS.4035', async () => {
    await expectError('POST', `${A}/instances`, createBody({ name: 'one-more', instance_num: 2 }), 400, 'DCS.4035');
  });
});

describe('listing and scoping', () => {
  it('one project never sees another\'s instances', async () => {
    await expectError('GET', `${B}/instances/${batch[0] ?? ''}`, undefined, 404, 'DCS.3022');
    await expectError('DELETE', `${B}/instances/${batch[0] ?? ''}`, undefined, 404, 'DCS.3022');
    const list = obj((await call('GET', `${B}/instances`)).body);
    expect(list).toEqual({ instance_num: 0, instances: [] });
  });

  it('filters and pages', async () => {
    const all = obj((await call('GET', `${A}/instances`)).body);
    expect(all['instance_num']).toBe(3);
    const pageOne = obj((await call('GET', `${A}/instances?offset=1&limit=1`)).body);
    expect(pageOne['instance_num']).toBe(3);
    expect(arr(pageOne['instances'])).toHaveLength(1);
    const byName = obj((await call('GET', `${A}/instances?name=batch`)).body);
    expect(byName['instance_num']).toBe(2);
    const exact = obj((await call('GET', `${A}/instances?name=batch&name_equal=true`)).body);
    expect(exact['instance_num']).toBe(0);
    const tagged = obj((await call('GET', `${A}/instances?tags=team=blue`)).body);
    expect(tagged['instance_num']).toBe(2);
    const byId = obj((await call('GET', `${A}/instances?instance_id=${free}`)).body);
    expect(obj(arr(byId['instances'])[0])['name']).toBe('free');
    const running = obj((await call('GET', `${A}/instances?status=RUNNING`)).body);
    expect(running['instance_num']).toBe(3);
    await expectError('GET', `${A}/instances?limit=0`, undefined, 400, 'DCS.4800');
    const bad = await call('GET', `${A}/instances?offset=-1`);
    expect(obj(bad.body)['error_msg']).toBe('Invalid offset in the request.');
  });

  it('answers 204 when an instance has no backups or restores', async () => {
    expect((await call('GET', `${A}/instances/${free}/backups`)).status).toBe(204);
    expect((await call('GET', `${A}/instances/${free}/restores`)).status).toBe(204);
  });
});

describe('operations and their rules', () => {
  it('validates PUT /instances/status', async () => {
    await expectError('PUT', `${A}/instances/status`, { action: 'restart' }, 400, 'DCS.4065');
    await expectError('PUT', `${A}/instances/status`, { instances: [], action: 'restart' }, 400, 'DCS.4065');
    await expectError('PUT', `${A}/instances/status`, { instances: [free], action: 'explode' }, 400, 'DCS.4064');
    await expectError('PUT', `${A}/instances/status`, { instances: Array.from({ length: 51 }, () => free), action: 'restart' }, 400, 'DCS.4100');
    const r = await call('PUT', `${A}/instances/status`, { instances: ['00000000-0000-4000-8000-000000000000', 'junk'], action: 'flush' });
    expect(obj(r.body)['results']).toEqual([
      { result: 'failed', instance: '00000000-0000-4000-8000-000000000000' },
      { result: 'failed', instance: 'junk' },
    ]);
  });

  it('validates resizes', async () => {
    const id = batch[0] ?? '';
    await expectError('POST', `${A}/instances/${id}/resize`, { spec_code: 'nope', new_capacity: 1 }, 400, 'DCS.4927');
    await expectError('POST', `${A}/instances/${id}/resize`, { spec_code: 'redis.ha.xu1.large.r2.1', new_capacity: 1 }, 400, 'DCS.4200');
    await expectError('POST', `${A}/instances/${id}/resize`, { spec_code: 'redis.single.xu1.tiny.128', new_capacity: 0.125 }, 400, 'DCS.4103');
    await expectError('POST', `${A}/instances/${id}/resize`, { spec_code: 'redis.single.xu1.large.1', new_capacity: 2 }, 400, 'DCS.4012');
    await expectError('POST', `${A}/instances/${id}/resize`, { spec_code: 'redis.single.xu1.large.1', new_capacity: 1, change_type: 'addSharding' }, 400, 'DCS.4102');
    await expectError('POST', `${A}/instances/${id}/resize`, { new_capacity: 1 }, 400, 'DCS.4927');
  });

  it('password-free instances: change refused (DCS.4850); reset refuses new_password with no_password_access (DCS.4849)', async () => {
    await expectError('PUT', `${A}/instances/${free}/password`, { old_password: 'x', new_password: 'New#Pass2024' }, 400, 'DCS.4850');
    await expectError('POST', `${A}/instances/${free}/password/reset`, { new_password: 'New#Pass2024', no_password_access: true }, 400, 'DCS.4849');
    await expectError('POST', `${A}/instances/${free}/password/reset`, {}, 400, 'DCS.4845');
  });

  it('locks password changes after five wrong old passwords', async () => {
    const id = batch[1] ?? '';
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = obj((await call('PUT', `${A}/instances/${id}/password`, { old_password: `Wrong#Pass${i}`, new_password: 'New#Pass2024' })).body);
      results.push(`${String(r['result'])}:${String(r['retry_times_left'])}`);
    }
    expect(results).toEqual(['passwordFailed:4', 'passwordFailed:3', 'passwordFailed:2', 'passwordFailed:1', 'passwordFailed:0']);
    const locked = obj((await call('PUT', `${A}/instances/${id}/password`, { old_password: PASSWORD, new_password: 'New#Pass2024' })).body);
    expect(locked).toMatchObject({ result: 'locked', lock_time: '5', lock_time_left: '5', retry_times_left: '0' });
  });

  it('modifies name, description and maintenance window; a port change moves the node', async () => {
    const id = batch[0] ?? '';
    await expectError('PUT', `${A}/instances/${id}`, { maintain_begin: '02:00:00', maintain_end: '04:00:00' }, 400, 'DCS.4106');
    await expectError('PUT', `${A}/instances/${id}`, { name: '1starts-with-digit' }, 400, 'DCS.4010');
    const r = await call('PUT', `${A}/instances/${id}`, { name: 'renamed', description: 'new text', maintain_begin: '02:00:00', maintain_end: '03:00:00', port: 23339 });
    expect(r.status).toBe(204);
    const inst = await waitFor('the new port', async () => {
      const b = obj((await call('GET', `${A}/instances/${id}`)).body);
      return b['status'] === 'RUNNING' && b['port'] === 23339 ? b : undefined;
    });
    expect(inst).toMatchObject({ name: 'renamed', description: 'new text', maintain_begin: '02:00:00', maintain_end: '03:00:00' });
    const c = new Redis({ port: 23339, password: PASSWORD, lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null });
    c.on('error', () => undefined);
    await c.connect();
    expect(await c.ping()).toBe('PONG');
    c.disconnect();
    const tasks = obj((await call('GET', `${A}/instances/${id}/tasks`)).body);
    const t = arr(tasks['tasks']).map(obj).find((x) => x['name'] === 'UpdatePort');
    expect(t?.['status']).toBe('SUCCESS');
    const job = obj((await call('GET', `${A}/jobs/${String(t?.['id'])}`)).body);
    expect(job).toMatchObject({ job_type: 'UpdatePort', status: 'SUCCESS' });
    await expectError('GET', `${A}/jobs/00000000-0000-4000-8000-000000000000`, undefined, 400, 'DCS.4133');
    await expectError('GET', `${B}/jobs/${String(t?.['id'])}`, undefined, 400, 'DCS.4133');
  });

  it('batch-deletes: per-instance results, DCS.4065 without ids', async () => {
    await expectError('DELETE', `${A}/instances`, {}, 400, 'DCS.4065');
    const r = await call('DELETE', `${A}/instances`, { instances: [...batch, 'nope'] });
    expect(obj(r.body)['results']).toEqual([
      { result: 'success', instance: batch[0] },
      { result: 'success', instance: batch[1] },
      { result: 'failed', instance: 'nope' },
    ]);
    const cleared = await call('DELETE', `${A}/instances?all_failure=true`);
    expect(obj(cleared.body)).toEqual({ results: [] });
  });
});
