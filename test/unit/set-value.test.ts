// The set value (engine/keyspace/set.ts): Redis's intset membership rule (canonical 64-bit
// integers), the intset -> hashtable conversions and their stickiness, ascending iteration of an
// intset, O(1) random picks that are uniform and distinct where they must be, removal by swap,
// and the transfer round trip.
import { describe, expect, it } from 'vitest';
import { RSet, compareIntStrings, isInt64String } from '../../engine/keyspace/set.ts';
import { fromTransfer, toTransfer } from '../../engine/keyspace/transfer.ts';

describe('isInt64String (string2ll rules)', () => {
  it('accepts canonical integers in the signed 64-bit range', () => {
    for (const s of ['0', '1', '-1', '42', '9223372036854775807', '-9223372036854775808', '1234567890123456789']) {
      expect(isInt64String(s), s).toBe(true);
    }
  });

  it('refuses leading zeros, signs, spaces, -0, overflow and non-digits', () => {
    for (const s of ['', '-', '01', '-0', '+1', ' 1', '1 ', '1.0', '1e3', '9223372036854775808', '-9223372036854775809', '99999999999999999999', 'abc', '0x10']) {
      expect(isInt64String(s), JSON.stringify(s)).toBe(false);
    }
  });
});

describe('compareIntStrings', () => {
  it('orders integer strings numerically, beyond 2^53 too', () => {
    const xs = ['10', '-3', '9223372036854775807', '-9223372036854775808', '0', '9', '-10', '9007199254740993', '9007199254740992'];
    expect([...xs].sort(compareIntStrings)).toEqual([
      '-9223372036854775808', '-10', '-3', '0', '9', '10', '9007199254740992', '9007199254740993', '9223372036854775807',
    ]);
  });
});

describe('RSet', () => {
  it('starts as an intset only for an integer first member', () => {
    expect(RSet.forFirst('12').encoding()).toBe('intset');
    expect(RSet.forFirst('a').encoding()).toBe('hashtable');
    expect(RSet.forFirst('012').encoding()).toBe('hashtable');
  });

  it('leaves intset for a non-integer member, for good', () => {
    const s = RSet.forFirst('1');
    s.add('1', 512);
    s.add('2', 512);
    expect(s.encoding()).toBe('intset');
    s.add('x', 512);
    expect(s.encoding()).toBe('hashtable');
    s.delete('x');
    expect(s.encoding()).toBe('hashtable');
  });

  it('leaves intset when the count goes above set-max-intset-entries', () => {
    const s = RSet.forFirst('0');
    for (let i = 0; i < 512; i++) s.add(String(i), 512);
    expect(s.encoding()).toBe('intset');
    expect(s.add('5', 512)).toBe(false);
    expect(s.encoding()).toBe('intset');
    s.add('512', 512);
    expect(s.encoding()).toBe('hashtable');
  });

  it('iterates an intset in ascending numeric order, a hashtable in insertion order', () => {
    const s = RSet.forFirst('5');
    for (const m of ['5', '-2', '100', '3']) s.add(m, 512);
    expect(s.members()).toEqual(['-2', '3', '5', '100']);
    s.delete('3');
    expect(s.members()).toEqual(['-2', '5', '100']);
    s.add('7', 512);
    expect(s.members()).toEqual(['-2', '5', '7', '100']);
    const h = RSet.forFirst('b');
    for (const m of ['b', 'a', 'c']) h.add(m, 512);
    expect([...h.members()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('add, has and delete keep size and membership consistent (swap removal)', () => {
    const s = new RSet(false);
    for (let i = 0; i < 1000; i++) expect(s.add(`m${i}`, 512)).toBe(true);
    for (let i = 0; i < 1000; i += 3) expect(s.delete(`m${i}`)).toBe(true);
    expect(s.delete('m0')).toBe(false);
    expect(s.size).toBe(666);
    for (let i = 0; i < 1000; i++) expect(s.has(`m${i}`)).toBe(i % 3 !== 0);
    expect(new Set(s.members()).size).toBe(666);
  });

  it('popRandom drains every member exactly once', () => {
    const s = new RSet(false);
    for (let i = 0; i < 500; i++) s.add(`m${i}`, 512);
    const seen = new Set<string>();
    while (s.size > 0) {
      const m = s.popRandom();
      expect(seen.has(m)).toBe(false);
      seen.add(m);
    }
    expect(seen.size).toBe(500);
  });

  it('random picks are roughly uniform', () => {
    const s = new RSet(false);
    for (let i = 0; i < 10; i++) s.add(`m${i}`, 512);
    const counts = new Map<string, number>();
    for (let k = 0; k < 20000; k++) {
      const m = s.random();
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    for (const c of counts.values()) expect(c).toBeGreaterThan(1500);
  });

  it('randomDistinct returns distinct members for small and large counts', () => {
    const s = new RSet(false);
    for (let i = 0; i < 100; i++) s.add(`m${i}`, 512);
    for (const count of [1, 5, 30, 34, 99]) {
      const got = s.randomDistinct(count);
      expect(got.length).toBe(count);
      expect(new Set(got).size).toBe(count);
      for (const m of got) expect(s.has(m)).toBe(true);
    }
  });

  it('survives a transfer round trip with its encoding', () => {
    const s = RSet.forFirst('3');
    for (const m of ['3', '1', '2']) s.add(m, 512);
    const back = fromTransfer(toTransfer(s)) as RSet;
    expect(back).toBeInstanceOf(RSet);
    expect(back.encoding()).toBe('intset');
    expect(back.members()).toEqual(['1', '2', '3']);
    const h = RSet.forFirst('a');
    h.add('a', 512);
    const hb = fromTransfer(toTransfer(h)) as RSet;
    expect(hb.encoding()).toBe('hashtable');
    expect(hb.has('a')).toBe(true);
  });
});
