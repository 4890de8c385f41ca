// The sorted-set value (engine/keyspace/zset.ts): the counted B+tree index checked against a naive
// sorted array under random inserts and deletes (order, ranks, select-by-rank, range walks,
// boundary searches, structural invariants), and the ZSet wrapper's encoding rules (listpack ->
// skiplist thresholds, sticky conversion, -0 stored as 0 in a listpack) and transfer round trip.
import { describe, expect, it } from 'vitest';
import { ZSet, ZTree, cmpPair } from '../../engine/keyspace/zset.ts';
import { fromTransfer, toTransfer } from '../../engine/keyspace/transfer.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pair = [number, string];

/** The reference model: a sorted array of pairs. */
class Naive {
  items: Pair[] = [];
  private pos(s: number, m: string): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const [xs, xm] = this.items[mid];
      if (cmpPair(xs, xm, s, m) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  insert(s: number, m: string): void {
    this.items.splice(this.pos(s, m), 0, [s, m]);
  }
  delete(s: number, m: string): boolean {
    const i = this.pos(s, m);
    const it = this.items[i];
    if (it === undefined || it[0] !== s || it[1] !== m) return false;
    this.items.splice(i, 1);
    return true;
  }
  rank(s: number, m: string): number {
    return this.pos(s, m);
  }
}

function treeItems(t: ZTree): Pair[] {
  const out: Pair[] = [];
  if (t.size > 0) t.forRange(0, t.size - 1, false, (m, s) => out.push([s, m]));
  return out;
}

describe('ZTree (counted B+tree index)', () => {
  it('an empty tree has size 0 and passes its invariants', () => {
    const t = new ZTree();
    expect(t.size).toBe(0);
    t.check();
    expect(t.delete(1, 'x')).toBe(false);
    expect(treeItems(t)).toEqual([]);
  });

  it('orders by score, then by member bytes; -0 and 0 compare equal', () => {
    const t = new ZTree();
    const pairs: Pair[] = [[2, 'b'], [1, 'z'], [2, 'a'], [-Infinity, 'q'], [Infinity, 'a'], [0, 'm'], [-0, 'l'], [2, 'ab'], [2, '\xff'], [2, '']];
    for (const [s, m] of pairs) t.insert(s, m);
    t.check();
    expect(treeItems(t)).toEqual([[-Infinity, 'q'], [-0, 'l'], [0, 'm'], [1, 'z'], [2, ''], [2, 'a'], [2, 'ab'], [2, 'b'], [2, '\xff'], [Infinity, 'a']]);
  });

  for (const seed of [1, 2, 3]) {
    it(`random inserts and deletes match a sorted array (seed ${seed})`, () => {
      const r = rng(seed);
      const t = new ZTree();
      const model = new Naive();
      const live = new Map<string, number>();
      const members: string[] = [];
      for (let step = 0; step < 20000; step++) {
        const x = r();
        if (x < 0.55 || live.size < 10) {
          const m = `m${Math.floor(r() * 5000)}`;
          if (live.has(m)) continue;
          // few distinct scores, so ties broken by member happen often
          const s = Math.floor(r() * 50) - 25 + (r() < 0.1 ? 0.5 : 0);
          t.insert(s, m);
          model.insert(s, m);
          live.set(m, s);
          members.push(m);
        } else if (x < 0.95) {
          const m = members[Math.floor(r() * members.length)];
          const s = live.get(m);
          if (s === undefined) {
            expect(t.delete(0, m)).toBe(model.delete(0, m));
            continue;
          }
          expect(t.delete(s, m)).toBe(true);
          model.delete(s, m);
          live.delete(m);
        } else {
          // delete a run from the front (ZPOPMIN) or the back (ZPOPMAX)
          const n = Math.floor(r() * 40);
          for (let k = 0; k < n && model.items.length > 0; k++) {
            const [s, m] = r() < 0.5 ? model.items[0] : model.items[model.items.length - 1];
            expect(t.delete(s, m)).toBe(true);
            model.delete(s, m);
            live.delete(m);
          }
        }
        expect(t.size).toBe(model.items.length);
        if (step % 500 === 0) {
          t.check();
          expect(treeItems(t)).toEqual(model.items);
        }
      }
      t.check();
      expect(treeItems(t)).toEqual(model.items);
      // ranks and select-by-rank agree with the model everywhere
      for (let i = 0; i < model.items.length; i++) {
        const [s, m] = model.items[i];
        expect(t.rank(s, m)).toBe(i);
        const [leaf, j] = t.locate(i);
        expect([leaf.s[j], leaf.m[j]]).toEqual([s, m]);
      }
      // ranks of absent pairs are their insertion points
      for (let k = 0; k < 200; k++) {
        const s = Math.floor(r() * 60) - 30 + 0.25;
        expect(t.rank(s, 'zz')).toBe(model.rank(s, 'zz'));
      }
    });
  }

  it('grows several levels deep and shrinks back to a single leaf', () => {
    const t = new ZTree();
    const n = 100000;
    for (let i = 0; i < n; i++) t.insert(i % 1000, `k${i}`);
    t.check();
    expect(t.size).toBe(n);
    for (let i = 0; i < n; i++) expect(t.delete(i % 1000, `k${i}`)).toBe(true);
    t.check();
    expect(t.size).toBe(0);
    t.insert(1, 'a');
    t.check();
    expect(treeItems(t)).toEqual([[1, 'a']]);
  });

  it('ascending inserts with pops from the front keep the invariants (ZADD + ZPOPMIN pattern)', () => {
    const t = new ZTree();
    let next = 0;
    let first = 0;
    for (let round = 0; round < 200; round++) {
      for (let k = 0; k < 150; k++, next++) t.insert(next, 'e');
      for (let k = 0; k < 100; k++, first++) expect(t.delete(first, 'e')).toBe(true);
      if (round % 20 === 0) t.check();
    }
    t.check();
    expect(t.size).toBe(next - first);
    expect(t.locate(0)[0].s[t.locate(0)[1]]).toBe(first);
  });

  it('forRange walks any rank range in both directions', () => {
    const t = new ZTree();
    const model = new Naive();
    const r = rng(9);
    for (let i = 0; i < 3000; i++) {
      const s = Math.floor(r() * 100);
      const m = `x${i}`;
      t.insert(s, m);
      model.insert(s, m);
    }
    for (let k = 0; k < 300; k++) {
      const a = Math.floor(r() * 3000);
      const b = Math.min(2999, a + Math.floor(r() * 400));
      const fwd: Pair[] = [];
      t.forRange(a, b, false, (m, s) => fwd.push([s, m]));
      expect(fwd).toEqual(model.items.slice(a, b + 1));
      const rev: Pair[] = [];
      t.forRange(a, b, true, (m, s) => rev.push([s, m]));
      expect(rev).toEqual(model.items.slice(a, b + 1).reverse());
    }
  });

  it('countBefore finds the boundary of any monotone predicate', () => {
    const t = new ZTree();
    const model = new Naive();
    const r = rng(5);
    for (let i = 0; i < 5000; i++) {
      const s = Math.floor(r() * 200) / 2;
      const m = `y${Math.floor(r() * 1e6)}`;
      if (model.items.some(([, mm]) => mm === m)) continue;
      t.insert(s, m);
      model.insert(s, m);
    }
    // delete some so separators name pairs that are gone
    for (let i = 0; i < 1500; i++) {
      const [s, m] = model.items[Math.floor(r() * model.items.length)];
      t.delete(s, m);
      model.delete(s, m);
    }
    t.check();
    for (let k = 0; k < 400; k++) {
      const bound = Math.floor(r() * 220) / 2 - 5;
      const lt = model.items.filter(([s]) => s < bound).length;
      const le = model.items.filter(([s]) => s <= bound).length;
      expect(t.countBefore((s) => s < bound)).toBe(lt);
      expect(t.countBefore((s) => s <= bound)).toBe(le);
    }
  });
});

describe('ZSet', () => {
  it('starts as a listpack unless the first member is too long or entries is 0', () => {
    expect(ZSet.forFirst('a', 128, 64).encoding()).toBe('listpack');
    expect(ZSet.forFirst('x'.repeat(64), 128, 64).encoding()).toBe('listpack');
    expect(ZSet.forFirst('x'.repeat(65), 128, 64).encoding()).toBe('skiplist');
    expect(ZSet.forFirst('a', 0, 64).encoding()).toBe('skiplist');
  });

  it('converts to skiplist past zset-max-listpack-entries, for good', () => {
    const z = ZSet.forFirst('m0', 128, 64);
    for (let i = 0; i < 128; i++) z.addNew(`m${i}`, i, 128, 64);
    expect(z.encoding()).toBe('listpack');
    z.addNew('m128', 128, 128, 64);
    expect(z.encoding()).toBe('skiplist');
    for (let i = 0; i < 100; i++) z.delete(`m${i}`);
    expect(z.encoding()).toBe('skiplist');
    expect(z.size).toBe(29);
  });

  it('converts to skiplist when a member longer than zset-max-listpack-value is added', () => {
    const z = ZSet.forFirst('a', 128, 64);
    z.addNew('a', 1, 128, 64);
    z.addNew('b'.repeat(64), 2, 128, 64);
    expect(z.encoding()).toBe('listpack');
    z.addNew('c'.repeat(65), 3, 128, 64);
    expect(z.encoding()).toBe('skiplist');
  });

  it('a listpack stores -0 as 0; a skiplist keeps -0', () => {
    const lp = ZSet.forFirst('a', 128, 64);
    lp.addNew('a', -0, 128, 64);
    expect(Object.is(lp.score('a'), 0)).toBe(true);
    const sl = ZSet.forFirst('a', 0, 64);
    sl.addNew('a', -0, 0, 64);
    expect(Object.is(sl.score('a'), -0)).toBe(true);
  });

  it('update moves a member, rankOf and at agree, delete removes', () => {
    const z = new ZSet(false);
    for (const [m, s] of [['a', 1], ['b', 2], ['c', 3]] as const) z.addNew(m, s, 0, 64);
    z.update('a', 1, 5);
    expect(z.rankOf('a')).toBe(2);
    expect(z.at(0)).toEqual(['b', 2]);
    expect(z.at(2)).toEqual(['a', 5]);
    expect(z.rankOf('zz')).toBeUndefined();
    expect(z.delete('b')).toBe(true);
    expect(z.delete('b')).toBe(false);
    expect(z.size).toBe(2);
    expect(z.tree.size).toBe(2);
  });

  it('scoreRange honours exclusive bounds and empty ranges', () => {
    const z = new ZSet(true);
    for (let i = 1; i <= 5; i++) z.addNew(`m${i}`, i, 128, 64);
    expect(z.scoreRange({ min: 2, max: 4, minEx: false, maxEx: false })).toEqual([1, 4]);
    expect(z.scoreRange({ min: 2, max: 4, minEx: true, maxEx: true })).toEqual([2, 3]);
    expect(z.scoreRange({ min: -Infinity, max: Infinity, minEx: false, maxEx: false })).toEqual([0, 5]);
    expect(z.scoreRange({ min: 3, max: 3, minEx: true, maxEx: false })).toEqual([0, 0]);
    expect(z.scoreRange({ min: 4, max: 2, minEx: false, maxEx: false })).toEqual([0, 0]);
  });

  it('lexRange handles -, +, [ and ( bounds', () => {
    const z = new ZSet(true);
    for (const m of ['a', 'b', 'c', 'd']) z.addNew(m, 0, 128, 64);
    expect(z.lexRange({ v: '', ex: true, inf: -1 }, { v: '', ex: true, inf: 1 })).toEqual([0, 4]);
    expect(z.lexRange({ v: 'b', ex: false, inf: 0 }, { v: 'c', ex: false, inf: 0 })).toEqual([1, 3]);
    expect(z.lexRange({ v: 'b', ex: true, inf: 0 }, { v: 'd', ex: true, inf: 0 })).toEqual([2, 3]);
    const [a, b] = z.lexRange({ v: '', ex: true, inf: 1 }, { v: '', ex: true, inf: -1 });
    expect(b - a).toBeLessThanOrEqual(0);
  });

  it('survives a transfer round trip with its encoding', () => {
    const z = ZSet.forFirst('x'.repeat(70), 128, 64);
    z.addNew('x'.repeat(70), 1.5, 128, 64);
    z.addNew('b', -0, 128, 64);
    const back = fromTransfer(toTransfer(z)) as ZSet;
    expect(back).toBeInstanceOf(ZSet);
    expect(back.encoding()).toBe('skiplist');
    expect(back.size).toBe(2);
    expect(Object.is(back.score('b'), -0)).toBe(true);
    expect(back.at(0)).toEqual(['b', -0]);
    back.tree.check();
  });
});
