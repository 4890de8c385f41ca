/**
 * Helpers shared by the string and bitmap families: write-side lookups of string keys, the bytes
 * of a string value, turning a value into an in-place editable RawString, the proto-max-bulk-len
 * limit, 64-bit integer replies and Redis's strict long long parsing with a number fast path.
 *
 * Invariants: a value handed to an in-place edit is always a RawString stored in the db (see
 * `rawForWrite`); the representation swap itself is not a logical write, so the caller signals the
 * modification only when the bytes really change (as Redis does). Runs on shard workers.
 */

import type { ExecCtx } from '../types.ts';
import type { Reply } from '../../resp/reply.ts';
import type { Db } from '../../keyspace/db.ts';
import { Err } from '../../errors.ts';
import { RawString, isString, type StringValue } from '../../keyspace/values.ts';
import { RespWriter } from '../../resp/writer.ts';
import { W } from '../../worker/state.ts';
import { parseInteger, parseLongLong } from './args.ts';

const DEFAULT_MAX_BULK = 512 * 1024 * 1024;
/** proto-max-bulk-len cannot be configured below 1 MB, so smaller sizes never need the lookup. */
const MIN_MAX_BULK = 1024 * 1024;

/** The configured proto-max-bulk-len (the largest string value), 512 MB by default. */
export function maxBulkLen(): number {
  if (W === undefined || W.config === undefined) return DEFAULT_MAX_BULK;
  const n = W.config.int('proto-max-bulk-len');
  return n > 0 ? n : DEFAULT_MAX_BULK;
}

/** True if a string of size + append bytes is allowed (Redis's checkStringLength). */
export function lengthAllowed(size: number, append: number): boolean {
  const total = size + append;
  if (total <= MIN_MAX_BULK) return true;
  return total <= maxBulkLen();
}

/**
 * Looks a key up for writing (no hit/miss counting, like Redis's lookupKeyWrite): the string value,
 * null when absent, or undefined after replying WRONGTYPE.
 */
export function writeLookupString(ctx: ExecCtx, key: string): StringValue | null | undefined {
  const v = ctx.db.lookup(key, ctx.now);
  if (v === undefined) return null;
  if (!isString(v)) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v;
}

/** The bytes of a string value (a view for RawString, a fresh copy otherwise). */
export function bytesOf(v: StringValue): Uint8Array {
  if (v instanceof RawString) return v.buf.subarray(0, v.len);
  const s = typeof v === 'string' ? v : String(v);
  return Buffer.from(s, 'latin1');
}

/** A RawString holding s with room for at least `capacity` bytes (zero-filled beyond s). */
export function rawWithCapacity(s: string, capacity: number): RawString {
  const cap = capacity > s.length ? capacity : s.length;
  const b = Buffer.alloc(cap);
  if (s.length > 0) b.latin1Write(s, 0);
  return new RawString(b, s.length);
}

/**
 * The value of key as a RawString stored in db, converting it if needed, with room for `need`
 * bytes. Only the representation changes here (Redis's dbUnshareStringValue): the caller edits the
 * bytes and calls db.signalModified(key) when they change.
 */
export function rawForWrite(db: Db, key: string, v: StringValue, need: number): RawString {
  if (v instanceof RawString) return v;
  const s = typeof v === 'string' ? v : String(v);
  const r = rawWithCapacity(s, need < MIN_MAX_BULK ? need * 2 : need + MIN_MAX_BULK);
  db.data.set(key, r);
  return r;
}

/** Replies a signed 64-bit integer exactly, also beyond the double-exact range. */
export function replyInt64(out: Reply, n: bigint): void {
  if (n >= -9007199254740991n && n <= 9007199254740991n) out.int(Number(n));
  else if (out instanceof RespWriter) out.raw(Buffer.from(`:${n}\r\n`, 'latin1'));
  else out.int(Number(n)); // the value collector has no 64-bit integer form (see the report)
}

/**
 * Parses a long long like Redis's string2ll: a number when it is exact as a double, a bigint
 * beyond that, undefined when it is not an integer or out of the signed 64-bit range.
 */
export function parseLL(s: string): number | bigint | undefined {
  const n = parseInteger(s);
  if (n !== undefined) return n;
  return parseLongLong(s);
}

/**
 * Parses a long long as a number (rounded beyond 2^53, order preserved): for start/end indexes,
 * where only comparisons with a string length (< 2^36) matter.
 */
export function parseIndex(s: string): number | undefined {
  const n = parseInteger(s);
  if (n !== undefined) return n;
  const b = parseLongLong(s);
  return b === undefined ? undefined : Number(b);
}

/**
 * start > end for two indexes parsed by parseIndex, exact even where the doubles rounded two
 * different long longs to the same value (rounding keeps the order, so only ties need a look).
 */
export function indexGreater(start: number, end: number, startArg: string, endArg: string): boolean {
  if (start !== end) return start > end;
  return !Number.isSafeInteger(start) && BigInt(startArg) > BigInt(endArg);
}
