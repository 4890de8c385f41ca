// SCAN's guarantee across shards, under concurrent writes: a full iteration returns every key that
// was present for the whole iteration, while other connections add, delete, overwrite and re-add
// keys on every shard. Also: a replayed or evicted cursor restarts its shard (duplicates, no loss),
// and an iteration ends even while keys are inserted faster than it advances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain, type Arg } from '../helpers/resp-client.ts';
import { startEngine, type ServerHandle } from '../helpers/servers.ts';
import { keySlot, slotTable } from '../../engine/slots.ts';

const SHARDS = 4;
const STABLE = 5000;
const VOLATILE = 5000;

async function scanStep(c: RespClient, cursor: string, extra: Arg[] = []): Promise<[string, string[]]> {
  return toPlain(await c.call('SCAN', cursor, ...extra)) as [string, string[]];
}

async function scanAll(c: RespClient, extra: Arg[], onStep?: () => Promise<void>): Promise<{ keys: string[]; calls: number }> {
  let cursor = '0';
  const keys: string[] = [];
  let calls = 0;
  do {
    const [next, batch] = await scanStep(c, cursor, extra);
    calls++;
    cursor = next;
    keys.push(...batch);
    if (onStep) await onStep();
    if (calls > 200000) throw new Error('SCAN did not terminate');
  } while (cursor !== '0');
  return { keys, calls };
}

async function load(c: RespClient): Promise<void> {
  await c.call('FLUSHALL');
  for (let base = 0; base < STABLE; base += 1000) {
    const args: Arg[] = ['MSET'];
    for (let i = base; i < base + 1000; i++) args.push(`s:${i}`, 'x');
    await c.call(...args);
  }
  for (let base = 0; base < VOLATILE; base += 1000) {
    const args: Arg[] = ['MSET'];
    for (let i = base; i < base + 1000; i++) args.push(`v:${i}`, 'x');
    await c.call(...args);
  }
}

describe(`SCAN across ${SHARDS} shards`, () => {
  let engine: ServerHandle;
  beforeAll(async () => {
    engine = await startEngine({ shards: SHARDS });
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('the 10,000 keys are spread over every shard', () => {
    const t = slotTable(SHARDS);
    const per = new Array<number>(SHARDS).fill(0);
    for (let i = 0; i < STABLE; i++) per[t[keySlot(`s:${i}`)]]++;
    for (const n of per) expect(n).toBeGreaterThan(STABLE / SHARDS / 2);
  });

  it('returns every key present for the whole iteration while others add and delete keys', async () => {
    const admin = await RespClient.connect(engine.port);
    await load(admin);
    const scanners = await Promise.all([1, 2, 3, 4].map(() => RespClient.connect(engine.port)));
    const writers = await Promise.all([1, 2].map(() => RespClient.connect(engine.port)));
    let done = false;
    let writes = 0;
    const churn = async (w: RespClient, wi: number): Promise<void> => {
      let i = 0;
      while (!done) {
        const batch: Arg[][] = [];
        for (let j = 0; j < 10; j++, i++) {
          batch.push(['DEL', `v:${(i * 2 + wi) % VOLATILE}`]);
          batch.push(['SET', `n:${wi}:${i}`, 'new']);
          batch.push(['SET', `s:${(i * 7 + wi) % STABLE}`, `over${i}`]); // overwrite: the key stays
          batch.push(['EXPIRE', `s:${(i * 13 + wi) % STABLE}`, '10000']);
          if (i % 3 === 0) batch.push(['DEL', `n:${wi}:${i - 3}`]);
          if (i % 5 === 0) batch.push(['MSET', `v:${i % VOLATILE}`, 'back', `n:x:${wi}:${i}`, 'y']);
        }
        await w.pipeline(batch);
        writes += batch.length;
      }
    };
    const variants: Arg[][] = [[], ['COUNT', '100'], ['COUNT', '37'], ['MATCH', 's:1*', 'COUNT', '50']];
    let results: { keys: string[]; calls: number }[] = [];
    await Promise.all([
      ...writers.map((w, wi) => churn(w, wi)),
      (async () => {
        try {
          results = await Promise.all(scanners.map((c, k) => scanAll(c, variants[k])));
        } finally {
          done = true;
        }
      })(),
    ]);
    expect(writes).toBeGreaterThan(0);
    const [all10, all100, all37, matching] = results;
    for (const r of [all10, all100, all37]) {
      const seen = new Set(r.keys);
      const missing: string[] = [];
      for (let i = 0; i < STABLE; i++) if (!seen.has(`s:${i}`)) missing.push(`s:${i}`);
      expect(missing).toEqual([]);
    }
    const seenMatch = new Set(matching.keys);
    for (const k of matching.keys) expect(k.startsWith('s:1')).toBe(true);
    for (let i = 0; i < STABLE; i++) if (String(i).startsWith('1')) expect(seenMatch.has(`s:${i}`)).toBe(true);
    await Promise.all([admin, ...scanners, ...writers].map((c) => c.close()));
  });

  it('ends even while keys are inserted faster than it advances', async () => {
    const admin = await RespClient.connect(engine.port);
    await load(admin);
    const w = await RespClient.connect(engine.port);
    let n = 0;
    const { keys, calls } = await scanAll(admin, ['COUNT', '20'], async () => {
      const args: Arg[] = ['MSET'];
      for (let j = 0; j < 100; j++) args.push(`fast:${n++}`, 'x');
      await w.call(...args);
    });
    // each shard's walk covers at most what the shard held when the walk reached it, so the
    // iteration ends although 5 keys are inserted for every key visited
    expect(calls).toBeGreaterThan((STABLE + VOLATILE) / 20);
    expect(n).toBe(calls * 100);
    expect(n).toBeGreaterThan(STABLE + VOLATILE);
    const seen = new Set(keys);
    for (let i = 0; i < STABLE; i++) expect(seen.has(`s:${i}`)).toBe(true);
    await Promise.all([admin.close(), w.close()]);
  });

  it('a retried cursor restarts its shard: duplicates, never a lost key', async () => {
    const c = await RespClient.connect(engine.port);
    await load(c);
    const seen = new Set<string>();
    let cursor = '0';
    let retries = 0;
    let calls = 0;
    let returned = 0;
    do {
      let [next, batch] = await scanStep(c, cursor, ['COUNT', '500']);
      calls++;
      // a client whose reply was lost sends the same cursor again and goes on from the new reply
      if (next !== '0' && (calls === 2 || calls === 9 || calls === 16)) {
        [next, batch] = await scanStep(c, cursor, ['COUNT', '500']);
        retries++;
      }
      for (const k of batch) seen.add(k);
      returned += batch.length;
      cursor = next;
      if (calls > 10000) throw new Error('SCAN did not terminate');
    } while (cursor !== '0');
    expect(retries).toBe(3);
    expect(seen.size).toBe(STABLE + VOLATILE);
    expect(returned).toBeGreaterThanOrEqual(STABLE + VOLATILE);
    await c.close();
  });

  it('a cursor evicted by many abandoned iterations restarts its shard', async () => {
    const c = await RespClient.connect(engine.port);
    await load(c);
    const [first, batch] = await scanStep(c, '0', ['COUNT', '10']);
    expect(first).not.toBe('0');
    // abandon many iterations on every shard: more live cursors than a shard keeps
    const starts = ['0', '1', '2', '3'];
    for (let round = 0; round < 5; round++) {
      await c.pipeline(Array.from({ length: 1200 }, (_, i) => ['SCAN', starts[i % 4], 'COUNT', '1']));
    }
    const rest = new Set(batch);
    let cursor = first;
    do {
      const [next, keys] = await scanStep(c, cursor, ['COUNT', '500']);
      for (const k of keys) rest.add(k);
      cursor = next;
    } while (cursor !== '0');
    expect(rest.size).toBe(STABLE + VOLATILE);
    await c.close();
  });

  it('SCAN after FLUSHDB or SWAPDB with an old cursor sees the new contents', async () => {
    const c = await RespClient.connect(engine.port);
    await load(c);
    const [cursor] = await scanStep(c, '0', ['COUNT', '10']);
    await c.call('SELECT', '1');
    await c.call('MSET', 'x1', '1', 'x2', '2', 'x3', '3');
    await c.call('SELECT', '0');
    await c.call('SWAPDB', '0', '1');
    const seen = new Set<string>();
    let cur = cursor;
    do {
      const [next, keys] = await scanStep(c, cur, ['COUNT', '1000']);
      for (const k of keys) seen.add(k);
      cur = next;
    } while (cur !== '0');
    // the iteration restarted its shards on db 0's new contents; shards before the cursor's are not revisited
    for (const k of seen) expect(['x1', 'x2', 'x3']).toContain(k);
    await c.call('FLUSHALL');
    await c.close();
  });
});
