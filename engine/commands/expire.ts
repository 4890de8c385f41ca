/**
 * Expiry commands: EXPIRE PEXPIRE EXPIREAT PEXPIREAT (with Redis 7.0's NX XX GT LT), TTL PTTL
 * EXPIRETIME PEXPIRETIME PERSIST. Shard-side handlers on the key's owner; expiry times are absolute
 * epoch milliseconds in Db.expires. Active expiry is the cron's job (worker/cron.ts); here a key
 * whose time has passed is removed on sight by Db.lookup. Worker threads. HOT PATH: EXPIRE, TTL.
 *
 * Redis 7.0 order of checks for the EXPIRE family, kept exactly: options first (unknown option,
 * incompatible options), then the time argument (not an integer, overflow in the unit conversion or
 * when adding the base time), then the key (missing: 0), then the NX/XX/GT/LT condition (a key
 * without a TTL counts as an infinite TTL), and last a time already in the past deletes the key.
 * Times beyond 2^53 ms are kept as doubles (their exact value may round).
 */

import { register } from './registry.ts';
import type { ArgDoc, CommandDef, ExecCtx } from './types.ts';
import { Err } from '../errors.ts';
import { parseExpireTime, readKey } from './util/keys.ts';
import { is } from './util/args.ts';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** Parses the condition flags after the time argument; replies and returns -1 on an error. */
function expireFlags(ctx: ExecCtx, argv: string[]): number {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i];
    if (is(opt, 'NX')) flags |= NX;
    else if (is(opt, 'XX')) flags |= XX;
    else if (is(opt, 'GT')) flags |= GT;
    else if (is(opt, 'LT')) flags |= LT;
    else {
      ctx.out.error(Err.UNSUPPORTED_OPTION(opt));
      return -1;
    }
  }
  if (flags & NX && flags & (XX | GT | LT)) {
    ctx.out.error(Err.EXPIRE_NX_AND_OTHERS);
    return -1;
  }
  if (flags & GT && flags & LT) {
    ctx.out.error(Err.EXPIRE_GT_AND_LT);
    return -1;
  }
  return flags;
}

function expireGeneric(ctx: ExecCtx, argv: string[], seconds: boolean, relative: boolean, name: string): void {
  const out = ctx.out;
  const flags = expireFlags(ctx, argv);
  if (flags < 0) return;
  const when = parseExpireTime(argv[2], seconds, relative, ctx.now, name, true);
  if (typeof when === 'string') {
    out.error(when);
    return;
  }
  const key = argv[1];
  const db = ctx.db;
  if (db.lookup(key, ctx.now) === undefined) {
    out.int(0);
    return;
  }
  if (flags !== 0) {
    const current = db.getExpire(key);
    if (flags & NX && current !== undefined) {
      out.int(0);
      return;
    }
    if (flags & XX && current === undefined) {
      out.int(0);
      return;
    }
    // no TTL = infinite: GT never beats it, LT always does
    if (flags & GT && (current === undefined || when <= current)) {
      out.int(0);
      return;
    }
    if (flags & LT && current !== undefined && when >= current) {
      out.int(0);
      return;
    }
  }
  if (when <= ctx.now) db.delete(key);
  else db.setExpire(key, when);
  out.int(1);
}

/** TTL PTTL EXPIRETIME PEXPIRETIME: -2 missing key, -1 no TTL. */
function ttlGeneric(ctx: ExecCtx, key: string, ms: boolean, absolute: boolean): void {
  if (readKey(ctx, key) === undefined) {
    ctx.out.int(-2);
    return;
  }
  const at = ctx.db.getExpire(key);
  if (at === undefined) {
    ctx.out.int(-1);
    return;
  }
  let t = absolute ? at : at - ctx.now;
  if (t < 0) t = 0;
  ctx.out.int(ms ? t : Math.floor((t + 500) / 1000));
}

const keyArg: ArgDoc = { name: 'key', type: 'key', key_spec_index: 0 };
const conditionArg: ArgDoc = {
  name: 'condition', type: 'oneof', optional: true, since: '7.0.0',
  arguments: [
    { name: 'nx', type: 'pure-token', token: 'NX' },
    { name: 'xx', type: 'pure-token', token: 'XX' },
    { name: 'gt', type: 'pure-token', token: 'GT' },
    { name: 'lt', type: 'pure-token', token: 'LT' },
  ],
};

function setter(
  name: string, since: string, summary: string, timeArg: ArgDoc, seconds: boolean, relative: boolean,
): CommandDef {
  return {
    name,
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@keyspace', '@write', '@fast'],
    group: 'generic',
    since,
    summary,
    complexity: 'O(1)',
    args: [keyArg, timeArg, conditionArg],
    shard(ctx, argv) {
      expireGeneric(ctx, argv, seconds, relative, name);
    },
  };
}

function getter(name: string, since: string, summary: string, ms: boolean, absolute: boolean): CommandDef {
  return {
    name,
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@keyspace', '@read', '@fast'],
    group: 'generic',
    since,
    summary,
    complexity: 'O(1)',
    args: [keyArg],
    shard(ctx, argv) {
      ttlGeneric(ctx, argv[1], ms, absolute);
    },
  };
}

register([
  setter('expire', '1.0.0', "Set a key's time to live in seconds", { name: 'seconds', type: 'integer' }, true, true),
  setter('pexpire', '2.6.0', "Set a key's time to live in milliseconds", { name: 'milliseconds', type: 'integer' }, false, true),
  setter(
    'expireat', '1.2.0', 'Set the expiration for a key as a UNIX timestamp',
    { name: 'unix-time-seconds', type: 'unix-time' }, true, false,
  ),
  setter(
    'pexpireat', '2.6.0', 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
    { name: 'unix-time-milliseconds', type: 'unix-time' }, false, false,
  ),
  getter('ttl', '1.0.0', 'Get the time to live for a key in seconds', false, false),
  getter('pttl', '2.6.0', 'Get the time to live for a key in milliseconds', true, false),
  getter('expiretime', '7.0.0', 'Get the expiration Unix timestamp for a key', false, true),
  getter('pexpiretime', '7.0.0', 'Get the expiration Unix timestamp for a key in milliseconds', true, true),
  {
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@keyspace', '@write', '@fast'],
    group: 'generic',
    since: '2.2.0',
    summary: 'Remove the expiration from a key',
    complexity: 'O(1)',
    args: [keyArg],
    shard(ctx, argv) {
      const key = argv[1];
      if (ctx.db.lookup(key, ctx.now) === undefined) {
        ctx.out.int(0);
        return;
      }
      ctx.out.int(ctx.db.persist(key) ? 1 : 0);
    },
  },
]);
