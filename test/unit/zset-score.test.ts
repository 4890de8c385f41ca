// Sorted-set score text: formatDouble (engine/resp/double.ts) against C's "%.17g" (expected
// strings produced by glibc-compatible formatting, including integers between 2^53 and 1e17 and
// exact ties at the 18th digit), and
// parseScore against Redis's string2d rules (no spaces, no overflow or underflow, no NaN).
import { describe, expect, it } from 'vitest';
import { parseScore } from '../../engine/commands/zset.ts';
import { formatDouble as formatScore } from '../../engine/resp/double.ts';

const G17: [number, string][] = [
  [0.1, '0.10000000000000001'],
  [1 / 3, '0.33333333333333331'],
  [1e-5, '1.0000000000000001e-05'],
  [1e17, '1e+17'],
  [12345678901234567, '12345678901234568'],
  [1.5e300, '1.5000000000000001e+300'],
  [5e-324, '4.9406564584124654e-324'],
  [9007199254740993, '9007199254740992'],
  [-2.5, '-2.5'],
  [100, '100'],
  [1e16, '10000000000000000'],
  [123.456, '123.456'],
  [0.0001, '0.0001'],
  [1e21, '1e+21'],
  [47924967270553832, '47924967270553832'],
  [-52625146068635128, '-52625146068635128'],
  [433835704171575.125, '433835704171575.12'],
  [269654304566542.125, '269654304566542.12'],
  [2193299086728019.25, '2193299086728019.2'],
  [0.000123456789012345675, '0.00012345678901234567'],
  [2.2250738585072014e-308, '2.2250738585072014e-308'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [1e-320, '9.9998886718268301e-321'],
  [99999999999999984, '99999999999999984'],
  [1e-310, '9.9999999999999694e-311'],
  [0.30000000000000004, '0.30000000000000004'],
  [Infinity, 'inf'],
  [-Infinity, '-inf'],
  [0, '0'],
  [-0, '-0'],
];

describe('formatScore (%.17g)', () => {
  for (const [d, want] of G17) {
    it(`${String(d)} prints as ${want}`, () => {
      expect(formatScore(d)).toBe(want);
    });
  }

  it('round-trips: parsing the text gives the same double', () => {
    for (const [d] of G17) expect(Object.is(Number(formatScore(d).replace('inf', 'Infinity')), d)).toBe(true);
  });
});

describe('parseScore (string2d)', () => {
  it('accepts decimal, exponent, hex and infinity forms', () => {
    expect(parseScore('1.5')).toBe(1.5);
    expect(parseScore('+5')).toBe(5);
    expect(parseScore('.5')).toBe(0.5);
    expect(parseScore('5.')).toBe(5);
    expect(parseScore('1E3')).toBe(1000);
    expect(parseScore('0x10')).toBe(16);
    expect(parseScore('0x1p-2')).toBe(0.25);
    expect(parseScore('inf')).toBe(Infinity);
    expect(parseScore('-Infinity')).toBe(-Infinity);
    expect(parseScore('+inf')).toBe(Infinity);
    expect(parseScore('1e-310')).toBe(1e-310);
    expect(Object.is(parseScore('-0'), -0)).toBe(true);
    expect(parseScore('0e5')).toBe(0);
  });

  it('refuses spaces, garbage, NaN, overflow and underflow to zero', () => {
    for (const s of ['', ' 1', '1 ', 'abc', 'nan', '-nan', '1e400', '-1e400', '1e-400', '1.5.5', '1e', '.', '0x', '1\x00']) {
      expect(parseScore(s), JSON.stringify(s)).toBeUndefined();
    }
  });
});
