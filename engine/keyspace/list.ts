/**
 * The list value: a growable ring buffer (deque) of latin1 strings.
 *
 * O(1) push and pop at both ends, O(1) access by index (LINDEX, LRANGE walk a contiguous range).
 * Capacity is a power of two so an index wraps with a mask; it doubles when full and halves when a
 * list shrinks to a quarter of it (never below MIN_CAP). Slots outside [head, head+len) hold ''
 * so popped strings are not kept alive and the backing array stays a packed array of strings.
 *
 * Encoding: Redis 7.0 stores every list as a quicklist (listpack-encoded lists arrived in 7.2), so
 * OBJECT ENCODING always answers "quicklist" — checked against redis-server 7.0.15.
 *
 * Runs on the owning shard's worker thread. HOT PATH: push/pop/at.
 */

import { Kind, type Collection, type Transfer } from './values.ts';
import { registerKind } from './transfer.ts';

const MIN_CAP = 8;

function emptySlots(n: number): string[] {
  return new Array<string>(n).fill('');
}

export class List implements Collection {
  readonly kind = Kind.List;
  private buf: string[];
  private mask: number;
  private head = 0;
  private len = 0;
  /** sum of element lengths, for memory estimates */
  private bytes = 0;

  constructor(capacity = MIN_CAP) {
    let cap = MIN_CAP;
    while (cap < capacity) cap *= 2;
    this.buf = emptySlots(cap);
    this.mask = cap - 1;
  }

  static from(items: readonly string[]): List {
    const l = new List(items.length);
    for (let i = 0; i < items.length; i++) l.pushBack(items[i]);
    return l;
  }

  get size(): number {
    return this.len;
  }

  encoding(): string {
    return 'quicklist';
  }

  memory(): number {
    return 64 + this.buf.length * 8 + this.len * 16 + this.bytes;
  }

  toTransfer(): Transfer {
    return { k: Kind.List, d: this.toArray() };
  }

  private resize(cap: number): void {
    const nb = emptySlots(cap);
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < this.len; i++) nb[i] = buf[(this.head + i) & mask];
    this.buf = nb;
    this.mask = cap - 1;
    this.head = 0;
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > MIN_CAP && this.len <= cap >>> 2) this.resize(cap >>> 1);
  }

  pushBack(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
    this.bytes += v.length;
  }

  pushFront(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.len++;
    this.bytes += v.length;
  }

  /** Removes and returns the first element; undefined when empty. */
  popFront(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = '';
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.bytes -= v.length;
    this.maybeShrink();
    return v;
  }

  /** Removes and returns the last element; undefined when empty. */
  popBack(): string | undefined {
    if (this.len === 0) return undefined;
    const i = (this.head + this.len - 1) & this.mask;
    const v = this.buf[i];
    this.buf[i] = '';
    this.len--;
    this.bytes -= v.length;
    this.maybeShrink();
    return v;
  }

  /** The element at index i (0-based from the head, 0 <= i < size). */
  at(i: number): string {
    return this.buf[(this.head + i) & this.mask];
  }

  /** Replaces the element at index i (0 <= i < size). */
  setAt(i: number, v: string): void {
    const j = (this.head + i) & this.mask;
    this.bytes += v.length - this.buf[j].length;
    this.buf[j] = v;
  }

  /** Inserts v so that it becomes element i (0 <= i <= size); O(min(i, size - i)). */
  insertAt(i: number, v: string): void {
    if (i === 0) return this.pushFront(v);
    if (i === this.len) return this.pushBack(v);
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const buf = this.buf;
    const mask = this.mask;
    if (i < this.len >>> 1) {
      // shift the first i elements one slot towards the front
      this.head = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) buf[(this.head + k) & mask] = buf[(this.head + k + 1) & mask];
    } else {
      for (let k = this.len; k > i; k--) buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
    }
    buf[(this.head + i) & mask] = v;
    this.len++;
    this.bytes += v.length;
  }

  /** Removes the element at index i (0 <= i < size) and returns it; O(min(i, size - i)). */
  removeAt(i: number): string {
    const buf = this.buf;
    const mask = this.mask;
    const v = buf[(this.head + i) & mask];
    if (i < this.len >>> 1) {
      for (let k = i; k > 0; k--) buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
      buf[this.head] = '';
      this.head = (this.head + 1) & mask;
    } else {
      for (let k = i; k < this.len - 1; k++) buf[(this.head + k) & mask] = buf[(this.head + k + 1) & mask];
      buf[(this.head + this.len - 1) & mask] = '';
    }
    this.len--;
    this.bytes -= v.length;
    this.maybeShrink();
    return v;
  }

  /** Elements [start, end] (inclusive, already clamped to the list) as an array. */
  range(start: number, end: number): string[] {
    const n = end - start + 1;
    if (n <= 0) return [];
    const out = new Array<string>(n);
    const buf = this.buf;
    const mask = this.mask;
    const base = this.head + start;
    for (let k = 0; k < n; k++) out[k] = buf[(base + k) & mask];
    return out;
  }

  toArray(): string[] {
    return this.range(0, this.len - 1);
  }
}

registerKind(Kind.List, (d) => List.from(d as string[]));
