// Unit tests of the SCAN cursor machinery (engine/commands/util/scan-cursors.ts): Redis's cursor
// parsing, the bounded table of live iterations, the Map walk's guarantees under concurrent inserts
// and deletes, and the shard bits of keyspace cursors.
import { describe, expect, it } from 'vitest';
import {
  CursorTable,
  decodeShardCursor,
  encodeShardCursor,
  parseScanCursor,
  shardBits,
  startMapScan,
  stepMapScan,
} from '../../engine/commands/util/scan-cursors.ts';

describe('parseScanCursor', () => {
  it('accepts what strtoul accepts, with a sign and leading zeros', () => {
    expect(parseScanCursor('0')).toBe(0n);
    expect(parseScanCursor('')).toBe(0n);
    expect(parseScanCursor('17')).toBe(17n);
    expect(parseScanCursor('+17')).toBe(17n);
    expect(parseScanCursor('0017')).toBe(17n);
    expect(parseScanCursor('18446744073709551615')).toBe(18446744073709551615n);
  });
  it('wraps negative cursors modulo 2^64', () => {
    expect(parseScanCursor('-1')).toBe(18446744073709551615n);
    expect(parseScanCursor('-0')).toBe(0n);
    expect(parseScanCursor('-18446744073709551615')).toBe(1n);
  });
  it('refuses spaces, garbage, lone signs and values beyond 2^64-1', () => {
    for (const bad of [' 1', '1 ', 'x', '1x', '+', '-', '1.0', '0x10', '18446744073709551616', '-18446744073709551616', '1'.repeat(30)]) {
      expect(parseScanCursor(bad), bad).toBeUndefined();
    }
  });
});

describe('CursorTable', () => {
  it('hands out distinct positive ids and forgets a state once taken', () => {
    const t = new CursorTable<string>(10);
    const a = t.put('a');
    const b = t.put('b');
    expect(a).toBeGreaterThan(0);
    expect(b).not.toBe(a);
    expect(t.take(a)).toBe('a');
    expect(t.take(a)).toBeUndefined();
    expect(t.take(b)).toBe('b');
    expect(t.size).toBe(0);
  });
  it('drops the oldest state when full', () => {
    const t = new CursorTable<number>(3);
    const ids = [1, 2, 3, 4].map((n) => t.put(n));
    expect(t.size).toBe(3);
    expect(t.take(ids[0])).toBeUndefined();
    expect(t.take(ids[3])).toBe(4);
    expect(t.take(ids[1])).toBe(2);
  });
  it('unknown ids are undefined', () => {
    expect(new CursorTable<number>(3).take(12345)).toBeUndefined();
  });
});

describe('stepMapScan', () => {
  it('visits every entry once, count at a time', () => {
    const m = new Map<string, number>();
    for (let i = 0; i < 95; i++) m.set(`k${i}`, i);
    const st = startMapScan(m);
    const seen: string[] = [];
    let steps = 0;
    for (;;) {
      const r = stepMapScan(st, 10, (k) => seen.push(k));
      steps++;
      expect(r.visited).toBeLessThanOrEqual(10);
      if (r.done) break;
    }
    expect(steps).toBe(10);
    expect(seen).toEqual([...m.keys()]);
  });

  it('reaches every key present for the whole walk despite inserts, deletes and rehashes', () => {
    const m = new Map<string, number>();
    for (let i = 0; i < 5000; i++) m.set(`stable${i}`, i);
    for (let i = 0; i < 5000; i++) m.set(`gone${i}`, i);
    const st = startMapScan(m);
    const seen = new Set<string>();
    let n = 0;
    for (;;) {
      const r = stepMapScan(st, 37, (k) => seen.add(k));
      // churn: delete some, add many (forcing the table to grow), delete and re-add stable ones' neighbours
      for (let j = 0; j < 20; j++) m.delete(`gone${n * 20 + j}`);
      for (let j = 0; j < 200; j++) m.set(`new${n}_${j}`, j);
      m.set(`stable${n % 5000}`, -1); // overwriting keeps the position
      n++;
      if (r.done) break;
    }
    for (let i = 0; i < 5000; i++) expect(seen.has(`stable${i}`)).toBe(true);
  });

  it('ends after the entries present at the start even while inserts outpace it', () => {
    const m = new Map<number, number>();
    for (let i = 0; i < 100; i++) m.set(i, i);
    const st = startMapScan(m);
    let next = 100;
    let visited = 0;
    for (let step = 0; step < 1000; step++) {
      const r = stepMapScan(st, 5, () => {});
      visited += r.visited;
      for (let j = 0; j < 50; j++) m.set(next++, 0);
      if (r.done) break;
    }
    expect(visited).toBe(100);
  });

  it('an empty map is done at once', () => {
    const r = stepMapScan(startMapScan(new Map()), 10, () => {});
    expect(r).toEqual({ visited: 0, done: true });
  });
});

describe('keyspace cursor encoding', () => {
  it('reserves enough low bits for the shard index', () => {
    expect(shardBits(1)).toBe(0);
    expect(shardBits(2)).toBe(1);
    expect(shardBits(3)).toBe(2);
    expect(shardBits(4)).toBe(2);
    expect(shardBits(5)).toBe(3);
    expect(shardBits(64)).toBe(6);
  });
  it('round-trips shard and id', () => {
    for (const shards of [1, 2, 3, 4, 7, 16]) {
      const bits = shardBits(shards);
      for (let s = 0; s < shards; s++) {
        for (const id of [0, 1, 2, 1000, 2 ** 40]) {
          const c = encodeShardCursor(s, id, bits);
          expect(decodeShardCursor(BigInt(c), bits)).toEqual([s, id]);
        }
      }
    }
  });
  it('cursor 0 is the start of shard 0; the start of shard s is s', () => {
    expect(encodeShardCursor(0, 0, 2)).toBe('0');
    expect(encodeShardCursor(3, 0, 2)).toBe('3');
  });
  it('an id too large to be ours decodes as unknown', () => {
    expect(decodeShardCursor(18446744073709551615n, 2)).toEqual([3, -1]);
    expect(decodeShardCursor(18446744073709551615n, 0)).toEqual([0, -1]);
  });
});
