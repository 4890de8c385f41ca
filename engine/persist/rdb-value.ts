/**
 * RDB value payloads: how one value is written (the encodings Redis 7.0 writes), how a payload is
 * skipped without decoding (the loader's framing pass), and how it is decoded (every encoding of
 * RDB versions 1 to 11) into an engine value.
 *
 * Writing, per value (Redis 7.0's choices):
 * - strings: RDB_TYPE_STRING (int encodings, LZF per rdbcompression: see rdb-format.ts);
 * - lists: RDB_TYPE_LIST_QUICKLIST_2, packed listpack nodes split as Redis's quicklist splits
 *   them for `list-max-listpack-size`;
 * - sets: RDB_TYPE_SET_INTSET while the set is an intset, else RDB_TYPE_SET;
 * - hashes: RDB_TYPE_HASH_LISTPACK while listpack-encoded, else RDB_TYPE_HASH;
 * - sorted sets: RDB_TYPE_ZSET_LISTPACK (member, score pairs ascending; scores as Redis's
 *   d2string text) while listpack-encoded, else RDB_TYPE_ZSET_2 (binary doubles, highest score
 *   first, as Redis writes its skiplist from the tail).
 *
 * Reading follows Redis 7.0's loader: a value comes back with the encoding Redis would give it
 * under the current thresholds (set-max-intset-entries, hash-/zset-max-listpack-*), an empty
 * collection is skipped, duplicate members/fields and NaN scores are errors, and module and
 * stream values are refused with an error naming the type (the engine has neither yet).
 *
 * Pure functions over RdbOut/RdbIn; any thread (shards write, shards decode, the main thread
 * skips).
 */

import { T, RdbError, typeName, moduleTypeName, QUICKLIST_NODE_PACKED, QUICKLIST_NODE_PLAIN, type RdbOut, type RdbIn } from './rdb-format.ts';
import { ListpackBuilder, decodeListpack } from './listpack.ts';
import { decodeZiplist } from './ziplist.ts';
import { encodeIntset, decodeIntset } from './intset.ts';
import { decodeZipmap } from './zipmap.ts';
import { Kind, RawString, encodeString, type Value } from '../keyspace/values.ts';
import { List } from '../keyspace/list.ts';
import { RSet, isInt64String } from '../keyspace/set.ts';
import { Hash } from '../keyspace/hash.ts';
import { ZSet } from '../keyspace/zset.ts';
import { formatDouble } from '../resp/double.ts';

export interface WriteOpts {
  /** list-max-listpack-size */
  listFill: number;
}

/** Quicklist node size limits by -fill (list-max-listpack-size -1 .. -5). */
const NODE_BYTES = [4096, 8192, 16384, 32768, 65536];
/** quicklist's estimate of an element's encoding overhead when deciding whether it fits a node */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** a node over this size takes no more elements, whatever a positive fill says */
const SIZE_SAFETY_LIMIT = 8192;
/** elements of this size or more get a plain node of their own (quicklist packed_threshold) */
const PACKED_THRESHOLD = 1 << 30;

/** Redis's d2string: integral values in (-2^52, 2^52) as integers, others as %.17g. */
export function scoreText(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return 1 / d < 0 ? '-0' : '0';
  if (d > -4503599627370495 && d < 4503599627370496 && Number.isInteger(d)) return String(d);
  return formatDouble(d);
}

/** Splits a list into quicklist nodes as Redis's quicklist push does for this fill. */
function quicklistNodes(items: readonly string[], fill: number): { plain: boolean; data: Buffer }[] {
  const nodes: { plain: boolean; data: Buffer }[] = [];
  const lp = new ListpackBuilder(Math.min(65536, 1024));
  const sizeLimit = fill < 0 ? NODE_BYTES[Math.min(-fill, 5) - 1] : -1;
  const flush = (): void => {
    if (lp.count === 0) return;
    nodes.push({ plain: false, data: Buffer.from(lp.finish()) });
    lp.reset();
  };
  for (let i = 0; i < items.length; i++) {
    const s = items[i];
    const sz = s.length;
    if (sz >= PACKED_THRESHOLD) {
      flush();
      nodes.push({ plain: true, data: Buffer.from(s, 'latin1') });
      continue;
    }
    if (lp.count > 0) {
      // as quicklist's insert check: the node's size plus the element's length plus an 8-byte
      // estimate of its overhead, against the fill's limit (checked byte-for-byte against 7.0.15)
      const newSz = lp.bytes + sz + SIZE_ESTIMATE_OVERHEAD;
      let allow: boolean;
      if (sizeLimit > 0) allow = newSz <= sizeLimit;
      else allow = newSz <= SIZE_SAFETY_LIMIT && lp.count < fill;
      if (!allow) flush();
    }
    lp.add(s);
  }
  flush();
  return nodes;
}

/** Writes the payload of a value and returns its type byte (the caller puts it before the key). */
export function writePayload(out: RdbOut, v: Value, o: WriteOpts): number {
  if (typeof v === 'string') {
    out.str(v);
    return T.STRING;
  }
  if (typeof v === 'number') {
    out.intString(v);
    return T.STRING;
  }
  if (v instanceof RawString) {
    out.strBuf(v.buf, 0, v.len);
    return T.STRING;
  }
  switch (v.kind) {
    case Kind.List: {
      const nodes = quicklistNodes((v as List).toArray(), o.listFill);
      out.len(nodes.length);
      for (const n of nodes) {
        out.len(n.plain ? QUICKLIST_NODE_PLAIN : QUICKLIST_NODE_PACKED);
        out.strBuf(n.data);
      }
      return T.LIST_QUICKLIST_2;
    }
    case Kind.Set: {
      const s = v as RSet;
      const members = s.members();
      if (s.intset) {
        out.strBuf(encodeIntset(members));
        return T.SET_INTSET;
      }
      out.len(members.length);
      for (let i = 0; i < members.length; i++) out.str(members[i]);
      return T.SET;
    }
    case Kind.Hash: {
      const h = v as Hash;
      if (h.listpack) {
        const lp = new ListpackBuilder(256);
        for (const [f, val] of h.map) {
          lp.add(f);
          lp.add(val);
        }
        out.strBuf(lp.finish());
        return T.HASH_LISTPACK;
      }
      out.len(h.map.size);
      for (const [f, val] of h.map) {
        out.str(f);
        out.str(val);
      }
      return T.HASH;
    }
    case Kind.ZSet: {
      const z = v as ZSet;
      const t = z.tree;
      if (z.listpack) {
        const lp = new ListpackBuilder(256);
        for (let leaf = t.first(); ; ) {
          for (let i = 0; i < leaf.m.length; i++) {
            lp.add(leaf.m[i]);
            lp.add(scoreText(leaf.s[i]));
          }
          if (leaf.next === null) break;
          leaf = leaf.next;
        }
        out.strBuf(lp.finish());
        return T.ZSET_LISTPACK;
      }
      out.len(t.size);
      for (let leaf = t.last(); ; ) {
        for (let i = leaf.m.length - 1; i >= 0; i--) {
          out.str(leaf.m[i]);
          out.f64le(leaf.s[i]);
        }
        if (leaf.prev === null) break;
        leaf = leaf.prev;
      }
      return T.ZSET_2;
    }
  }
  throw new RdbError(`cannot save a value of kind ${v.kind}: no RDB encoding for it yet`);
}

/** Refuses the types the engine cannot hold, naming them. */
function refuse(t: number, inp: RdbIn): never {
  if (t === T.MODULE_2 || t === T.MODULE_PRE_GA) {
    const [hi, lo] = inp.len64();
    throw new RdbError(`the RDB holds a value of module type ${moduleTypeName(hi, lo)}; dcs-engine has no module support, so it cannot load it`);
  }
  if (t === T.STREAM_LISTPACKS || t === T.STREAM_LISTPACKS_2 || t === T.STREAM_LISTPACKS_3) {
    throw new RdbError(`the RDB holds a stream value (${typeName(t)}); dcs-engine has no stream type yet, so it cannot load it`);
  }
  throw new RdbError(`unknown RDB value type ${t}`);
}

/** True for the type bytes that are value types (not opcodes). */
export function isValueType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 21);
}

/** Skips a payload without decoding it (framing). Throws RdbShortRead when the data ends first. */
export function skipPayload(t: number, inp: RdbIn): void {
  switch (t) {
    case T.STRING:
    case T.HASH_ZIPMAP:
    case T.LIST_ZIPLIST:
    case T.SET_INTSET:
    case T.ZSET_ZIPLIST:
    case T.HASH_ZIPLIST:
    case T.HASH_LISTPACK:
    case T.ZSET_LISTPACK:
    case T.SET_LISTPACK:
      inp.skipStr();
      return;
    case T.LIST:
    case T.SET:
    case T.LIST_QUICKLIST: {
      const n = inp.len();
      for (let i = 0; i < n; i++) inp.skipStr();
      return;
    }
    case T.HASH: {
      const n = inp.len();
      for (let i = 0; i < n; i++) {
        inp.skipStr();
        inp.skipStr();
      }
      return;
    }
    case T.ZSET: {
      const n = inp.len();
      for (let i = 0; i < n; i++) {
        inp.skipStr();
        inp.skipStrDouble();
      }
      return;
    }
    case T.ZSET_2: {
      const n = inp.len();
      for (let i = 0; i < n; i++) {
        inp.skipStr();
        inp.skip(8);
      }
      return;
    }
    case T.LIST_QUICKLIST_2: {
      const n = inp.len();
      for (let i = 0; i < n; i++) {
        inp.len();
        inp.skipStr();
      }
      return;
    }
  }
  refuse(t, inp);
}

/** A decoded value in a plain form (the Transfer shapes), before encoding decisions. */
export type Decoded =
  | { k: 'string'; v: string }
  | { k: 'list'; items: string[] }
  | { k: 'set'; members: string[]; intset: boolean }
  | { k: 'hash'; pairs: string[] }
  | { k: 'zset'; members: string[]; scores: number[] };

function pairsOf(flat: string[], what: string): string[] {
  if (flat.length % 2 !== 0) throw new RdbError(`${what} has an odd number of elements`);
  return flat;
}

/** A score stored as text (strtod's forms: decimal, exponent, inf/infinity, nan). */
function parseScore(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === '' || t.trim() !== t) return undefined;
  const v = Number(t);
  return Number.isNaN(v) ? undefined : v;
}

function zsetOf(flat: string[], what: string): Decoded {
  if (flat.length % 2 !== 0) throw new RdbError(`${what} has an odd number of elements`);
  const n = flat.length / 2;
  const members = new Array<string>(n);
  const scores = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    members[i] = flat[2 * i];
    const text = flat[2 * i + 1];
    const s = parseScore(text);
    if (s === undefined) throw new RdbError(`${what} has an invalid score '${text}'`);
    scores[i] = s;
  }
  return { k: 'zset', members, scores };
}

/** Decodes a payload of type t. */
export function decodePayload(t: number, inp: RdbIn): Decoded {
  switch (t) {
    case T.STRING:
      return { k: 'string', v: inp.str() };
    case T.LIST: {
      const n = inp.len();
      const items = new Array<string>(n);
      for (let i = 0; i < n; i++) items[i] = inp.str();
      return { k: 'list', items };
    }
    case T.SET: {
      const n = inp.len();
      const members = new Array<string>(n);
      for (let i = 0; i < n; i++) members[i] = inp.str();
      return { k: 'set', members, intset: false };
    }
    case T.ZSET:
    case T.ZSET_2: {
      const n = inp.len();
      const members = new Array<string>(n);
      const scores = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        members[i] = inp.str();
        scores[i] = t === T.ZSET ? inp.strDouble() : inp.f64le();
      }
      return { k: 'zset', members, scores };
    }
    case T.HASH: {
      const n = inp.len();
      const pairs = new Array<string>(2 * n);
      for (let i = 0; i < 2 * n; i++) pairs[i] = inp.str();
      return { k: 'hash', pairs };
    }
    case T.HASH_ZIPMAP:
      return { k: 'hash', pairs: decodeZipmap(inp.strBuf()) };
    case T.LIST_ZIPLIST:
      return { k: 'list', items: decodeZiplist(inp.strBuf()) };
    case T.SET_INTSET:
      return { k: 'set', members: decodeIntset(inp.strBuf()), intset: true };
    case T.ZSET_ZIPLIST:
      return zsetOf(decodeZiplist(inp.strBuf()), 'a ziplist-encoded sorted set');
    case T.HASH_ZIPLIST:
      return { k: 'hash', pairs: pairsOf(decodeZiplist(inp.strBuf()), 'a ziplist-encoded hash') };
    case T.LIST_QUICKLIST: {
      const n = inp.len();
      let items: string[] = [];
      for (let i = 0; i < n; i++) {
        const part = decodeZiplist(inp.strBuf());
        if (part.length === 0) throw new RdbError('a quicklist node is empty');
        items = items.length === 0 ? part : items.concat(part);
      }
      return { k: 'list', items };
    }
    case T.HASH_LISTPACK:
      return { k: 'hash', pairs: pairsOf(decodeListpack(inp.strBuf()), 'a listpack-encoded hash') };
    case T.ZSET_LISTPACK:
      return zsetOf(decodeListpack(inp.strBuf()), 'a listpack-encoded sorted set');
    case T.LIST_QUICKLIST_2: {
      const n = inp.len();
      const items: string[] = [];
      for (let i = 0; i < n; i++) {
        const container = inp.len();
        if (container === QUICKLIST_NODE_PLAIN) {
          items.push(inp.strBuf().latin1Slice());
          continue;
        }
        if (container !== QUICKLIST_NODE_PACKED) throw new RdbError(`unknown quicklist node container ${container}`);
        const part = decodeListpack(inp.strBuf());
        if (part.length === 0) throw new RdbError('a quicklist node is empty');
        for (let k = 0; k < part.length; k++) items.push(part[k]);
      }
      return { k: 'list', items };
    }
    case T.SET_LISTPACK:
      return { k: 'set', members: decodeListpack(inp.strBuf()), intset: false };
  }
  refuse(t, inp);
}

/** The thresholds that decide a loaded value's encoding (the current configuration). */
export interface LoadOpts {
  setMaxIntsetEntries: number;
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
}

/**
 * The engine value for a decoded payload, encoded as Redis 7.0's loader leaves it; null for an
 * empty collection (Redis skips empty keys). Throws RdbError on duplicates or NaN scores.
 */
export function toValue(d: Decoded, o: LoadOpts): Value | null {
  switch (d.k) {
    case 'string':
      return encodeString(d.v);
    case 'list':
      return d.items.length === 0 ? null : List.from(d.items);
    case 'set': {
      const m = d.members;
      if (m.length === 0) return null;
      if (new Set(m).size !== m.length) throw new RdbError('duplicate set members detected');
      let intset = m.length <= o.setMaxIntsetEntries;
      if (intset && !d.intset) for (let i = 0; i < m.length && intset; i++) intset = isInt64String(m[i]);
      return RSet.fromTransfer({ m, i: intset });
    }
    case 'hash': {
      const p = d.pairs;
      if (p.length === 0) return null;
      const n = p.length / 2;
      let listpack = n <= o.hashMaxListpackEntries;
      for (let i = 0; i < p.length && listpack; i++) if (p[i].length > o.hashMaxListpackValue) listpack = false;
      const fields = new Set<string>();
      for (let i = 0; i < p.length; i += 2) fields.add(p[i]);
      if (fields.size !== n) throw new RdbError('duplicate hash fields detected');
      return Hash.fromTransfer({ p, l: listpack });
    }
    case 'zset': {
      const m = d.members;
      if (m.length === 0) return null;
      for (let i = 0; i < d.scores.length; i++) if (Number.isNaN(d.scores[i])) throw new RdbError('sorted set with a NaN score detected');
      if (new Set(m).size !== m.length) throw new RdbError('duplicate sorted set members detected');
      let listpack = m.length <= o.zsetMaxListpackEntries;
      for (let i = 0; i < m.length && listpack; i++) if (m[i].length > o.zsetMaxListpackValue) listpack = false;
      return ZSet.fromTransfer({ m, s: d.scores, l: listpack });
    }
  }
}
