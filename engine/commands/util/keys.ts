/**
 * Shared helpers for handlers that read and write keys: typed lookups that count keyspace hits and
 * misses (INFO stats) and answer WRONGTYPE, string value output, and the expire-argument rules
 * shared by SET, GETEX, EXPIRE and friends. Runs on shard workers. HOT PATH.
 */

import type { ExecCtx } from '../types.ts';
import type { Reply } from '../../resp/reply.ts';
import { Err } from '../../errors.ts';
import { isString, RawString, type StringValue, type Value, type Collection } from '../../keyspace/values.ts';
import { parseLongLong } from './args.ts';

/** Looks a key up for reading, counting the hit or miss. */
export function readKey(ctx: ExecCtx, key: string): Value | undefined {
  const v = ctx.db.lookup(key, ctx.now);
  if (v === undefined) ctx.shard.keyspaceMisses++;
  else ctx.shard.keyspaceHits++;
  return v;
}

/**
 * Reads a string key: its value, null when absent, or undefined after replying WRONGTYPE.
 */
export function readString(ctx: ExecCtx, key: string): StringValue | null | undefined {
  const v = readKey(ctx, key);
  if (v === undefined) return null;
  if (!isString(v)) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v;
}

/** Reads a collection of one kind: the value, null when absent, undefined after WRONGTYPE. */
export function readCollection<T extends Collection>(ctx: ExecCtx, key: string, kind: number): T | null | undefined {
  const v = readKey(ctx, key);
  if (v === undefined) return null;
  if (isString(v) || v.kind !== kind) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v as T;
}

export function writeString(out: Reply, v: StringValue): void {
  if (typeof v === 'string') out.bulk(v);
  else if (typeof v === 'number') out.bulkInt(v);
  else out.bulkBuf(v.buf, v.len);
}

export function writeStringOrNil(out: Reply, v: StringValue | null | undefined): void {
  if (v === null || v === undefined) out.nil();
  else writeString(out, v);
}

void RawString;

const LLONG_MAX = 9223372036854775807n;

/**
 * Turns an expire argument into an absolute ms time, Redis-style. `unitSeconds` for EX/EXAT/EXPIRE,
 * `relative` for EX/PX/EXPIRE/PEXPIRE. Returns the time, or an error text to reply.
 * `allowNonPositive` is for EXPIRE-family commands, where a past time deletes the key.
 */
export function parseExpireTime(
  arg: string,
  unitSeconds: boolean,
  relative: boolean,
  now: number,
  cmdName: string,
  allowNonPositive = false,
): number | string {
  const v = parseLongLong(arg);
  if (v === undefined) return Err.NOT_INTEGER;
  if (!allowNonPositive && v <= 0n) return Err.INVALID_EXPIRE(cmdName);
  let ms = v;
  if (unitSeconds) {
    if (ms > LLONG_MAX / 1000n || ms < -LLONG_MAX / 1000n) return Err.INVALID_EXPIRE(cmdName);
    ms *= 1000n;
  }
  if (relative) {
    const n = BigInt(now);
    if (ms > LLONG_MAX - n) return Err.INVALID_EXPIRE(cmdName);
    ms += n;
  }
  return Number(ms);
}
