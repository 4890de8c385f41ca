/**
 * RESP request parser: turns a connection's incoming bytes into argv arrays.
 *
 * Owns: the unconsumed tail of a connection's input and the protocol limits (proto-max-bulk-len,
 * client-query-buffer-limit, inline size). Runs on the worker thread that owns the socket. HOT PATH.
 *
 * Invariants:
 * - `next()` never consumes a partial frame: when a frame is incomplete it rewinds to the frame's
 *   first byte and keeps the tail for the next `feed()`; parsing resumes there.
 * - Arguments are latin1 strings, one char per byte, so any byte sequence round-trips exactly.
 * - A protocol error is sticky: once `error` is set the parser yields nothing more; the connection
 *   replies with the error and closes, as Redis does.
 * - Large bulk payloads are not re-concatenated on every chunk: the parser remembers how many bytes
 *   the pending frame still needs and only joins the chunks once they are all there.
 */

const CR = 13;
const EMPTY = Buffer.alloc(0);
const LF = 10;
const INLINE_MAX = 64 * 1024;
const MULTIBULK_MAX = 2147483647; // INT_MAX, as Redis

export class RequestParser {
  private buf: Buffer = EMPTY;
  /** false while `buf` is the caller's (reusable) chunk */
  private ownsBuf = true;
  private pos = 0;
  /** chunks received while a large frame is incomplete; joined once `need` bytes are there */
  private parked: Buffer[] = [];
  private parkedBytes = 0;
  private need = 0;
  /** set once a protocol error occurred: the text (without the leading '-') to reply before closing */
  error: string | null = null;
  /** number of bytes waiting in the parser (query buffer length for CLIENT LIST / limits) */
  get pendingBytes(): number {
    return this.buf.length - this.pos + this.parkedBytes;
  }
  /** true when the last parsed command arrived as an inline command */
  inline = false;

  maxBulkLen: number;
  constructor(maxBulkLen: number = 512 * 1024 * 1024) {
    this.maxBulkLen = maxBulkLen;
  }

  /**
   * Adds received bytes. The chunk may be a reused read buffer: the parser reads it now, and
   * `detach()` copies whatever is left unparsed before the caller reuses it.
   */
  feed(chunk: Buffer): void {
    if (this.need > 0) {
      this.parked.push(Buffer.from(chunk));
      this.parkedBytes += chunk.length;
      if (this.parkedBytes < this.need) return;
      this.parked.unshift(this.buf.subarray(this.pos));
      this.buf = Buffer.concat(this.parked);
      this.ownsBuf = true;
      this.pos = 0;
      this.parked = [];
      this.parkedBytes = 0;
      this.need = 0;
      return;
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.ownsBuf = false;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.ownsBuf = true;
    }
    this.pos = 0;
  }

  /** Copies the unparsed tail so the buffer it came from can be reused. */
  detach(): void {
    if (this.pos >= this.buf.length) {
      if (this.buf.length !== 0) {
        this.buf = EMPTY;
        this.pos = 0;
      }
      return;
    }
    if (this.ownsBuf) return;
    this.buf = Buffer.from(this.buf.subarray(this.pos));
    this.pos = 0;
    this.ownsBuf = true;
  }

  /** Drops everything buffered (used when the connection closes). */
  reset(): void {
    this.buf = EMPTY;
    this.ownsBuf = true;
    this.pos = 0;
    this.parked = [];
    this.parkedBytes = 0;
    this.need = 0;
  }

  /**
   * Parses the next complete command. Returns its argv, an empty array for an empty inline line
   * (which Redis silently skips), or null when more bytes are needed or a protocol error occurred.
   */
  next(): string[] | null {
    if (this.error !== null || this.need > 0) return null;
    const buf = this.buf;
    const len = buf.length;
    const start = this.pos;
    if (start >= len) return null;
    if (buf[start] !== 42 /* '*' */) return this.parseInline(start);
    this.inline = false;
    // multibulk count: Redis first looks for the line's end, then parses the number
    const cr = lineEnd(buf, start + 1, len);
    if (cr < 0) {
      if (len - start > INLINE_MAX) return this.fail('Protocol error: too big mbulk count string');
      return null;
    }
    if (cr + 1 >= len) return null;
    const count = parseCount(buf, start + 1, cr);
    if (count === null || count > MULTIBULK_MAX) return this.fail('Protocol error: invalid multibulk length');
    let i = cr + 2;
    if (count <= 0) {
      this.pos = i;
      return [];
    }
    const argv: string[] = [];
    for (let a = 0; a < count; a++) {
      if (i >= len) return this.incomplete(start, 0);
      if (buf[i] !== 36 /* '$' */) {
        return this.fail(`Protocol error: expected '$', got '${String.fromCharCode(buf[i])}'`);
      }
      const j = lineEnd(buf, i + 1, len);
      if (j < 0) {
        if (len - i > INLINE_MAX) return this.fail('Protocol error: too big bulk count string');
        return this.incomplete(start, 0);
      }
      if (j + 1 >= len) return this.incomplete(start, 0);
      const blen = parseCount(buf, i + 1, j);
      if (blen === null || blen < 0 || blen > this.maxBulkLen) {
        return this.fail('Protocol error: invalid bulk length');
      }
      const dataStart = j + 2;
      const dataEnd = dataStart + blen;
      if (dataEnd + 2 > len) {
        // remember how much the frame needs at least, so big payloads are joined once
        const missing = dataEnd + 2 - len;
        return this.incomplete(start, missing > 65536 ? missing : 0);
      }
      argv.push(a === 0 && blen <= 24 ? internName(buf, dataStart, dataEnd) : buf.latin1Slice(dataStart, dataEnd));
      i = dataEnd + 2; // Redis does not check the trailing CRLF of a bulk
    }
    this.pos = i;
    return argv;
  }

  private incomplete(frameStart: number, missing: number): null {
    this.pos = frameStart;
    if (missing > 0) this.need = missing;
    return null;
  }

  private fail(msg: string): null {
    this.error = msg;
    return null;
  }

  private parseInline(start: number): string[] | null {
    const buf = this.buf;
    const nl = buf.indexOf(LF, start);
    if (nl < 0) {
      if (buf.length - start > INLINE_MAX) return this.fail('Protocol error: too big inline request');
      return null;
    }
    if (nl - start > INLINE_MAX) return this.fail('Protocol error: too big inline request');
    let end = nl;
    if (end > start && buf[end - 1] === CR) end--;
    this.pos = nl + 1;
    this.inline = true;
    const argv = splitInlineArgs(buf.latin1Slice(start, end));
    if (argv === null) return this.fail('Protocol error: unbalanced quotes in request');
    return argv;
  }
}

/**
 * Command names repeat on every request: the first argument of a frame is looked up in a small
 * cache by a hash of its bytes and, when the bytes match, the same string object is reused. Its
 * hash is then already computed, which makes the registry lookup cheaper and saves an allocation.
 */
const NAME_CACHE_SIZE = 512;
const nameCache: (string | undefined)[] = new Array(NAME_CACHE_SIZE);

function internName(buf: Buffer, start: number, end: number): string {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
  const slot = (h >>> 0) & (NAME_CACHE_SIZE - 1);
  const cached = nameCache[slot];
  if (cached !== undefined && cached.length === end - start) {
    let same = true;
    for (let i = 0; i < cached.length; i++) {
      if (cached.charCodeAt(i) !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const s = buf.latin1Slice(start, end);
  nameCache[slot] = s;
  return s;
}

/** Index of the first CR in buf[from, len), or -1. Short lines: a plain loop beats indexOf. */
function lineEnd(buf: Buffer, from: number, len: number): number {
  const stop = from + 32 < len ? from + 32 : len;
  for (let i = from; i < stop; i++) if (buf[i] === CR) return i;
  if (stop === len) return -1;
  return buf.indexOf(CR, stop);
}

/**
 * Parses a signed decimal in buf[from, to) as Redis's string2ll does; null when it is not one.
 * Counts beyond 2^53 are returned as such (callers compare them with their limits).
 */
function parseCount(buf: Buffer, from: number, to: number): number | null {
  if (from >= to || to - from > 20) return null;
  let i = from;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === to) return null;
  }
  if (buf[i] === 48 && to - i > 1) return null;
  let v = 0;
  for (; i < to; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/**
 * Splits an inline command line the way redis-cli and redis-server do: whitespace separates
 * arguments, "double quotes" support \n \r \t \b \a \\ \" and \xHH escapes, 'single quotes' support \'.
 * A closing quote must be followed by a space or the end. Returns null on unbalanced quotes.
 */
export function splitInlineArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    while (i < n && (line[i] === ' ' || line[i] === '\t' || line[i] === '\n' || line[i] === '\r' || line[i] === '\v' || line[i] === '\f')) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      if (inDq) {
        if (i >= n) return null;
        const c = line[i];
        if (c === '\\' && i + 3 < n && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          done = true;
        } else {
          cur += c;
        }
      } else if (inSq) {
        if (i >= n) return null;
        const c = line[i];
        if (c === '\\' && i + 1 < n && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (c === "'") {
          if (i + 1 < n && !/\s/.test(line[i + 1])) return null;
          done = true;
        } else {
          cur += c;
        }
      } else {
        if (i >= n) { done = true; break; }
        const c = line[i];
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\0') {
          done = true;
        } else if (c === '"') {
          inDq = true;
        } else if (c === "'") {
          inSq = true;
        } else {
          cur += c;
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
