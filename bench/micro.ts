/**
 * Micro-benchmarks (benchmark.js) for the engine's hot paths: RESP request parsing, reply writing,
 * CRC16 slot hashing, a cross-thread hop through a MessageChannel, and keyspace get/set.
 * `npm run bench:micro` — prints ops/sec with the relative margin of error for each.
 */

import Benchmark from 'benchmark';
import { MessageChannel } from 'node:worker_threads';
import { RequestParser } from '../engine/resp/parser.ts';
import { RespWriter } from '../engine/resp/writer.ts';
import { keySlot } from '../engine/slots.ts';
import { Db } from '../engine/keyspace/db.ts';
import { encodeString } from '../engine/keyspace/values.ts';

function frame(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
}

const pipeline16 = Buffer.from(
  Array.from({ length: 16 }, (_, i) => frame(['SET', `key:${i * 7919}`, 'x'.repeat(100)])).join(''),
  'latin1',
);
const value100 = 'v'.repeat(100);
const keys = Array.from({ length: 100_000 }, (_, i) => `key:${i}`);
const db = new Db(0);
for (const k of keys) db.set(k, encodeString(value100));
const writer = new RespWriter(64 * 1024);
let ki = 0;

const suite = new Benchmark.Suite('dcs-engine hot paths');
suite
  .add('RESP parse: pipeline of 16 SET (100 B values)', () => {
    const p = new RequestParser();
    p.feed(pipeline16);
    let n = 0;
    while (p.next() !== null) n++;
    if (n !== 16) throw new Error('parse');
  })
  .add('reply write: 16 bulk replies of 100 B + take()', () => {
    writer.reset();
    for (let i = 0; i < 16; i++) writer.bulk(value100);
    writer.take();
  })
  .add('reply write: 16 integers', () => {
    writer.reset();
    for (let i = 0; i < 16; i++) writer.int(i * 1000);
    writer.take();
  })
  .add('CRC16 slot of a 16-byte key', () => {
    keySlot(keys[ki++ % keys.length]);
  })
  .add('keyspace get (100k keys)', () => {
    db.lookup(keys[ki++ % keys.length], 0);
  })
  .add('keyspace set (100k keys)', () => {
    db.set(keys[ki++ % keys.length], value100);
  })
  .add(
    'cross-thread hop: MessageChannel round trip with a 2 KB batch',
    (deferred: Benchmark.Deferred) => {
      const { port1, port2 } = new MessageChannel();
      port2.on("message", (m: Uint8Array) => port2.postMessage(m, [m.buffer as ArrayBuffer]));
      port1.once('message', () => {
        port1.close();
        port2.close();
        deferred.resolve();
      });
      const buf = new Uint8Array(2048);
      port1.postMessage(buf, [buf.buffer as ArrayBuffer]);
    },
    { defer: true },
  )
  .on('cycle', (e: Benchmark.Event) => console.log(String(e.target)))
  .on('complete', () => console.log('done'))
  .run({ async: true });
