// Transactions: MULTI EXEC DISCARD WATCH UNWATCH, compared with redis-server, with keys on one
// shard and on several; WATCH with a second connection interfering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differentialSuite } from '../helpers/differential.ts';
import { RespClient, type RespValue } from '../helpers/resp-client.ts';
import { startEngine, startRedis, engineShardCounts, type ServerHandle } from '../helpers/servers.ts';

differentialSuite('MULTI / EXEC', [
  {
    name: 'queues commands and runs them in order',
    script: [['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['GET', 'a'], ['EXEC'], ['GET', 'a']],
  },
  {
    name: 'keys on several shards in one transaction',
    script: [['MULTI'], ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3'], ['MGET', 'a', 'b', 'c', 'd'], ['DEL', 'a', 'b'], ['EXEC'], ['MGET', 'a', 'b', 'c']],
  },
  {
    name: 'an error at EXEC time does not stop the other commands',
    script: [['MULTI'], ['SET', 'a', 'x'], ['INCR', 'a'], ['SET', 'b', 'y'], ['EXEC'], ['MGET', 'a', 'b']],
  },
  {
    name: 'a queued unknown command aborts with EXECABORT',
    script: [['MULTI'], ['SET', 'a', '1'], ['NOSUCHCMD', 'x'], ['EXEC'], ['GET', 'a']],
  },
  {
    name: 'a queued arity error aborts with EXECABORT',
    script: [['MULTI'], ['SET', 'a'], ['SET', 'b', '1'], ['EXEC'], ['EXISTS', 'b']],
  },
  {
    name: 'MULTI cannot be nested, and the transaction goes on',
    script: [['MULTI'], ['MULTI'], ['SET', 'a', '1'], ['EXEC'], ['GET', 'a']],
  },
  {
    name: 'EXEC and DISCARD without MULTI',
    script: [['EXEC'], ['DISCARD']],
  },
  {
    name: 'DISCARD drops the queue',
    script: [['MULTI'], ['SET', 'a', '1'], ['DISCARD'], ['GET', 'a'], ['EXEC']],
  },
  {
    name: 'WATCH inside MULTI is refused',
    script: [['MULTI'], ['WATCH', 'a'], ['SET', 'a', '1'], ['EXEC']],
  },
  {
    name: 'WATCH then an own write makes EXEC return nil',
    script: [['WATCH', 'a'], ['SET', 'a', '1'], ['MULTI'], ['SET', 'a', '2'], ['EXEC'], ['GET', 'a']],
  },
  {
    name: 'WATCH then UNWATCH lets EXEC run',
    script: [['WATCH', 'a'], ['SET', 'a', '1'], ['UNWATCH'], ['MULTI'], ['SET', 'a', '2'], ['EXEC'], ['GET', 'a']],
  },
  {
    name: 'WATCH of keys on several shards, none touched',
    script: [['WATCH', 'a', 'b', 'c', 'd'], ['MULTI'], ['SET', 'a', '1'], ['SET', 'd', '4'], ['EXEC'], ['MGET', 'a', 'd']],
  },
  {
    name: 'FLUSHALL after WATCH of an existing key aborts EXEC',
    script: [['SET', 'a', '1'], ['WATCH', 'a'], ['FLUSHALL'], ['MULTI'], ['SET', 'b', '1'], ['EXEC']],
  },
  {
    name: 'a key that expires after WATCH aborts EXEC',
    script: [['SET', 'a', '1', 'PX', '20'], ['WATCH', 'a'], ['DEBUG', 'SLEEP', '0.05'], ['MULTI'], ['SET', 'b', '1'], ['EXEC']],
  },
  {
    name: 'SELECT inside MULTI changes the database of later commands',
    script: [['MULTI'], ['SELECT', '2'], ['SET', 'a', 'in2'], ['SELECT', '0'], ['SET', 'a', 'in0'], ['EXEC'], ['GET', 'a'], ['SELECT', '2'], ['GET', 'a']],
  },
  {
    name: 'global commands inside MULTI',
    script: [['SET', 'a', '1'], ['SET', 'b', '2'], ['MULTI'], ['DBSIZE'], ['FLUSHDB'], ['DBSIZE'], ['EXEC']],
  },
  {
    name: 'RESP3 EXEC replies',
    resp3: true,
    script: [['MULTI'], ['SET', 'a', '1'], ['GET', 'missing'], ['EXEC'], ['WATCH', 'a'], ['SET', 'a', '2'], ['MULTI'], ['EXEC']],
  },
]);

/** Runs steps on two connections of one server; returns every reply in step order. */
async function twoClients(port: number, steps: [0 | 1, string[]][]): Promise<RespValue[]> {
  const cs = [await RespClient.connect(port), await RespClient.connect(port)];
  const out: RespValue[] = [];
  try {
    await cs[0].call('FLUSHALL');
    for (const [who, cmd] of steps) out.push(await cs[who].call(...cmd));
  } finally {
    await Promise.all(cs.map((c) => c.close()));
  }
  return out;
}

for (const shards of engineShardCounts()) {
  describe(`WATCH with another client (shards=${shards})`, () => {
    let redis: ServerHandle;
    let engine: ServerHandle;
    beforeAll(async () => {
      [redis, engine] = await Promise.all([startRedis(), startEngine({ shards })]);
    });
    afterAll(async () => {
      await Promise.all([redis?.stop(), engine?.stop()]);
    });

    const cases: [string, [0 | 1, string[]][]][] = [
      ['a write by another client aborts EXEC', [[0, ['WATCH', 'a']], [1, ['SET', 'a', 'x']], [0, ['MULTI']], [0, ['SET', 'a', 'y']], [0, ['EXEC']], [0, ['GET', 'a']]]],
      ['a write to another watched key on another shard aborts EXEC', [[0, ['WATCH', 'a', 'b', 'c', 'd']], [1, ['SET', 'd', 'x']], [0, ['MULTI']], [0, ['SET', 'a', 'y']], [0, ['EXEC']], [0, ['MGET', 'a', 'd']]]],
      ['a write to an unwatched key does not', [[0, ['WATCH', 'a']], [1, ['SET', 'b', 'x']], [0, ['MULTI']], [0, ['SET', 'a', 'y']], [0, ['EXEC']], [0, ['MGET', 'a', 'b']]]],
      ['a delete by another client aborts EXEC', [[1, ['SET', 'c', '1']], [0, ['WATCH', 'c']], [1, ['DEL', 'c']], [0, ['MULTI']], [0, ['INCR', 'c']], [0, ['EXEC']]]],
      ['watches end with EXEC', [[0, ['WATCH', 'a']], [0, ['MULTI']], [0, ['EXEC']], [1, ['SET', 'a', 'x']], [0, ['MULTI']], [0, ['SET', 'a', 'y']], [0, ['EXEC']]]],
    ];
    for (const [name, steps] of cases) {
      it(name, async () => {
        const theirs = await twoClients(redis.port, steps);
        const ours = await twoClients(engine.port, steps);
        expect(ours).toEqual(theirs);
      });
    }
  });
}
