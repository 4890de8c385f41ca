/**
 * The bitmap family: SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, with Redis 7.0's
 * BYTE|BIT ranges, BITFIELD's signed/unsigned fields, "#" offsets and WRAP/SAT/FAIL overflow, its
 * argument checks in Redis's order and its exact error replies.
 *
 * Bitmaps are string values. Writes (SETBIT, BITFIELD SET/INCRBY) turn the value into a RawString
 * and edit its bytes in place, growing it with zero bytes; they signal the key only when Redis
 * would (a bit really changed or the string grew). BITOP stores a raw-encoded result. BITOP's keys
 * may live on several shards: the generic scratch executor runs it there.
 * Shard-side handlers, worker threads.
 */

import { register } from './registry.ts';
import type { ArgDoc, ExecCtx } from './types.ts';
import { Err } from '../errors.ts';
import { RawString, isString, type StringValue } from '../keyspace/values.ts';
import { readKey } from './util/keys.ts';
import { is, parseInteger } from './util/args.ts';
import { bytesOf, indexGreater, parseIndex, parseLL, rawForWrite, rawWithCapacity, replyInt64, writeLookupString } from './util/str-value.ts';
import {
  BITOP_AND, BITOP_NOT, BITOP_OR, BITOP_XOR, OVERFLOW_FAIL, OVERFLOW_SAT, OVERFLOW_WRAP,
  bitop, checkSignedOverflow, checkUnsignedOverflow, findBit, getSignedField, getUnsignedField, parseBitOffset,
  parseFieldType, popByte, popcount, setField,
} from './util/bit-ops.ts';

/**
 * The value of key as a RawString long enough to hold byte `byte` (Redis's
 * lookupStringForBitCommand): created or grown with zero bytes. Returns the string and whether it
 * was created or grown, or undefined after replying WRONGTYPE.
 */
function stringForBitWrite(ctx: ExecCtx, key: string, byte: number): { r: RawString; grown: boolean } | undefined {
  const v = writeLookupString(ctx, key);
  if (v === undefined) return undefined;
  const need = byte + 1;
  if (v === null) {
    const r = rawWithCapacity('', need);
    r.len = need;
    ctx.db.set(key, r);
    return { r, grown: true };
  }
  const r = rawForWrite(ctx.db, key, v, need);
  if (need <= r.len) return { r, grown: false };
  r.ensure(need);
  r.len = need;
  return { r, grown: true };
}

/** Byte i of a string value without copying it (0 beyond the end is the caller's business). */
function byteAt(v: StringValue, i: number): number {
  if (typeof v === 'string') return v.charCodeAt(i);
  if (typeof v === 'number') return String(v).charCodeAt(i);
  return v.buf[i];
}

function setbitCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const off = parseBitOffset(argv[2]);
  if (off === undefined) {
    out.error(Err.BIT_OFFSET);
    return;
  }
  const on = parseInteger(argv[3]);
  if (on !== 0 && on !== 1) {
    out.error(Err.BIT_VALUE);
    return;
  }
  const key = argv[1];
  const byte = Math.floor(off / 8);
  const w = stringForBitWrite(ctx, key, byte);
  if (w === undefined) return;
  const buf = w.r.buf;
  const mask = 1 << (7 - (off % 8));
  const old = (buf[byte] & mask) !== 0 ? 1 : 0;
  if (w.grown || old !== on) {
    if (on) buf[byte] |= mask;
    else buf[byte] &= ~mask;
    ctx.db.signalModified(key);
  }
  out.int(old);
}

function getbitCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const off = parseBitOffset(argv[2]);
  if (off === undefined) {
    out.error(Err.BIT_OFFSET);
    return;
  }
  const v = readKey(ctx, argv[1]);
  if (v === undefined) {
    out.int(0);
    return;
  }
  if (!isString(v)) {
    out.error(Err.WRONGTYPE);
    return;
  }
  const byte = Math.floor(off / 8);
  const len = v instanceof RawString ? v.len : typeof v === 'string' ? v.length : String(v).length;
  if (byte >= len) {
    out.int(0);
    return;
  }
  out.int((byteAt(v, byte) >> (7 - (off % 8))) & 1);
}

/** Parses BYTE|BIT: 1 for BIT, 0 for BYTE, -1 otherwise. */
function unitOf(arg: string): number {
  if (is(arg, 'BIT')) return 1;
  if (is(arg, 'BYTE')) return 0;
  return -1;
}

function bitcountCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const v = readKey(ctx, argv[1]);
  if (v === undefined) {
    out.int(0);
    return;
  }
  if (!isString(v)) {
    out.error(Err.WRONGTYPE);
    return;
  }
  const p = bytesOf(v);
  const strlen = p.length;
  const argc = argv.length;
  let start: number;
  let end: number;
  let isBit = false;
  if (argc === 4 || argc === 5) {
    const s = parseIndex(argv[2]);
    if (s === undefined) {
      out.error(Err.NOT_INTEGER);
      return;
    }
    const e = parseIndex(argv[3]);
    if (e === undefined) {
      out.error(Err.NOT_INTEGER);
      return;
    }
    start = s;
    end = e;
    if (start < 0 && end < 0 && indexGreater(start, end, argv[2], argv[3])) {
      out.int(0);
      return;
    }
    if (argc === 5) {
      const u = unitOf(argv[4]);
      if (u < 0) {
        out.error(Err.SYNTAX);
        return;
      }
      isBit = u === 1;
    }
    const total = isBit ? strlen * 8 : strlen;
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
  } else if (argc === 2) {
    start = 0;
    end = strlen - 1;
  } else {
    out.error(Err.SYNTAX);
    return;
  }
  if (start > end) {
    out.int(0);
    return;
  }
  if (!isBit) {
    out.int(popcount(p, start, end));
    return;
  }
  const first = Math.floor(start / 8);
  const last = Math.floor(end / 8);
  let n = popcount(p, first, last);
  // leave out the bits of the edge bytes that are outside the range
  n -= popByte(p[first] & ~((1 << (8 - (start % 8))) - 1));
  n -= popByte(p[last] & ((1 << (7 - (end % 8))) - 1));
  out.int(n);
}

function bitposCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const bit = parseLL(argv[2]);
  if (bit === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  if (bit !== 0 && bit !== 1) {
    out.error(Err.BIT_ARG);
    return;
  }
  const v = readKey(ctx, argv[1]);
  if (v === undefined) {
    out.int(bit === 1 ? -1 : 0);
    return;
  }
  if (!isString(v)) {
    out.error(Err.WRONGTYPE);
    return;
  }
  const p = bytesOf(v);
  const strlen = p.length;
  const argc = argv.length;
  let start: number;
  let end: number;
  let isBit = false;
  let endGiven = false;
  if (argc >= 4 && argc <= 6) {
    const s = parseIndex(argv[3]);
    if (s === undefined) {
      out.error(Err.NOT_INTEGER);
      return;
    }
    start = s;
    if (argc === 6) {
      const u = unitOf(argv[5]);
      if (u < 0) {
        out.error(Err.SYNTAX);
        return;
      }
      isBit = u === 1;
    }
    const total = isBit ? strlen * 8 : strlen;
    if (argc >= 5) {
      const e = parseIndex(argv[4]);
      if (e === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      end = e;
      endGiven = true;
    } else {
      end = total - 1;
    }
    if (start < 0) start += total;
    if (end < 0) end += total;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
  } else if (argc === 3) {
    start = 0;
    end = strlen - 1;
  } else {
    out.error(Err.SYNTAX);
    return;
  }
  if (start > end) {
    out.int(-1);
    return;
  }
  const from = isBit ? start : start * 8;
  const to = isBit ? end : end * 8 + 7;
  const pos = findBit(p, bit, from, to);
  if (pos >= 0) out.int(pos);
  else if (bit === 1 || endGiven) out.int(-1);
  else out.int(to + 1); // looking for a clear bit without an end: the string is zero-padded
}

function bitopCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const name = argv[1];
  let op: number;
  if (is(name, 'AND')) op = BITOP_AND;
  else if (is(name, 'OR')) op = BITOP_OR;
  else if (is(name, 'XOR')) op = BITOP_XOR;
  else if (is(name, 'NOT')) op = BITOP_NOT;
  else {
    out.error(Err.SYNTAX);
    return;
  }
  if (op === BITOP_NOT && argv.length !== 4) {
    out.error(Err.BITOP_NOT_ONE_KEY);
    return;
  }
  const srcs: Uint8Array[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = readKey(ctx, argv[j]);
    if (v === undefined) {
      srcs.push(new Uint8Array(0));
      continue;
    }
    if (!isString(v)) {
      out.error(Err.WRONGTYPE);
      return;
    }
    const b = bytesOf(v);
    srcs.push(b);
    if (b.length > maxlen) maxlen = b.length;
  }
  const dest = argv[2];
  if (maxlen > 0) ctx.db.set(dest, new RawString(bitop(op, srcs, maxlen)));
  else ctx.db.delete(dest);
  out.int(maxlen);
}

// ---- BITFIELD -------------------------------------------------------------------------------------

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;

interface FieldOp {
  op: number;
  signed: boolean;
  bits: number;
  offset: number;
  value: bigint;
  overflow: number;
}

const SCRATCH = new Uint8Array(9);

/** A field read from a string that may be shorter than the field (missing bytes are zero). */
function readField(p: Uint8Array, off: number, bits: number, signed: boolean): bigint {
  if (off + bits <= p.length * 8) return signed ? getSignedField(p, off, bits) : getUnsignedField(p, off, bits);
  const byte = Math.floor(off / 8);
  SCRATCH.fill(0);
  for (let i = 0; i < 9 && byte + i < p.length; i++) SCRATCH[i] = p[byte + i];
  const o = off - byte * 8;
  return signed ? getSignedField(SCRATCH, o, bits) : getUnsignedField(SCRATCH, o, bits);
}

function bitfieldGeneric(ctx: ExecCtx, argv: string[], readonlyCmd: boolean): void {
  const out = ctx.out;
  const ops: FieldOp[] = [];
  let overflow = OVERFLOW_WRAP;
  let readonly = true;
  let highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j];
    let op: number;
    if (is(sub, 'GET') && rem >= 2) op = OP_GET;
    else if (is(sub, 'SET') && rem >= 3) op = OP_SET;
    else if (is(sub, 'INCRBY') && rem >= 3) op = OP_INCRBY;
    else if (is(sub, 'OVERFLOW') && rem >= 1) {
      const t = argv[++j];
      if (is(t, 'WRAP')) overflow = OVERFLOW_WRAP;
      else if (is(t, 'SAT')) overflow = OVERFLOW_SAT;
      else if (is(t, 'FAIL')) overflow = OVERFLOW_FAIL;
      else {
        out.error(Err.BITFIELD_OVERFLOW_TYPE);
        return;
      }
      continue;
    } else {
      out.error(Err.SYNTAX);
      return;
    }
    const type = parseFieldType(argv[j + 1]);
    if (type === undefined) {
      out.error(Err.BITFIELD_TYPE);
      return;
    }
    const [signed, bits] = type;
    const offset = parseBitOffset(argv[j + 2], bits);
    if (offset === undefined) {
      out.error(Err.BIT_OFFSET);
      return;
    }
    let value = 0n;
    if (op !== OP_GET) {
      readonly = false;
      if (offset + bits - 1 > highest) highest = offset + bits - 1;
      const n = parseLL(argv[j + 3]);
      if (n === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      value = BigInt(n);
    }
    ops.push({ op, signed, bits, offset, value, overflow });
    j += op === OP_GET ? 2 : 3;
  }

  const key = argv[1];
  let p: Uint8Array;
  if (readonly) {
    const v = readKey(ctx, key);
    if (v !== undefined && !isString(v)) {
      out.error(Err.WRONGTYPE);
      return;
    }
    p = v === undefined ? new Uint8Array(0) : bytesOf(v);
  } else {
    if (readonlyCmd) {
      out.error(Err.BITFIELD_RO_GET_ONLY);
      return;
    }
    const w = stringForBitWrite(ctx, key, Math.floor(highest / 8));
    if (w === undefined) return;
    p = w.r.buf.subarray(0, w.r.len);
  }

  out.array(ops.length);
  let changes = 0;
  for (const f of ops) {
    if (f.op === OP_GET) {
      replyInt64(out, readField(p, f.offset, f.bits, f.signed));
      continue;
    }
    changes++;
    if (f.signed) {
      const old = getSignedField(p, f.offset, f.bits);
      let next: bigint;
      let ret: bigint;
      let ov: number;
      if (f.op === OP_INCRBY) {
        const c = checkSignedOverflow(old, f.value, f.bits, f.overflow);
        ov = c.overflow;
        next = ov !== 0 ? c.limit : old + f.value;
        ret = next;
      } else {
        const c = checkSignedOverflow(f.value, 0n, f.bits, f.overflow);
        ov = c.overflow;
        next = ov !== 0 ? c.limit : f.value;
        ret = old;
      }
      if (ov !== 0 && f.overflow === OVERFLOW_FAIL) out.nil();
      else {
        replyInt64(out, ret);
        setField(p, f.offset, f.bits, next);
      }
    } else {
      const old = getUnsignedField(p, f.offset, f.bits);
      let next: bigint;
      let ret: bigint;
      let ov: number;
      if (f.op === OP_INCRBY) {
        const c = checkUnsignedOverflow(old, f.value, f.bits, f.overflow);
        ov = c.overflow;
        next = ov !== 0 ? c.limit : BigInt.asUintN(64, old + f.value);
        ret = next;
      } else {
        const u = BigInt.asUintN(64, f.value);
        const c = checkUnsignedOverflow(u, 0n, f.bits, f.overflow);
        ov = c.overflow;
        next = ov !== 0 ? c.limit : u;
        ret = old;
      }
      if (ov !== 0 && f.overflow === OVERFLOW_FAIL) out.nil();
      else {
        replyInt64(out, ret);
        setField(p, f.offset, f.bits, next);
      }
    }
  }
  if (changes > 0) ctx.db.signalModified(key);
}

function rangeUnit(): ArgDoc {
  return {
    name: 'index_unit', type: 'oneof', optional: true, since: '7.0.0',
    arguments: [
      { name: 'byte', type: 'pure-token', token: 'BYTE' },
      { name: 'bit', type: 'pure-token', token: 'BIT' },
    ],
  };
}

register([
  {
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@bitmap', '@slow'],
    group: 'bitmap',
    since: '2.2.0',
    summary: 'Sets or clears the bit at offset in the string value stored at key',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'offset', type: 'integer' },
      { name: 'value', type: 'integer' },
    ],
    shard: setbitCommand,
  },
  {
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@bitmap', '@fast'],
    group: 'bitmap',
    since: '2.2.0',
    summary: 'Returns the bit value at offset in the string value stored at key',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'offset', type: 'integer' },
    ],
    shard: getbitCommand,
  },
  {
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@bitmap', '@slow'],
    group: 'bitmap',
    since: '2.6.0',
    summary: 'Count set bits in a string',
    complexity: 'O(N)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'index', type: 'block', optional: true,
        arguments: [
          { name: 'start', type: 'integer' },
          { name: 'end', type: 'integer' },
          rangeUnit(),
        ],
      },
    ],
    shard: bitcountCommand,
  },
  {
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@bitmap', '@slow'],
    group: 'bitmap',
    since: '2.8.7',
    summary: 'Find first bit set or clear in a string',
    complexity: 'O(N)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'bit', type: 'integer' },
      {
        name: 'index', type: 'block', optional: true,
        arguments: [
          { name: 'start', type: 'integer' },
          {
            name: 'end_index', type: 'block', optional: true,
            arguments: [
              { name: 'end', type: 'integer' },
              rangeUnit(),
            ],
          },
        ],
      },
    ],
    shard: bitposCommand,
  },
  {
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 2,
    lastKey: -1,
    step: 1,
    categories: ['@write', '@bitmap', '@slow'],
    group: 'bitmap',
    since: '2.6.0',
    summary: 'Perform bitwise operations between strings',
    complexity: 'O(N)',
    args: [
      { name: 'operation', type: 'string' },
      { name: 'destkey', type: 'key', key_spec_index: 0 },
      { name: 'key', type: 'key', key_spec_index: 1, multiple: true },
    ],
    shard: bitopCommand,
  },
  {
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@bitmap', '@slow'],
    group: 'bitmap',
    since: '3.2.0',
    summary: 'Perform arbitrary bitfield integer operations on strings',
    complexity: 'O(1) for each subcommand specified',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'operation', type: 'oneof', optional: true, multiple: true,
        arguments: [
          {
            name: 'encoding_offset', type: 'block', token: 'GET',
            arguments: [
              { name: 'encoding', type: 'string' },
              { name: 'offset', type: 'integer' },
            ],
          },
          {
            name: 'write', type: 'block',
            arguments: [
              {
                name: 'wrap_sat_fail', type: 'oneof', token: 'OVERFLOW', optional: true,
                arguments: [
                  { name: 'wrap', type: 'pure-token', token: 'WRAP' },
                  { name: 'sat', type: 'pure-token', token: 'SAT' },
                  { name: 'fail', type: 'pure-token', token: 'FAIL' },
                ],
              },
              {
                name: 'write_operation', type: 'oneof',
                arguments: [
                  {
                    name: 'encoding_offset_value', type: 'block', token: 'SET',
                    arguments: [
                      { name: 'encoding', type: 'string' },
                      { name: 'offset', type: 'integer' },
                      { name: 'value', type: 'integer' },
                    ],
                  },
                  {
                    name: 'encoding_offset_increment', type: 'block', token: 'INCRBY',
                    arguments: [
                      { name: 'encoding', type: 'string' },
                      { name: 'offset', type: 'integer' },
                      { name: 'increment', type: 'integer' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    shard(ctx, argv) {
      bitfieldGeneric(ctx, argv, false);
    },
  },
  {
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@bitmap', '@fast'],
    group: 'bitmap',
    since: '6.0.0',
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
    complexity: 'O(1) for each subcommand specified',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'encoding_offset', type: 'block', token: 'GET', optional: true, multiple: true, multiple_token: true,
        arguments: [
          { name: 'encoding', type: 'string' },
          { name: 'offset', type: 'integer' },
        ],
      },
    ],
    shard(ctx, argv) {
      bitfieldGeneric(ctx, argv, true);
    },
  },
]);
