/**
 * Mesh: messaging between shard workers.
 *
 * Owns one MessagePort per peer worker, the per-peer outgoing command batches and the table of
 * requests awaiting an answer. Runs on every worker thread. HOT PATH: `forward` and batch replies.
 *
 * Two kinds of traffic:
 * - Batches (single-shard commands of local connections whose keys live on a peer): encoded as RESP
 *   frames into one buffer per peer, flushed once per event-loop turn (setImmediate), executed by
 *   the peer in arrival order, answered with one buffer of reply bytes and the end offset of each.
 * - Requests (`op` + args): lock/unlock/exec/export/import for multi-shard operations and the
 *   fan-outs of global views (DBSIZE, KEYS, SCAN, INFO, PUBLISH, CLIENT LIST ...). A request whose
 *   op is `gated` waits behind the shard's lock and queue unless it carries the lock holder's txn.
 *
 * Invariant: messages between two workers are delivered in send order (one port per pair), and a
 * shard runs what arrives in order, so a connection's commands to one shard keep their order.
 */

import type { MessagePort } from 'node:worker_threads';
import { RespWriter } from '../resp/writer.ts';
import { RequestParser } from '../resp/parser.ts';
import { resolve } from '../commands/registry.ts';
import type { Shard } from './shard.ts';
import { freezeClock, thawClock } from './clock.ts';

/** A reply position in a connection's output queue. */
export interface ReplySlot {
  data: Buffer | null;
  owner: { onSlotFilled(): void };
}

export interface OpHandler {
  gated: boolean;
  run(shard: Shard, args: any, respond: (result: unknown, transfer?: ArrayBuffer[]) => void): void;
}

interface PeerBatch {
  w: RespWriter;
  meta: number[];
  slots: ReplySlot[];
}

interface BatchMsg { t: 'b'; id: number; buf: Uint8Array; meta: Int32Array }
interface BatchReply { t: 'br'; id: number; buf: Uint8Array; ends: Int32Array }
interface ReqMsg { t: 'q'; id: number; op: string; txn: number; a: unknown }
interface ReqReply { t: 'a'; id: number; r: unknown }
type MeshMsg = BatchMsg | BatchReply | ReqMsg | ReqReply;

const ops = new Map<string, OpHandler>();

/** Registers a request handler (module load time, on every worker). */
export function registerOp(name: string, handler: OpHandler): void {
  if (ops.has(name)) throw new Error(`mesh op ${name} registered twice`);
  ops.set(name, handler);
}

export class Mesh {
  private batches: (PeerBatch | null)[];
  private inflightBatches = new Map<number, ReplySlot[]>();
  private inflight = new Map<number, (r: unknown) => void>();
  private nextId = 1;
  private flushScheduled = false;
  private readonly execWriter = new RespWriter(64 * 1024);
  private readonly execParser = new RequestParser(Number.MAX_SAFE_INTEGER);

  readonly self: number;
  readonly peers: (MessagePort | null)[];
  readonly shard: Shard;
  constructor(self: number, peers: (MessagePort | null)[], shard: Shard) {
    this.self = self;
    this.peers = peers;
    this.shard = shard;
    this.batches = peers.map(() => null);
    for (const p of peers) {
      if (p === null) continue;
      p.on('message', (m: MeshMsg) => this.onMessage(p, m));
    }
  }

  /** Stops the ports so the worker can exit. */
  close(): void {
    for (const p of this.peers) p?.close();
  }

  /** Queues a single-shard command for a peer; its reply will fill `slot`. */
  forward(peer: number, slot: ReplySlot, dbIndex: number, proto: number, argv: string[]): void {
    let b = this.batches[peer];
    if (b === null) {
      b = { w: new RespWriter(16 * 1024), meta: [], slots: [] };
      this.batches[peer] = b;
    }
    b.w.array(argv.length);
    for (let i = 0; i < argv.length; i++) b.w.bulk(argv[i]);
    b.meta.push(dbIndex, proto);
    b.slots.push(slot);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    for (let p = 0; p < this.batches.length; p++) {
      const b = this.batches[p];
      if (b === null || b.slots.length === 0) continue;
      const id = this.nextId++;
      const buf = new Uint8Array(b.w.pos);
      buf.set(b.w.buf.subarray(0, b.w.pos));
      b.w.reset();
      const meta = Int32Array.from(b.meta);
      b.meta.length = 0;
      this.inflightBatches.set(id, b.slots);
      b.slots = [];
      const msg: BatchMsg = { t: 'b', id, buf, meta };
      this.peers[p]!.postMessage(msg, [buf.buffer, meta.buffer]);
    }
  };

  /** Sends a request to a shard (this one included) and resolves with its answer. */
  request<T>(shard: number, op: string, args: unknown, txn = 0): Promise<T> {
    return new Promise<T>((resolve) => {
      if (shard === this.self) {
        this.runOp(op, txn, args, (r) => resolve(r as T));
        return;
      }
      const id = this.nextId++;
      this.inflight.set(id, resolve as (r: unknown) => void);
      const msg: ReqMsg = { t: 'q', id, op, txn, a: args };
      this.peers[shard]!.postMessage(msg);
    });
  }

  /** Sends the same request to every shard and gathers the answers in shard order. */
  all<T>(op: string, args: unknown, txn = 0): Promise<T[]> {
    const ps: Promise<T>[] = [];
    for (let s = 0; s < this.peers.length; s++) ps.push(this.request<T>(s, op, args, txn));
    return Promise.all(ps);
  }

  private runOp(op: string, txn: number, args: unknown, respond: (r: unknown, transfer?: ArrayBuffer[]) => void): void {
    const h = ops.get(op);
    if (h === undefined) throw new Error(`unknown mesh op ${op}`);
    const shard = this.shard;
    if (!h.gated || (txn !== 0 && shard.lockedBy === txn) || !shard.busy) {
      h.run(shard, args, respond);
      return;
    }
    shard.enqueue(() => h.run(shard, args, respond));
  }

  private onMessage(port: MessagePort, m: MeshMsg): void {
    switch (m.t) {
      case 'b': {
        const shard = this.shard;
        if (shard.busy) shard.enqueue(() => this.runBatch(port, m));
        else this.runBatch(port, m);
        return;
      }
      case 'br': {
        const slots = this.inflightBatches.get(m.id)!;
        this.inflightBatches.delete(m.id);
        const all = Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
        let start = 0;
        for (let i = 0; i < slots.length; i++) {
          const end = m.ends[i];
          slots[i].data = all.subarray(start, end);
          start = end;
        }
        for (let i = 0; i < slots.length; i++) slots[i].owner.onSlotFilled();
        return;
      }
      case 'q':
        this.runOp(m.op, m.txn, m.a, (r, transfer) => {
          const reply: ReqReply = { t: 'a', id: m.id, r };
          port.postMessage(reply, transfer ?? []);
        });
        return;
      case 'a': {
        const cb = this.inflight.get(m.id)!;
        this.inflight.delete(m.id);
        cb(m.r);
        return;
      }
    }
  }

  /** Executes a peer's batch on this shard and answers with the reply bytes. */
  private runBatch(port: MessagePort, m: BatchMsg): void {
    const w = this.execWriter;
    const p = this.execParser;
    const shard = this.shard;
    w.reset();
    p.reset();
    p.feed(Buffer.from(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength));
    const n = m.meta.length >> 1;
    const ends = new Int32Array(n);
    freezeClock();
    for (let i = 0; i < n; i++) {
      const argv = p.next()!;
      w.proto = m.meta[2 * i + 1] as 2 | 3;
      const cmd = resolve(argv)!;
      shard.execute(cmd, argv, m.meta[2 * i], w, null);
      ends[i] = w.pos;
    }
    thawClock();
    const buf = new Uint8Array(w.pos);
    buf.set(w.buf.subarray(0, w.pos));
    const reply: BatchReply = { t: 'br', id: m.id, buf, ends };
    port.postMessage(reply, [buf.buffer, ends.buffer]);
  }
}
