/**
 * The set value: distinct latin1 strings with O(1) add, remove, membership and uniform random
 * pick (SPOP, SRANDMEMBER).
 *
 * Representation: a dense array of the members plus a Map member -> position in that array;
 * removal swaps the last member into the hole. (A plain JS Set cannot pick a random member
 * without walking it; the array makes SPOP O(1) like Redis's.)
 *
 * Encoding, as Redis 7.0 reports it: "intset" while every member is a canonical 64-bit integer
 * (string2ll rules) and the count is <= set-max-intset-entries; "hashtable" otherwise. Like Redis,
 * a set never goes back to intset once converted. The caller passes the threshold (commands/set.ts
 * caches it from the configuration). An intset is kept in ascending numeric order by Redis, so
 * iteration (SMEMBERS, SRANDMEMBER with a count >= size) follows that order here too while the
 * set is an intset; the sorted view is cached until the next change.
 *
 * Runs on the owning shard's worker thread. HOT PATH: add/delete/random.
 */

import { Kind, type Collection, type Transfer } from './values.ts';
import { registerKind } from './transfer.ts';

/** True when s is what Redis's string2ll accepts: a canonical integer within the int64 range. */
export function isInt64String(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  const neg = s.charCodeAt(0) === 45;
  if (neg) {
    if (n === 1) return false;
    i = 1;
  }
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return n === 1; // "0" only; no "-0", no leading zeros
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const digits = neg ? n - 1 : n;
  if (digits < 19) return true;
  if (digits > 19) return false;
  const body = neg ? s.slice(1) : s;
  return body <= (neg ? '9223372036854775808' : '9223372036854775807');
}

/** Orders canonical integer strings numerically. */
export function compareIntStrings(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  const bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  let r: number;
  if (a.length !== b.length) r = a.length < b.length ? -1 : 1;
  else r = a < b ? -1 : a > b ? 1 : 0;
  return an ? -r : r;
}

export interface SetTransfer {
  m: string[];
  i: boolean;
}

export class RSet implements Collection {
  readonly kind = Kind.Set;
  private items: string[] = [];
  private pos = new Map<string, number>();
  /** true while Redis would keep this set as an intset */
  intset: boolean;
  private bytes = 0;
  /** ascending view of an intset, or null when stale */
  private sorted: string[] | null = null;

  /** A new empty set; `intset` says whether Redis would start it as an intset. */
  constructor(intset: boolean) {
    this.intset = intset;
  }

  /** The empty set Redis creates for a first member `first` (setTypeCreate). */
  static forFirst(first: string): RSet {
    return new RSet(isInt64String(first));
  }

  static fromTransfer(t: SetTransfer): RSet {
    const s = new RSet(t.i);
    for (const m of t.m) s.insert(m);
    return s;
  }

  get size(): number {
    return this.items.length;
  }

  encoding(): string {
    return this.intset ? 'intset' : 'hashtable';
  }

  memory(): number {
    return 64 + this.items.length * 40 + this.bytes;
  }

  toTransfer(): Transfer {
    const d: SetTransfer = { m: this.items.slice(), i: this.intset };
    return { k: Kind.Set, d };
  }

  has(m: string): boolean {
    return this.pos.has(m);
  }

  private insert(m: string): void {
    this.pos.set(m, this.items.length);
    this.items.push(m);
    this.bytes += m.length;
  }

  /**
   * Adds m; false if it was already there. `maxIntset` is set-max-intset-entries: the set leaves
   * the intset encoding when m is not an integer or the count goes above it.
   */
  add(m: string, maxIntset: number): boolean {
    if (this.pos.has(m)) return false;
    this.insert(m);
    if (this.intset) {
      if (!isInt64String(m) || this.items.length > maxIntset) {
        this.intset = false;
        this.sorted = null;
      } else this.sorted = null;
    }
    return true;
  }

  delete(m: string): boolean {
    const i = this.pos.get(m);
    if (i === undefined) return false;
    this.removeIndex(i);
    return true;
  }

  private removeIndex(i: number): string {
    const items = this.items;
    const m = items[i];
    const last = items.pop()!;
    if (i < items.length) {
      items[i] = last;
      this.pos.set(last, i);
    }
    this.pos.delete(m);
    this.bytes -= m.length;
    this.sorted = null;
    return m;
  }

  /** A uniformly random member (the set must not be empty). */
  random(): string {
    return this.items[Math.floor(Math.random() * this.items.length)];
  }

  /** Removes and returns a uniformly random member (the set must not be empty). */
  popRandom(): string {
    return this.removeIndex(Math.floor(Math.random() * this.items.length));
  }

  /** `count` distinct random members (count < size), in random order. */
  randomDistinct(count: number): string[] {
    const n = this.items.length;
    const out: string[] = new Array(count);
    if (count * 3 > n) {
      // partial Fisher-Yates over a copy
      const copy = this.items.slice();
      for (let k = 0; k < count; k++) {
        const j = k + Math.floor(Math.random() * (n - k));
        const t = copy[j];
        copy[j] = copy[k];
        copy[k] = t;
        out[k] = t;
      }
      return out;
    }
    const picked = new Set<number>();
    let k = 0;
    while (k < count) {
      const j = Math.floor(Math.random() * n);
      if (picked.has(j)) continue;
      picked.add(j);
      out[k++] = this.items[j];
    }
    return out;
  }

  /** Every member, in the order Redis iterates this encoding (ascending for an intset). */
  members(): readonly string[] {
    if (!this.intset) return this.items;
    if (this.sorted === null) this.sorted = this.items.slice().sort(compareIntStrings);
    return this.sorted;
  }
}

registerKind(Kind.Set, (d) => RSet.fromTransfer(d as SetTransfer));
