// Unit tests of the long double emulation behind INCRBYFLOAT (engine/commands/util/str-float.ts):
// strtold-style parsing with Redis's string2ld rules, one correctly rounded addition, and the
// "%.17Lf" + trimming output. Expected texts were produced by redis-server 7.0.15 on x86-64.
import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, fromInteger, parseLongDouble, type LongDouble } from '../../engine/commands/util/str-float.ts';

function ld(s: string): LongDouble {
  const v = parseLongDouble(s);
  if (v === undefined) throw new Error(`not a float: ${s}`);
  return v;
}

/** The text INCRBYFLOAT stores for value + incr. */
function incr(value: string, by: string): string {
  return formatLongDouble(addLongDouble(ld(value), ld(by)));
}

describe('parseLongDouble', () => {
  it('rounds to a 64-bit significand, half to even', () => {
    const tenth = ld('0.1');
    expect(tenth.m.toString(2).length).toBe(64);
    // 0.1 = 0xCCCCCCCCCCCCCCCD * 2^-67 in the x87 format
    expect(tenth.m).toBe(0xcccccccccccccccdn);
    expect(tenth.e).toBe(-67);
    expect(ld('1').m * 2n ** BigInt(ld('1').e + 100)).toBe(2n ** 100n);
  });

  it('accepts what strtold accepts over the whole string', () => {
    for (const s of ['1', '-1', '+1.5', '.5', '5.', '1e5', '1E+05', '-.5e1', '0x10', '0X.8', '0x1.8p3', 'inf', '-Infinity', '1e400', '1e-4940', '00012', '-0']) {
      expect(parseLongDouble(s), s).toBeDefined();
    }
    expect(formatLongDouble(ld('0x1.8p3'))).toBe('12');
    expect(formatLongDouble(ld('0X.8'))).toBe('0.5');
    expect(ld('inf').inf).toBe(true);
  });

  it('refuses spaces, NaN, partial numbers, overflow, underflow to zero and 5 KiB strings', () => {
    for (const s of ['', ' 1', '1 ', '\t1', 'nan', 'NaN', '1e', '1e+', '-.e1', '.', '0x', '0xp1', 'abc', '1,5', '1e5000', '-1e5000', '1e-5000', '0x1p99999', '1'.repeat(5120)]) {
      expect(parseLongDouble(s), JSON.stringify(s)).toBeUndefined();
    }
    expect(formatLongDouble(ld('0.' + '1'.repeat(5117)))).toBe('0.11111111111111111');
  });

  it('keeps subnormal values that do not round to zero', () => {
    const v = ld('1e-4940');
    expect(v.m > 0n).toBe(true);
    expect(v.e).toBe(-16445);
  });
});

describe('INCRBYFLOAT arithmetic and formatting (as redis-server 7.0.15 prints it)', () => {
  const cases: [string, string, string][] = [
    ['10.5', '0.1', '10.6'],
    ['3.0e3', '0.1', '3000.10000000000000009'],
    ['0.1', '0.2', '0.3'],
    ['5.0e3', '0', '5000'],
    ['0', '0.000003814697265625', '0.00000381469726562'],
    ['0', '0.000003814697265635', '0.00000381469726563'],
    ['0', '1e-20', '0'],
    ['0', '-1e-20', '0'],
    ['0', '0x10', '16'],
    ['0', '+1.5', '1.5'],
    ['0', '.5', '0.5'],
    ['0', '5.', '5'],
    ['0', '1e-4940', '0'],
    ['1.5', '-1.5', '0'],
  ];
  for (const [v, by, want] of cases) {
    it(`${v} + ${by} = ${want}`, () => expect(incr(v, by)).toBe(want));
  }

  it('prints large values in full fixed notation', () => {
    expect(incr('0', '1e400')).toBe(
      '10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880',
    );
  });

  it('is exact for every 64-bit integer', () => {
    expect(formatLongDouble(fromInteger(9223372036854775807n))).toBe('9223372036854775807');
    expect(formatLongDouble(addLongDouble(fromInteger(9223372036854775807n), ld('1')))).toBe('9223372036854775808');
    expect(formatLongDouble(fromInteger(-9223372036854775808n))).toBe('-9223372036854775808');
    expect(formatLongDouble(fromInteger(0))).toBe('0');
  });

  it('overflows to infinity, which the command refuses', () => {
    expect(addLongDouble(ld('1e4932'), ld('1e4932')).inf).toBe(true);
    expect(addLongDouble(ld('inf'), ld('1')).inf).toBe(true);
    expect(addLongDouble(ld('1.18e4932'), ld('0')).inf).toBe(false);
  });

  it('adds exactly before rounding once', () => {
    // 2^64 + 1 is not representable: rounds to even (2^64); 2^64 + 3 rounds up to 2^64 + 4
    expect(formatLongDouble(addLongDouble(fromInteger(18446744073709551616n), ld('1')))).toBe('18446744073709551616');
    expect(formatLongDouble(addLongDouble(fromInteger(18446744073709551616n), ld('3')))).toBe('18446744073709551620');
    expect(formatLongDouble(addLongDouble(ld('1e4000'), ld('-1e4000')))).toBe('0');
  });
});
