// Test helper: starting and stopping server processes for tests.
// Owns: startRedis() (the real redis-server), startEngine() (our dcs-engine),
// the ServerHandle type, the registry that kills every started process when
// the test process exits, stopAll(), engineShardCounts() and the choice of the
// Node binary used to run the engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';
import { RespClient } from './resp-client.ts';

/** Absolute path of the repository root. */
export const REPO_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** Text the engine prints on stdout once it is listening. */
export const ENGINE_READY_TEXT = 'Ready to accept connections';

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
const PORT_ATTEMPTS = 3;

export interface ServerHandle {
  kind: 'redis' | 'engine';
  host: '127.0.0.1';
  port: number;
  pid: number;
  proc: ChildProcess;
  /** private temporary working directory (removed by stop()) */
  dir: string;
  /** SIGTERM, wait for exit (SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
  /** everything the process wrote to stdout and stderr so far (interleaved) */
  output(): string;
  /** true while the process has not exited */
  alive(): boolean;
}

export interface StartRedisOptions {
  /** extra redis-server arguments, e.g. ['--enable-debug-command', 'yes'] */
  args?: string[];
  /** redis-server binary (default env REDIS_SERVER or 'redis-server') */
  binary?: string;
}

export interface StartEngineOptions {
  /** shard count passed as --shards (default 1) */
  shards?: number;
  /** extra engine arguments, appended last */
  args?: string[];
  /** config file passed as the first argument after main.ts */
  configFile?: string;
  /** extra environment variables for the engine */
  env?: NodeJS.ProcessEnv;
  /** readiness timeout in ms (default 10000) */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------
// Registry: nothing we start may outlive the test process.

interface Tracked {
  proc: ChildProcess;
  dir: string;
  /** the leader exited and its group was swept: never signal that pid again */
  gone: boolean;
}

const registry = new Set<Tracked>();
let hooksInstalled = false;

/**
 * Signals the whole process group of a server (each server is spawned as a
 * group leader), so helper processes it forked die with it.
 */
function killGroup(proc: ChildProcess, sig: NodeJS.Signals): void {
  const pid = proc.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

function killAllSync(): void {
  for (const t of registry) {
    if (!t.gone) killGroup(t.proc, 'SIGKILL');
    try {
      rmSync(t.dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  registry.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllSync);
  // In a forked test worker, losing the IPC channel means the test runner is
  // gone (e.g. interrupted); the worker itself may linger until its current
  // test finishes, so take the servers down now.
  if (typeof process.send === 'function') process.once('disconnect', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      killAllSync();
      // If we are the only listener, our handler suppressed the default
      // action: restore it and re-raise so the process still terminates.
      if (process.listenerCount(sig) <= 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

const handles = new Set<ServerHandle>();

/** Stops every server started by this process that is still registered. */
export async function stopAll(): Promise<void> {
  await Promise.all([...handles].map((h) => h.stop()));
}

/** Servers started by this process and not yet stopped. */
export function liveServers(): ServerHandle[] {
  return [...handles];
}

// ---------------------------------------------------------------------------
// Shard counts and engine binary

/** Shard counts the engine is tested with: [1, 4], or env DCS_TEST_SHARDS="1,2". */
export function engineShardCounts(): number[] {
  const raw = process.env['DCS_TEST_SHARDS']?.trim();
  if (!raw) return [1, 4];
  const counts = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`DCS_TEST_SHARDS must be a comma-separated list of positive integers, got ${JSON.stringify(raw)}`);
  }
  return [...new Set(counts)];
}

/**
 * Node binary used to run engine/main.ts: env DCS_TEST_NODE if set, else the
 * current process.execPath when it can strip types (Node >= 22.18 / 23.6),
 * else the repository's node_modules/.bin/node (Node 24). The fallback matters
 * when vitest itself was launched by an older system `node`.
 */
export function engineNodeBinary(): string {
  const fromEnv = process.env['DCS_TEST_NODE'];
  if (fromEnv) return fromEnv;
  const features: { typescript?: unknown } = process.features;
  if (features.typescript) return process.execPath;
  const local = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

// ---------------------------------------------------------------------------
// Process launching

interface Launched {
  handle: ServerHandle;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdoutText(): string;
}

function launch(kind: ServerHandle['kind'], command: string, args: string[], port: number, dir: string, env: NodeJS.ProcessEnv): Launched {
  installHooks();
  // detached: the server leads its own process group, see killGroup().
  const proc = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tracked: Tracked = { proc, dir, gone: false };
  registry.add(tracked);

  let output = '';
  let stdoutOnly = '';
  const append = (s: string, isStdout: boolean): void => {
    output += s;
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS / 2);
    if (isStdout) {
      stdoutOnly += s;
      if (stdoutOnly.length > MAX_OUTPUT_CHARS) stdoutOnly = stdoutOnly.slice(-MAX_OUTPUT_CHARS / 2);
    }
  };
  proc.stdout?.setEncoding('utf8');
  proc.stderr?.setEncoding('utf8');
  proc.stdout?.on('data', (s: string) => append(s, true));
  proc.stderr?.on('data', (s: string) => append(s, false));

  let spawnError: Error | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('error', (err) => {
      spawnError = err;
      append(`\n[spawn error] ${err.message}\n`, false);
      if (proc.pid === undefined) resolve({ code: null, signal: null });
    });
    proc.once('exit', (code, signal) => {
      // Give the pipes a moment to deliver the last output before reporting.
      const done = (): void => resolve({ code, signal });
      const t = setTimeout(done, 250);
      proc.once('close', () => {
        clearTimeout(t);
        done();
      });
    });
  });
  void exited.then(() => {
    // The leader is gone: sweep whatever it left behind in its group. The
    // entry stays registered (for its directory) until stop().
    killGroup(proc, 'SIGKILL');
    tracked.gone = true;
  });

  // Do not let a forgotten server keep the test process alive; the registry
  // kills it on exit.
  proc.unref();
  const unrefStream = (s: unknown): void => {
    if (s !== null && typeof s === 'object' && 'unref' in s && typeof s.unref === 'function') s.unref();
  };
  unrefStream(proc.stdout);
  unrefStream(proc.stderr);

  let exitedFlag = false;
  void exited.then(() => {
    exitedFlag = true;
  });

  let stopping: Promise<void> | undefined;
  const handle: ServerHandle = {
    kind,
    host: '127.0.0.1',
    port,
    pid: proc.pid ?? -1,
    proc,
    dir,
    output: () => output,
    alive: () => !exitedFlag && proc.exitCode === null && proc.signalCode === null && spawnError === undefined,
    stop: () => {
      stopping ??= (async () => {
        if (!exitedFlag && proc.exitCode === null && proc.signalCode === null) {
          try {
            proc.kill('SIGTERM');
          } catch {
            /* already gone */
          }
          const killer = setTimeout(() => killGroup(proc, 'SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(killer);
        }
        await exited;
        handles.delete(handle);
        registry.delete(tracked);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  handles.add(handle);
  return { handle, exited, stdoutText: () => stdoutOnly };
}

function tail(text: string, max = 4000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

const ADDR_IN_USE = /EADDRINUSE|address already in use/i;

class StartError extends Error {
  override name = 'StartError';
  portInUse = false;
}

/**
 * Waits for `ready()` to resolve, racing it against process exit and a
 * timeout. On failure the process is killed and the error carries its output.
 */
async function awaitReady(l: Launched, what: string, timeoutMs: number, ready: (signal: { cancelled: boolean }) => Promise<void>): Promise<void> {
  const state = { cancelled: false };
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartError(`${what} did not become ready within ${timeoutMs} ms`)), timeoutMs);
    void l.exited.then(({ code, signal }) => {
      const err = new StartError(`${what} exited before becoming ready (code ${code}, signal ${signal})`);
      err.portInUse = ADDR_IN_USE.test(l.handle.output());
      reject(err);
    });
  });
  failure.catch(() => {
    /* observed through Promise.race below; later rejections are irrelevant */
  });
  try {
    await Promise.race([ready(state), failure]);
  } catch (err) {
    state.cancelled = true;
    await l.handle.stop();
    const base = err instanceof Error ? err : new Error(String(err));
    const e = new StartError(`${base.message}\n--- output (pid ${l.handle.pid}) ---\n${tail(l.handle.output())}`);
    e.portInUse = base instanceof StartError && base.portInUse;
    throw e;
  } finally {
    state.cancelled = true;
    if (timer) clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls PING until it answers, then checks INFO's process_id is our child. */
async function redisReady(port: number, pid: number, state: { cancelled: boolean }): Promise<void> {
  for (;;) {
    if (state.cancelled) return;
    let client: RespClient | undefined;
    try {
      client = await RespClient.connect(port, { connectTimeoutMs: 1000, timeoutMs: 2000 });
      const pong = await client.call('PING');
      if (pong.type === 'simple' && pong.value === 'PONG') {
        const info = await client.call('INFO', 'server');
        const text = info.type === 'bulk' && info.value ? info.value.toString('latin1') : '';
        const m = /process_id:(\d+)/.exec(text);
        if (m && Number(m[1]) !== pid) {
          const e = new StartError(`port ${port} is served by another process (pid ${m[1]}), not ours (pid ${pid})`);
          e.portInUse = true;
          throw e;
        }
        return;
      }
    } catch (err) {
      if (err instanceof StartError) throw err;
      /* not listening yet */
    } finally {
      await client?.close();
    }
    await sleep(25);
  }
}

async function waitForStdout(l: Launched, text: string, state: { cancelled: boolean }): Promise<void> {
  const stream = l.handle.proc.stdout;
  if (l.stdoutText().includes(text)) return;
  if (!stream) throw new Error('no stdout pipe');
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (state.cancelled || l.stdoutText().includes(text)) {
        stream.removeListener('data', check);
        l.handle.proc.removeListener('exit', check);
        resolve();
      }
    };
    // registered after launch()'s own 'data' listener, so stdoutText() is current
    stream.on('data', check);
    l.handle.proc.once('exit', check);
  });
}

// ---------------------------------------------------------------------------
// Public starters

/**
 * Starts the real redis-server on a free port bound to 127.0.0.1, with no
 * persistence and a private temporary --dir, and waits until it answers PING.
 */
export async function startRedis(opts: StartRedisOptions = {}): Promise<ServerHandle> {
  const binary = opts.binary ?? process.env['REDIS_SERVER'] ?? 'redis-server';
  let lastErr: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dcs-test-redis-'));
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--dir', dir,
      '--daemonize', 'no',
      ...(opts.args ?? []),
    ];
    const l = launch('redis', binary, args, port, dir, process.env);
    try {
      await awaitReady(l, `redis-server on port ${port}`, START_TIMEOUT_MS, (state) => redisReady(port, l.handle.pid, state));
      return l.handle;
    } catch (err) {
      lastErr = err;
      if (!(err instanceof StartError && err.portInUse)) throw err;
    }
  }
  throw lastErr;
}

/**
 * Starts our engine: `<node> <repo>/engine/main.ts [configFile] --port <free>
 * --bind 127.0.0.1 --shards <n> ...args`, in a private temporary working
 * directory, and waits for a stdout line containing "Ready to accept
 * connections" (timeout 10 s: the process is killed and the error includes
 * its output).
 */
export async function startEngine(opts: StartEngineOptions = {}): Promise<ServerHandle> {
  const main = path.join(REPO_ROOT, 'engine', 'main.ts');
  const shards = opts.shards ?? 1;
  const configFile = opts.configFile === undefined ? undefined : path.resolve(opts.configFile);
  const timeoutMs = opts.timeoutMs ?? START_TIMEOUT_MS;
  let lastErr: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dcs-test-engine-'));
    const args = [
      main,
      ...(configFile === undefined ? [] : [configFile]),
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--shards', String(shards),
      ...(opts.args ?? []),
    ];
    const l = launch('engine', engineNodeBinary(), args, port, dir, { ...process.env, ...opts.env });
    try {
      await awaitReady(l, `engine (shards=${shards}) on port ${port}`, timeoutMs, (state) => waitForStdout(l, ENGINE_READY_TEXT, state));
      return l.handle;
    } catch (err) {
      lastErr = err;
      if (!(err instanceof StartError && err.portInUse)) throw err;
    }
  }
  throw lastErr;
}
