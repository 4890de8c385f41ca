// Test helper: running the real `redis-cli` binary against a server.
// Owns: redisCli().
import { spawn } from 'node:child_process';

export interface CliResult {
  stdout: string;
  stderr: string;
  /** exit code, or null when the process was killed by a signal */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliOptions {
  /** kill redis-cli after this many ms (default 15000) */
  timeoutMs?: number;
  /** redis-cli binary (default env REDIS_CLI or 'redis-cli') */
  binary?: string;
}

/**
 * Runs `redis-cli -h 127.0.0.1 -p <port> ...args`, writes `input` (if any) to
 * its stdin and closes stdin, and resolves with its output once it exits.
 * Never rejects for a non-zero exit; rejects only if it cannot be spawned.
 */
export function redisCli(port: number, args: string[], input?: string | Buffer, opts: CliOptions = {}): Promise<CliResult> {
  const binary = opts.binary ?? process.env['REDIS_CLI'] ?? 'redis-cli';
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return new Promise<CliResult>((resolve, reject) => {
    const proc = spawn(binary, ['-h', '127.0.0.1', '-p', String(port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (s: string) => {
      stdout += s;
    });
    proc.stderr.on('data', (s: string) => {
      stderr += s;
    });
    const timer = setTimeout(() => {
      stderr += `\n[redisCli] killed after ${timeoutMs} ms\n`;
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
    proc.stdin.on('error', () => {
      /* redis-cli may exit before reading all of its input */
    });
    if (input !== undefined) proc.stdin.end(input);
    else proc.stdin.end();
  });
}
