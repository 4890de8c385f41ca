// Unit tests of the byte-level codecs RDB files are made of: LZF, CRC-64, the length/string
// encodings, listpack, ziplist, intset and zipmap, and the on-disk numbers (append-only).
import { describe, expect, it } from 'vitest';
import { lzfCompress, lzfDecompress, LzfError } from '../../engine/persist/lzf.ts';
import { Crc64, crc64 } from '../../engine/persist/crc64.ts';
import { OP, T, RDB_VERSION, RdbIn, RdbOut, RdbError, int32Of, moduleTypeName } from '../../engine/persist/rdb-format.ts';
import { ListpackBuilder, decodeListpack, encodeListpack, entrySize, listpackInt } from '../../engine/persist/listpack.ts';
import { decodeZiplist, encodeZiplist } from '../../engine/persist/ziplist.ts';
import { decodeIntset, encodeIntset } from '../../engine/persist/intset.ts';
import { decodeZipmap, encodeZipmap } from '../../engine/persist/zipmap.ts';
import { scoreText } from '../../engine/persist/rdb-value.ts';
import { compressible, randomBytes, prng } from './helpers.ts';

function compress(src: Buffer, max = src.length + 64): Buffer | null {
  const out = Buffer.alloc(Math.max(max, 1));
  const n = lzfCompress(src, 0, src.length, out, max);
  return n === 0 ? null : out.subarray(0, n);
}

function decompress(c: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  lzfDecompress(c, 0, c.length, out);
  return out;
}

describe('LZF', () => {
  it('round-trips text, binary, runs and random data of many sizes', () => {
    const r = prng(99);
    for (let t = 0; t < 300; t++) {
      const n = 1 + (r() % 20000);
      const kind = t % 4;
      const src =
        kind === 0 ? Buffer.from(compressible(n, t), 'latin1')
        : kind === 1 ? randomBytes(n, t)
        : kind === 2 ? Buffer.alloc(n, t & 0xff)
        : Buffer.from(Array.from({ length: n }, (_, i) => (i % 13 === 0 ? r() & 0xff : i & 7)));
      const c = compress(src, n + Math.ceil(n / 32) + 64);
      expect(c, `case ${t}`).not.toBeNull();
      expect(decompress(c!, n).equals(src), `case ${t}`).toBe(true);
    }
  });

  it('produces the bytes redis-server 7.0 writes for a run of one byte', () => {
    // 'a' x 100 as saved by redis-server 7.0.15 (c3 09 40 64 + these 9 bytes): a literal run 'aa'
    // (the first position is never a match source), a back reference of 7 + 87 + 2 = 96 bytes at
    // distance 1, then the last two bytes as literals (a match never covers them)
    const c = compress(Buffer.alloc(100, 'a'), 96)!;
    expect([...c]).toEqual([0x01, 0x61, 0x61, 0xe0, 0x57, 0x00, 0x01, 0x61, 0x61]);
  });

  it('gives up (returns 0) when the output would not fit', () => {
    const src = randomBytes(1000, 5);
    expect(lzfCompress(src, 0, src.length, Buffer.alloc(996), 996)).toBe(0);
    expect(lzfCompress(Buffer.alloc(0), 0, 0, Buffer.alloc(8), 8)).toBe(0);
  });

  it('compresses a sub-range of a buffer', () => {
    const whole = Buffer.concat([randomBytes(50, 1), Buffer.alloc(500, 'z'), randomBytes(50, 2)]);
    const out = Buffer.alloc(600);
    const n = lzfCompress(whole, 50, 550, out, 600);
    expect(decompress(out.subarray(0, n), 500).equals(Buffer.alloc(500, 'z'))).toBe(true);
  });

  it('rejects malformed streams', () => {
    // a back reference before the start of the output
    expect(() => lzfDecompress(Buffer.from([0x20, 0x05]), 0, 2, Buffer.alloc(3))).toThrow(LzfError);
    // a literal run longer than the input
    expect(() => lzfDecompress(Buffer.from([0x05, 0x61]), 0, 2, Buffer.alloc(6))).toThrow(LzfError);
    // output shorter than announced
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61]), 0, 2, Buffer.alloc(2))).toThrow(/expected 2/);
    // output longer than announced
    expect(() => lzfDecompress(Buffer.from([0x01, 0x61, 0x62]), 0, 3, Buffer.alloc(1))).toThrow(LzfError);
  });
});

describe('CRC-64 (Jones, as Redis computes it)', () => {
  it('has the check value 0xe9c6d914c4b8d9ca for "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('is 0 for no data and the same whether fed at once or byte by byte', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
    const data = randomBytes(1037, 3);
    const inc = new Crc64();
    for (let i = 0; i < data.length; i += 7) inc.update(data, i, Math.min(data.length, i + 7));
    expect(inc.value()).toBe(crc64(data));
  });

  it('matches a bit-by-bit reference implementation', () => {
    const poly = 0x95ac9329ac4bc9b5n; // reflected 0xad93d23594c935a9
    const ref = (b: Uint8Array): bigint => {
      let crc = 0n;
      for (const byte of b) {
        crc ^= BigInt(byte);
        for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
      }
      return crc;
    };
    for (const n of [1, 7, 8, 9, 63, 64, 65, 300]) {
      const d = randomBytes(n, n);
      expect(crc64(d), `length ${n}`).toBe(ref(d));
    }
  });

  it('writes its trailer little-endian and recognises it', () => {
    const c = new Crc64().update(Buffer.from('123456789'));
    expect(c.bytes().toString('hex')).toBe('cad9b8c414d9c6e9');
    expect(c.matches(c.bytes(), 0)).toBe(true);
  });
});

describe('RDB lengths and strings', () => {
  it('encodes lengths in 1, 2, 5 and 9 bytes', () => {
    const o = new RdbOut();
    for (const n of [0, 63, 64, 16383, 16384, 0xffffffff, 2 ** 40]) o.len(n);
    expect(o.bytes().toString('hex')).toBe(['00', '3f', '4040', '7fff', '8000004000', '80ffffffff', '810000010000000000'].join(''));
    const i = new RdbIn(o.bytes());
    for (const n of [0, 63, 64, 16383, 16384, 0xffffffff, 2 ** 40]) expect(i.len()).toBe(n);
  });

  it('stores canonical 32-bit integer strings of up to 11 bytes as integers', () => {
    const o = new RdbOut();
    o.str('12');
    o.str('-129');
    o.str('2147483647');
    o.str('-2147483648');
    expect(o.bytes().toString('hex')).toBe('c00c' + 'c17fff' + 'c2ffffff7f' + 'c200000080');
    for (const s of ['2147483648', '012', '-0', '+1', '1 ', '']) expect(int32Of(s), s).toBeUndefined();
    const i = new RdbIn(o.bytes());
    expect([i.str(), i.str(), i.str(), i.str()]).toEqual(['12', '-129', '2147483647', '-2147483648']);
  });

  it('LZF-compresses strings longer than 20 bytes only when compression is on and pays off', () => {
    const long = 'a'.repeat(21);
    const on = new RdbOut(64, true);
    on.str(long);
    expect(on.bytes()[0]).toBe(0xc3);
    expect(new RdbIn(on.bytes()).str()).toBe(long);
    const off = new RdbOut(64, false);
    off.str(long);
    expect(off.bytes()[0]).toBe(21);
    const twenty = new RdbOut(64, true);
    twenty.str('a'.repeat(20));
    expect(twenty.bytes()[0]).toBe(20);
    const random = new RdbOut(64, true);
    random.strBuf(randomBytes(100, 1));
    expect(random.bytes()[0]).toBe(0x40); // 14-bit length 100: stored raw
  });

  it('skips every string encoding without decoding it', () => {
    const o = new RdbOut();
    o.str('7');
    o.str('300');
    o.str('70000');
    o.str('a'.repeat(100));
    o.str('plain');
    const i = new RdbIn(o.bytes());
    for (let k = 0; k < 5; k++) i.skipStr();
    expect(i.pos).toBe(o.pos);
  });

  it('reports truncation as a short read', () => {
    expect(() => new RdbIn(Buffer.from([0x05, 0x61])).str()).toThrow(/short read/);
  });

  it('keeps the on-disk numbers of types and opcodes (append-only)', () => {
    expect(RDB_VERSION).toBe(10);
    expect(T).toEqual({
      STRING: 0, LIST: 1, SET: 2, ZSET: 3, HASH: 4, ZSET_2: 5, MODULE_PRE_GA: 6, MODULE_2: 7, HASH_ZIPMAP: 9,
      LIST_ZIPLIST: 10, SET_INTSET: 11, ZSET_ZIPLIST: 12, HASH_ZIPLIST: 13, LIST_QUICKLIST: 14, STREAM_LISTPACKS: 15,
      HASH_LISTPACK: 16, ZSET_LISTPACK: 17, LIST_QUICKLIST_2: 18, STREAM_LISTPACKS_2: 19, SET_LISTPACK: 20,
      STREAM_LISTPACKS_3: 21,
    });
    expect(OP).toEqual({
      FUNCTION2: 245, FUNCTION_PRE_GA: 246, MODULE_AUX: 247, IDLE: 248, FREQ: 249, AUX: 250, RESIZEDB: 251,
      EXPIRETIME_MS: 252, EXPIRETIME: 253, SELECTDB: 254, EOF: 255,
    });
  });

  it('names module types from their 64-bit id', () => {
    // "MyTypeXYZ" with encoding version 3, packed as Redis's moduleTypeEncodeId does
    const cs = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let id = 0n;
    for (const ch of 'MyTypeXYZ') id = (id << 6n) | BigInt(cs.indexOf(ch));
    id = (id << 10n) | 3n;
    expect(moduleTypeName(Number(id >> 32n), Number(id & 0xffffffffn))).toBe('MyTypeXYZ (encoding version 3)');
  });
});

describe('listpack', () => {
  it('encodes a two-element list exactly as Redis 7.0 does', () => {
    // from a redis-server 7.0.15 dump: RPUSH l a b 1 2
    expect(encodeListpack(['a', 'b', '1', '2']).toString('hex')).toBe('110000000400816102816202010102 01ff'.replace(/ /g, ''));
  });

  it('uses the smallest integer encoding and string length encoding', () => {
    const items = ['0', '127', '128', '-1', '-4096', '4095', '4096', '-32768', '32767', '32768', '-8388608', '8388607', '8388608',
      '2147483647', '2147483648', '-9223372036854775808', '9223372036854775807', '9223372036854775808', '-0', '01', '+1',
      '', 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(4095), 'x'.repeat(4096), 'x'.repeat(20000)];
    const lp = encodeListpack(items);
    expect(decodeListpack(lp)).toEqual(items);
    const heads = [];
    let p = 6;
    for (const s of items) {
      heads.push(lp[p]);
      p += entrySize(s);
    }
    expect(p).toBe(lp.length - 1);
    expect(heads.slice(0, 18).map((h) => h.toString(16))).toEqual([
      '0', '7f', 'c0', 'df', 'd0', 'cf', 'f1', 'f1', 'f1', 'f2', 'f2', 'f2', 'f3', 'f3', 'f4', 'f4', 'f4', '93',
    ]);
    expect(listpackInt('9223372036854775808')).toBeUndefined();
    expect(listpackInt('-9223372036854775808')).toBe(-9223372036854775808n);
  });

  it('writes multi-byte backlens readable from the right', () => {
    const lp = encodeListpack(['y'.repeat(200)]);
    // entry: 0xe0 0xc8 + 200 bytes = 202 bytes -> backlen [0x01, 0xca]
    expect([...lp.subarray(lp.length - 3, lp.length - 1)]).toEqual([0x01, 0x4a | 0x80]);
    expect(decodeListpack(lp)).toEqual(['y'.repeat(200)]);
  });

  it('counts 65535 or more elements as "unknown" in the header', () => {
    const b = new ListpackBuilder();
    for (let i = 0; i < 70000; i++) b.add('a');
    const lp = b.finish();
    expect(lp.readUInt16LE(4)).toBe(65535);
    expect(decodeListpack(lp)).toHaveLength(70000);
  });

  it('rejects corrupt listpacks', () => {
    const lp = encodeListpack(['a', 'bb']);
    const badTotal = Buffer.from(lp);
    badTotal.writeUInt32LE(99, 0);
    expect(() => decodeListpack(badTotal)).toThrow(RdbError);
    const badBacklen = Buffer.from(lp);
    badBacklen[8] = 9;
    expect(() => decodeListpack(badBacklen)).toThrow(/backlen/);
    const badCount = Buffer.from(lp);
    badCount.writeUInt16LE(3, 4);
    expect(() => decodeListpack(badCount)).toThrow(/count/);
    expect(() => decodeListpack(lp.subarray(0, lp.length - 1))).toThrow(RdbError);
  });
});

describe('ziplist', () => {
  it('round-trips every entry encoding', () => {
    const items = ['0', '12', '13', '-128', '127', '128', '-32768', '32767', '32768', '-8388608', '8388607', '8388608',
      '2147483647', '2147483648', '-9223372036854775808', '9223372036854775807', 'abc', '', 'x'.repeat(63), 'x'.repeat(64),
      'x'.repeat(16383), 'x'.repeat(16384), 'z'.repeat(300)];
    expect(decodeZiplist(encodeZiplist(items))).toEqual(items);
  });

  it('decodes a ziplist written byte by byte per the format', () => {
    // zlbytes 19, zltail 15, zllen 2; "ab" (prevlen 0, 00000010); 5 (prevlen 4, 0xf6); end
    const zl = Buffer.from([19, 0, 0, 0, 15, 0, 0, 0, 2, 0, 0x00, 0x02, 0x61, 0x62, 0x04, 0xf6, 0xff].slice(0, 17));
    zl.writeUInt32LE(zl.length, 0);
    zl.writeUInt32LE(14, 4);
    expect(decodeZiplist(zl)).toEqual(['ab', '5']);
  });

  it('rejects a wrong prevlen or tail offset', () => {
    const zl = encodeZiplist(['a', 'b', 'c']);
    const badPrev = Buffer.from(zl);
    badPrev[13] = 7;
    expect(() => decodeZiplist(badPrev)).toThrow(/prevlen/);
    const badTail = Buffer.from(zl);
    badTail.writeUInt32LE(10, 4);
    expect(() => decodeZiplist(badTail)).toThrow(/tail/);
  });
});

describe('intset', () => {
  it('picks 16, 32 or 64-bit members and sorts them', () => {
    expect(encodeIntset(['3', '-1', '2']).toString('hex')).toBe('02000000' + '03000000' + 'ffff' + '0200' + '0300');
    expect(encodeIntset(['70000']).readUInt32LE(0)).toBe(4);
    expect(encodeIntset(['1', '-9223372036854775808']).readUInt32LE(0)).toBe(8);
    expect(decodeIntset(encodeIntset(['9223372036854775807', '-9223372036854775808', '0']))).toEqual(['-9223372036854775808', '0', '9223372036854775807']);
  });

  it('rejects an unsorted or mis-sized intset', () => {
    const bad = encodeIntset(['1', '2']);
    bad.writeInt16LE(5, 8);
    expect(() => decodeIntset(bad)).toThrow(/ascending/);
    expect(() => decodeIntset(encodeIntset(['1']).subarray(0, 9))).toThrow(RdbError);
  });
});

describe('zipmap', () => {
  it('round-trips short and long fields and values', () => {
    const pairs = ['a', '1', 'field', 'x'.repeat(300), 'y'.repeat(260), ''];
    expect(decodeZipmap(encodeZipmap(pairs))).toEqual(pairs);
  });

  it('skips the free bytes after a value', () => {
    // count 1, "k" -> "v" with 2 free bytes
    expect(decodeZipmap(Buffer.from([1, 1, 0x6b, 1, 2, 0x76, 0, 0, 0xff]))).toEqual(['k', 'v']);
  });
});

describe('sorted set scores in listpacks (d2string)', () => {
  it('writes integral scores as integers and others with 17 significant digits', () => {
    expect(scoreText(1)).toBe('1');
    expect(scoreText(-3)).toBe('-3');
    expect(scoreText(2.5)).toBe('2.5');
    expect(scoreText(0.1)).toBe('0.10000000000000001');
    expect(scoreText(1e100)).toBe('1.0000000000000000e+100'.replace(/\.?0+e/, 'e'));
    expect(scoreText(4503599627370496)).toBe('4503599627370496');
    expect(scoreText(Infinity)).toBe('inf');
    expect(scoreText(-Infinity)).toBe('-inf');
  });
});
