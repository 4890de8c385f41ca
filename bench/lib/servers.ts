// Server lifecycle: picking free ports, building the redis-server and "ours"
// command lines (incl. the --ours-cmd / DCS_BENCH_TARGET_CMD override), starting
// a server and waiting until it is ready, and stopping it (whole process tree).
// Also keeps a registry of every child process so they are killed on exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { processTree, startTime } from './procstat.ts';
import { RespClient } from './resp.ts';
import type { Role } from './types.ts';

export const HOST = '127.0.0.1';
const READY_LINE = 'Ready to accept connections';

/** Every child we started and have not seen exit; killed on process exit. */
const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Last-resort synchronous cleanup (process 'exit' handler): SIGKILL what is left. */
export function killAllChildrenSync(): void {
  for (const c of liveChildren) {
    if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
      for (const p of processTree(c.pid).reverse()) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }
  liveChildren.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

/** Ask the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Split a command string like a POSIX shell would (quotes and backslashes, no expansion). */
export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < s.length && '"\\$`'.includes(s.charAt(i + 1))) cur += s.charAt(++i);
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s.charAt(++i);
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote !== null) throw new Error(`unterminated quote in command: ${s}`);
  if (inWord) out.push(cur);
  return out;
}

/**
 * A server command line with placeholders `{port}`, `{host}`, `{shards}` and
 * `{dir}` (a fresh temp directory), substituted at start.
 */
export type CommandTemplate = string[];

export function redisTemplate(): CommandTemplate {
  return ['redis-server', '--port', '{port}', '--bind', '{host}', '--save', '', '--appendonly', 'no', '--dir', '{dir}'];
}

export function engineTemplate(repoRoot: string): CommandTemplate {
  return [process.execPath, join(repoRoot, 'engine/main.ts'), '--port', '{port}', '--bind', '{host}', '--shards', '{shards}', '--save', '', '--dir', '{dir}'];
}

/**
 * Template for a user-supplied "ours" command. With `{port}` in it, it is used
 * verbatim; otherwise `--port {port} --bind {host}` is appended, plus the
 * persistence-off flags for redis-server or `--shards {shards}` for anything else.
 */
export function userTemplate(cmd: string): CommandTemplate {
  const words = shellSplit(cmd);
  if (words.length === 0) throw new Error('empty --ours-cmd');
  if (words.some((w) => w.includes('{port}'))) return words;
  const t = [...words, '--port', '{port}', '--bind', '{host}'];
  if (basename(words[0] ?? '') === 'redis-server') t.push('--save', '', '--appendonly', 'no', '--dir', '{dir}');
  else t.push('--shards', '{shards}');
  return t;
}

export function expandTemplate(t: CommandTemplate, vars: Record<string, string>): string[] {
  return t.map((w) => w.replace(/\{(port|host|shards|dir)\}/g, (m, k: string) => vars[k] ?? m));
}

/** Render argv for display, quoting where needed. */
export function showCommand(argv: readonly string[]): string {
  return argv.map((a) => (a === '' || /[\s"'$\\]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ');
}

export interface Server {
  role: Role;
  port: number;
  pid: number;
  argv: string[];
  child: ChildProcess;
  /** Last lines of stdout+stderr, for error messages. */
  outputTail: string[];
  dir: string;
  exited: boolean;
  exitInfo: string | null;
}

function remember(tail: string[], text: string): void {
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    tail.push(line);
    if (tail.length > 60) tail.shift();
  }
}

function tail(s: Server): string {
  const lines = s.outputTail.slice(-15);
  return lines.length === 0 ? '' : `; last output:\n  ${lines.join('\n  ')}`;
}

/** 'pong' if PING answered PONG, 'open' if only the TCP connect worked, else 'down'. */
async function probe(port: number): Promise<'pong' | 'open' | 'down'> {
  let c: RespClient | null = null;
  try {
    c = await RespClient.connect(port, HOST, 1000);
  } catch {
    return 'down';
  }
  try {
    return (await c.command(['PING'], 1000)) === 'PONG' ? 'pong' : 'open';
  } catch {
    return 'open';
  } finally {
    c.close();
  }
}

/**
 * Start a server and resolve once it answers PING (or, if PING misbehaves, once
 * it printed "Ready to accept connections" and accepts TCP connections).
 * Rejects if it exits or does not become ready in time.
 */
export async function startServer(
  role: Role,
  template: CommandTemplate,
  opts: { shards: number; cwd: string; readyTimeoutMs?: number },
): Promise<Server> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `dcs-bench-${role}-`));
  tempDirs.add(dir);
  const argv = expandTemplate(template, { port: String(port), host: HOST, shards: String(opts.shards), dir });
  const [file, ...args] = argv;
  if (file === undefined) throw new Error(`empty command for ${role}`);
  const child = spawn(file, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const server: Server = {
    role,
    port,
    pid: child.pid ?? -1,
    argv,
    child,
    outputTail: [],
    dir,
    exited: false,
    exitInfo: null,
  };
  let sawReady = false;
  const onOut = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    if (text.includes(READY_LINE)) sawReady = true;
    remember(server.outputTail, text);
  };
  child.stdout?.on('data', onOut);
  child.stderr?.on('data', onOut);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      server.exited = true;
      server.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      server.exited = true;
      server.exitInfo = `failed to start: ${err.message}`;
      resolve();
    });
  });
  void exited;

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30000);
  while (Date.now() < deadline) {
    if (server.exited) {
      throw new Error(`${role} server (${showCommand(argv)}) ${server.exitInfo} before becoming ready${tail(server)}`);
    }
    const state = await probe(port);
    if (state === 'pong' || (state === 'open' && sawReady)) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopServer(server);
  throw new Error(`${role} server (${showCommand(argv)}) not ready after ${(opts.readyTimeoutMs ?? 30000) / 1000}s${tail(server)}`);
}

/** SIGTERM the server (and any descendants), SIGKILL after `graceMs`. */
export async function stopServer(server: Server, graceMs = 5000): Promise<void> {
  const tree = server.pid > 0 && !server.exited ? processTree(server.pid) : [];
  const startTimes = new Map(tree.map((p) => [p, startTime(p)]));
  if (!server.exited && server.pid > 0) {
    const done = new Promise<void>((resolve) => {
      if (server.exited) resolve();
      else server.child.once('exit', () => resolve());
    });
    try {
      process.kill(server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs));
    if ((await Promise.race([done, timer])) === 'timeout') {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await done;
    }
  }
  // Descendants that outlived their parent (e.g. shard workers).
  // Only PIDs whose start time is unchanged, so a reused PID is never hit.
  for (const p of tree.slice(1)) {
    const t = startTimes.get(p);
    if (t === null || t === undefined || startTime(p) !== t) continue;
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(server.dir, { recursive: true, force: true });
  tempDirs.delete(server.dir);
}
