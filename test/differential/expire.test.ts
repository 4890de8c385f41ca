// Expiry commands against the real redis-server, with 1 and 4 engine shards: EXPIRE PEXPIRE
// EXPIREAT PEXPIREAT with Redis 7.0's NX XX GT LT, TTL PTTL EXPIRETIME PEXPIRETIME PERSIST — the
// conditions, times in the past (the key is deleted), overflow checks, the order in which errors are
// reported, and lazy expiry of keys nobody touched.
import { differentialSuite } from '../helpers/differential.ts';
import type { RespClient } from '../helpers/resp-client.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Absolute times far enough ahead that the script runs long before them. */
const nowS = Math.floor(Date.now() / 1000);
const T1 = nowS + 100000;
const T2 = nowS + 200000;
const T1ms = T1 * 1000 + 123;
const T2ms = T2 * 1000 + 456;
const s = (n: number): string => String(n);

differentialSuite('EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT', [
  {
    name: 'EXPIRE sets a TTL in seconds, PEXPIRE in milliseconds',
    tolerance: { 2: 1, 4: 3000, 5: 1, 7: 3000 },
    script: [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100'],
      ['TTL', 'k'],
      ['PEXPIRE', 'k', '200000'],
      ['PTTL', 'k'],
      ['TTL', 'k'],
      ['expire', 'k', '50'],
      ['PTTL', 'k'],
    ],
  },
  {
    name: 'EXPIREAT and PEXPIREAT set absolute times',
    script: [
      ['SET', 'k', 'v'],
      ['EXPIREAT', 'k', s(T1)],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T2ms)],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T1 * 1000 + 499)],
      ['EXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T1 * 1000 + 500)],
      ['EXPIRETIME', 'k'],
    ],
  },
  {
    name: 'the expiry commands answer 0 for a missing key',
    script: [
      ['EXPIRE', 'nokey', '100'],
      ['PEXPIRE', 'nokey', '100'],
      ['EXPIREAT', 'nokey', s(T1)],
      ['PEXPIREAT', 'nokey', s(T1ms)],
      ['EXPIRE', 'nokey', '-1'],
      ['EXPIRE', 'nokey', '100', 'NX'],
      ['EXISTS', 'nokey'],
    ],
  },
  {
    name: 'a time in the past deletes the key',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'],
      ['EXPIRE', 'a', '0'],
      ['EXPIRE', 'b', '-100'],
      ['PEXPIRE', 'c', '-1'],
      ['EXPIREAT', 'd', '1'],
      ['PEXPIREAT', 'e', '0'],
      ['EXISTS', 'a', 'b', 'c', 'd', 'e'],
      ['DBSIZE'],
      ['SET', 'f', 'v'],
      ['EXPIREAT', 'f', '-9223372036854775'],
      ['SET', 'g', 'v'],
      ['PEXPIREAT', 'g', '-9223372036854770000'],
      ['EXISTS', 'f', 'g'],
    ],
  },
  {
    name: 'very large times',
    script: [
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', '9223370399119966'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRETIME', 'k'],
      ['EXPIRE', 'k', '100000000000'],
      ['TTL', 'k'],
    ],
  },
  {
    name: 'overflow is an invalid expire time, named after the command',
    // PEXPIREAT of LLONG_MAX succeeds; times beyond 2^53 ms are doubles here, so its TTL may be off by one
    tolerance: { 11: 2 },
    script: [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '10000000000000000'],
      ['EXPIRE', 'k', '-10000000000000000'],
      ['EXPIRE', 'k', '9223370399119966'],
      ['EXPIRE', 'k', '9223372036854775807'],
      ['EXPIRE', 'k', '-9223372036854775808'],
      ['PEXPIRE', 'k', '9223372036854775807'],
      ['PEXPIRE', 'k', '9223372036854775000'],
      ['EXPIREAT', 'k', '9223372036854776'],
      ['EXPIREAT', 'k', '-9223372036854776'],
      ['PEXPIREAT', 'k', '9223372036854775807'],
      ['TTL', 'k'],
      ['EXPIRE', 'nokey', '10000000000000000'],
    ],
  },
  {
    name: 'the time must be an integer',
    script: [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', 'x'],
      ['EXPIRE', 'k', '1.5'],
      ['EXPIRE', 'k', ''],
      ['EXPIRE', 'k', ' 1'],
      ['EXPIRE', 'k', '+1'],
      ['EXPIRE', 'k', '01'],
      ['EXPIRE', 'k', '-0'],
      ['PEXPIRE', 'k', '99999999999999999999'],
      ['EXPIREAT', 'k', 'abc'],
      ['PEXPIREAT', 'k', '1e3'],
      ['EXPIRE', 'nokey', 'x'],
      ['TTL', 'k'],
    ],
  },
  {
    name: 'NX sets only when there is no TTL',
    script: [
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', s(T1ms), 'NX'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T2ms), 'NX'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRE', 'k', '100', 'nx'],
      ['PEXPIRETIME', 'k'],
    ],
  },
  {
    name: 'XX sets only when there is a TTL',
    script: [
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', s(T1ms), 'XX'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T1ms), 'NX'],
      ['PEXPIREAT', 'k', s(T2ms), 'XX'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRE', 'k', '-1', 'XX'],
      ['EXISTS', 'k'],
    ],
  },
  {
    name: 'GT sets only a later time; no TTL counts as infinite',
    script: [
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', s(T1ms), 'GT'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T1ms)],
      ['PEXPIREAT', 'k', s(T1ms), 'GT'],
      ['PEXPIREAT', 'k', s(T1ms - 1), 'GT'],
      ['PEXPIREAT', 'k', s(T2ms), 'GT'],
      ['PEXPIRETIME', 'k'],
      ['EXPIRE', 'k', '-1', 'GT'],
      ['EXISTS', 'k'],
      ['PEXPIREAT', 'k', s(T2ms), 'XX', 'GT'],
      ['PEXPIREAT', 'k', s(T2ms + 1), 'GT', 'XX'],
      ['PEXPIRETIME', 'k'],
    ],
  },
  {
    name: 'LT sets only an earlier time; any time is earlier than no TTL',
    script: [
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', s(T2ms), 'LT'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T2ms), 'LT'],
      ['PEXPIREAT', 'k', s(T2ms + 1), 'LT'],
      ['PEXPIREAT', 'k', s(T1ms), 'LT'],
      ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', s(T1ms - 1), 'lt', 'xx'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k2', 'v'],
      ['PEXPIREAT', 'k2', s(T1ms), 'XX', 'LT'],
      ['PEXPIRETIME', 'k2'],
      ['EXPIRE', 'k', '-5', 'LT'],
      ['EXISTS', 'k'],
    ],
  },
  {
    name: 'repeated options are accepted',
    script: [['SET', 'k', 'v'], ['EXPIRE', 'k', '100', 'NX', 'NX'], ['EXPIRE', 'k', '200', 'GT', 'gt', 'XX'], ['TTL', 'k']],
  },
  {
    name: 'option errors come before the time and the key',
    script: [
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', '100', 'NX', 'XX'],
      ['EXPIRE', 'k', '100', 'NX', 'GT'],
      ['EXPIRE', 'k', '100', 'LT', 'NX'],
      ['EXPIRE', 'k', '100', 'GT', 'LT'],
      ['EXPIRE', 'k', '100', 'XX', 'GT', 'LT'],
      ['EXPIRE', 'k', '100', 'NX', 'XX', 'GT', 'LT'],
      ['EXPIRE', 'k', '100', 'FOO'],
      ['EXPIRE', 'k', '100', 'NX', 'FOO'],
      ['EXPIRE', 'k', '100', 'FOO', 'NX', 'XX'],
      ['EXPIRE', 'k', 'x', 'NX', 'XX'],
      ['EXPIRE', 'k', 'x', 'bar'],
      ['EXPIRE', 'nokey', 'x', 'GT', 'LT'],
      ['PEXPIRE', 'k', '100', 'XX', 'NX'],
      ['EXPIREAT', 'k', '100', 'nx', 'lt'],
      ['PEXPIREAT', 'k', '100', 'lt', 'gt'],
      ['PEXPIREAT', 'k', '100', ''],
      ['TTL', 'k'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [
      ['EXPIRE'],
      ['EXPIRE', 'k'],
      ['PEXPIRE', 'k'],
      ['EXPIREAT', 'k'],
      ['PEXPIREAT'],
    ],
  },
  {
    name: 'EXPIRE on keys of every shard',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['EXPIRE', 'a', '100'],
      ['PEXPIREAT', 'b', s(T1ms)],
      ['EXPIREAT', 'c', s(T1)],
      ['EXPIRE', 'd', '-1'],
      ['TTL', 'a'],
      ['PEXPIRETIME', 'b'],
      ['EXPIRETIME', 'c'],
      ['TTL', 'd'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'EXPIRE inside MULTI and on a WATCHed key',
    script: [
      ['SET', 'a', '1'],
      ['MULTI'],
      ['EXPIRE', 'a', '100'],
      ['EXPIRE', 'a', '100', 'NX'],
      ['EXPIRE', 'a', '10', 'FOO'],
      ['TTL', 'a'],
      ['EXEC'],
      ['WATCH', 'a'],
      ['EXPIRE', 'a', '200'],
      ['MULTI'],
      ['GET', 'a'],
      ['EXEC'],
      ['WATCH', 'a'],
      ['EXPIRE', 'a', '300', 'NX'],
      ['MULTI'],
      ['GET', 'a'],
      ['EXEC'],
    ],
  },
]);

differentialSuite('TTL / PTTL / EXPIRETIME / PEXPIRETIME / PERSIST', [
  {
    name: '-2 for a missing key, -1 for a key without TTL',
    script: [
      ['TTL', 'nokey'],
      ['PTTL', 'nokey'],
      ['EXPIRETIME', 'nokey'],
      ['PEXPIRETIME', 'nokey'],
      ['SET', 'k', 'v'],
      ['TTL', 'k'],
      ['PTTL', 'k'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'k'],
    ],
  },
  {
    name: 'TTL rounds to the nearest second',
    tolerance: { 1: 1, 2: 3000, 4: 1 },
    script: [['SET', 'k', 'v', 'PX', '100400'], ['TTL', 'k'], ['PTTL', 'k'], ['SET', 'k', 'v', 'PX', '99600'], ['TTL', 'k']],
  },
  {
    name: 'PERSIST removes a TTL',
    script: [
      ['SET', 'k', 'v', 'EX', '100'],
      ['PERSIST', 'k'],
      ['TTL', 'k'],
      ['PERSIST', 'k'],
      ['PERSIST', 'nokey'],
      ['GET', 'k'],
      ['persist', 'k'],
    ],
  },
  {
    name: 'writes that replace a value drop its TTL, others keep it',
    script: [
      ['SET', 'k', 'v', 'EX', '100'],
      ['SET', 'k', 'v2'],
      ['TTL', 'k'],
      ['SET', 'k', 'v3', 'EX', '100'],
      ['SET', 'k', 'v4', 'KEEPTTL'],
      ['TTL', 'k'],
      ['RENAME', 'k', 'k2'],
      ['TTL', 'k2'],
    ],
  },
  {
    name: 'on keys of every shard',
    script: [
      ['SET', 'a', '1', 'EX', '100'],
      ['SET', 'b', '1', 'PXAT', s(T1ms)],
      ['SET', 'c', '1'],
      ['TTL', 'a'],
      ['PEXPIRETIME', 'b'],
      ['EXPIRETIME', 'b'],
      ['TTL', 'c'],
      ['TTL', 'd'],
      ['PERSIST', 'a'],
      ['PERSIST', 'b'],
      ['PERSIST', 'c'],
      ['PERSIST', 'd'],
      ['PTTL', 'a'],
      ['PTTL', 'b'],
    ],
  },
  {
    name: 'expired keys are gone for every reader',
    setup: async (c: RespClient) => {
      await c.call('SET', 'a', 'v', 'PX', '30');
      await c.call('SET', 'b', 'v', 'PX', '30');
      await c.call('SET', 'c', 'v', 'PX', '30');
      await c.call('SET', 'd', 'v', 'PX', '30');
      await sleep(120);
    },
    script: [
      ['TTL', 'a'],
      ['PTTL', 'b'],
      ['EXPIRETIME', 'c'],
      ['PERSIST', 'd'],
      ['EXPIRE', 'a', '100'],
      ['GET', 'b'],
      ['EXISTS', 'a', 'b', 'c', 'd'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [
      ['TTL'],
      ['TTL', 'a', 'b'],
      ['PTTL'],
      ['EXPIRETIME'],
      ['PEXPIRETIME', 'a', 'b'],
      ['PERSIST'],
      ['PERSIST', 'a', 'b'],
    ],
  },
  {
    name: 'RESP3 replies',
    resp3: true,
    script: [['SET', 'k', 'v'], ['EXPIREAT', 'k', s(T1)], ['EXPIRETIME', 'k'], ['TTL', 'nokey'], ['PERSIST', 'k'], ['EXPIRE', 'k', 'x']],
  },
]);
