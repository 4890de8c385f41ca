/**
 * Bit-level primitives for the bitmap family (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD):
 * bit offsets as Redis parses them, population count and first-bit search over byte ranges, the
 * bitwise operations, and BITFIELD's big-endian integer fields with Redis's exact overflow rules
 * (including its 64-bit wrap-around arithmetic, emulated with BigInt.asIntN/asUintN).
 *
 * Bits are numbered from the most significant bit of byte 0. Offsets are plain numbers (they stay
 * below 2^36), never used with 32-bit bitwise operators. Pure functions, any thread.
 */

import { parseInteger, parseLongLong } from './args.ts';
import { maxBulkLen } from './str-value.ts';

/** Bits that need no proto-max-bulk-len lookup: the limit is at least 1 MB. */
const SAFE_BITS = 8 * 1024 * 1024;

/**
 * Parses a bit offset like Redis's getBitOffsetFromArgument: a strict integer, or "#n" (n times
 * `bits`, with 64-bit wrap-around) when `bits` > 0; refused when negative or when its byte is
 * beyond proto-max-bulk-len. Returns undefined for "bit offset is not an integer or out of range".
 */
export function parseBitOffset(arg: string, bits = 0): number | undefined {
  let off: number;
  if (bits > 0 && arg.length > 0 && arg.charCodeAt(0) === 35 /* # */) {
    const b = parseLongLong(arg.slice(1));
    if (b === undefined) return undefined;
    const w = BigInt.asIntN(64, b * BigInt(bits));
    if (w < 0n || w > 9007199254740991n) return undefined;
    off = Number(w);
  } else {
    const n = parseInteger(arg);
    if (n === undefined) {
      // a valid long long beyond 2^53 is still an offset far beyond any allowed size
      return undefined;
    }
    off = n;
  }
  if (off < 0) return undefined;
  if (off >= SAFE_BITS && Math.floor(off / 8) >= maxBulkLen()) return undefined;
  return off;
}

const POP = new Uint8Array(256);
for (let i = 1; i < 256; i++) POP[i] = (i & 1) + POP[i >> 1];

/** Number of set bits in one byte. */
export function popByte(x: number): number {
  return POP[x & 0xff];
}

/** Number of set bits in p[start..end] (byte indexes, inclusive). */
export function popcount(p: Uint8Array, start: number, end: number): number {
  let n = 0;
  let i = start;
  // 4 bytes at a time through a 32-bit view when aligned enough to be worth it
  if (end - start > 64) {
    while (i <= end && (p.byteOffset + i) % 4 !== 0) n += POP[p[i++]];
    const words = Math.floor((end + 1 - i) / 4);
    if (words > 0) {
      const w = new Uint32Array(p.buffer, p.byteOffset + i, words);
      for (let j = 0; j < words; j++) {
        let x = w[j];
        x = x - ((x >>> 1) & 0x55555555);
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        x = (x + (x >>> 4)) & 0x0f0f0f0f;
        n += Math.imul(x, 0x01010101) >>> 24;
      }
      i += words * 4;
    }
  }
  for (; i <= end; i++) n += POP[p[i]];
  return n;
}

/** Value of bit `off` of p (0 beyond the end). */
export function getBit(p: Uint8Array, len: number, off: number): number {
  const byte = Math.floor(off / 8);
  if (byte >= len) return 0;
  return (p[byte] >> (7 - (off % 8))) & 1;
}

/**
 * First bit equal to `bit` in the bit range [from, to] of p (inclusive, within the string), or -1.
 */
export function findBit(p: Uint8Array, bit: number, from: number, to: number): number {
  let i = from;
  // bit by bit up to a byte boundary
  while (i <= to && i % 8 !== 0) {
    if (((p[Math.floor(i / 8)] >> (7 - (i % 8))) & 1) === bit) return i;
    i++;
  }
  if (i > to) return -1;
  // whole bytes
  const skip = bit === 1 ? 0 : 0xff;
  let byte = i / 8;
  const lastFull = Math.floor((to + 1) / 8); // bytes [byte, lastFull) are entirely in range
  while (byte < lastFull && p[byte] === skip) byte++;
  i = byte * 8;
  for (; i <= to; i++) {
    if (((p[Math.floor(i / 8)] >> (7 - (i % 8))) & 1) === bit) return i;
  }
  return -1;
}

export const BITOP_AND = 0;
export const BITOP_OR = 1;
export const BITOP_XOR = 2;
export const BITOP_NOT = 3;

/** The result of BITOP over the sources (missing bytes count as zero); length = longest source. */
export function bitop(op: number, srcs: Uint8Array[], maxlen: number): Buffer {
  const res = Buffer.alloc(maxlen);
  if (op === BITOP_NOT) {
    const s = srcs[0];
    for (let i = 0; i < maxlen; i++) res[i] = ~s[i] & 0xff;
    return res;
  }
  const first = srcs[0];
  res.set(first.subarray(0, maxlen));
  for (let k = 1; k < srcs.length; k++) {
    const s = srcs[k];
    const n = s.length;
    if (op === BITOP_AND) {
      for (let i = 0; i < n; i++) res[i] &= s[i];
      res.fill(0, n);
    } else if (op === BITOP_OR) {
      for (let i = 0; i < n; i++) res[i] |= s[i];
    } else {
      for (let i = 0; i < n; i++) res[i] ^= s[i];
    }
  }
  return res;
}

// ---- BITFIELD fields ----------------------------------------------------------------------------

/** Reads an unsigned field of up to 32 bits at bit offset `off` (p must cover it). */
function getSmall(p: Uint8Array, off: number, bits: number): number {
  let v = 0;
  for (let i = 0; i < bits; i++) {
    const o = off + i;
    v = v * 2 + ((p[Math.floor(o / 8)] >> (7 - (o % 8))) & 1);
  }
  return v;
}

function setSmall(p: Uint8Array, off: number, bits: number, value: number): void {
  for (let i = bits - 1; i >= 0; i--) {
    const o = off + i;
    const byte = Math.floor(o / 8);
    const mask = 1 << (7 - (o % 8));
    if (value % 2 === 1) p[byte] |= mask;
    else p[byte] &= ~mask;
    value = Math.floor(value / 2);
  }
}

/** Unsigned value of the `bits`-wide field at bit `off`. */
export function getUnsignedField(p: Uint8Array, off: number, bits: number): bigint {
  if (bits <= 32) return BigInt(getSmall(p, off, bits));
  const hiBits = bits - 32;
  return (BigInt(getSmall(p, off, hiBits)) << 32n) | BigInt(getSmall(p, off + hiBits, 32));
}

/** Signed (two's complement) value of the field. */
export function getSignedField(p: Uint8Array, off: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsignedField(p, off, bits));
}

/** Stores the low `bits` bits of value (any sign) into the field. */
export function setField(p: Uint8Array, off: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(bits, value);
  if (bits <= 32) {
    setSmall(p, off, bits, Number(u));
    return;
  }
  const hiBits = bits - 32;
  setSmall(p, off, hiBits, Number(u >> 32n));
  setSmall(p, off + hiBits, 32, Number(u & 0xffffffffn));
}

export const OVERFLOW_WRAP = 0;
export const OVERFLOW_SAT = 1;
export const OVERFLOW_FAIL = 2;

const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

export interface FieldResult {
  /** 0: no overflow, 1: overflow up, -1: overflow down */
  overflow: number;
  /** the value to store when overflowing (WRAP/SAT) */
  limit: bigint;
}

/** Redis's checkSignedBitfieldOverflow, its int64 arithmetic included. */
export function checkSignedOverflow(value: bigint, incr: bigint, bits: number, owtype: number): FieldResult {
  const max = bits === 64 ? 9223372036854775807n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = i64(u64(max) - u64(value));
  const minincr = i64(min - value);
  const wrap = (): bigint => {
    let c = u64(u64(value) + u64(incr));
    if (bits < 64) c = BigInt.asUintN(64, BigInt.asIntN(bits, c));
    return i64(c);
  };
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return { overflow: 1, limit: owtype === OVERFLOW_WRAP ? wrap() : owtype === OVERFLOW_SAT ? max : 0n };
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return { overflow: -1, limit: owtype === OVERFLOW_WRAP ? wrap() : owtype === OVERFLOW_SAT ? min : 0n };
  }
  return { overflow: 0, limit: 0n };
}

/** Redis's checkUnsignedBitfieldOverflow; `value` is a uint64, `incr` an int64. */
export function checkUnsignedOverflow(value: bigint, incr: bigint, bits: number, owtype: number): FieldResult {
  const max = (1n << BigInt(bits)) - 1n; // bits <= 63 for unsigned fields
  const maxincr = i64(max - value);
  const minincr = i64(-value);
  const wrap = (): bigint => BigInt.asUintN(bits, u64(value + incr));
  if (value > max || (incr > 0n && incr > maxincr)) {
    return { overflow: 1, limit: owtype === OVERFLOW_WRAP ? wrap() : owtype === OVERFLOW_SAT ? max : 0n };
  }
  if (incr < 0n && incr < minincr) {
    return { overflow: -1, limit: owtype === OVERFLOW_WRAP ? wrap() : owtype === OVERFLOW_SAT ? 0n : 0n };
  }
  return { overflow: 0, limit: 0n };
}

/**
 * Parses a BITFIELD type ("i1".."i64", "u1".."u63", lower case only as in Redis); [signed, bits] or undefined for
 * Redis's "Invalid bitfield type" error. The digits end at a NUL byte, as in C.
 */
export function parseFieldType(arg: string): [boolean, number] | undefined {
  const c = arg.charCodeAt(0);
  let signed: boolean;
  if (c === 105 /* i */) signed = true;
  else if (c === 117 /* u */) signed = false;
  else return undefined;
  let rest = arg.slice(1);
  const nul = rest.indexOf('\u0000');
  if (nul >= 0) rest = rest.slice(0, nul);
  const n = parseInteger(rest);
  if (n === undefined || n < 1 || (signed && n > 64) || (!signed && n > 63)) return undefined;
  return [signed, n];
}
