/**
 * Connection: one client socket accepted by this worker — its protocol state, its session state
 * (db, auth, name, MULTI queue, WATCHes, subscriptions, reply mode) and the ordered queue of its
 * replies.
 *
 * Runs on the worker that accepted the socket. HOT PATH: onData -> process -> dispatch -> run.
 * Invariants:
 * - Replies leave in the order the commands arrived. Inline replies are written to the worker's
 *   scratch writer; a command answered later (forwarded to another shard, fanned out, multi-shard)
 *   reserves a slot in `outq`, and output stops at the first unfilled slot.
 * - A command on another shard's keys is forwarded and the connection goes on parsing; a command
 *   that needs the connection's earlier commands to be complete (multi-shard, fan-out, EXEC) waits
 *   until `outstanding` is 0, and parsing stops until it finishes (`waiting`).
 * - The worker's scratch writer is empty whenever no connection is inside `process`.
 */

import type { Socket } from 'node:net';
import { RequestParser } from '../resp/parser.ts';
import { RespWriter } from '../resp/writer.ts';
import type { Reply } from '../resp/reply.ts';
import { lookup, keyPositions } from '../commands/registry.ts';
import type { Command } from '../commands/types.ts';
import { Err } from '../errors.ts';
import { keySlot } from '../slots.ts';
import { W } from './state.ts';
import type { ReplySlot } from './mesh.ts';
import { runMultiShard } from './multishard.ts';
import { nextClientId } from './ids.ts';
import { cached } from '../commands/util/config-cache.ts';
import { now as clockNow, freezeClock, thawClock } from './clock.ts';

export interface QueuedCommand {
  cmd: Command;
  argv: string[];
}

export interface WatchRecord {
  db: number;
  key: string;
  shard: number;
  version: number;
  /** the key existed (and was not expired) when WATCHed */
  existed: boolean;
  /** its expiry time then, or -1 */
  expireAt: number;
}

interface Slot extends ReplySlot {
  /** CLIENT REPLY OFF/SKIP was in force: drop this reply */
  discard: boolean;
  forwarded: boolean;
}

/** Hooks other modules install (pub/sub, monitor) without a dependency cycle. */
export const connectionHooks = {
  onClose: [] as ((c: Connection) => void)[],
  /** called for every dispatched command when some connection anywhere is in MONITOR mode */
  monitor: null as ((c: Connection, argv: string[]) => void) | null,
};

let scratchBusy = false;

let queryBufferLimit = 0;
const loadLimits = cached((c) => {
  queryBufferLimit = c.int('client-query-buffer-limit');
});

/** connections held back by CLIENT PAUSE on this worker */
export const pausedConnections = new Set<Connection>();

/** Ends or re-checks a CLIENT PAUSE on this worker: held connections go on (or wait again). */
export function releasePaused(): void {
  const held = [...pausedConnections];
  pausedConnections.clear();
  for (const c of held) c.resumeFromPause();
}

export class Connection {
  readonly id: number;
  readonly parser: RequestParser;
  proto: 2 | 3 = 2;
  dbIndex = 0;
  authenticated: boolean;
  user = 'default';
  name = '';
  libName = '';
  libVer = '';
  readonly peer: string;
  readonly local: string;
  readonly fd: number;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  lastCommand = 'NULL';
  /** MULTI queue, or null outside MULTI */
  multi: QueuedCommand[] | null = null;
  multiError = false;
  watches: WatchRecord[] = [];
  /** the txn id of the multi-shard EXEC this connection is running (fan-outs pass it on), or 0 */
  activeTxn = 0;
  /** set by a write to a watched key in this connection's own shard */
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  replyMode: 'on' | 'off' | 'skip' = 'on';
  private skipNext = false;
  noEvict = false;
  noTouch = false;
  monitor = false;
  closeAfterReply = false;
  closed = false;
  /** flags shown in CLIENT LIST */
  killed = false;

  private outq: (Buffer | Slot)[] = [];
  private outstanding = 0;
  private waiting = false;
  private waitingForBarrier = false;
  /** a command to run first when processing resumes (deferred for a barrier or a busy shard) */
  private pending: QueuedCommand | null = null;
  private inProcess = false;
  private heldByPause = false;
  private again = false;
  private writer: RespWriter | null = null;

  readonly socket: Socket;
  constructor(socket: Socket) {
    this.socket = socket;
    this.id = nextClientId();
    this.parser = new RequestParser(W.config.int('proto-max-bulk-len'));
    this.authenticated = W.requirepass === '';
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    this.local = `${socket.localAddress}:${socket.localPort}`;
    const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
    this.fd = handle?.fd ?? -1;
    socket.setNoDelay(true);
    socket.on('drain', () => socket.resume());
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  get inPubSub(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size !== 0;
  }

  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }

  /** Bytes from the socket. `chunk` is the worker's shared read buffer: nothing may keep it. */
  onData(chunk: Buffer): void {
    W.stats.netInputBytes += chunk.length;
    this.lastInteraction = Date.now();
    this.parser.feed(chunk);
    loadLimits();
    if (this.parser.pendingBytes > queryBufferLimit) {
      // Redis closes such a client without a reply
      this.close();
      return;
    }
    try {
      this.process();
      this.parser.detach();
    } catch (e) {
      // never let one connection's failure take the worker down
      process.stderr.write(`dcs-engine: connection ${this.id} failed: ${(e as Error).stack ?? String(e)}\n`);
      this.close();
    }
  }

  /** Parses and runs as many complete commands as are buffered. */
  process(): void {
    if (this.inProcess) {
      this.again = true;
      return;
    }
    if (this.closed) return;
    this.inProcess = true;
    let w: RespWriter;
    if (!scratchBusy) {
      scratchBusy = true;
      w = W.scratch;
    } else {
      w = new RespWriter(1024);
    }
    this.writer = w;
    try {
      freezeClock();
      do {
        this.again = false;
        w.proto = this.proto;
        if (this.pending !== null && !this.waiting) {
          const p = this.pending;
          this.pending = null;
          if (this.heldByPause) {
            this.heldByPause = false;
            pausedConnections.delete(this);
            if (W.pauseUntil !== 0 && this.pausedFor(p.cmd)) {
              this.heldByPause = true;
              this.pending = p;
              this.waiting = true;
              pausedConnections.add(this);
            } else this.run(p.cmd, p.argv, w);
          } else this.run(p.cmd, p.argv, w);
        }
        while (!this.waiting && !this.closed) {
          const argv = this.parser.next();
          if (argv === null) break;
          if (argv.length === 0) continue;
          this.dispatch(argv, w);
          w.proto = this.proto;
        }
        if (this.parser.error !== null && !this.waiting && !this.closed && !this.closeAfterReply) {
          w.error(`ERR ${this.parser.error}`);
          this.closeAfterReply = true;
        }
      } while (this.again && !this.closed);
      this.finishOutput(w);
    } finally {
      thawClock();
      this.writer = null;
      if (w === W.scratch) scratchBusy = false;
      this.inProcess = false;
    }
  }

  private dispatch(argv: string[], w: RespWriter): void {
    if (this.replyMode === 'on' && !this.skipNext) {
      this.dispatchCommand(argv, w);
      return;
    }
    // CLIENT REPLY OFF / SKIP: the decision is taken when the reply would be sent, so
    // CLIENT REPLY ON is answered and CLIENT REPLY OFF is not; errors are suppressed too
    const skipThis = this.skipNext;
    this.skipNext = false;
    const mark = w.pos;
    const queuedBefore = this.outq.length;
    this.dispatchCommand(argv, w);
    if (this.replyMode === 'off' || skipThis) {
      if (w.pos >= mark) w.pos = mark;
      for (let k = queuedBefore; k < this.outq.length; k++) {
        const item = this.outq[k];
        if (!(item instanceof Buffer) && (item as Slot).data === null) (item as Slot).discard = true;
      }
    }
  }

  private dispatchCommand(argv: string[], w: RespWriter): void {
    W.stats.commandsProcessed++;
    const name = argv[0];
    let cmd = lookup(name);
    if (cmd === undefined) {
      this.reject(w, Err.UNKNOWN_COMMAND(name, argv));
      return;
    }
    if (cmd.subs !== null && (argv.length >= 2 || (cmd.conn === undefined && cmd.shard === undefined))) {
      if (argv.length < 2) {
        this.reject(w, Err.WRONG_ARGS(cmd.name));
        return;
      }
      const sub = cmd.subs.get(argv[1].toLowerCase());
      if (sub === undefined) {
        this.reject(w, Err.UNKNOWN_SUBCOMMAND(argv[1], cmd.name));
        return;
      }
      cmd = sub;
    }
    const arity = cmd.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) {
      cmd.stats.rejected++;
      this.reject(w, Err.WRONG_ARGS(cmd.fullName));
      return;
    }
    if (!this.authenticated && !cmd.flagSet.has('no_auth')) {
      cmd.stats.rejected++;
      this.reject(w, Err.NOAUTH);
      return;
    }
    if (connectionHooks.monitor !== null) connectionHooks.monitor(this, argv);
    if (this.multi !== null && !cmd.flagSet.has('multi-control')) {
      if (cmd.flagSet.has('no_multi')) {
        cmd.stats.rejected++;
        this.reject(w, Err.NOT_IN_MULTI(cmd.fullName));
        return;
      }
      this.multi.push({ cmd, argv });
      w.simple('QUEUED');
      return;
    }
    if (this.proto === 2 && this.inPubSub && !cmd.flagSet.has('pubsub-context')) {
      cmd.stats.rejected++;
      this.reject(w, Err.SUBSCRIBE_CONTEXT(cmd.fullName));
      return;
    }
    this.lastCommand = cmd.fullName;
    if (W.pauseUntil !== 0 && this.pausedFor(cmd)) {
      this.pending = { cmd, argv };
      this.waiting = true;
      this.heldByPause = true;
      pausedConnections.add(this);
      return;
    }
    this.run(cmd, argv, w);
  }

  /** CLIENT PAUSE: does the pause in force hold this command back? */
  private pausedFor(cmd: Command): boolean {
    if (Date.now() >= W.pauseUntil) {
      W.pauseUntil = 0;
      return false;
    }
    if (W.pauseMode === 'all') return true;
    return cmd.write || cmd.name === 'publish' || cmd.name === 'eval' || cmd.name === 'evalsha';
  }

  /** Lets a connection held by CLIENT PAUSE go on. */
  resumeFromPause(): void {
    if (!this.heldByPause) return;
    this.waiting = false;
    this.process();
  }

  /** A command refused before it ran: inside MULTI this also dooms the transaction. */
  private reject(w: Reply, msg: string): void {
    if (this.multi !== null) this.multiError = true;
    w.error(msg);
    countError(msg);
  }

  /** Runs a validated command where it belongs. */
  private run(cmd: Command, argv: string[], w: RespWriter): void {
    if (cmd.conn !== undefined) {
      if (cmd.flagSet.has('fanout')) {
        this.runFanout(cmd, argv);
        return;
      }
      const before = w.errors;
      const mark = w.pos;
      const t0 = performance.now();
      try {
        cmd.conn(this, argv, w);
      } catch (e) {
        w.rollback(mark);
        w.error(`ERR internal error in '${cmd.fullName}': ${(e as Error).message}`);
        process.stderr.write(`dcs-engine: command ${cmd.fullName} failed: ${(e as Error).stack ?? String(e)}\n`);
      }
      this.account(cmd, argv, t0);
      freezeClock(); // a connection-level command may have taken a while (DEBUG SLEEP)
      if (w.errors !== before) {
        cmd.stats.failed++;
        countError(w.lastErrorCode);
      }
      return;
    }
    const target = this.targetShard(cmd, argv);
    const shard = W.shard;
    if (target === W.id) {
      if (shard.busy) {
        this.pending = { cmd, argv };
        this.waiting = true;
        shard.enqueue(() => {
          this.waiting = false;
          this.process();
        });
        return;
      }
      const before = w.errors;
      shard.execute(cmd, argv, this.dbIndex, w, this);
      if (w.errors !== before) countError(w.lastErrorCode);
      return;
    }
    if (target >= 0) {
      const slot = this.reserve(true);
      this.outstanding++;
      W.mesh.forward(target, slot, this.dbIndex, this.proto, argv);
      return;
    }
    // keys on several shards
    if (this.outstanding > 0) {
      this.deferUntilBarrier(cmd, argv);
      return;
    }
    const slot = this.reserve(false);
    const out = new RespWriter(1024);
    out.proto = this.proto;
    this.waiting = true;
    runMultiShard(this, cmd, argv, out).then(
      () => this.completeAsync(slot, out),
      (e: unknown) => {
        out.error(`ERR internal error: ${(e as Error).message}`);
        this.completeAsync(slot, out);
      },
    );
  }

  /** -1 when the keys span several shards; the shard id otherwise (this worker for keyless). */
  targetShard(cmd: Command, argv: string[]): number {
    if (W.shards === 1 || cmd.firstKey === 0 && cmd.getKeys === undefined) return W.id;
    if (cmd.getKeys === undefined && cmd.lastKey === cmd.firstKey) {
      if (argv.length <= cmd.firstKey) return W.id;
      return W.slotOwner[keySlot(argv[cmd.firstKey])];
    }
    const pos = keyPositions(cmd, argv);
    if (pos.length === 0) return W.id;
    const first = W.slotOwner[keySlot(argv[pos[0]])];
    for (let i = 1; i < pos.length; i++) {
      if (W.slotOwner[keySlot(argv[pos[i]])] !== first) return -1;
    }
    return first;
  }

  private runFanout(cmd: Command, argv: string[]): void {
    if (this.outstanding > 0) {
      this.deferUntilBarrier(cmd, argv);
      return;
    }
    const out = new RespWriter(1024);
    out.proto = this.proto;
    let r: void | Promise<void>;
    const t0 = performance.now();
    try {
      r = cmd.conn!(this, argv, out);
    } catch (e) {
      out.error(`ERR internal error: ${(e as Error).message}`);
      r = undefined;
    }
    if (!(r instanceof Promise)) {
      this.account(cmd, argv, t0);
      // finished synchronously (one shard, or nothing to ask): no slot, no extra write
      if (out.errors > 0) countError(out.lastErrorCode);
      this.writer!.raw(out.buf.subarray(0, out.pos));
      return;
    }
    const slot = this.reserve(false);
    this.waiting = true;
    r.then(
      () => {
        this.account(cmd, argv, t0);
        this.completeAsync(slot, out);
      },
      (e: unknown) => {
        out.error(`ERR internal error: ${(e as Error).message}`);
        this.account(cmd, argv, t0);
        this.completeAsync(slot, out);
      },
    );
  }

  /** commandstats and slowlog for a command run on the connection's worker */
  private account(cmd: Command, argv: string[], t0: number): void {
    const usec = (performance.now() - t0) * 1000;
    cmd.stats.calls++;
    cmd.stats.usec += usec;
    const shard = W.shard;
    if (shard.slowlogSlowerThan >= 0 && usec >= shard.slowlogSlowerThan && !cmd.flagSet.has('skip_slowlog')) {
      shard.slowlog.add(argv, usec, this);
    }
  }

  private completeAsync(slot: Slot, out: RespWriter): void {
    if (out.errors > 0) countError(out.lastErrorCode);
    slot.data = out.take();
    this.waiting = false;
    this.flushQueue();
    this.process();
  }

  private deferUntilBarrier(cmd: Command, argv: string[]): void {
    this.pending = { cmd, argv };
    this.waiting = true;
    this.waitingForBarrier = true;
  }

  /** Reserves a reply position after everything written so far. */
  reserve(forwarded: boolean): Slot {
    const w = this.writer;
    if (w !== null && w.pos > 0) this.outq.push(w.take());
    const slot: Slot = { data: null, owner: this, discard: false, forwarded };
    this.outq.push(slot);
    return slot;
  }

  /** Called by the mesh when a forwarded command's reply arrived. */
  onSlotFilled(): void {
    this.outstanding--;
    this.flushQueue();
    if (this.outstanding === 0 && this.waitingForBarrier) {
      this.waitingForBarrier = false;
      this.waiting = false;
      this.process();
    }
  }

  private finishOutput(w: RespWriter): void {
    if (this.outq.length === 0) {
      if (w.pos > 0) this.writeOut(w.take());
      else if (this.closeAfterReply) this.endSoon();
      return;
    }
    if (w.pos > 0) this.outq.push(w.take());
    this.flushQueue();
  }

  /** Writes every reply that is ready, in order, stopping at the first that is not. */
  flushQueue(): void {
    const q = this.outq;
    let i = 0;
    const parts: Buffer[] = [];
    for (; i < q.length; i++) {
      const item = q[i];
      if (item instanceof Buffer) parts.push(item);
      else {
        const slot = item as Slot;
        if (slot.data === null) break;
        if (!slot.discard) parts.push(slot.data);
      }
    }
    if (i === 0) return;
    if (i === q.length) this.outq = [];
    else q.splice(0, i);
    if (parts.length === 1) this.writeOut(parts[0]);
    else if (parts.length > 1) this.writeOut(Buffer.concat(parts));
    else if (this.closeAfterReply && this.outq.length === 0) this.endSoon();
  }

  /** Sends bytes to the client now (also used for pub/sub pushes). */
  writeOut(b: Buffer): void {
    if (this.closed) return;
    W.stats.netOutputBytes += b.length;
    const ok = this.socket.write(b);
    if (!ok) this.socket.pause();
    if (this.closeAfterReply && this.outq.length === 0) this.endSoon();
  }

  private endSoon(): void {
    if (this.closed) return;
    this.socket.end();
    this.close();
  }

  /** Sends an out-of-band message (pub/sub, invalidation) unless replies are switched off. */
  sendPush(b: Buffer): void {
    if (this.writer !== null) this.writer.raw(b); // inside process(): keep it in reply order
    else if (this.outq.length === 0) this.writeOut(b);
    else this.outq.push(b);
  }

  skipNextReply(): void {
    this.skipNext = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.parser.reset();
    this.socket.destroySoon();
    W.connections.delete(this.id);
    pausedConnections.delete(this);
    Atomics.sub(W.clientCount, 0, 1);
    for (const h of connectionHooks.onClose) h(this);
  }

  /** Seconds since the connection was made (CLIENT LIST age). */
  age(): number {
    return Math.floor((clockNow() - this.createdAt) / 1000);
  }

  queryBufferLength(): number {
    return this.parser.pendingBytes;
  }

  outputQueueLength(): number {
    return this.outq.length;
  }
}

/** INFO errorstats: counts error replies by their code. */
export function countError(codeOrMsg: string): void {
  const sp = codeOrMsg.indexOf(' ');
  const code = sp < 0 ? codeOrMsg : codeOrMsg.slice(0, sp);
  const m = W.stats.errorReplies;
  m.set(code, (m.get(code) ?? 0) + 1);
}
