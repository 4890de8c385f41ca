/**
 * The hash value: field -> value, both latin1 strings, in a Map (insertion order, which is also
 * the order a Redis listpack-encoded hash iterates in: new fields go to the end, updates stay in
 * place).
 *
 * Encoding, as Redis 7.0 reports it: "listpack" while the hash has <= hash-max-listpack-entries
 * fields and no field or value longer than hash-max-listpack-value bytes; "hashtable" after, for
 * good (Redis never converts back). The caller passes both thresholds (commands/hash.ts caches
 * them from the configuration).
 *
 * Runs on the owning shard's worker thread. HOT PATH: set/get.
 */

import { Kind, type Collection, type Transfer } from './values.ts';
import { registerKind } from './transfer.ts';

export interface HashTransfer {
  /** field, value, field, value ... */
  p: string[];
  l: boolean;
}

export class Hash implements Collection {
  readonly kind = Kind.Hash;
  readonly map = new Map<string, string>();
  /** true while Redis would keep this hash as a listpack */
  listpack = true;
  private bytes = 0;

  static fromTransfer(t: HashTransfer): Hash {
    const h = new Hash();
    h.listpack = t.l;
    const p = t.p;
    for (let i = 0; i + 1 < p.length; i += 2) h.map.set(p[i], p[i + 1]);
    for (let i = 0; i < p.length; i++) h.bytes += p[i].length;
    return h;
  }

  get size(): number {
    return this.map.size;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  memory(): number {
    return 64 + this.map.size * 48 + this.bytes;
  }

  toTransfer(): Transfer {
    const p: string[] = [];
    for (const [f, v] of this.map) p.push(f, v);
    const d: HashTransfer = { p, l: this.listpack };
    return { k: Kind.Hash, d };
  }

  get(field: string): string | undefined {
    return this.map.get(field);
  }

  has(field: string): boolean {
    return this.map.has(field);
  }

  /**
   * Sets field to value; true when the field is new. `maxEntries`/`maxValue` are
   * hash-max-listpack-entries/-value: a listpack hash converts when a field or value is longer
   * than maxValue or the count goes above maxEntries.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    const old = this.map.get(field);
    this.map.set(field, value);
    if (old === undefined) this.bytes += field.length + value.length;
    else this.bytes += value.length - old.length;
    if (this.listpack && (field.length > maxValue || value.length > maxValue || this.map.size > maxEntries)) {
      this.listpack = false;
    }
    return old === undefined;
  }

  /**
   * HSET checks every argument's length before writing anything (hashTypeTryConversion), so a
   * too-long value converts the hash even when its field is written earlier in the same call.
   */
  convertIfLong(s: string, maxValue: number): void {
    if (this.listpack && s.length > maxValue) this.listpack = false;
  }

  delete(field: string): boolean {
    const old = this.map.get(field);
    if (old === undefined) return false;
    this.map.delete(field);
    this.bytes -= field.length + old.length;
    return true;
  }
}

registerKind(Kind.Hash, (d) => Hash.fromTransfer(d as HashTransfer));
