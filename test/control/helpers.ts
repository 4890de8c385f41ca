// Test helper for dcs-control: running it as a real process, calling its API, waiting for states,
// and making sure no engine it started outlives the test.
// Owns: startControlProcess(), api(), waitFor(), waitStatus(), killEnginesOf(), pidAlive().
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, engineNodeBinary } from '../helpers/servers.ts';

export const PROJECT = 'test-project';

export interface ControlProc {
  url: string;
  proc: ChildProcess;
  dataDir: string;
  output(): string;
  /** SIGTERM (graceful: engines saved and stopped) and wait for the exit */
  stop(): Promise<number | null>;
  /** SIGKILL: the engines keep running */
  kill9(): Promise<void>;
}

const started = new Set<ControlProc>();
const dataDirs = new Set<string>();

export function tempDataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'dcs-control-test-'));
  dataDirs.add(d);
  return d;
}

export interface StartOptions {
  dataDir: string;
  ports: [number, number];
  defaultInstance?: boolean;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

export async function startControlProcess(o: StartOptions): Promise<ControlProc> {
  const args = [
    path.join(REPO_ROOT, 'control', 'main.ts'),
    '--listen', '127.0.0.1:0',
    '--data-dir', o.dataDir,
    '--instance-ports', `${o.ports[0]}-${o.ports[1]}`,
    '--health-interval', '250',
    ...(o.defaultInstance === true ? [] : ['--no-default-instance']),
    ...(o.args ?? []),
  ];
  const proc = spawn(engineNodeBinary(), args, { cwd: REPO_ROOT, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.setEncoding('utf8');
  proc.stderr?.setEncoding('utf8');
  proc.stdout?.on('data', (s: string) => (out += s));
  proc.stderr?.on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dcs-control did not start:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /dcs-control listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dcs-control exited (${code}):\n${out}`));
    });
  });
  const c: ControlProc = {
    url,
    proc,
    dataDir: o.dataDir,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const code = await exited;
      started.delete(c);
      return code;
    },
    kill9: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
      started.delete(c);
    },
  };
  started.add(c);
  return c;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Engine pids a data directory's dcs-control recorded (`instances/<id>/node-N/dcs-engine.pid`). */
export function enginePids(dataDir: string): number[] {
  const root = path.join(dataDir, 'instances');
  if (!existsSync(root)) return [];
  const out: number[] = [];
  for (const inst of readdirSync(root)) {
    const idir = path.join(root, inst);
    let nodes: string[] = [];
    try {
      nodes = readdirSync(idir);
    } catch {
      continue;
    }
    for (const n of nodes) {
      try {
        const pid = Number(readFileSync(path.join(idir, n, 'dcs-engine.pid'), 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0) out.push(pid);
      } catch {
        /* no pid file */
      }
    }
  }
  return out;
}

/** Kills (SIGKILL, whole process group) every engine a data directory's dcs-control recorded. */
export function killEnginesOf(dataDir: string): void {
  for (const pid of enginePids(dataDir)) {
    for (const t of [-pid, pid]) {
      try {
        process.kill(t, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
}

/** Stops every dcs-control this test process started, kills their engines, removes data dirs. */
export async function cleanupAll(): Promise<void> {
  for (const c of [...started]) await c.kill9();
  for (const d of dataDirs) {
    killEnginesOf(d);
    rmSync(d, { recursive: true, force: true });
  }
  dataDirs.clear();
}

export interface ApiResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export async function api(base: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...headers };
  }
  const res = await fetch(base + p, init);
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

export function obj(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

export function arr(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls GET instance until its status is `want`; returns the instance. */
export async function waitStatus(base: string, project: string, id: string, want: string, timeoutMs = 30_000, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  let seen = '';
  return await waitFor(
    `instance ${id} to be ${want} (last seen ${seen})`,
    async () => {
      const r = await api(base, 'GET', `/v2/${project}/instances/${id}`, undefined, headers);
      const b = obj(r.body);
      seen = String(b['status']);
      if (seen === 'CREATEFAILED' && want !== 'CREATEFAILED') throw new Error(`CREATEFAILED: ${String(b['fail_reason'])}`);
      return seen === want ? b : undefined;
    },
    timeoutMs,
  );
}

export function isDcsError(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return typeof b['error_code'] === 'string' && /^DCS\.\d{4}$/.test(b['error_code']) && typeof b['error_msg'] === 'string' && b['error_ext_msg'] === null;
}

export const PASSWORD = 'Dcs#Local2024';

export function createBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'dcs-e2e',
    engine: 'Redis',
    engine_version: '6.0',
    capacity: 0.125,
    spec_code: 'redis.single.xu1.tiny.128',
    az_codes: ['local-az1'],
    vpc_id: 'vpc-1',
    subnet_id: 'subnet-1',
    password: PASSWORD,
    ...over,
  };
}
