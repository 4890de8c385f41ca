/**
 * ValueCollector: a Reply that builds plain JS values instead of bytes.
 *
 * Used where a coordinator must look inside a shard's reply (merging MGET parts, counting DEL
 * results), for replies that cross threads (plain objects survive structured clone) and, later, by
 * scripts. Runs on any worker thread.
 *
 * Value mapping: bulk -> string (latin1), null bulk/array -> null, integer -> number,
 * simple -> {simple}, error -> {error}, array/set/push -> RespValue[], map -> flattened
 * RespValue[] (key, value, ...), double -> number (RESP3) or its bulk text (RESP2), bool -> boolean.
 */

import type { Reply } from './reply.ts';
import { formatDouble } from './writer.ts';

export interface SimpleValue { simple: string }
export interface ErrorValue { error: string }
export type RespValue = string | number | boolean | null | SimpleValue | ErrorValue | RespValue[];

export function isError(v: RespValue): v is ErrorValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'error' in v;
}

interface Frame {
  items: RespValue[];
  left: number;
}

export class ValueCollector implements Reply {
  proto: 2 | 3 = 2;
  errors = 0;
  readonly values: RespValue[] = [];
  private stack: Frame[] = [];

  private add(v: RespValue): void {
    let top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.values.push(v);
      return;
    }
    top.items.push(v);
    top.left--;
    while (top !== undefined && top.left === 0) {
      this.stack.pop();
      const done = top.items;
      top = this.stack[this.stack.length - 1];
      if (top === undefined) this.values.push(done);
      else {
        top.items.push(done);
        top.left--;
      }
    }
  }

  private open(n: number): void {
    if (n === 0) {
      this.add([]);
      return;
    }
    this.stack.push({ items: [], left: n });
  }

  simple(s: string): void { this.add({ simple: s }); }
  ok(): void { this.add({ simple: 'OK' }); }
  error(msg: string): void { this.errors++; this.add({ error: msg }); }
  int(n: number): void { this.add(n); }
  bulk(s: string): void { this.add(s); }
  bulkBuf(b: Uint8Array, len: number = b.length): void {
    this.add(Buffer.from(b.buffer, b.byteOffset, len).latin1Slice(0, len));
  }
  bulkInt(n: number): void { this.add(String(n)); }
  nil(): void { this.add(null); }
  nilArray(): void { this.add(null); }
  array(n: number): void { this.open(n); }
  map(n: number): void { this.open(n * 2); }
  set(n: number): void { this.open(n); }
  push(n: number): void { this.open(n); }
  double(d: number): void { this.add(this.proto === 3 ? d : formatDouble(d)); }
  bool(b: boolean): void { this.add(this.proto === 3 ? b : b ? 1 : 0); }
  verbatim(s: string): void { this.add(s); }
  bulks(items: readonly string[]): void {
    this.open(items.length);
    for (const s of items) this.add(s);
  }

  checkpoint(): number {
    return this.stack.length === 0 ? this.values.length : -1;
  }

  rollback(cp: number): void {
    this.stack = [];
    if (cp >= 0) this.values.length = cp;
  }

  raw(_b: Uint8Array): void {
    throw new Error('ValueCollector cannot take encoded replies');
  }

  /** The single value collected (for one command). */
  first(): RespValue {
    return this.values[0] ?? null;
  }
}

/** Writes a collected value back out through any Reply (used to re-emit merged results). */
export function writeValue(out: Reply, v: RespValue): void {
  if (v === null) out.nil();
  else if (typeof v === 'string') out.bulk(v);
  else if (typeof v === 'number') out.int(v);
  else if (typeof v === 'boolean') out.bool(v);
  else if (Array.isArray(v)) {
    out.array(v.length);
    for (const x of v) writeValue(out, x);
  } else if ('error' in v) out.error(v.error);
  else out.simple(v.simple);
}
