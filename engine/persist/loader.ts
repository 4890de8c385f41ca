/**
 * Reading RDB files: the framing pass and the start-up/DEBUG RELOAD loader.
 *
 * RdbFramer reads a file (or a buffer) through a growing window, one item at a time: an opcode
 * (AUX, SELECTDB, RESIZEDB, EXPIRETIME[_MS], IDLE, FREQ, FUNCTION2, EOF) or a key record whose
 * value it skips without decoding, so the main thread only finds boundaries, keys and expiries.
 * Records cut by the window end are re-read after a refill. The CRC-64 covers every byte from
 * "REDIS" to the EOF opcode and is checked against the trailer when that is not zero.
 * Refused with an error naming them: module values and module aux data, streams, the pre-GA
 * function format, unknown opcodes/types, a database index beyond `databases`, versions outside
 * 1..11. FUNCTION2 libraries are skipped with a warning (the engine has no FUNCTION yet).
 *
 * loadRdbFile (main thread) sends each record, raw, to the shard that owns its key's slot, in
 * batches of about 1 MiB with at most 4 unacknowledged batches per shard; the shards decode in
 * parallel (snapshot.ts applyBatch). Keys already expired are skipped, as a Redis master does.
 * parseRdb decodes a whole in-memory file (tests, tools). Both are pure over their inputs apart
 * from the file read; the loader runs on the main thread.
 */

import fs from 'node:fs';
import { Crc64 } from './crc64.ts';
import { OP, RDB_MAX_READ_VERSION, RDB_MIN_READ_VERSION, RdbError, RdbIn, RdbShortRead, moduleTypeName } from './rdb-format.ts';
import { decodePayload, isValueType, skipPayload, type Decoded } from './rdb-value.ts';
import { keySlot } from '../slots.ts';

export type Item =
  | { k: 'aux'; key: string; value: string }
  | { k: 'select'; db: number }
  | { k: 'resize' }
  | { k: 'expire'; at: number }
  | { k: 'hint' }
  | { k: 'function' }
  | { k: 'record'; type: number; key: string; start: number; end: number }
  | { k: 'eof' };

export interface FramerSource {
  /** reads up to n bytes into buf at off; returns the count, 0 at the end of the file */
  read(buf: Buffer, off: number, n: number): number;
}

export class RdbFramer {
  /** the window; records are views into it, valid until the next call */
  win: Buffer;
  private len = 0;
  private pos = 0;
  private crcPos = 0;
  /** file offset of win[0] */
  private base = 0;
  private eof = false;
  private readonly src: FramerSource;
  private readonly inp: RdbIn;
  readonly crc = new Crc64();
  version = 0;
  /** the checksum stored in the file (0n: none) */
  stored = 0n;
  checksumOk = true;

  constructor(src: FramerSource, windowBytes = 8 << 20) {
    this.src = src;
    this.win = Buffer.allocUnsafe(windowBytes);
    this.inp = new RdbIn(this.win, 0, 0);
  }

  /** A framer over a complete buffer. */
  static ofBuffer(buf: Buffer): RdbFramer {
    let off = 0;
    return new RdbFramer(
      {
        read(dst, at, n) {
          const k = Math.min(n, buf.length - off);
          buf.copy(dst, at, off, off + k);
          off += k;
          return k;
        },
      },
      Math.max(1024, buf.length + 16),
    );
  }

  /** File offset of the next byte to parse. */
  offset(): number {
    return this.base + this.pos;
  }

  private refill(): void {
    this.crc.update(this.win, this.crcPos, this.pos);
    if (this.pos > 0) {
      this.win.copy(this.win, 0, this.pos, this.len);
      this.len -= this.pos;
      this.base += this.pos;
      this.pos = 0;
    }
    this.crcPos = 0;
    if (this.len === this.win.length) {
      const nb = Buffer.allocUnsafe(this.win.length * 2);
      this.win.copy(nb, 0, 0, this.len);
      this.win = nb;
    }
    while (this.len < this.win.length) {
      const n = this.src.read(this.win, this.len, this.win.length - this.len);
      if (n === 0) {
        this.eof = true;
        break;
      }
      this.len += n;
    }
  }

  private attempt<T>(what: string, parse: (inp: RdbIn) => T): T {
    for (;;) {
      const inp = this.inp;
      inp.buf = this.win;
      inp.pos = this.pos;
      inp.end = this.len;
      try {
        const r = parse(inp);
        this.pos = inp.pos;
        return r;
      } catch (e) {
        if (e instanceof RdbShortRead) {
          if (!this.eof) {
            this.refill();
            continue;
          }
          throw new RdbError(`short read: the file ends inside ${what} at offset ${this.offset()} (truncated RDB file)`);
        }
        throw e;
      }
    }
  }

  /** Reads the "REDISnnnn" header; returns the version. */
  header(): number {
    const v = this.attempt('the header', (inp) => {
      inp.need(9);
      const magic = inp.buf.latin1Slice(inp.pos, inp.pos + 5);
      if (magic !== 'REDIS') throw new RdbError('wrong signature trying to load DB from file (not an RDB file)');
      const digits = inp.buf.latin1Slice(inp.pos + 5, inp.pos + 9);
      inp.pos += 9;
      const n = /^\d{4}$/.test(digits) ? Number(digits) : -1;
      if (n < RDB_MIN_READ_VERSION || n > RDB_MAX_READ_VERSION) throw new RdbError(`can't handle RDB format version ${digits}`);
      return n;
    });
    this.version = v;
    return v;
  }

  /** The next item. After 'eof' the checksum has been read and checked (see checksumOk). */
  next(): Item {
    const item = this.attempt<Item>('an item', this.parseItem);
    if (item.k === 'eof') this.trailer();
    return item;
  }

  private readonly parseItem = (inp: RdbIn): Item => {
    const start = this.base + inp.pos;
    const t = inp.u8();
    switch (t) {
      case OP.AUX: {
        const key = inp.str();
        const value = inp.str();
        return { k: 'aux', key, value };
      }
      case OP.SELECTDB:
        return { k: 'select', db: inp.len() };
      case OP.RESIZEDB:
        inp.len();
        inp.len();
        return { k: 'resize' };
      case OP.EXPIRETIME: {
        inp.need(4);
        const s = inp.buf.readInt32LE(inp.pos);
        inp.pos += 4;
        return { k: 'expire', at: s * 1000 };
      }
      case OP.EXPIRETIME_MS:
        return { k: 'expire', at: inp.i64le() };
      case OP.IDLE:
        inp.len();
        return { k: 'hint' };
      case OP.FREQ:
        inp.u8();
        return { k: 'hint' };
      case OP.FUNCTION2:
        inp.skipStr();
        return { k: 'function' };
      case OP.FUNCTION_PRE_GA:
        throw new RdbError('the RDB holds functions in the pre-release (7.0 RC) format, which is not supported');
      case OP.MODULE_AUX: {
        const [hi, lo] = inp.len64();
        throw new RdbError(`the RDB holds module aux data of module type ${moduleTypeName(hi, lo)}; dcs-engine has no module support, so it cannot load it`);
      }
      case OP.EOF:
        return { k: 'eof' };
    }
    if (!isValueType(t)) throw new RdbError(`unknown RDB opcode or value type ${t} (0x${t.toString(16)}) at offset ${start}`);
    const recStart = inp.pos - 1;
    const key = inp.str();
    try {
      skipPayload(t, inp);
    } catch (e) {
      if (e instanceof RdbError && !(e instanceof RdbShortRead)) throw new RdbError(`${e.message} (key '${key}')`);
      throw e;
    }
    return { k: 'record', type: t, key, start: recStart, end: inp.pos };
  };

  private trailer(): void {
    this.crc.update(this.win, this.crcPos, this.pos);
    this.crcPos = this.pos;
    if (this.version < 5) return;
    this.attempt('the checksum', (inp) => {
      inp.need(8);
      this.stored = inp.buf.readBigUInt64LE(inp.pos);
      this.checksumOk = this.stored === 0n || this.crc.matches(inp.buf, inp.pos);
      inp.pos += 8;
    });
    this.crcPos = this.pos;
  }
}

export interface LoadTarget {
  shards: number;
  databases: number;
  slotOwner: Uint8Array;
  /** queues a batch for a shard; resolves when the shard may take more (backpressure) */
  send(shard: number, batch: Uint8Array): Promise<void>;
}

export interface LoadReport {
  version: number;
  aux: Map<string, string>;
  /** records sent to shards */
  records: number;
  /** keys skipped because they had already expired */
  expired: number;
  /** FUNCTION2 libraries skipped */
  functions: number;
  checksum: 'ok' | 'disabled' | 'skipped';
}

const BATCH_BYTES = 1 << 20;

class Batch {
  buf = Buffer.allocUnsafe(BATCH_BYTES + 4096);
  pos = 0;

  add(db: number, exp: number, src: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.pos + 14 + n > this.buf.length) {
      const nb = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + 14 + n));
      this.buf.copy(nb, 0, 0, this.pos);
      this.buf = nb;
    }
    const b = this.buf;
    b.writeUInt16LE(db, this.pos);
    b.writeDoubleLE(exp, this.pos + 2);
    b.writeUInt32LE(n, this.pos + 10);
    src.copy(b, this.pos + 14, start, end);
    this.pos += 14 + n;
  }

  take(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    this.pos = 0;
    if (this.buf.length > 4 * BATCH_BYTES) this.buf = Buffer.allocUnsafe(BATCH_BYTES + 4096);
    return out;
  }
}

export interface LoadFileOpts {
  /** verify the CRC-64 trailer (rdbchecksum) */
  checksum: boolean;
  /** now, in ms: keys expiring before it are skipped */
  now: number;
  warn?: (msg: string) => void;
}

/** Reads an RDB file and sends every live key to its shard. Throws RdbError on a bad file. */
export async function loadRdbFile(file: string, target: LoadTarget, opts: LoadFileOpts): Promise<LoadReport> {
  const fd = fs.openSync(file, 'r');
  try {
    const framer = new RdbFramer({ read: (b, off, n) => fs.readSync(fd, b, off, n, null) });
    return await frameInto(framer, target, opts);
  } finally {
    fs.closeSync(fd);
  }
}

export async function frameInto(framer: RdbFramer, target: LoadTarget, opts: LoadFileOpts): Promise<LoadReport> {
  const report: LoadReport = { version: framer.header(), aux: new Map(), records: 0, expired: 0, functions: 0, checksum: 'ok' };
  const batches: Batch[] = [];
  for (let s = 0; s < target.shards; s++) batches.push(new Batch());
  let db = 0;
  let expireAt = -1;
  for (;;) {
    const it = framer.next();
    switch (it.k) {
      case 'aux':
        report.aux.set(it.key, it.value);
        continue;
      case 'select':
        if (it.db >= target.databases) {
          throw new RdbError(`the data file was created with a server configured to handle more than ${target.databases} databases (it selects DB ${it.db})`);
        }
        db = it.db;
        continue;
      case 'expire':
        expireAt = it.at;
        continue;
      case 'resize':
      case 'hint':
        continue;
      case 'function':
        report.functions++;
        opts.warn?.('the RDB holds a function library; dcs-engine has no FUNCTION support yet, so it was skipped');
        continue;
      case 'record': {
        const exp = expireAt;
        expireAt = -1;
        if (exp !== -1 && exp < opts.now) {
          report.expired++;
          continue;
        }
        const shard = target.slotOwner[keySlot(it.key)];
        const b = batches[shard];
        b.add(db, exp, framer.win, it.start, it.end);
        report.records++;
        if (b.pos >= BATCH_BYTES) await target.send(shard, b.take());
        continue;
      }
      case 'eof':
        break;
    }
    break;
  }
  if (framer.version >= 5) {
    if (framer.stored === 0n) report.checksum = 'disabled';
    else if (!opts.checksum) report.checksum = 'skipped';
    else if (!framer.checksumOk) {
      throw new RdbError(`wrong RDB checksum expected: (${framer.stored.toString(16)}) got: (${framer.crc.value().toString(16)})`);
    }
  }
  for (let s = 0; s < batches.length; s++) if (batches[s].pos > 0) await target.send(s, batches[s].take());
  return report;
}

export interface ParsedEntry {
  db: number;
  key: string;
  type: number;
  /** ms, or -1 */
  expireAt: number;
  value: Decoded;
}

export interface ParsedRdb {
  version: number;
  aux: Map<string, string>;
  entries: ParsedEntry[];
  checksum: bigint;
  checksumOk: boolean;
  functions: number;
}

/** Decodes a whole RDB file in memory (every key, expired or not). */
export function parseRdb(buf: Buffer): ParsedRdb {
  const f = RdbFramer.ofBuffer(buf);
  const out: ParsedRdb = { version: f.header(), aux: new Map(), entries: [], checksum: 0n, checksumOk: true, functions: 0 };
  let db = 0;
  let expireAt = -1;
  for (;;) {
    const it = f.next();
    if (it.k === 'eof') break;
    if (it.k === 'aux') out.aux.set(it.key, it.value);
    else if (it.k === 'select') db = it.db;
    else if (it.k === 'expire') expireAt = it.at;
    else if (it.k === 'function') out.functions++;
    else if (it.k === 'record') {
      const inp = new RdbIn(f.win, it.start, it.end);
      const type = inp.u8();
      const key = inp.str();
      out.entries.push({ db, key, type, expireAt, value: decodePayload(type, inp) });
      expireAt = -1;
    }
  }
  out.checksum = f.stored;
  out.checksumOk = f.checksumOk;
  return out;
}
