// RespWriter: typed replies encoded for RESP2 and RESP3.
import { describe, expect, it } from 'vitest';
import { RespWriter, formatDouble } from '../../engine/resp/writer.ts';

function enc(proto: 2 | 3, f: (w: RespWriter) => void): string {
  const w = new RespWriter(8);
  w.proto = proto;
  f(w);
  return w.take().toString('latin1');
}

describe('RespWriter', () => {
  it('encodes the RESP2 basics', () => {
    expect(enc(2, (w) => w.ok())).toBe('+OK\r\n');
    expect(enc(2, (w) => w.int(-42))).toBe(':-42\r\n');
    expect(enc(2, (w) => w.bulk('héllo'))).toBe('$5\r\nhéllo\r\n');
    expect(enc(2, (w) => w.nil())).toBe('$-1\r\n');
    expect(enc(2, (w) => w.nilArray())).toBe('*-1\r\n');
    expect(enc(2, (w) => w.error('ERR boom'))).toBe('-ERR boom\r\n');
  });

  it('uses RESP3 types for maps, sets, doubles, booleans and nulls', () => {
    expect(enc(3, (w) => { w.map(1); w.bulk('a'); w.int(1); })).toBe('%1\r\n$1\r\na\r\n:1\r\n');
    expect(enc(2, (w) => { w.map(1); w.bulk('a'); w.int(1); })).toBe('*2\r\n$1\r\na\r\n:1\r\n');
    expect(enc(3, (w) => w.set(0))).toBe('~0\r\n');
    expect(enc(3, (w) => w.double(1.5))).toBe(',1.5\r\n');
    expect(enc(2, (w) => w.double(1.5))).toBe('$3\r\n1.5\r\n');
    expect(enc(3, (w) => w.bool(true))).toBe('#t\r\n');
    expect(enc(2, (w) => w.bool(true))).toBe(':1\r\n');
    expect(enc(3, (w) => w.nil())).toBe('_\r\n');
    expect(enc(3, (w) => w.verbatim('x'))).toBe('=5\r\ntxt:x\r\n');
    expect(enc(3, (w) => w.push(2))).toBe('>2\r\n');
  });

  it('grows past its initial size and keeps the bytes', () => {
    const big = 'y'.repeat(100_000);
    expect(enc(2, (w) => { w.bulk(big); w.int(7); })).toBe(`$100000\r\n${big}\r\n:7\r\n`);
  });

  it('replaces newlines in error text', () => {
    expect(enc(2, (w) => w.error('ERR a\nb'))).toBe('-ERR a b\r\n');
  });

  it('counts errors and remembers the last code', () => {
    const w = new RespWriter();
    w.error('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(w.errors).toBe(1);
    expect(w.lastErrorCode).toBe('WRONGTYPE');
  });
});

describe('formatDouble', () => {
  it('prints like %.17g', () => {
    expect(formatDouble(1)).toBe('1');
    expect(formatDouble(0.1)).toBe('0.10000000000000001');
    expect(formatDouble(1e20)).toBe('1e+20');
    expect(formatDouble(1.5e-7)).toBe('1.4999999999999999e-07');
    expect(formatDouble(Infinity)).toBe('inf');
    expect(formatDouble(-Infinity)).toBe('-inf');
  });
});
