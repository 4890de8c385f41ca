/**
 * Reply writer: encodes typed replies as RESP2 or RESP3 bytes into a growable buffer.
 *
 * Owns: one output buffer and its write position. Handlers call typed methods (bulk, int, map ...)
 * and never build protocol bytes themselves; the protocol version decides how maps, sets, doubles,
 * booleans, nulls and pushes look on the wire. Runs on whichever worker executes the command. HOT PATH.
 *
 * Invariants:
 * - `pos` bytes of `buf` are the encoded replies, in call order.
 * - `errors` counts error replies written since the last `take()`/`reset()`; `lastErrorCode` is the
 *   first word of the last error (for errorstats).
 */

import type { Reply } from './reply.ts';

const CRLF = 0x0a0d; // written little-endian as "\r\n"
const INT_CACHE_MAX = 10000;
const intCache: Buffer[] = [];
for (let i = 0; i < INT_CACHE_MAX; i++) intCache.push(Buffer.from(String(i), 'latin1'));

import { formatDouble } from './double.ts';

export { formatDouble };
/** %.17g for RDB's string-encoded doubles (same as formatDouble). */
export const toG17 = formatDouble;

export class RespWriter implements Reply {
  buf: Buffer;
  pos = 0;
  proto: 2 | 3 = 2;
  errors = 0;
  lastErrorCode = '';

  constructor(size = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  reset(): void {
    this.pos = 0;
    this.errors = 0;
  }

  /** Copies out what was written and resets. Large outputs are handed over without a copy. */
  take(): Buffer {
    const n = this.pos;
    let out: Buffer;
    if (n > 65536) {
      out = this.buf.subarray(0, n);
      this.buf = Buffer.allocUnsafe(16 * 1024);
    } else {
      out = Buffer.allocUnsafe(n);
      this.buf.copy(out, 0, 0, n);
    }
    this.pos = 0;
    return out;
  }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + need) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  checkpoint(): number {
    return this.pos;
  }

  rollback(cp: number): void {
    if (cp <= this.pos) this.pos = cp;
  }

  /** Appends already-encoded reply bytes (a reply produced by another worker). */
  raw(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  private byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  private crlf(): void {
    this.buf.writeUInt16LE(CRLF, this.pos);
    this.pos += 2;
  }

  /** Writes a non-negative or negative integer's digits. Caller ensured 24 bytes of room. */
  private digits(n: number): void {
    if (n >= 0 && n < INT_CACHE_MAX) {
      const c = intCache[n];
      if (c.length === 1) this.buf[this.pos++] = c[0];
      else { c.copy(this.buf, this.pos); this.pos += c.length; }
      return;
    }
    this.pos += this.buf.latin1Write(String(n), this.pos);
  }

  private header(type: number, n: number): void {
    if (this.pos + 32 > this.buf.length) this.grow(32);
    this.buf[this.pos++] = type;
    this.digits(n);
    this.crlf();
  }

  simple(s: string): void {
    const need = s.length + 3;
    if (this.pos + need > this.buf.length) this.grow(need);
    this.buf[this.pos++] = 43; // '+'
    this.pos += this.buf.latin1Write(s, this.pos);
    this.crlf();
  }

  ok(): void {
    this.simple('OK');
  }

  /** An error reply; `msg` is the full text including its code, e.g. "ERR syntax error". */
  error(msg: string): void {
    this.errors++;
    const sp = msg.indexOf(' ');
    this.lastErrorCode = sp < 0 ? msg : msg.slice(0, sp);
    // Redis replaces newlines in error text with spaces
    if (msg.includes('\n') || msg.includes('\r')) msg = msg.replace(/[\r\n]/g, ' ');
    const need = msg.length + 3;
    if (this.pos + need > this.buf.length) this.grow(need);
    this.buf[this.pos++] = 45; // '-'
    this.pos += this.buf.latin1Write(msg, this.pos);
    this.crlf();
  }

  int(n: number): void {
    this.header(58 /* ':' */, n);
  }

  bulk(s: string): void {
    const n = s.length;
    const need = n + 32;
    if (this.pos + need > this.buf.length) this.grow(need);
    const buf = this.buf;
    buf[this.pos++] = 36; // '$'
    this.digits(n);
    this.crlf();
    if (n < 16) {
      // for a few bytes a plain loop beats the call into C++
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += buf.latin1Write(s, this.pos);
    }
    this.crlf();
  }

  bulkBuf(b: Uint8Array, len: number = b.length): void {
    const need = len + 32;
    if (this.pos + need > this.buf.length) this.grow(need);
    this.buf[this.pos++] = 36;
    this.digits(len);
    this.crlf();
    this.buf.set(len === b.length ? b : b.subarray(0, len), this.pos);
    this.pos += len;
    this.crlf();
  }

  /** A bulk string holding the decimal form of an integer (e.g. GET of an int-encoded value). */
  bulkInt(n: number): void {
    this.bulk(String(n));
  }

  /** Null bulk string: $-1 in RESP2, _ in RESP3. */
  nil(): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    if (this.proto === 3) {
      this.buf[this.pos++] = 95; // '_'
    } else {
      this.buf[this.pos++] = 36;
      this.buf[this.pos++] = 45;
      this.buf[this.pos++] = 49;
    }
    this.crlf();
  }

  /** Null array: *-1 in RESP2, _ in RESP3. */
  nilArray(): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    if (this.proto === 3) {
      this.buf[this.pos++] = 95;
    } else {
      this.buf[this.pos++] = 42;
      this.buf[this.pos++] = 45;
      this.buf[this.pos++] = 49;
    }
    this.crlf();
  }

  array(n: number): void {
    this.header(42 /* '*' */, n);
  }

  /** A map of n pairs: %n in RESP3, a flat array of 2n in RESP2. */
  map(n: number): void {
    if (this.proto === 3) this.header(37 /* '%' */, n);
    else this.header(42, n * 2);
  }

  /** A set: ~n in RESP3, an array in RESP2. */
  set(n: number): void {
    this.header(this.proto === 3 ? 126 /* '~' */ : 42, n);
  }

  /** An out-of-band push: >n in RESP3, an array in RESP2. */
  push(n: number): void {
    this.header(this.proto === 3 ? 62 /* '>' */ : 42, n);
  }

  double(d: number): void {
    const s = formatDouble(d);
    if (this.proto === 3) {
      const need = s.length + 3;
      if (this.pos + need > this.buf.length) this.grow(need);
      this.buf[this.pos++] = 44; // ','
      this.pos += this.buf.latin1Write(s, this.pos);
      this.crlf();
    } else {
      this.bulk(s);
    }
  }

  bool(b: boolean): void {
    if (this.proto === 3) {
      if (this.pos + 4 > this.buf.length) this.grow(4);
      this.buf[this.pos++] = 35; // '#'
      this.buf[this.pos++] = b ? 116 : 102;
      this.crlf();
    } else {
      this.int(b ? 1 : 0);
    }
  }

  /** Verbatim text (INFO, CLIENT INFO ...): =len\r\ntxt:... in RESP3, a bulk string in RESP2. */
  verbatim(s: string): void {
    if (this.proto !== 3) {
      this.bulk(s);
      return;
    }
    const n = s.length + 4;
    const need = n + 32;
    if (this.pos + need > this.buf.length) this.grow(need);
    this.buf[this.pos++] = 61; // '='
    this.digits(n);
    this.crlf();
    this.pos += this.buf.latin1Write('txt:', this.pos);
    this.pos += this.buf.latin1Write(s, this.pos);
    this.crlf();
  }

  /** A list of bulk strings, the most common multi-value reply. */
  bulks(items: readonly string[]): void {
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }
}
