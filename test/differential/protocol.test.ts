// Protocol errors: malformed input gets the same error reply as from redis-server, and the
// connection closes (or stays open) exactly when Redis's does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, type RespValue } from '../helpers/resp-client.ts';
import { startEngine, startRedis, engineShardCounts, type ServerHandle } from '../helpers/servers.ts';

interface Outcome {
  replies: RespValue[];
  closed: boolean;
}

async function feed(port: number, raw: string | Buffer): Promise<Outcome> {
  const c = await RespClient.connect(port);
  c.sendRaw(raw);
  const replies: RespValue[] = [];
  for (;;) {
    try {
      replies.push(await c.readReply(300));
    } catch {
      break;
    }
  }
  const closed = await c.waitClosed(300);
  await c.close();
  return { replies, closed };
}

const cases: [string, string | Buffer][] = [
  ['non-numeric multibulk length', '*abc\r\n'],
  ['negative multibulk length is ignored', '*-1\r\nPING\r\n'],
  ['multibulk length too large', '*1048577\r\n'],
  ['expected $ but got something else', '*1\r\n+PING\r\n'],
  ['invalid bulk length', '*1\r\n$abc\r\n'],
  ['negative bulk length', '*1\r\n$-5\r\n'],
  ['bulk length over proto-max-bulk-len', '*1\r\n$536870913\r\n'],
  ['unbalanced quotes inline', 'SET "a b\r\n'],
  ['quote followed by a character', 'SET "a"b c\r\n'],
  ['inline with escapes', 'SET k "a\\x41\\n"\r\nGET k\r\n'],
  ['single quotes inline', "ECHO 'it''s'\r\nECHO 'it\\'s'\r\n"],
  ['empty inline lines are skipped', '\r\n\r\nPING\r\n'],
  ['zero-length multibulk', '*0\r\nPING\r\n'],
  ['pipelined commands then garbage', '*1\r\n$4\r\nPING\r\n*x\r\n'],
  ['unknown command keeps the connection', 'FOOBAR a b\r\nPING\r\n'],
  ['wrong arity keeps the connection', '*1\r\n$3\r\nGET\r\nPING\r\n'],
  ['too big inline request', 'A'.repeat(70 * 1024)],
  ['too big mbulk count string', '*' + '1'.repeat(70 * 1024)],
];

for (const shards of engineShardCounts()) {
  describe(`RESP protocol errors (shards=${shards})`, () => {
    let redis: ServerHandle;
    let engine: ServerHandle;
    beforeAll(async () => {
      [redis, engine] = await Promise.all([startRedis(), startEngine({ shards })]);
    });
    afterAll(async () => {
      await Promise.all([redis?.stop(), engine?.stop()]);
    });
    for (const [name, raw] of cases) {
      it(name, async () => {
        const [theirs, ours] = await Promise.all([feed(redis.port, raw), feed(engine.port, raw)]);
        expect(ours).toEqual(theirs);
      });
    }
  });
}
