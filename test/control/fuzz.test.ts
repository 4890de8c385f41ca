// Fuzzing the API: hundreds of malformed bodies, parameters, ids and raw HTTP requests, all answered
// 4xx in DCS's error shape {error_code, error_msg, error_ext_msg}; the service and its instance stay up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { PROJECT, api, arr, cleanupAll, createBody, isDcsError, obj, startControlProcess, tempDataDir, waitStatus, type ControlProc } from './helpers.ts';

let control: ControlProc;
let id = '';

beforeAll(async () => {
  control = await startControlProcess({ dataDir: tempDataDir(), ports: [23210, 23229] });
  const r = await api(control.url, 'POST', `/v2/${PROJECT}/instances`, createBody({ name: 'fuzz-target' }));
  id = String(obj(arr(obj(r.body)['instances'])[0])['instance_id']);
  await waitStatus(control.url, PROJECT, id, 'RUNNING');
});

afterAll(async () => {
  await cleanupAll();
});

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_IDS = [
  'x', '1234', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', '%00', '..%2F..%2Fetc', 'a'.repeat(300),
  "' OR 1=1 --", '%F0%9F%92%A5', '%u0000', '12345678-1234-1234-1234-1234567890123', '-1', 'null', '%20',
];
const BAD_PROJECTS = ['..', 'a b', 'p'.repeat(65), '%24%7Bjndi%7D', 'é'];

/** Bodies that are never valid for any route with a body. */
const BAD_BODIES: string[] = [
  '{', '}', '{"a":', 'null', 'true', '0', '-1', '"str"', '[]', '[1,2,3]', '[{}]', 'undefined', 'NaN', '{\'a\':1}',
  '\u0000', '\uFEFF{}x', '{"a":1,}', '{"__proto__":{"polluted":1}}x', `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}`, '\xff\xfe', 'a=1&b=2', '<xml/>',
];

function strange(r: () => number): unknown {
  const pool: unknown[] = [null, true, false, -1, 0, 1e308, -1e308, 3.5, '', ' ', 'x'.repeat(5000), [], [null], {}, { a: { b: { c: [] } } }, '\u0000', '💥', 'DROP TABLE instances;'];
  return pool[Math.floor(r() * pool.length)];
}

interface Case {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

function cases(): Case[] {
  const out: Case[] = [];
  const P = `/v2/${PROJECT}`;
  const good = id;
  const unknown = '00000000-0000-4000-8000-000000000000';
  const instancePaths = (i: string) => [
    ['GET', `${P}/instances/${i}`], ['PUT', `${P}/instances/${i}`], ['DELETE', `${P}/instances/${i}`],
    ['POST', `${P}/instances/${i}/resize`], ['PUT', `${P}/instances/${i}/password`], ['POST', `${P}/instances/${i}/password/reset`],
    ['GET', `${P}/instances/${i}/configs`], ['PUT', `${P}/instances/${i}/configs`], ['POST', `${P}/instances/${i}/backups`],
    ['GET', `${P}/instances/${i}/backups`], ['POST', `${P}/instances/${i}/restores`], ['GET', `${P}/instances/${i}/restores`],
    ['GET', `${P}/instance/${i}/groups`], ['GET', `${P}/instances/${i}/logical-nodes`], ['GET', `${P}/instances/${i}/slowlog`],
    ['GET', `${P}/instances/${i}/tasks`], ['GET', `${P}/instances/${i}/tasks/${unknown}/progress`], ['DELETE', `${P}/instances/${i}/tasks/x`],
    ['POST', `${P}/instances/${i}/backups/${unknown}/links`], ['DELETE', `${P}/instances/${i}/backups/zz`],
    ['GET', `${P}/instances/${i}/backups/${unknown}/files/x.rdb?Expires=1&Signature=${'0'.repeat(64)}`], ['POST', `${P}/instances/${i}/swap`],
  ];
  // 1. malformed and unknown ids on every instance route
  for (const bad of [...BAD_IDS, unknown]) for (const [m, p] of instancePaths(bad)) out.push({ method: m ?? 'GET', path: p ?? '/' });
  // 2. malformed projects
  for (const bp of BAD_PROJECTS) for (const p of ['/instances', '/flavors', '/quota', '/instances/status', '/jobs/x']) out.push({ method: 'GET', path: `/v2/${bp}${p}` });
  // 3. malformed bodies on every route that takes one (the real instance: the body itself must be refused)
  const bodyRoutes: [string, string][] = [
    ['POST', `${P}/instances`], ['PUT', `${P}/instances/${good}`], ['POST', `${P}/instances/${good}/resize`],
    ['PUT', `${P}/instances/${good}/password`], ['POST', `${P}/instances/${good}/password/reset`], ['PUT', `${P}/instances/${good}/configs`],
    ['POST', `${P}/instances/${good}/backups`], ['POST', `${P}/instances/${good}/restores`], ['PUT', `${P}/instances/status`],
    ['DELETE', `${P}/instances`], ['POST', `${P}/instances/${good}/backups/${unknown}/links`],
  ];
  for (const [m, p] of bodyRoutes) for (const b of BAD_BODIES) out.push({ method: m, path: p, body: b });
  // 4. well-formed JSON with wrong types / values, field by field (random but seeded)
  const r = rng(20241125);
  const createFields = Object.keys(createBody());
  for (let i = 0; i < 120; i++) {
    const body = createBody({ name: `fz${i}` });
    const f = createFields[Math.floor(r() * createFields.length)] ?? 'name';
    body[f] = strange(r);
    // keep it invalid even when the strange value happens to be acceptable for that field
    body['spec_code'] = f === 'spec_code' ? body['spec_code'] : 'redis.nope.xu1.large.1';
    out.push({ method: 'POST', path: `${P}/instances`, body: JSON.stringify(body) });
  }
  const objects: [string, string, Record<string, unknown>][] = [
    ['POST', `${P}/instances/${good}/resize`, { spec_code: 'redis.single.xu1.tiny.256', new_capacity: 0.25 }],
    ['PUT', `${P}/instances/${good}/password`, { old_password: 'Old#Pass2024', new_password: 'New#Pass2024' }],
    ['PUT', `${P}/instances/status`, { instances: [good], action: 'restart' }],
    ['POST', `${P}/instances/${good}/restores`, { backup_id: unknown }],
    ['PUT', `${P}/instances/${good}/configs`, { redis_config: [{ param_id: '1', param_name: 'timeout', param_value: '1' }] }],
  ];
  for (let i = 0; i < 100; i++) {
    const [m, p, base] = objects[i % objects.length] ?? ['GET', '/', {}];
    const body: Record<string, unknown> = { ...base };
    const keys = Object.keys(body);
    const k = keys[Math.floor(r() * keys.length)] ?? 'x';
    let v = strange(r);
    // these would coerce to something acceptable: pick a value that never is
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length === 0) v = { nested: [v] };
    body[k] = v;
    out.push({ method: m, path: p, body: JSON.stringify(body) });
  }
  // 5. bad query strings
  const queries = [
    'offset=-1', 'offset=abc', 'limit=0', 'limit=1001', 'limit=1.5', 'status=BOGUS', 'include_failures=maybe', 'capacity=big',
    'name_equal=1', 'instance_id=nope', 'offset=1e3x', 'limit=1&limit=2', 'offset=1&offset=2&offset=x', 'capacity=%00',
  ];
  for (const q of queries) out.push({ method: 'GET', path: `${P}/instances?${q}` });
  for (const q of ['start_time=abc&end_time=1', 'start_time=1', 'start_time=5&end_time=1', 'start_time=1&end_time=2&sort_key=nope', 'start_time=1&end_time=2&limit=-4']) {
    out.push({ method: 'GET', path: `${P}/instances/${good}/slowlog?${q}` });
  }
  for (const q of ['begin_time=2020', 'end_time=20201399000000', 'begin_time=20200102000000&end_time=20200101000000', 'limit=x']) {
    out.push({ method: 'GET', path: `${P}/instances/${good}/backups?${q}` }, { method: 'GET', path: `${P}/instances/${good}/tasks?${q.replace('begin_time', 'start_time')}` });
  }
  out.push({ method: 'GET', path: `${P}/flavors?cache_mode=nope` }, { method: 'GET', path: `${P}/flavors?capacity=-2` }, { method: 'GET', path: `${P}/instances/status?include_failure=2` });
  // 6. unknown routes and wrong methods
  for (const p of ['/', '/v1', '/v2', '/v3/x/instances', `${P}/nothing`, `${P}/instances/${good}/nothing`, '/favicon.ico', '/v2/available-zones/x']) {
    out.push({ method: 'GET', path: p }, { method: 'POST', path: p, body: '{}' });
  }
  for (const [m, p] of [['PATCH', `${P}/instances`], ['POST', `${P}/flavors`], ['DELETE', '/v2/available-zones'], ['PUT', `${P}/quota`], ['POST', `${P}/instances/${good}`]]) {
    out.push({ method: m ?? 'GET', path: p ?? '/', body: '{}' });
  }
  // 7. signed link forgery
  out.push({ method: 'GET', path: `${P}/instances/${good}/backups/${unknown}/files/a.rdb?Expires=99999999999&Signature=${'a'.repeat(64)}` });
  out.push({ method: 'GET', path: `${P}/instances/${good}/backups/${unknown}/files/a.rdb` });
  return out;
}

async function rawHttp(request: string): Promise<string> {
  const url = new URL(control.url);
  return await new Promise<string>((resolve, reject) => {
    const s = net.createConnection({ host: url.hostname, port: Number(url.port) });
    let data = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => (data += d));
    s.on('end', () => resolve(data));
    s.on('close', () => resolve(data));
    s.on('error', reject);
    s.setTimeout(5000, () => {
      s.destroy();
      resolve(data);
    });
    s.write(request, 'latin1');
  });
}

describe('fuzzing the API', () => {
  it('answers hundreds of malformed requests with 4xx in DCS error shape', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(500);
    const failures: string[] = [];
    for (const c of all) {
      let status = 0;
      let body: unknown = null;
      try {
        const res = await api(control.url, c.method, c.path, c.body, c.headers);
        status = res.status;
        body = res.body;
      } catch (err) {
        failures.push(`${c.method} ${c.path.slice(0, 80)}: request failed: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (status < 400 || status > 499 || !isDcsError(body)) {
        failures.push(`${c.method} ${c.path.slice(0, 100)} body=${(c.body ?? '').slice(0, 80)} -> ${status} ${JSON.stringify(body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers raw protocol garbage in DCS shape too', async () => {
    const requests = [
      'GET /v2/%E0%A4%A/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /v2/local/instances/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      `GET /${'a'.repeat(10000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      'BREW /v2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: abc\r\n\r\n',
      'POST /v2/local/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":',
      'POST /v2/local/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'GET /v2/local/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Bad: \u0001\r\n\r\n',
    ];
    for (const req of requests) {
      const res = await rawHttp(req);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(res);
      expect(m, `no HTTP answer to ${JSON.stringify(req.slice(0, 60))}`).not.toBeNull();
      const status = Number(m?.[1]);
      expect(status, req.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(status, req.slice(0, 60)).toBeLessThan(500);
      const json = res.slice(res.indexOf('\r\n\r\n') + 4);
      const body = /^[0-9a-f]+\r\n/.test(json) ? json.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '') : json;
      expect(isDcsError(JSON.parse(body)), `${req.slice(0, 60)} -> ${body.slice(0, 200)}`).toBe(true);
    }
  });

  it('is still up afterwards, with its instance RUNNING and no instance created by the fuzz', async () => {
    const list = obj((await api(control.url, 'GET', `/v2/${PROJECT}/instances?include_failures=true`)).body);
    expect(list['instance_num']).toBe(1);
    const inst = obj(arr(list['instances'])[0]);
    expect(inst['status']).toBe('RUNNING');
    expect(control.proc.exitCode).toBeNull();
    expect(control.output()).not.toMatch(/internal error/);
  });
});
