// SAVE, BGSAVE, LASTSAVE and DEBUG RELOAD against redis-server 7.0 (replies and error texts), save
// points, the save at SHUTDOWN and SIGTERM, and the INFO persistence fields' API.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { differentialSuite, byCommand } from '../helpers/differential.ts';
import { RespClient, type RespValue } from '../helpers/resp-client.ts';
import { startRedis, type ServerHandle } from '../helpers/servers.ts';
import { parseRdb } from '../../engine/persist/loader.ts';
import { PersistStatus, attachStatus, lastSaveTime, persistenceInfoFields } from '../../engine/persist/status.ts';
import { dirWithDump, dumpDataset, engineOver, run, waitFor } from './helpers.ts';

const dirs: string[] = [];
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = dirWithDump(null);
  dirs.push(d);
  return d;
}

const integerOnly = (r: RespValue): RespValue => (r.type === 'integer' ? { type: 'integer', value: 0n } : r);

differentialSuite(
  'persistence commands',
  [
    { name: 'SAVE answers OK and takes no arguments', script: [['SET', 'k', 'v'], ['SAVE'], ['SAVE', 'now']] },
    { name: 'SAVE is refused inside MULTI', script: [['MULTI'], ['SAVE'], ['EXEC']] },
    { name: 'BGSAVE takes only SCHEDULE', script: [['BGSAVE', 'NOW'], ['BGSAVE', 'SCHEDULE', 'x']] },
    {
      name: 'LASTSAVE is a unix time',
      script: [['LASTSAVE'], ['LASTSAVE', 'x']],
      normalize: byCommand({ lastsave: integerOnly }),
    },
    {
      name: 'DEBUG RELOAD saves, empties and loads the dataset back, TTLs included',
      script: [
        ['SET', 'a', '1'], ['RPUSH', 'l', 'x', 'y'], ['HSET', 'h', 'f', 'v'], ['ZADD', 'z', '1.5', 'm'], ['SADD', 's', '1', '2'],
        ['SET', 't', 'v', 'PXAT', '4000000000000'],
        ['DEBUG', 'RELOAD'],
        ['GET', 'a'], ['LRANGE', 'l', 0, -1], ['HGETALL', 'h'], ['ZRANGE', 'z', 0, -1, 'WITHSCORES'], ['SMEMBERS', 's'],
        ['PEXPIRETIME', 't'], ['OBJECT', 'ENCODING', 's'], ['DBSIZE'],
      ],
    },
    {
      name: 'DEBUG RELOAD NOSAVE loads the last dump, NOFLUSH MERGE keeps newer keys',
      script: [
        ['SET', 'a', 'saved'], ['SAVE'], ['SET', 'a', 'lost'], ['SET', 'b', 'lost too'],
        ['DEBUG', 'RELOAD', 'NOSAVE'], ['GET', 'a'], ['GET', 'b'],
        ['SET', 'c', 'kept'], ['DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'], ['GET', 'a'], ['GET', 'c'],
      ],
    },
    { name: 'DEBUG RELOAD refuses unknown options', script: [['DEBUG', 'RELOAD', 'FAST']] },
  ],
  { redisArgs: ['--enable-debug-command', 'yes'], engineArgs: ['--enable-debug-command', 'yes'] },
);

describe('save points', () => {
  it('a BGSAVE starts when a save point is reached ("save 1 1")', async () => {
    const dir = tmp();
    const engine = await engineOver(dir, 2, ['--save', '1 1']);
    servers.push(engine);
    const c = await RespClient.connect(engine.port);
    await run(c, [['SET', 'k', 'v']]);
    expect(existsSync(path.join(dir, 'dump.rdb'))).toBe(false);
    await waitFor('the save point', () => existsSync(path.join(dir, 'dump.rdb')), 10_000);
    expect(parseRdb(readFileSync(path.join(dir, 'dump.rdb'))).entries.map((e) => e.key)).toEqual(['k']);
    expect(engine.output()).toContain('1 changes in 1 seconds. Saving...');
    await c.close();
    await engine.stop();
  });

  it('nothing is saved automatically without changes or with save ""', async () => {
    const quiet = tmp();
    const off = tmp();
    const [a, b] = await Promise.all([engineOver(quiet, 1, ['--save', '1 1']), engineOver(off, 1, ['--save', ''])]);
    servers.push(a, b);
    const c = await RespClient.connect(b.port);
    await run(c, [['SET', 'k', 'v']]);
    await c.close();
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(path.join(quiet, 'dump.rdb'))).toBe(false);
    expect(existsSync(path.join(off, 'dump.rdb'))).toBe(false);
    await Promise.all([a.stop(), b.stop()]);
    // SIGTERM without save points does not save either
    expect(existsSync(path.join(off, 'dump.rdb'))).toBe(false);
  });
});

describe('saving at shutdown', () => {
  async function withKey(dir: string, args: string[]): Promise<ServerHandle> {
    const e = await engineOver(dir, 2, args);
    servers.push(e);
    const c = await RespClient.connect(e.port);
    await run(c, [['SET', 'k', 'v'], ['SET', 't', 'x', 'PXAT', '4000000000000']]);
    await c.close();
    return e;
  }

  async function shutdown(e: ServerHandle, ...args: string[]): Promise<void> {
    const c = await RespClient.connect(e.port);
    c.sendRaw(`SHUTDOWN${args.map((a) => ` ${a}`).join('')}\r\n`);
    await waitFor('the engine to exit', () => !e.alive(), 15_000);
    await c.close().catch(() => undefined);
  }

  it('SIGTERM saves when save points are configured (the default), and the dump loads back', async () => {
    const dir = tmp();
    const e = await withKey(dir, []);
    await e.stop();
    expect(e.output()).toContain('Saving the final RDB snapshot before exiting.');
    const again = await engineOver(dir, 4);
    servers.push(again);
    const d = await dumpDataset(again.port);
    expect(d.get(0)!.get('k')!.value).toBe('v');
    expect(d.get(0)!.get('t')!.expireAt).toBe(4000000000000);
    await again.stop();
  });

  it('SHUTDOWN saves by default with save points, not with NOSAVE; SHUTDOWN SAVE saves without them', async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    const [ea, eb, ec] = await Promise.all([withKey(a, []), withKey(b, []), withKey(c, ['--save', ''])]);
    await Promise.all([shutdown(ea), shutdown(eb, 'NOSAVE'), shutdown(ec, 'SAVE')]);
    expect(existsSync(path.join(a, 'dump.rdb'))).toBe(true);
    expect(existsSync(path.join(b, 'dump.rdb'))).toBe(false);
    expect(parseRdb(readFileSync(path.join(c, 'dump.rdb'))).entries.map((e) => e.key).sort()).toEqual(['k', 't']);
  });

  it('shutdown-on-sigterm nosave skips the save', async () => {
    const dir = tmp();
    const e = await withKey(dir, ['--shutdown-on-sigterm', 'nosave']);
    await e.stop();
    expect(existsSync(path.join(dir, 'dump.rdb'))).toBe(false);
  });
});

describe('INFO persistence fields', () => {
  it('are named and ordered as redis-server 7.0 names them', async () => {
    const redis = await startRedis();
    servers.push(redis);
    const c = await RespClient.connect(redis.port);
    const info = await c.call('INFO', 'persistence');
    await c.close();
    await redis.stop();
    const text = info.type === 'bulk' && info.value !== null ? info.value.toString() : '';
    const names = text.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':')[0]);
    const start = names.indexOf('loading');
    const end = names.indexOf('rdb_last_load_keys_loaded');
    attachStatus(PersistStatus.create(2, Date.now()));
    expect(persistenceInfoFields().map(([k]) => k)).toEqual(names.slice(start, end + 1));
  });

  it('report changes since the last save, saves and BGSAVE progress from the shared status', () => {
    const s = PersistStatus.create(2, 1_700_000_000_000);
    attachStatus(s);
    expect(lastSaveTime()).toBe(1_700_000_000);
    s.addDirty(0, 3);
    s.addDirty(1, 2);
    const get = (): Record<string, string | number> => Object.fromEntries(persistenceInfoFields(1_700_000_010_000));
    expect(get()['rdb_changes_since_last_save']).toBe(5);
    s.dirtyBase = 4;
    s.bgsaveInProgress = true;
    s.bgsaveStart = 1_700_000_007_000;
    s.keysTotal = 8;
    s.keysProcessed = 2;
    s.rdbSaves = 1;
    const f = get();
    expect(f['rdb_changes_since_last_save']).toBe(1);
    expect(f['rdb_bgsave_in_progress']).toBe(1);
    expect(f['rdb_current_bgsave_time_sec']).toBe(3);
    expect(f['current_fork_perc']).toBe('25.00');
    expect(f['current_save_keys_processed']).toBe(2);
    expect(f['rdb_saves']).toBe(1);
    s.lastBgsaveOk = false;
    s.bgsaveInProgress = false;
    expect(get()['rdb_last_bgsave_status']).toBe('err');
    expect(get()['rdb_current_bgsave_time_sec']).toBe(-1);
  });
});
