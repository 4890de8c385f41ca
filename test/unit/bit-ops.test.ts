// Unit tests of the bitmap primitives (engine/commands/util/bit-ops.ts): bit offsets as Redis
// parses them, popcount and first-bit search against a naive bit-by-bit model, BITOP, BITFIELD
// field access at every width and alignment, and Redis's overflow rules (its int64 wrap-around
// quirks included).
import { describe, expect, it } from 'vitest';
import {
  BITOP_AND, BITOP_NOT, BITOP_OR, BITOP_XOR, OVERFLOW_FAIL, OVERFLOW_SAT, OVERFLOW_WRAP,
  bitop, checkSignedOverflow, checkUnsignedOverflow, findBit, getSignedField, getUnsignedField, parseBitOffset,
  parseFieldType, popcount, setField,
} from '../../engine/commands/util/bit-ops.ts';

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

function randomBytes(r: () => number, n: number, density: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n * 8; i++) if (r() < density) b[i >> 3] |= 0x80 >> (i & 7);
  return b;
}

const bitAt = (p: Uint8Array, i: number): number => (p[i >> 3] >> (7 - (i & 7))) & 1;

describe('parseBitOffset', () => {
  it('takes strict non-negative integers below proto-max-bulk-len bytes', () => {
    expect(parseBitOffset('0')).toBe(0);
    expect(parseBitOffset('4294967295')).toBe(4294967295);
    for (const bad of ['-1', '4294967296', 'x', '', '01', '+1', '1.0', '9223372036854775807', '#1']) {
      expect(parseBitOffset(bad), bad).toBeUndefined();
    }
  });
  it('multiplies "#n" by the field width with 64-bit wrap-around', () => {
    expect(parseBitOffset('#3', 8)).toBe(24);
    expect(parseBitOffset('#0', 64)).toBe(0);
    expect(parseBitOffset('#2305843009213693952', 8)).toBe(0);
    expect(parseBitOffset('#-1', 8)).toBeUndefined();
    expect(parseBitOffset('#', 8)).toBeUndefined();
    expect(parseBitOffset('#536870912', 8)).toBeUndefined();
  });
});

describe('parseFieldType', () => {
  it('accepts i1..i64 and u1..u63, lower case only', () => {
    expect(parseFieldType('i64')).toEqual([true, 64]);
    expect(parseFieldType('u63')).toEqual([false, 63]);
    expect(parseFieldType('i1')).toEqual([true, 1]);
    for (const bad of ['u64', 'i65', 'i0', 'I8', 'U8', 'x8', 'i', 'i08', 'i-8', '', 'i8 ']) expect(parseFieldType(bad), bad).toBeUndefined();
  });
});

describe('popcount and findBit agree with a bit-by-bit model', () => {
  const r = rng(5);
  for (let round = 0; round < 40; round++) {
    const n = 1 + Math.floor(r() * 300);
    const p = randomBytes(r, n, [0.01, 0.5, 0.99][round % 3]);
    it(`round ${round} (${n} bytes)`, () => {
      for (let k = 0; k < 25; k++) {
        const s = Math.floor(r() * n);
        const e = s + Math.floor(r() * (n - s));
        let want = 0;
        for (let i = s * 8; i < e * 8 + 8; i++) want += bitAt(p, i);
        expect(popcount(p, s, e)).toBe(want);
        const from = Math.floor(r() * n * 8);
        const to = from + Math.floor(r() * (n * 8 - from));
        for (const bit of [0, 1]) {
          let pos = -1;
          for (let i = from; i <= to; i++) {
            if (bitAt(p, i) === bit) {
              pos = i;
              break;
            }
          }
          expect(findBit(p, bit, from, to)).toBe(pos);
        }
      }
    });
  }
  it('popcount works on unaligned views', () => {
    const big = randomBytes(r, 1000, 0.5);
    const view = big.subarray(3);
    let want = 0;
    for (let i = 0; i < view.length * 8; i++) want += bitAt(view, i);
    expect(popcount(view, 0, view.length - 1)).toBe(want);
  });
});

describe('bitop', () => {
  const x = Uint8Array.from([0xf0, 0x0f, 0xff]);
  const y = Uint8Array.from([0xcc]);
  it('treats missing bytes as zero', () => {
    expect([...bitop(BITOP_AND, [x, y], 3)]).toEqual([0xc0, 0, 0]);
    expect([...bitop(BITOP_OR, [y, x], 3)]).toEqual([0xfc, 0x0f, 0xff]);
    expect([...bitop(BITOP_XOR, [x, y, y], 3)]).toEqual([0xf0, 0x0f, 0xff]);
    expect([...bitop(BITOP_AND, [y, x, new Uint8Array(0)], 3)]).toEqual([0, 0, 0]);
    expect([...bitop(BITOP_NOT, [x], 3)]).toEqual([0x0f, 0xf0, 0x00]);
  });
});

describe('BITFIELD fields', () => {
  it('set then get round-trips at every width and bit alignment', () => {
    const r = rng(9);
    const p = new Uint8Array(32);
    for (let bits = 1; bits <= 64; bits++) {
      for (let off = 0; off < 16; off++) {
        const u = BigInt.asUintN(bits, BigInt(Math.floor(r() * 2 ** 32)) * BigInt(Math.floor(r() * 2 ** 32)));
        const before = p.slice();
        setField(p, off, bits, u);
        expect(getUnsignedField(p, off, bits)).toBe(u);
        expect(getSignedField(p, off, bits)).toBe(BigInt.asIntN(bits, u));
        // bits outside the field are untouched
        for (let i = 0; i < 256; i++) if (i < off || i >= off + bits) expect(bitAt(p, i)).toBe(bitAt(before, i));
      }
    }
  });
  it('is big-endian from the first bit', () => {
    const p = new Uint8Array(2);
    setField(p, 0, 16, 0xabcdn);
    expect([...p]).toEqual([0xab, 0xcd]);
    expect(getUnsignedField(p, 4, 8)).toBe(0xbcn);
    expect(getSignedField(p, 0, 4)).toBe(-6n);
  });
});

describe('overflow rules', () => {
  it('signed: wrap, saturate, fail', () => {
    expect(checkSignedOverflow(127n, 1n, 8, OVERFLOW_WRAP)).toEqual({ overflow: 1, limit: -128n });
    expect(checkSignedOverflow(127n, 1n, 8, OVERFLOW_SAT)).toEqual({ overflow: 1, limit: 127n });
    expect(checkSignedOverflow(-128n, -1n, 8, OVERFLOW_SAT)).toEqual({ overflow: -1, limit: -128n });
    expect(checkSignedOverflow(-128n, -1n, 8, OVERFLOW_FAIL).overflow).toBe(-1);
    expect(checkSignedOverflow(100n, -300n, 8, OVERFLOW_WRAP)).toEqual({ overflow: -1, limit: 56n });
    expect(checkSignedOverflow(5n, 3n, 8, OVERFLOW_WRAP).overflow).toBe(0);
    expect(checkSignedOverflow(9223372036854775807n, 1n, 64, OVERFLOW_WRAP)).toEqual({ overflow: 1, limit: -9223372036854775808n });
    expect(checkSignedOverflow(-9223372036854775808n, -1n, 64, OVERFLOW_SAT)).toEqual({ overflow: -1, limit: -9223372036854775808n });
  });
  it("signed SET of INT64_MIN into a narrow field saturates to the maximum, like Redis's int64 arithmetic", () => {
    expect(checkSignedOverflow(-9223372036854775808n, 0n, 8, OVERFLOW_SAT)).toEqual({ overflow: 1, limit: 127n });
  });
  it('unsigned: wrap, saturate, fail; negative SET values are huge', () => {
    expect(checkUnsignedOverflow(255n, 1n, 8, OVERFLOW_WRAP)).toEqual({ overflow: 1, limit: 0n });
    expect(checkUnsignedOverflow(255n, 300n, 8, OVERFLOW_SAT)).toEqual({ overflow: 1, limit: 255n });
    expect(checkUnsignedOverflow(3n, -10n, 8, OVERFLOW_SAT)).toEqual({ overflow: -1, limit: 0n });
    expect(checkUnsignedOverflow(3n, -10n, 8, OVERFLOW_WRAP)).toEqual({ overflow: -1, limit: 249n });
    expect(checkUnsignedOverflow(18446744073709551615n, 0n, 8, OVERFLOW_SAT)).toEqual({ overflow: 1, limit: 255n });
    expect(checkUnsignedOverflow(18446744073709551615n, 0n, 8, OVERFLOW_WRAP)).toEqual({ overflow: 1, limit: 255n });
    expect(checkUnsignedOverflow(7n, 1n, 8, OVERFLOW_FAIL).overflow).toBe(0);
  });
});
