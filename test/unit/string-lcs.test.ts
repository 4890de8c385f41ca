// Unit tests of the LCS algorithm (engine/commands/util/str-lcs.ts): the two-row length agrees with
// the full table, the subsequence really is common to both strings and as long as claimed, and every
// reported match range covers equal bytes in both strings. Redis's exact choice of subsequence and
// ranges is checked against redis-server in test/differential/string.test.ts.
import { describe, expect, it } from 'vitest';
import { lcsFull, lcsLength } from '../../engine/commands/util/str-lcs.ts';

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

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

function isSubsequence(sub: Uint8Array, of: Uint8Array): boolean {
  let j = 0;
  for (let i = 0; i < of.length && j < sub.length; i++) if (of[i] === sub[j]) j++;
  return j === sub.length;
}

describe('lcs', () => {
  it('the documented example', () => {
    const r = lcsFull(bytes('ohmytext'), bytes('mynewtext'), true, 0);
    expect(Buffer.from(r.str).toString('latin1')).toBe('mytext');
    expect(r.len).toBe(6);
    expect(r.matches).toEqual([
      { a0: 4, a1: 7, b0: 5, b1: 8, len: 4 },
      { a0: 2, a1: 3, b0: 0, b1: 1, len: 2 },
    ]);
    expect(lcsFull(bytes('ohmytext'), bytes('mynewtext'), true, 4).matches).toEqual([{ a0: 4, a1: 7, b0: 5, b1: 8, len: 4 }]);
  });

  it('empty inputs', () => {
    expect(lcsLength(new Uint8Array(0), bytes('abc'))).toBe(0);
    const r = lcsFull(bytes('abc'), new Uint8Array(0), true, 0);
    expect(r.len).toBe(0);
    expect(r.str.length).toBe(0);
    expect(r.matches).toEqual([]);
  });

  const r = rng(3);
  for (let round = 0; round < 30; round++) {
    const alpha = round % 2 === 0 ? 'ab' : 'abcdefg';
    const mk = (): string => Array.from({ length: Math.floor(r() * 80) }, () => alpha[Math.floor(r() * alpha.length)]).join('');
    const a = bytes(mk());
    const b = bytes(mk());
    it(`random pair ${round}`, () => {
      const full = lcsFull(a, b, true, 0);
      expect(lcsLength(a, b)).toBe(full.len);
      expect(full.str.length).toBe(full.len);
      expect(isSubsequence(full.str, a)).toBe(true);
      expect(isSubsequence(full.str, b)).toBe(true);
      let covered = 0;
      for (const m of full.matches) {
        expect(m.len).toBe(m.a1 - m.a0 + 1);
        expect(m.b1 - m.b0).toBe(m.a1 - m.a0);
        expect(Buffer.from(a.subarray(m.a0, m.a1 + 1)).equals(Buffer.from(b.subarray(m.b0, m.b1 + 1)))).toBe(true);
        covered += m.len;
      }
      expect(covered).toBe(full.len);
      for (const m of lcsFull(a, b, true, 3).matches) expect(m.len).toBeGreaterThanOrEqual(3);
    });
  }
});
