// dcs-engine's command line: redis-server-style arguments, one clear line and exit code 1 for bad
// input, a ready line, a clean stop on SIGTERM, and the launcher that works on an older Node.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, engineNodeBinary } from '../helpers/servers.ts';
import { freePort } from '../helpers/ports.ts';
import { RespClient, toPlain } from '../helpers/resp-client.ts';

const MAIN = path.join(REPO_ROOT, 'engine', 'main.ts');
const LAUNCHER = path.join(REPO_ROOT, 'engine', 'bin', 'dcs-engine.mjs');

function runEngine(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(engineNodeBinary(), [MAIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dcs-engine arguments', () => {
  it('refuses an unknown option with one line and exit code 1', () => {
    const r = runEngine(['--no-such-option', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("Unknown option 'no-such-option'");
  });

  it('refuses a bad value naming the option', () => {
    const r = runEngine(['--port', '70000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'port'");
  });

  it('refuses options it does not implement yet, clearly', () => {
    const r = runEngine(['--cluster-enabled', 'yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not supported yet/);
  });

  it('prints its version', () => {
    const r = runEngine(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dcs-engine v=\d+\.\d+\.\d+/);
  });

  it('reads a config file first, then lets the command line override it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dcs-cli-'));
    const conf = path.join(dir, 'redis.conf');
    const port = await freePort();
    writeFileSync(conf, `# test config\nport 1\nbind 127.0.0.1\nrequirepass "from file"\ndatabases 4\n`);
    const child = spawn(engineNodeBinary(), [MAIN, conf, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('Ready to accept connections')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const c = await RespClient.connect(port);
      expect(toPlain(await c.call('PING'))).toEqual({ error: 'NOAUTH Authentication required.' });
      expect(toPlain(await c.call('AUTH', 'from file'))).toBe('OK');
      expect(toPlain(await c.call('SELECT', '4'))).toEqual({ error: 'ERR DB index is out of range' });
      await c.close();
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });

  it('the launcher starts the engine and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    // the launcher runs on whatever `node` is first on PATH (the system one on a fresh machine)
    const child = spawn('node', [LAUNCHER, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const c = await RespClient.connect(port);
    expect(toPlain(await c.call('SET', 'k', 'v'))).toBe('OK');
    await c.close();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c2) => resolve(c2)));
    expect(code).toBe(0);
  });
});
