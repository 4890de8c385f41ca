// Crash safety: a save writes temp-<pid>.rdb, fsyncs it and renames it over dump.rdb, so killing
// the engine with SIGKILL in the middle of a large save leaves the previous dump intact (and the
// engine loads it on restart); a save that cannot write leaves it intact too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RespClient, type Arg } from '../helpers/resp-client.ts';
import type { ServerHandle } from '../helpers/servers.ts';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { T } from '../../engine/persist/rdb-format.ts';
import { REPO_ROOT, engineNodeBinary } from '../helpers/servers.ts';
import { RdbBuilder, compressible, dirWithDump, dumpDataset, engineOver, keyCount, run, waitFor } from './helpers.ts';

const dirs: string[] = [];
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^temp-\d+\.rdb$/.test(f));
}

describe('crash safety of saves', () => {
  it('SIGTERM during the start-up load exits without saving over the dump', async () => {
    const dir = dirWithDump(null);
    dirs.push(dir);
    const b = new RdbBuilder(10).select(0);
    for (let i = 0; i < 1_500_000; i++) b.key(T.STRING, `key:${i}`, (o) => o.str('value'));
    const file = b.end();
    writeFileSync(path.join(dir, 'dump.rdb'), file);
    const proc = spawn(engineNodeBinary(), [path.join(REPO_ROOT, 'engine', 'main.ts'), '--port', '0', '--shards', '2'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    // give it time to install its signal handlers (start-up takes a few hundred ms); loading 1.5M
    // keys takes seconds, so the signal lands in the middle of the load
    await waitFor('the engine to start', () => out.includes('starting, pid='), 20_000, 5);
    await new Promise((r) => setTimeout(r, 1000));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Received SIGTERM');
    expect(out).not.toContain('Done loading RDB');
    expect(out).not.toContain('Saving the final RDB snapshot');
    expect(readFileSync(path.join(dir, 'dump.rdb')).equals(file)).toBe(true);
  }, 60_000);

  it('the previous dump survives a SIGKILL in the middle of a large BGSAVE', async () => {
    const dir = dirWithDump(null);
    dirs.push(dir);
    // 2 ms per key: 3000 keys of 8 KiB take about 6 s to save, written in 1 MiB chunks
    const engine = await engineOver(dir, 2, ['--save', '', '--rdbcompression', 'no'], { DCS_RDB_KEY_SAVE_DELAY_US: '2000' });
    servers.push(engine);
    const c = await RespClient.connect(engine.port, { timeoutMs: 60_000 });
    await run(c, [['SET', 'first', 'dataset'], ['RPUSH', 'list', 'a', 'b']]);
    expect(await c.call('SAVE')).toEqual({ type: 'simple', value: 'OK' });
    const good = readFileSync(path.join(dir, 'dump.rdb'));

    const big: Arg[][] = [];
    for (let i = 0; i < 3000; i++) big.push(['SET', `big:${i}`, compressible(8192, i)]);
    await run(c, big);
    expect(await c.call('BGSAVE')).toEqual({ type: 'simple', value: 'Background saving started' });
    // wait until the temporary file holds a few chunks, then kill -9
    await waitFor('a partly written temp file', () => {
      const t = tempFiles(dir);
      return t.length === 1 && statSync(path.join(dir, t[0])).size > 3 << 20;
    }, 30_000);
    engine.proc.kill('SIGKILL');
    await waitFor('the engine to die', () => !engine.alive());
    await c.close().catch(() => undefined);

    expect(readFileSync(path.join(dir, 'dump.rdb')).equals(good)).toBe(true);
    expect(execFileSync('redis-check-rdb', [path.join(dir, 'dump.rdb')], { encoding: 'utf8' })).toContain('RDB looks OK');
    const partial = tempFiles(dir);
    expect(partial).toHaveLength(1);
    expect(statSync(path.join(dir, partial[0])).size).toBeLessThan(3000 * 8192);

    const again = await engineOver(dir, 2, ['--save', '']);
    servers.push(again);
    const d = await dumpDataset(again.port);
    expect(keyCount(d)).toBe(2);
    expect(d.get(0)!.get('first')!.value).toBe('dataset');
    await again.stop();
  }, 120_000);

  it('a save that cannot write its file fails with ERR, removes its temp file and leaves the dump untouched', async () => {
    const dir = dirWithDump(null);
    dirs.push(dir);
    const engine = await engineOver(dir, 2, ['--save', '', '--enable-protected-configs', 'yes']);
    servers.push(engine);
    const c = await RespClient.connect(engine.port);
    await run(c, [['SET', 'k', 'v']]);
    expect(await c.call('SAVE')).toEqual({ type: 'simple', value: 'OK' });
    const good = readFileSync(path.join(dir, 'dump.rdb'));
    // the new target name is a directory: the final rename fails (whatever the user's rights)
    mkdirSync(path.join(dir, 'taken', 'inside'), { recursive: true });
    await run(c, [['CONFIG', 'SET', 'dbfilename', 'taken'], ['SET', 'k2', 'v2']]);
    expect(await c.call('SAVE')).toEqual({ type: 'error', value: 'ERR' });
    expect(await c.call('BGSAVE')).toEqual({ type: 'simple', value: 'Background saving started' });
    await waitFor('the failed BGSAVE to be logged', () => engine.output().includes('Background saving error'));
    expect(tempFiles(dir)).toEqual([]);
    expect(readFileSync(path.join(dir, 'dump.rdb')).equals(good)).toBe(true);
    expect(engine.output()).toMatch(/Failed saving the DB/);
    // and saving works again once the target is writable
    await run(c, [['CONFIG', 'SET', 'dbfilename', 'dump.rdb']]);
    expect(await c.call('SAVE')).toEqual({ type: 'simple', value: 'OK' });
    expect(readFileSync(path.join(dir, 'dump.rdb')).equals(good)).toBe(false);
    await c.close();
    await engine.stop();
  }, 60_000);
});
