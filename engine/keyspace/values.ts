/**
 * Value representations stored in a database, and how to recognise their Redis type.
 *
 * A string value is a latin1 JS string (one char per byte, compact), a number (Redis's "int"
 * encoding: a canonical integer within the safe range) or a RawString (a mutable byte buffer, used
 * once a value is edited in place by APPEND, SETRANGE, SETBIT, BITFIELD). Collections are objects
 * with a numeric `kind`. Runs on shard workers.
 */

export const Kind = {
  List: 1,
  Set: 2,
  Hash: 3,
  ZSet: 4,
  Stream: 5,
} as const;
export type KindValue = (typeof Kind)[keyof typeof Kind];

export interface Collection {
  readonly kind: KindValue;
  /** number of elements, for the lazy-free and memory estimates */
  readonly size: number;
  /** Redis's OBJECT ENCODING name for the current representation */
  encoding(): string;
  /** a structured-clone-safe copy, for moving the value to another shard */
  toTransfer(): Transfer;
  /** approximate bytes used */
  memory(): number;
}

export interface Transfer {
  k: number;
  d: unknown;
}

/** A byte string that is edited in place; `buf` may have spare capacity beyond `len`. */
export class RawString {
  buf: Buffer;
  len: number;
  constructor(buf: Buffer, len: number = buf.length) {
    this.buf = buf;
    this.len = len;
  }
  static fromString(s: string, extra = 0): RawString {
    const b = Buffer.allocUnsafe(s.length + extra);
    b.latin1Write(s, 0);
    return new RawString(b, s.length);
  }
  /** Makes room for `n` bytes, growing geometrically like Redis's sds. New bytes are zeroed. */
  ensure(n: number): void {
    if (n <= this.buf.length) {
      if (n > this.len) this.buf.fill(0, this.len, n);
      return;
    }
    const cap = n < 1024 * 1024 ? n * 2 : n + 1024 * 1024;
    const nb = Buffer.alloc(cap);
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }
  toString(): string {
    return this.buf.latin1Slice(0, this.len);
  }
}

export type StringValue = string | number | RawString;
export type Value = StringValue | Collection;

export function isString(v: Value): v is StringValue {
  return typeof v === 'string' || typeof v === 'number' || v instanceof RawString;
}

/** The bytes of a string value as a latin1 string. */
export function stringOf(v: StringValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return v.toString();
}

/** Length in bytes of a string value. */
export function stringLength(v: StringValue): number {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'number') return String(v).length;
  return v.len;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * If s is a canonical integer (no leading zeros or '+', fits in a double exactly), its value;
 * else undefined. This is what makes SET k 123 report OBJECT ENCODING int, as Redis does.
 */
export function canonicalInt(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) {
    if (n === 1) return undefined;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return undefined;
  if (first === 48 && n > i + 1) return undefined;
  if (first === 48 && i === 1) return undefined; // "-0"
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  if (v > MAX_SAFE) return undefined;
  return c0 === 45 ? -v : v;
}

/** Stores a freshly written string the way Redis would encode it (int when canonical). */
export function encodeString(s: string): StringValue {
  if (s.length <= 20) {
    const c = s.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 45) {
      const n = canonicalInt(s);
      if (n !== undefined) return n;
    }
  }
  return s;
}

export function typeName(v: Value): string {
  if (isString(v)) return 'string';
  switch (v.kind) {
    case Kind.List: return 'list';
    case Kind.Set: return 'set';
    case Kind.Hash: return 'hash';
    case Kind.ZSet: return 'zset';
    case Kind.Stream: return 'stream';
  }
  return 'none';
}

export function encodingOf(v: Value): string {
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return v.length <= 44 ? 'embstr' : 'raw';
  if (v instanceof RawString) return 'raw';
  return v.encoding();
}

/** Approximate memory of a value in bytes (MEMORY USAGE, INFO). */
export function valueMemory(v: Value): number {
  if (typeof v === 'number') return 16;
  if (typeof v === 'string') return 16 + v.length;
  if (v instanceof RawString) return 32 + v.buf.length;
  return v.memory();
}
