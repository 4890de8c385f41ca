// In-process tests of the string and bitmap handlers on a shard's own data: in-place edits keep one
// RawString and grow it geometrically, TTLs are kept or dropped exactly where Redis keeps or drops
// them, WATCH sees a write only when Redis signals one, and 64-bit integer replies are exact.
// The reply texts themselves are compared with redis-server in test/differential/.
import { describe, expect, it } from 'vitest';
import '../../engine/commands/index.ts';
import { resolve } from '../../engine/commands/registry.ts';
import { Shard } from '../../engine/worker/shard.ts';
import { ValueCollector, type RespValue } from '../../engine/resp/collector.ts';
import { RespWriter } from '../../engine/resp/writer.ts';
import { RawString } from '../../engine/keyspace/values.ts';

function newShard(): Shard {
  const s = new Shard(0, 1, 16);
  s.slowlogSlowerThan = -1; // the slowlog needs a worker's shared id counters
  return s;
}

function run(shard: Shard, ...argv: string[]): RespValue {
  const cmd = resolve(argv);
  if (cmd === undefined) throw new Error(`unknown command ${argv[0]}`);
  const c = new ValueCollector();
  shard.execute(cmd, argv, 0, c, null);
  return c.first();
}

function wire(shard: Shard, ...argv: string[]): string {
  const w = new RespWriter(256);
  shard.execute(resolve(argv)!, argv, 0, w, null);
  return w.buf.latin1Slice(0, w.pos);
}

describe('in-place edits', () => {
  it('APPEND turns the value into one RawString and grows it geometrically', () => {
    const s = newShard();
    const db = s.dbs[0];
    run(s, 'SET', 'k', 'start');
    run(s, 'APPEND', 'k', '-');
    const raw = db.data.get('k');
    expect(raw).toBeInstanceOf(RawString);
    const buffers = new Set<Buffer>();
    for (let i = 0; i < 5000; i++) {
      run(s, 'APPEND', 'k', '0123456789');
      expect(db.data.get('k')).toBe(raw);
      buffers.add((raw as RawString).buf);
    }
    expect(buffers.size).toBeLessThan(20);
    expect(run(s, 'STRLEN', 'k')).toBe(6 + 50000);
    expect((run(s, 'GETRANGE', 'k', '0', '15') as string)).toBe('start-0123456789');
  });

  it('SETRANGE, SETBIT and BITFIELD edit the same RawString', () => {
    const s = newShard();
    const db = s.dbs[0];
    run(s, 'SETRANGE', 'k', '0', 'abc');
    const raw = db.data.get('k');
    expect(raw).toBeInstanceOf(RawString);
    run(s, 'SETRANGE', 'k', '10', 'xyz');
    run(s, 'SETBIT', 'k', '200', '1');
    run(s, 'BITFIELD', 'k', 'SET', 'u8', '#30', '65');
    run(s, 'APPEND', 'k', '!');
    expect(db.data.get('k')).toBe(raw);
    const v = run(s, 'GET', 'k') as string;
    expect(v.length).toBe(32);
    expect(v.slice(0, 13)).toBe('abc\0\0\0\0\0\0\0xyz');
    expect(v.charCodeAt(25)).toBe(0x80);
    expect(v.slice(30)).toBe('A!');
  });

  it('an int-encoded value becomes raw only when edited', () => {
    const s = newShard();
    const db = s.dbs[0];
    run(s, 'SET', 'n', '1234');
    expect(db.data.get('n')).toBe(1234);
    run(s, 'GETBIT', 'n', '3');
    run(s, 'BITCOUNT', 'n');
    expect(db.data.get('n')).toBe(1234);
    run(s, 'SETRANGE', 'n', '0', '9');
    expect(db.data.get('n')).toBeInstanceOf(RawString);
    expect(run(s, 'INCR', 'n')).toBe(9235);
    expect(db.data.get('n')).toBe(9235);
  });
});

describe('TTLs', () => {
  const kept: string[][] = [
    ['APPEND', 'k', 'x'],
    ['SETRANGE', 'k', '3', 'x'],
    ['SETBIT', 'k', '100', '1'],
    ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '1'],
    ['INCR', 'k'],
    ['DECRBY', 'k', '5'],
    ['INCRBYFLOAT', 'k', '1.5'],
    ['SET', 'k', 'v', 'KEEPTTL'],
    ['GETEX', 'k'],
    ['SET', 'k', 'v', 'NX'],
    ['SETNX', 'k', 'v'],
    ['MSETNX', 'k', 'v', 'j', 'w'],
  ];
  for (const argv of kept) {
    it(`${argv.join(' ')} keeps the TTL`, () => {
      const s = newShard();
      const db = s.dbs[0];
      run(s, 'SET', 'k', '10');
      db.setExpire('k', Date.now() + 100_000);
      const at = db.getExpire('k');
      run(s, ...argv);
      expect(db.getExpire('k')).toBe(at);
    });
  }
  const dropped: string[][] = [
    ['SET', 'k', 'v'],
    ['SET', 'k', 'v', 'XX', 'GET'],
    ['GETSET', 'k', 'v'],
    ['MSET', 'k', 'v'],
    ['BITOP', 'NOT', 'k', 'k'],
    ['GETEX', 'k', 'PERSIST'],
  ];
  for (const argv of dropped) {
    it(`${argv.join(' ')} drops the TTL`, () => {
      const s = newShard();
      const db = s.dbs[0];
      run(s, 'SET', 'k', '10');
      db.setExpire('k', Date.now() + 100_000);
      run(s, ...argv);
      expect(db.data.has('k')).toBe(true);
      expect(db.getExpire('k')).toBeUndefined();
    });
  }
  it('GETEX EXAT in the past deletes the key after replying its value', () => {
    const s = newShard();
    run(s, 'SET', 'k', 'v');
    expect(run(s, 'GETEX', 'k', 'EXAT', '1')).toBe('v');
    expect(s.dbs[0].data.has('k')).toBe(false);
  });
  it('SET EX and SETEX store an absolute expiry time', () => {
    const s = newShard();
    const t0 = Date.now();
    run(s, 'SET', 'k', 'v', 'EX', '100');
    const at = s.dbs[0].getExpire('k')!;
    expect(at).toBeGreaterThanOrEqual(t0 + 100_000);
    expect(at).toBeLessThan(t0 + 101_000);
    run(s, 'PSETEX', 'p', '1500', 'v');
    expect(s.dbs[0].getExpire('p')! - Date.now()).toBeLessThanOrEqual(1500);
    run(s, 'SET', 'x', 'v', 'PXAT', '4102444800000');
    expect(s.dbs[0].getExpire('x')).toBe(4102444800000);
  });
});

describe('WATCH sees exactly the writes Redis signals', () => {
  function versionAfter(setup: string[][], argv: string[]): number {
    const s = newShard();
    const db = s.dbs[0];
    for (const c of setup) run(s, ...c);
    db.watch('k');
    const v0 = db.watchVersion('k');
    run(s, ...argv);
    return db.watchVersion('k') - v0;
  }
  const raw = [['SETBIT', 'k', '0', '1']];
  it('SETBIT that changes nothing is not a write; one that flips a bit or grows is', () => {
    expect(versionAfter(raw, ['SETBIT', 'k', '0', '1'])).toBe(0);
    expect(versionAfter(raw, ['SETBIT', 'k', '0', '0'])).toBe(1);
    expect(versionAfter(raw, ['SETBIT', 'k', '100', '0'])).toBe(1);
    expect(versionAfter([['SET', 'k', 'abc']], ['SETBIT', 'k', '1', '1'])).toBe(0);
  });
  it('SETRANGE with an empty value is not a write; APPEND of nothing is', () => {
    expect(versionAfter(raw, ['SETRANGE', 'k', '0', ''])).toBe(0);
    expect(versionAfter(raw, ['APPEND', 'k', ''])).toBe(1);
  });
  it('reads and failed commands are not writes', () => {
    expect(versionAfter(raw, ['GETRANGE', 'k', '0', '-1'])).toBe(0);
    expect(versionAfter(raw, ['BITFIELD_RO', 'k', 'GET', 'u8', '0'])).toBe(0);
    expect(versionAfter(raw, ['BITFIELD', 'k', 'GET', 'u8', '0'])).toBe(0);
    expect(versionAfter(raw, ['INCR', 'k'])).toBe(0);
    expect(versionAfter([['SET', 'k', 'x']], ['INCRBYFLOAT', 'k', '1'])).toBe(0);
    expect(versionAfter([['SET', 'k', '1']], ['SET', 'k', '2', 'NX'])).toBe(0);
    expect(versionAfter([['SET', 'k', '1']], ['MSETNX', 'j', '1', 'k', '2'])).toBe(0);
    expect(versionAfter([['SET', 'k', '1']], ['LCS', 'k', 'k'])).toBe(0);
  });
  it('BITFIELD writes are writes even when FAIL stops them', () => {
    expect(versionAfter(raw, ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u1', '0', '5'])).toBeGreaterThan(0);
  });
});

describe('64-bit integer replies', () => {
  it('INCR, DECRBY and BITFIELD reply integers beyond 2^53 exactly', () => {
    const s = newShard();
    run(s, 'SET', 'k', '9007199254740992');
    expect(wire(s, 'INCR', 'k')).toBe(':9007199254740993\r\n');
    expect(wire(s, 'DECRBY', 'k', '-9000000000000000000')).toBe(':9009007199254740993\r\n');
    expect(wire(s, 'GET', 'k')).toBe('$19\r\n9009007199254740993\r\n');
    expect(wire(s, 'INCRBY', 'k', '9000000000000000000')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(wire(s, 'BITFIELD', 'b', 'SET', 'i64', '0', '-9223372036854775807', 'GET', 'i64', '0', 'GET', 'u63', '0')).toBe(
      '*3\r\n:0\r\n:-9223372036854775807\r\n:4611686018427387904\r\n',
    );
  });
});
