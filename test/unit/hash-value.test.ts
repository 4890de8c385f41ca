// The hash value (engine/keyspace/hash.ts) — listpack -> hashtable conversion rules, insertion
// order, transfer round trip — and HINCRBYFLOAT's arithmetic: the x87 long double emulation it
// shares with INCRBYFLOAT (engine/commands/util/str-float.ts), checked against results recorded
// from redis-server 7.0.15 (HSET h f <a>; HINCRBYFLOAT h f <b>).
import { describe, expect, it } from 'vitest';
import { Hash } from '../../engine/keyspace/hash.ts';
import {
  addLongDouble as addLD,
  formatLongDouble as formatLDHuman,
  fromInteger as ldFromInt,
  parseLongDouble as string2ld,
} from '../../engine/commands/util/str-float.ts';
import { fromTransfer, toTransfer } from '../../engine/keyspace/transfer.ts';

describe('Hash', () => {
  it('keeps fields in insertion order; an update stays in place', () => {
    const h = new Hash();
    h.set('b', '1', 512, 64);
    h.set('a', '2', 512, 64);
    h.set('b', '3', 512, 64);
    h.set('c', '4', 512, 64);
    expect([...h.map]).toEqual([['b', '3'], ['a', '2'], ['c', '4']]);
    expect(h.delete('a')).toBe(true);
    expect(h.delete('a')).toBe(false);
    expect(h.size).toBe(2);
  });

  it('set reports whether the field is new', () => {
    const h = new Hash();
    expect(h.set('f', 'v', 512, 64)).toBe(true);
    expect(h.set('f', 'w', 512, 64)).toBe(false);
    expect(h.get('f')).toBe('w');
  });

  it('is a listpack up to hash-max-listpack-entries fields, then a hashtable for good', () => {
    const h = new Hash();
    for (let i = 0; i < 128; i++) h.set(`f${i}`, 'v', 128, 64);
    expect(h.encoding()).toBe('listpack');
    h.set('f128', 'v', 128, 64);
    expect(h.encoding()).toBe('hashtable');
    for (let i = 0; i < 120; i++) h.delete(`f${i}`);
    expect(h.encoding()).toBe('hashtable');
  });

  it('converts when a field or a value is longer than hash-max-listpack-value', () => {
    const a = new Hash();
    a.set('f', 'x'.repeat(64), 512, 64);
    expect(a.encoding()).toBe('listpack');
    a.set('g', 'x'.repeat(65), 512, 64);
    expect(a.encoding()).toBe('hashtable');
    const b = new Hash();
    b.set('y'.repeat(65), 'v', 512, 64);
    expect(b.encoding()).toBe('hashtable');
    const c = new Hash();
    c.convertIfLong('short', 64);
    expect(c.encoding()).toBe('listpack');
    c.convertIfLong('z'.repeat(65), 64);
    expect(c.encoding()).toBe('hashtable');
  });

  it('survives a transfer round trip with order and encoding', () => {
    const h = new Hash();
    h.set('z', '\x00\xff', 512, 64);
    h.set('a', '', 512, 64);
    const back = fromTransfer(toTransfer(h)) as Hash;
    expect(back).toBeInstanceOf(Hash);
    expect([...back.map]).toEqual([['z', '\x00\xff'], ['a', '']]);
    expect(back.encoding()).toBe('listpack');
    h.set('long', 'v'.repeat(100), 512, 64);
    expect((fromTransfer(toTransfer(h)) as Hash).encoding()).toBe('hashtable');
  });
});

/** [stored value, increment, HINCRBYFLOAT reply] as redis-server 7.0.15 answered. */
const RECORDED: [string, string, string][] = [
  ['1.5', '0.1', '1.6'],
  ['0.1', '0.2', '0.3'],
  ['2.25584676361449410e-1', '1.5', '1.72558467636144941'],
  ['0x606589p-9', '6.612e-296', '12338.767578125'],
  ['625.57', '-4.1e-1', '625.16000000000000003'],
  ['83856', '0x98f38dp-21', '83860.77973031997680664'],
  ['-5.924e-2', '853700', '853699.94076000000001159'],
  ['0xed5cdcp28', '5e-18', '4175729340186624'],
  ['8.900e-446', '268.33629434385164814', '268.33629434385164814'],
  ['1e-17', '780.295045012746', '780.29504501274599998'],
  ['2.005994230045934e-1', '0.1', '0.3005994230045934'],
  ['46e15', '4.50672683283068531423510e-1', '46000000000000000.44921875'],
  ['0x413276p-3', '0.1', '534094.85000000000002274'],
  ['70e-14', '1.5', '1.5000000000007'],
  ['0x27b15p27', '-1.25450913387095130957505e-2', '21821252435967.98745536804199219'],
  ['2.008e-2514', '-87e15', '-87000000000000000'],
  ['3.0000000000000001e-05', '7.236e-3011', '0.00003'],
  ['0.1', '5e-18', '0.10000000000000001'],
  ['0.3', '307077', '307077.30000000000001137'],
  ['245358', '4.81608e-1', '245358.48160799999999426'],
  ['-570120', '-77e-10', '-570120.00000000770000952'],
  ['0x709075p46', '1.550156e-1', '519111140592301637632'],
  ['0x507e46p19', '0xb7c46ep40', '13241832516382359552'],
  ['0x971e40p13', '-97e-5', '81130946559.99903000146150589'],
  ['1.23456789012345678901234', '0', '1.23456789012345679'],
  ['123456789.123456789123', '0', '123456789.12345678912242875'],
  ['0', '-1e-18', '0'],
  ['0', '5e-18', '0'],
  ['0', '1.5e-17', '0.00000000000000002'],
  ['1e17', '0.3', '100000000000000000.296875'],
  ['16', '1e-20', '16'],
  ['99999999999999999999', '1', '100000000000000000000'],
  ['007', '1', '8'],
  ['8', '-0', '8'],
  ['0', '-0.0', '0'],
];

describe('long double emulation (HINCRBYFLOAT)', () => {
  for (const [a, b, want] of RECORDED) {
    it(`${a} + ${b} = ${want}`, () => {
      const x = string2ld(a);
      const y = string2ld(b);
      expect(x).toBeDefined();
      expect(y).toBeDefined();
      expect(formatLDHuman(addLD(x!, y!))).toBe(want);
    });
  }

  it('prints 1e308 + 1e308 in full: long double does not overflow there', () => {
    const v = addLD(string2ld('1e308')!, string2ld('1e308')!);
    const s = formatLDHuman(v);
    expect(s.length).toBe(309);
    expect(s.startsWith('1999999999999999999933717593116912913211201996948311344155940959898434697376761237442002538437770786')).toBe(true);
  });

  it('overflows to infinity past about 1.19e4932', () => {
    const big = string2ld('1e4932')!;
    expect(big.inf).toBe(false);
    expect(addLD(big, big).inf).toBe(true);
    expect(string2ld('1.18973149535723176502e+4932')).toBeDefined();
    expect(string2ld('1.18973149535723176508e+4932')).toBeUndefined();
  });

  it('string2ld refuses what Redis refuses', () => {
    for (const s of ['', ' 1', '1 ', 'abc', 'nan', '-nan', '1e', '.', '1e99999', '1e-5000', 'x'.repeat(6000), '0x', '12\x00', '1\x002']) {
      expect(string2ld(s), JSON.stringify(s)).toBeUndefined();
    }
  });

  it('string2ld accepts infinities, hex floats and subnormals', () => {
    expect(string2ld('inf')!.inf).toBe(true);
    expect(string2ld('-Infinity')!.neg).toBe(true);
    expect(formatLDHuman(string2ld('0x1p3')!)).toBe('8');
    expect(formatLDHuman(string2ld('0x.8')!)).toBe('0.5');
    expect(string2ld('3.6e-4951')!.m).toBeGreaterThan(0n);
  });

  it('an infinite operand gives a non-finite sum (HINCRBYFLOAT refuses it); x + -x is +0', () => {
    expect(addLD(string2ld('inf')!, string2ld('-inf')!).inf).toBe(true);
    expect(addLD(string2ld('inf')!, string2ld('1')!).inf).toBe(true);
    const z = addLD(string2ld('1.5')!, string2ld('-1.5')!);
    expect(z.inf).toBe(false);
    expect(z.neg).toBe(false);
    expect(formatLDHuman(z)).toBe('0');
  });

  it('ldFromInt is exact for 64-bit integers', () => {
    expect(formatLDHuman(ldFromInt(9223372036854775807n))).toBe('9223372036854775807');
    expect(formatLDHuman(ldFromInt(-9223372036854775808n))).toBe('-9223372036854775808');
  });
});
