// RequestParser: incremental RESP request parsing over Buffer offsets.
import { describe, expect, it } from 'vitest';
import { RequestParser, splitInlineArgs } from '../../engine/resp/parser.ts';

function parseAll(p: RequestParser): string[][] {
  const out: string[][] = [];
  for (;;) {
    const a = p.next();
    if (a === null) return out;
    if (a.length > 0) out.push(a);
  }
}

describe('RequestParser', () => {
  it('parses a pipeline of multibulk commands from one chunk', () => {
    const p = new RequestParser();
    p.feed(Buffer.from('*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n'));
    expect(parseAll(p)).toEqual([['PING'], ['SET', 'k', 'v1']]);
    expect(p.pendingBytes).toBe(0);
  });

  it('resumes a frame split at every possible byte', () => {
    const frame = '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n';
    for (let cut = 1; cut < frame.length; cut++) {
      const p = new RequestParser();
      p.feed(Buffer.from(frame.slice(0, cut)));
      expect(parseAll(p)).toEqual([]);
      p.feed(Buffer.from(frame.slice(cut)));
      expect(parseAll(p)).toEqual([['SET', 'key', 'value']]);
    }
  });

  it('keeps every byte value of a binary argument', () => {
    const bytes = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) bytes[i] = i;
    const p = new RequestParser();
    p.feed(Buffer.concat([Buffer.from('*2\r\n$4\r\nECHO\r\n$256\r\n'), bytes, Buffer.from('\r\n')]));
    const [argv] = parseAll(p);
    expect(Buffer.from(argv[1], 'latin1').equals(bytes)).toBe(true);
  });

  it('joins a large bulk payload delivered in many chunks', () => {
    const big = 'x'.repeat(300_000);
    const frame = Buffer.from(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n`);
    const p = new RequestParser();
    let got: string[][] = [];
    for (let off = 0; off < frame.length; off += 7000) {
      p.feed(frame.subarray(off, off + 7000));
      got = got.concat(parseAll(p));
    }
    expect(got).toHaveLength(1);
    expect(got[0][1].length).toBe(big.length);
  });

  it('parses inline commands with quotes and escapes', () => {
    const p = new RequestParser();
    p.feed(Buffer.from('SET "a b" \'c d\'\r\nGET "\\x41\\n"\n'));
    expect(parseAll(p)).toEqual([['SET', 'a b', 'c d'], ['GET', 'A\n']]);
  });

  it('reports an invalid multibulk length', () => {
    const p = new RequestParser();
    p.feed(Buffer.from('*x\r\n'));
    expect(p.next()).toBeNull();
    expect(p.error).toBe('Protocol error: invalid multibulk length');
  });

  it('reports a bulk longer than proto-max-bulk-len', () => {
    const p = new RequestParser(100);
    p.feed(Buffer.from('*1\r\n$101\r\n'));
    expect(p.next()).toBeNull();
    expect(p.error).toBe('Protocol error: invalid bulk length');
  });

  it("reports a missing '$'", () => {
    const p = new RequestParser();
    p.feed(Buffer.from('*1\r\n:5\r\n'));
    p.next();
    expect(p.error).toBe("Protocol error: expected '$', got ':'");
  });
});

describe('splitInlineArgs', () => {
  it('refuses unbalanced quotes', () => {
    expect(splitInlineArgs('SET "abc')).toBeNull();
    expect(splitInlineArgs("SET 'abc")).toBeNull();
  });
  it('refuses a closing quote followed by a non-space', () => {
    expect(splitInlineArgs('SET "a"b')).toBeNull();
  });
  it('splits on runs of whitespace', () => {
    expect(splitInlineArgs('  a \t b  ')).toEqual(['a', 'b']);
  });
});
