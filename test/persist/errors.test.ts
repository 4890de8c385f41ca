// Files the engine must refuse at start-up, each with an error naming what is wrong (never a
// silent skip): module values and module aux data, streams, unknown opcodes, a bad checksum, a
// truncated file, an unsupported version, a database beyond `databases`, duplicate keys. And what
// it accepts with a note: FUNCTION2 libraries (no FUNCTION support yet), a zero checksum, a
// checksum it is told not to verify.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerHandle } from '../helpers/servers.ts';
import { OP, T } from '../../engine/persist/rdb-format.ts';
import { RdbBuilder, dirWithDump, dumpDataset, engineOver } from './helpers.ts';

const dirs: string[] = [];
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dir(bytes: Buffer): string {
  const d = dirWithDump(bytes);
  dirs.push(d);
  return d;
}

function withKey(b: RdbBuilder): RdbBuilder {
  return b.select(0).key(T.STRING, 'ok', (o) => o.str('fine'));
}

/** 64-bit module type id of a 9-character name and an encoding version. */
function moduleId(name: string, ver: number): bigint {
  const cs = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const ch of name) id = (id << 6n) | BigInt(cs.indexOf(ch));
  return (id << 10n) | BigInt(ver);
}

function len64(o: { u8(v: number): void; raw(b: Uint8Array): void }, v: bigint): void {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  o.u8(0x81);
  o.raw(b);
}

async function refused(file: Buffer, pattern: RegExp, args: string[] = []): Promise<void> {
  await expect(engineOver(dir(file), 1, args)).rejects.toThrow(pattern);
}

describe('RDB files the engine refuses to load', () => {
  it('a value of a module type, naming the module type', async () => {
    const b = withKey(new RdbBuilder(10)).key(T.MODULE_2, 'mod', (o) => len64(o, moduleId('ReJSON-RL', 3)));
    await refused(b.end(), /module type ReJSON-RL \(encoding version 3\).*no module support/);
  });

  it('module aux data, naming the module type', async () => {
    const b = new RdbBuilder(10).byte(OP.MODULE_AUX);
    len64(b.o, moduleId('graphdata', 1));
    await refused(withKey(b).end(), /module aux data of module type graphdata/);
  });

  it('a stream, saying streams are not supported yet', async () => {
    const b = withKey(new RdbBuilder(10)).key(T.STREAM_LISTPACKS_2, 'events', (o) => o.len(0));
    await refused(b.end(), /stream value .*no stream type yet/);
  });

  it('an unknown opcode or type byte, naming it', async () => {
    await refused(withKey(new RdbBuilder(10)).byte(8).end(), /unknown RDB opcode or value type 8 \(0x8\)/);
    await refused(withKey(new RdbBuilder(10)).byte(0xf0).end(), /unknown RDB opcode or value type 240 \(0xf0\)/);
  });

  it('the pre-release function format', async () => {
    await refused(withKey(new RdbBuilder(10)).byte(OP.FUNCTION_PRE_GA).end(), /functions in the pre-release \(7.0 RC\) format/);
  });

  it('a wrong checksum', async () => {
    await refused(withKey(new RdbBuilder(10)).end(12345n), /wrong RDB checksum expected: \(3039\)/);
  });

  it('a truncated file', async () => {
    const whole = withKey(new RdbBuilder(10)).key(T.STRING, 'long', (o) => o.str('x'.repeat(1000))).end();
    await refused(whole.subarray(0, 600), /short read.*truncated/);
  });

  it('a version it cannot read, and a file that is not an RDB', async () => {
    const b = withKey(new RdbBuilder(12)).end();
    await refused(b, /can't handle RDB format version 0012/);
    await refused(Buffer.from('*1\r\n$4\r\nPING\r\n'), /wrong signature/);
  });

  it('a database index beyond the configured databases', async () => {
    const b = new RdbBuilder(10).select(7).key(T.STRING, 'k', (o) => o.str('v'));
    await refused(b.end(), /more than 4 databases/, ['--databases', '4']);
  });

  it('the same key twice in one database', async () => {
    const b = withKey(new RdbBuilder(10)).key(T.STRING, 'ok', (o) => o.str('again'));
    await refused(b.end(), /duplicated key 'ok' in DB 0/);
  });

  it('corrupt encodings inside a value', async () => {
    const lp = Buffer.from('0b0000000100c106ff', 'hex'); // a listpack whose backlen is wrong
    await refused(withKey(new RdbBuilder(10)).key(T.HASH_LISTPACK, 'h', (o) => o.strBuf(lp)).end(), /invalid listpack/);
    await refused(withKey(new RdbBuilder(10)).key(T.SET, 's', (o) => {
      o.len(2);
      o.str('a');
      o.str('a');
    }).end(), /duplicate set members/);
  });
});

describe('RDB files the engine loads with a note', () => {
  it('skips FUNCTION2 libraries with a warning and loads the keys', async () => {
    const b = new RdbBuilder(10).byte(OP.FUNCTION2);
    b.o.str("#!lua name=mylib\nredis.register_function('f', function() return 1 end)");
    const engine = await engineOver(dir(withKey(b).end()), 1);
    servers.push(engine);
    expect((await dumpDataset(engine.port)).get(0)?.get('ok')?.value).toBe('fine');
    expect(engine.output()).toMatch(/function library; dcs-engine has no FUNCTION support yet, so it was skipped/);
    await engine.stop();
  });

  it('accepts a zero checksum (saved with rdbchecksum no) and says no check was made', async () => {
    const engine = await engineOver(dir(withKey(new RdbBuilder(10)).end(0n)), 1);
    servers.push(engine);
    expect((await dumpDataset(engine.port)).get(0)?.size).toBe(1);
    expect(engine.output()).toContain('RDB file was saved with checksum disabled: no check performed.');
    await engine.stop();
  });

  it('does not verify the checksum with rdbchecksum no', async () => {
    const engine = await engineOver(dir(withKey(new RdbBuilder(10)).end(777n)), 1, ['--rdbchecksum', 'no']);
    servers.push(engine);
    expect((await dumpDataset(engine.port)).get(0)?.size).toBe(1);
    await engine.stop();
  });

  it('drops keys that have already expired and empty collections', async () => {
    const b = withKey(new RdbBuilder(10))
      .expireMs(1000)
      .key(T.STRING, 'old', (o) => o.str('gone'))
      .key(T.LIST_QUICKLIST_2, 'empty', (o) => o.len(0))
      .key(T.SET, 'emptyset', (o) => o.len(0));
    const engine = await engineOver(dir(b.end()), 1);
    servers.push(engine);
    expect([...(await dumpDataset(engine.port)).get(0)!.keys()]).toEqual(['ok']);
    expect(engine.output()).toContain('keys loaded: 1, keys expired: 1');
    await engine.stop();
  });
});
