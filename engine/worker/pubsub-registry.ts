/**
 * Pub/Sub registry of one worker: which of this worker's connections listen to which channels,
 * patterns and shard channels, and the delivery of published messages to them.
 *
 * Runs on every worker thread; each worker only knows its own connections (a connection's
 * subscriptions live on the worker that accepted it). PUBLISH reaches the other workers through the
 * ungated mesh op 'pubsub.publish' (publishes of one event-loop turn batched per peer) and sums
 * their receiver counts; PUBSUB's views gather the other ops registered here.
 * HOT PATH: `deliver` (once per PUBLISH on every worker).
 *
 * Invariants:
 * - `channels`/`patterns`/`shardChannels` hold exactly the connections whose own sets
 *   (`conn.channels`, `conn.patterns`, `conn.shardChannels`) name that channel/pattern; an entry
 *   is removed as soon as its last connection leaves (so map sizes are the active counts).
 * - A message frame is encoded at most once per protocol version and per (pattern) frame kind for
 *   one publish, and the same immutable Buffer is written to every subscriber using it.
 * - Messages from one publisher reach a subscriber in publish order: local delivery is
 *   synchronous, remote delivery rides the mesh port (FIFO per worker pair) and runs ungated.
 * - A subscriber whose socket buffer goes over the pubsub client-output-buffer-limit (hard 32 MB,
 *   or soft 8 MB for 60 s, Redis's defaults) is disconnected.
 */

import type { Connection } from './connection.ts';
import { connectionHooks } from './connection.ts';
import { registerOp } from './mesh.ts';
import type { Reply } from '../resp/reply.ts';
import { compileGlob } from '../config/glob.ts';
import { log } from '../log.ts';
import { W } from './state.ts';

interface PatternEntry {
  match: (subject: string) => boolean;
  conns: Set<Connection>;
}

const channels = new Map<string, Set<Connection>>();
const patterns = new Map<string, PatternEntry>();
const shardChannels = new Map<string, Set<Connection>>();

// ---------------------------------------------------------------------------
// Output buffer limits (client-output-buffer-limit pubsub 32mb 8mb 60)

let hardLimit = 32 * 1024 * 1024;
let softLimit = 8 * 1024 * 1024;
let softSeconds = 60;
/** the smallest enabled limit: below it (and with no soft-limit timer running) nothing is checked */
let checkFrom = softLimit;
/** when each over-soft-limit subscriber first went over it (ms) */
const softSince = new Map<Connection, number>();

/** Sets the pubsub class output limits (bytes; 0 disables a limit). Called when config changes. */
export function setPubsubOutputLimits(hard: number, soft: number, seconds: number): void {
  hardLimit = hard;
  softLimit = soft;
  softSeconds = seconds;
  checkFrom = Math.min(hard > 0 ? hard : Infinity, soft > 0 ? soft : Infinity);
  softSince.clear();
}

function overLimit(c: Connection, used: number): boolean {
  if (hardLimit > 0 && used >= hardLimit) return true;
  if (softLimit > 0 && used >= softLimit) {
    const now = Date.now();
    const since = softSince.get(c);
    if (since === undefined) {
      softSince.set(c, now);
      return false;
    }
    return now - since > softSeconds * 1000;
  }
  softSince.delete(c);
  return false;
}

function dropSlowSubscriber(c: Connection): void {
  log('warning', `Client id=${c.id} addr=${c.peer} name=${c.name} scheduled to be closed ASAP for overcoming of output buffer limits.`);
  c.close();
  c.socket.destroy();
}

/** Writes a push to a subscriber (or into the publisher's own reply) and enforces the limits. */
function send(c: Connection, frame: Buffer, self: Connection | null, selfOut: Reply | null): void {
  if (c === self && selfOut !== null) {
    // a RESP3 client publishing to itself: Redis writes the push before the PUBLISH reply
    selfOut.raw(frame);
    return;
  }
  c.sendPush(frame);
  const used = c.socket.writableLength;
  if (used >= checkFrom || softSince.size !== 0) {
    if (overLimit(c, used)) dropSlowSubscriber(c);
  }
}

// ---------------------------------------------------------------------------
// Frame encoding: *3 $7 message $ch $msg / *4 $8 pmessage $pat $ch $msg / *3 $8 smessage ...
// RESP3 frames are the same bytes with '>' instead of '*'.

const HDR_MESSAGE = Buffer.from('*3\r\n$7\r\nmessage\r\n', 'latin1');
const HDR_PMESSAGE = Buffer.from('*4\r\n$8\r\npmessage\r\n', 'latin1');
const HDR_SMESSAGE = Buffer.from('*3\r\n$8\r\nsmessage\r\n', 'latin1');

function digitCount(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

function bulkSize(s: string): number {
  return 1 + digitCount(s.length) + 2 + s.length + 2;
}

function putBulk(b: Buffer, pos: number, s: string): number {
  b[pos++] = 36; // '$'
  pos += b.latin1Write(String(s.length), pos);
  b[pos++] = 13;
  b[pos++] = 10;
  if (s.length > 0) pos += b.latin1Write(s, pos);
  b[pos++] = 13;
  b[pos++] = 10;
  return pos;
}

/** A RESP2 push frame: header + 2 or 3 bulk strings (`a` may be null for two-part frames). */
function encodeFrame(hdr: Buffer, a: string | null, b: string, c: string): Buffer {
  const size = hdr.length + (a === null ? 0 : bulkSize(a)) + bulkSize(b) + bulkSize(c);
  const out = Buffer.allocUnsafe(size);
  hdr.copy(out, 0);
  let pos = hdr.length;
  if (a !== null) pos = putBulk(out, pos, a);
  pos = putBulk(out, pos, b);
  putBulk(out, pos, c);
  return out;
}

function toResp3(frame: Buffer): Buffer {
  const out = Buffer.allocUnsafe(frame.length);
  frame.copy(out, 0);
  out[0] = 62; // '>'
  return out;
}

// ---------------------------------------------------------------------------
// Delivery

/**
 * Delivers a PUBLISH to this worker's channel and pattern subscribers; returns how many received it
 * (a connection matching through several patterns counts once per pattern, as in Redis).
 * `self`/`selfOut`: the publishing connection and its reply, when it runs on this worker.
 */
export function deliver(channel: string, message: string, self: Connection | null = null, selfOut: Reply | null = null): number {
  let n = 0;
  const subs = channels.get(channel);
  if (subs !== undefined) {
    let f2: Buffer | null = null;
    let f3: Buffer | null = null;
    for (const c of subs) {
      f2 ??= encodeFrame(HDR_MESSAGE, null, channel, message);
      let f = f2;
      if (c.proto === 3) f = f3 ??= toResp3(f2);
      send(c, f, self, selfOut);
      n++;
    }
  }
  if (patterns.size !== 0) {
    for (const [pat, entry] of patterns) {
      if (!entry.match(channel)) continue;
      let f2: Buffer | null = null;
      let f3: Buffer | null = null;
      for (const c of entry.conns) {
        f2 ??= encodeFrame(HDR_PMESSAGE, pat, channel, message);
        let f = f2;
        if (c.proto === 3) f = f3 ??= toResp3(f2);
        send(c, f, self, selfOut);
        n++;
      }
    }
  }
  return n;
}

/** Delivers an SPUBLISH to this worker's shard-channel subscribers; returns the receiver count. */
export function deliverShard(channel: string, message: string, self: Connection | null = null, selfOut: Reply | null = null): number {
  const subs = shardChannels.get(channel);
  if (subs === undefined) return 0;
  let n = 0;
  let f2: Buffer | null = null;
  let f3: Buffer | null = null;
  for (const c of subs) {
    f2 ??= encodeFrame(HDR_SMESSAGE, null, channel, message);
    let f = f2;
    if (c.proto === 3) f = f3 ??= toResp3(f2);
    send(c, f, self, selfOut);
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Subscribing. Each returns true when the subscription is new.

function addTo(map: Map<string, Set<Connection>>, name: string, c: Connection): void {
  let s = map.get(name);
  if (s === undefined) map.set(name, (s = new Set()));
  s.add(c);
}

function removeFrom(map: Map<string, Set<Connection>>, name: string, c: Connection): void {
  const s = map.get(name);
  if (s === undefined) return;
  s.delete(c);
  if (s.size === 0) map.delete(name);
}

export function subscribeChannel(c: Connection, ch: string): boolean {
  if (c.channels.has(ch)) return false;
  c.channels.add(ch);
  addTo(channels, ch, c);
  return true;
}

export function unsubscribeChannel(c: Connection, ch: string): boolean {
  if (!c.channels.delete(ch)) return false;
  removeFrom(channels, ch, c);
  return true;
}

export function subscribePattern(c: Connection, pat: string): boolean {
  if (c.patterns.has(pat)) return false;
  c.patterns.add(pat);
  let e = patterns.get(pat);
  if (e === undefined) patterns.set(pat, (e = { match: compileGlob(pat), conns: new Set() }));
  e.conns.add(c);
  return true;
}

export function unsubscribePattern(c: Connection, pat: string): boolean {
  if (!c.patterns.delete(pat)) return false;
  const e = patterns.get(pat);
  if (e !== undefined) {
    e.conns.delete(c);
    if (e.conns.size === 0) patterns.delete(pat);
  }
  return true;
}

export function subscribeShardChannel(c: Connection, ch: string): boolean {
  if (c.shardChannels.has(ch)) return false;
  c.shardChannels.add(ch);
  addTo(shardChannels, ch, c);
  return true;
}

export function unsubscribeShardChannel(c: Connection, ch: string): boolean {
  if (!c.shardChannels.delete(ch)) return false;
  removeFrom(shardChannels, ch, c);
  return true;
}

/** Drops every subscription of a connection without notifying it (close, RESET). */
export function dropAll(c: Connection): void {
  softSince.delete(c);
  if (!c.inPubSub) return;
  for (const ch of c.channels) removeFrom(channels, ch, c);
  c.channels.clear();
  for (const pat of c.patterns) {
    const e = patterns.get(pat);
    if (e === undefined) continue;
    e.conns.delete(c);
    if (e.conns.size === 0) patterns.delete(pat);
  }
  c.patterns.clear();
  for (const ch of c.shardChannels) removeFrom(shardChannels, ch, c);
  c.shardChannels.clear();
}

connectionHooks.onClose.push(dropAll);

// ---------------------------------------------------------------------------
// Introspection of this worker (PUBSUB)

/** Active channel names on this worker, optionally filtered by a glob pattern. */
export function localChannels(shard: boolean, pattern: string | null): string[] {
  const map = shard ? shardChannels : channels;
  const out: string[] = [];
  if (pattern === null) {
    for (const name of map.keys()) out.push(name);
    return out;
  }
  const match = compileGlob(pattern);
  for (const name of map.keys()) if (match(name)) out.push(name);
  return out;
}

/** Subscriber counts on this worker for each named channel. */
export function localNumsub(shard: boolean, names: string[]): number[] {
  const map = shard ? shardChannels : channels;
  return names.map((n) => map.get(n)?.size ?? 0);
}

/** Patterns with subscribers on this worker. */
export function localPatterns(): string[] {
  return [...patterns.keys()];
}

// ---------------------------------------------------------------------------
// Mesh ops (ungated: pub/sub touches no keyspace data)

/** One batch of publishes: `kinds[i]` is 0 for PUBLISH, 1 for SPUBLISH; `args` holds channel, message pairs. */
interface PublishBatch {
  kinds: number[];
  args: string[];
}

registerOp('pubsub.publish', {
  gated: false,
  run(_shard, b: PublishBatch, respond) {
    const counts: number[] = new Array<number>(b.kinds.length);
    for (let i = 0; i < b.kinds.length; i++) {
      const ch = b.args[2 * i];
      const msg = b.args[2 * i + 1];
      counts[i] = b.kinds[i] === 0 ? deliver(ch, msg) : deliverShard(ch, msg);
    }
    respond(counts);
  },
});

// ---------------------------------------------------------------------------
// Publishing to the other workers. Publishes made during one event-loop turn (by any connection
// of this worker) travel as one batch per peer, flushed with setImmediate like the mesh's command
// batches: one message per peer per turn instead of one per publish. Batches leave in order and
// peers deliver their items in order, so per-publisher order holds.

interface Round {
  batch: PublishBatch;
  done: ((remote: number) => void)[];
}

let round: Round | null = null;

/**
 * Delivers a publish on every other worker; `done` gets the number of receivers there once all of
 * them answered. Only used with more than one shard.
 */
export function publishToPeers(shard: boolean, channel: string, message: string, done: (remote: number) => void): void {
  let r = round;
  if (r === null) {
    r = round = { batch: { kinds: [], args: [] }, done: [] };
    setImmediate(flushRound);
  }
  r.batch.kinds.push(shard ? 1 : 0);
  r.batch.args.push(channel, message);
  r.done.push(done);
}

function flushRound(): void {
  const r = round!;
  round = null;
  const n = r.done.length;
  const totals = new Array<number>(n).fill(0);
  let pending = W.shards - 1;
  const onCounts = (counts: number[]): void => {
    for (let i = 0; i < n; i++) totals[i] += counts[i];
    if (--pending === 0) for (let i = 0; i < n; i++) r.done[i](totals[i]);
  };
  for (let s = 0; s < W.shards; s++) if (s !== W.id) W.mesh.request<number[]>(s, 'pubsub.publish', r.batch).then(onCounts);
}

function ignoreCount(): void {}

/**
 * Publishes from anywhere on this worker (keyspace notifications, modules): delivers here at once
 * and on the other workers with the next batch. Returns the local receiver count.
 */
export function publishEverywhere(channel: string, message: string, shard = false): number {
  const n = shard ? deliverShard(channel, message) : deliver(channel, message);
  if (W.shards > 1) publishToPeers(shard, channel, message, ignoreCount);
  return n;
}

registerOp('pubsub.channels', {
  gated: false,
  run(_shard, a: { shard: boolean; pattern: string | null }, respond) {
    respond(localChannels(a.shard, a.pattern));
  },
});

registerOp('pubsub.numsub', {
  gated: false,
  run(_shard, a: { shard: boolean; names: string[] }, respond) {
    respond(localNumsub(a.shard, a.names));
  },
});

registerOp('pubsub.patterns', {
  gated: false,
  run(_shard, _a: null, respond) {
    respond(localPatterns());
  },
});
