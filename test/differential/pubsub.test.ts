// Pub/Sub against the real redis-server: subscribe confirmations and running counts, message /
// pmessage / smessage frames, PUBSUB introspection, the RESP2 subscribed context, RESP3 pushes and
// MULTI. Single-reply scripts use differentialSuite; conversations between several connections use
// a transcript runner defined here: every step sends one command on a named connection and
// records every frame that connection receives up to a PING sentinel, so asynchronous messages
// and multi-frame replies are compared exactly, in order.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { byCommand, canonical, differentialSuite, formatReply, respEqual, sortDeep } from '../helpers/differential.ts';
import { RespClient, encodeCommand, type Arg, type RespValue } from '../helpers/resp-client.ts';
import { engineShardCounts, startEngine, startRedis, type ServerHandle } from '../helpers/servers.ts';

// ---------------------------------------------------------------------------
// Single-reply scripts

differentialSuite('PUBLISH / PUBSUB / UNSUBSCRIBE without subscribers', [
  {
    name: 'PUBLISH and SPUBLISH without subscribers reach nobody',
    script: [['PUBLISH', 'ch', 'msg'], ['SPUBLISH', 'ch', 'msg'], ['PUBLISH', '', ''], ['publish', 'ch', 'x']],
  },
  {
    name: 'wrong arity',
    script: [
      ['PUBLISH', 'ch'],
      ['PUBLISH', 'ch', 'a', 'b'],
      ['SPUBLISH', 'ch'],
      ['SUBSCRIBE'],
      ['PSUBSCRIBE'],
      ['SSUBSCRIBE'],
      ['PUBSUB'],
      ['PUBSUB', 'NUMPAT', 'x'],
      ['PUBSUB', 'HELP', 'x'],
      ['PING'],
    ],
  },
  {
    name: 'PUBSUB unknown subcommand and too many arguments',
    script: [
      ['PUBSUB', 'FOO'],
      ['PUBSUB', 'CHANNELS', 'a', 'b'],
      ['PUBSUB', 'channels', 'a', 'b', 'c'],
      ['PUBSUB', 'SHARDCHANNELS', 'a', 'b'],
      ['pubsub', 'ShardChannels', 'x', 'y'],
    ],
  },
  {
    name: 'PUBSUB HELP',
    script: [['PUBSUB', 'HELP'], ['pubsub', 'help']],
  },
  {
    name: 'PUBSUB HELP in RESP3',
    resp3: true,
    script: [['PUBSUB', 'HELP']],
  },
  {
    name: 'introspection of an idle server',
    script: [
      ['PUBSUB', 'NUMSUB'],
      ['PUBSUB', 'NUMSUB', 'a', 'b', 'a'],
      ['PUBSUB', 'NUMPAT'],
      ['PUBSUB', 'CHANNELS'],
      ['PUBSUB', 'CHANNELS', '*'],
      ['PUBSUB', 'SHARDCHANNELS'],
      ['PUBSUB', 'SHARDCHANNELS', 'x*'],
      ['PUBSUB', 'SHARDNUMSUB'],
      ['PUBSUB', 'SHARDNUMSUB', 's1', 's2'],
    ],
  },
  {
    name: 'introspection of an idle server in RESP3',
    resp3: true,
    script: [['PUBSUB', 'NUMSUB', 'a'], ['PUBSUB', 'SHARDNUMSUB', 'a'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'CHANNELS']],
  },
  {
    name: 'unsubscribing while subscribed to nothing replies with a nil name and count 0',
    script: [['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['GET', 'k']],
  },
  {
    name: 'unsubscribing while subscribed to nothing in RESP3',
    resp3: true,
    script: [['UNSUBSCRIBE'], ['PUNSUBSCRIBE'], ['SUNSUBSCRIBE'], ['GET', 'k']],
  },
  {
    name: 'unsubscribing from named channels never subscribed',
    script: [['UNSUBSCRIBE', 'a'], ['PUNSUBSCRIBE', 'p*'], ['SUNSUBSCRIBE', 's'], ['GET', 'k']],
  },
  {
    name: 'one subscription enters the RESP2 subscribed context',
    script: [
      ['SUBSCRIBE', 'a'],
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['PUBLISH', 'a', 'x'],
      ['PUBSUB', 'NUMSUB', 'a'],
      ['PUBSUB', 'NOPE'],
      ['MULTI'],
      ['HELLO', '3'],
      ['GET'],
      ['PING'],
      ['PING', 'hi'],
      ['ping', ''],
      ['PSUBSCRIBE', 'p*'],
      ['UNSUBSCRIBE', 'a'],
      ['GET', 'k'],
      ['PUNSUBSCRIBE', 'p*'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'a shard channel subscription enters the subscribed context too',
    script: [['SSUBSCRIBE', 's'], ['GET', 'k'], ['SPUBLISH', 's', 'x'], ['PING'], ['SUNSUBSCRIBE', 's'], ['GET', 'k']],
  },
  {
    name: 'RESET leaves the subscribed context without unsubscribe messages',
    script: [['SUBSCRIBE', 'a'], ['PSUBSCRIBE', 'b*'], ['SSUBSCRIBE', 'c'], ['RESET'], ['GET', 'k'], ['PUBLISH', 'a', 'x'], ['SPUBLISH', 'c', 'x'], ['PUBSUB', 'NUMPAT']],
  },
  {
    name: 'QUIT is allowed in the subscribed context',
    script: [['SUBSCRIBE', 'a'], ['QUIT'], ['PING']],
  },
  {
    name: 'RESP3 subscriber runs ordinary commands',
    resp3: true,
    script: [
      ['SUBSCRIBE', 'a'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['GET', 'missing'],
      ['PING'],
      ['PING', 'x'],
      ['PUBSUB', 'NUMSUB', 'a'],
      ['SSUBSCRIBE', 's'],
      ['PSUBSCRIBE', 'z*'],
      ['UNSUBSCRIBE', 'a'],
      ['SUNSUBSCRIBE', 's'],
      ['PUNSUBSCRIBE', 'z*'],
      ['UNSUBSCRIBE'],
    ],
  },
  {
    name: 'SUBSCRIBE inside MULTI; PING in EXEC sees the new context',
    script: [['MULTI'], ['SUBSCRIBE', 'a'], ['PING'], ['EXEC'], ['GET', 'k'], ['RESET'], ['GET', 'k']],
  },
  {
    name: 'SSUBSCRIBE inside MULTI is refused when EXEC runs',
    script: [['MULTI'], ['SSUBSCRIBE', 's'], ['PSUBSCRIBE', 'z'], ['EXEC'], ['GET', 'k'], ['RESET']],
  },
  {
    name: 'COMMAND INFO and COMMAND DOCS of the pub/sub commands',
    script: ['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'publish', 'ssubscribe', 'sunsubscribe', 'spublish'].flatMap(
      (c) => [['COMMAND', 'INFO', c], ['COMMAND', 'DOCS', c]],
    ),
  },
  {
    // Redis lists subcommands in the order of its (randomly seeded) hash table
    name: 'COMMAND INFO and COMMAND DOCS of PUBSUB and its subcommands, in any order',
    script: [['COMMAND', 'INFO', 'pubsub'], ['COMMAND', 'DOCS', 'pubsub'], ['COMMAND', 'INFO', 'pubsub|numsub']],
    normalize: byCommand({ COMMAND: sortDeep }),
  },
  {
    name: 'PUBSUB inside MULTI',
    script: [['MULTI'], ['PUBSUB', 'NUMSUB', 'a'], ['PUBSUB', 'NUMPAT'], ['PUBLISH', 'a', 'b'], ['EXEC']],
  },
]);

// ---------------------------------------------------------------------------
// Transcripts: several connections, every frame compared

interface Step {
  /** connection name (default 'a'); names starting with '3' speak RESP3 */
  c?: string;
  /** the command; [] only drains what the connection received so far */
  cmd: Arg[];
  /** read exactly this many frames instead of syncing with a PING sentinel */
  n?: number;
  /** frames are [kind, name, count] confirmations in an unspecified order (UNSUBSCRIBE with no names) */
  anyOrder?: boolean;
  /** the single reply is a list in an unspecified order (PUBSUB CHANNELS) */
  sorted?: boolean;
  /** frames arrive in an unspecified order (pmessages of several matching patterns: Redis walks
   * its pattern table in hash order) */
  frameOrder?: 'any';
}

interface TranscriptCase {
  name: string;
  steps: Step[];
}

const HARNESS = '[harness]';

function isSentinel(v: RespValue, token: string): boolean {
  const eq = (x: RespValue | undefined): boolean => x !== undefined && x.type === 'bulk' && x.value !== null && x.value.toString('latin1') === token;
  if (eq(v)) return true;
  return v.type === 'array' && v.value !== null && v.value.length === 2 && eq(v.value[1]);
}

function sortFrames(frames: RespValue[]): RespValue[] {
  return [...frames].sort((x, y) => (canonical(x) < canonical(y) ? -1 : canonical(x) > canonical(y) ? 1 : 0));
}

/** [kind, name, count] frames in any order: compare the sorted names and the sorted counts. */
function anyOrder(frames: RespValue[]): RespValue[] {
  const names: RespValue[] = [];
  const counts: RespValue[] = [];
  for (const f of frames) {
    if ((f.type === 'array' || f.type === 'push') && f.value !== null && f.value.length === 3) {
      const [k, n, c] = f.value as [RespValue, RespValue, RespValue];
      names.push({ type: f.type, value: [k, n] } as RespValue);
      counts.push(c);
    } else names.push(f);
  }
  return [...sortFrames(names), ...sortFrames(counts)];
}

function sortedReply(v: RespValue): RespValue {
  if (v.type === 'array' && v.value !== null) return { type: 'array', value: sortFrames(v.value) };
  if (v.type === 'set') return { type: 'set', value: sortFrames(v.value) };
  return v;
}

async function runTranscript(port: number, steps: readonly Step[]): Promise<RespValue[][]> {
  const conns = new Map<string, RespClient>();
  const out: RespValue[][] = [];
  let token = 0;
  try {
    for (const s of steps) {
      const name = s.c ?? 'a';
      let cl = conns.get(name);
      if (cl === undefined) {
        cl = await RespClient.connect(port, { resp3: name.startsWith('3'), timeoutMs: 5000 });
        conns.set(name, cl);
      }
      const frames: RespValue[] = [];
      try {
        if (s.n !== undefined) {
          cl.sendRaw(encodeCommand(s.cmd));
          for (let i = 0; i < s.n; i++) frames.push(await cl.readReply());
        } else {
          const tok = `__sync_${++token}__`;
          cl.sendRaw(Buffer.concat([...(s.cmd.length > 0 ? [encodeCommand(s.cmd)] : []), encodeCommand(['PING', tok])]));
          for (;;) {
            const v = await cl.readReply();
            if (isSentinel(v, tok)) break;
            frames.push(v);
          }
        }
      } catch (e) {
        frames.push({ type: 'error', value: `${HARNESS} ${(e as Error).message.replace(/port \d+/, 'port')}` });
      }
      out.push(s.anyOrder ? anyOrder(frames) : s.sorted ? frames.map(sortedReply) : s.frameOrder === 'any' ? sortFrames(frames) : frames);
    }
  } finally {
    await Promise.all([...conns.values()].map((c) => c.close()));
  }
  return out;
}

function describeStep(s: Step): string {
  return `[${s.c ?? 'a'}] ${s.cmd.length === 0 ? '(drain)' : s.cmd.map((a) => (Buffer.isBuffer(a) ? JSON.stringify(a.toString('latin1')) : String(a))).join(' ')}`;
}

function compareTranscripts(steps: readonly Step[], redis: RespValue[][], ours: RespValue[][], shards: number): void {
  const lines: string[] = [];
  let bad = 0;
  for (let i = 0; i < steps.length; i++) {
    const r = redis[i] ?? [];
    const o = ours[i] ?? [];
    const same = r.length === o.length && r.every((v, k) => respEqual(v, o[k]!));
    if (same) {
      lines.push(`  ✓ #${i} ${describeStep(steps[i]!)} -> ${r.length} frame(s)`);
      continue;
    }
    bad++;
    lines.push(`  ✗ #${i} ${describeStep(steps[i]!)}`);
    lines.push(`      redis : ${r.map((v) => formatReply(v, '              ')).join('\n              ') || '(nothing)'}`);
    lines.push(`      engine: ${o.map((v) => formatReply(v, '              ')).join('\n              ') || '(nothing)'}`);
  }
  if (bad > 0) throw new Error(`Transcript mismatch (shards=${shards}): ${bad} of ${steps.length} steps differ\n${lines.join('\n')}`);
}

/** Waits until the server has forgotten every subscription (closed connections are gone). */
async function waitIdle(port: number): Promise<void> {
  const c = await RespClient.connect(port);
  try {
    for (let i = 0; i < 200; i++) {
      const [numpat, chans, shardChans] = await c.pipeline([['PUBSUB', 'NUMPAT'], ['PUBSUB', 'CHANNELS'], ['PUBSUB', 'SHARDCHANNELS']]);
      const empty = (v: RespValue | undefined): boolean => v !== undefined && v.type === 'array' && v.value !== null && v.value.length === 0;
      if (numpat?.type === 'integer' && numpat.value === 0n && empty(chans) && empty(shardChans)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`server on port ${port} still has subscriptions after the case`);
  } finally {
    await c.close();
  }
}

const transcripts: TranscriptCase[] = [
  {
    name: 'confirmations carry the running count of channels + patterns; shard channels count apart',
    steps: [
      { cmd: ['SUBSCRIBE', 'a', 'b', 'a'] },
      { cmd: ['PSUBSCRIBE', 'p*', 'q*'] },
      { cmd: ['PSUBSCRIBE', 'p*'] },
      { cmd: ['SSUBSCRIBE', 's1', 's2', 's1'] },
      { cmd: ['UNSUBSCRIBE', 'b', 'zz'] },
      { cmd: ['PUNSUBSCRIBE', 'q*', 'nope'] },
      { cmd: ['SUNSUBSCRIBE', 's2', 'nope'] },
      { cmd: ['UNSUBSCRIBE'] },
      { cmd: ['UNSUBSCRIBE'] },
      { cmd: ['SUNSUBSCRIBE'] },
      { cmd: ['GET', 'k'] },
      { cmd: ['PUNSUBSCRIBE'] },
      { cmd: ['GET', 'k'] },
    ],
  },
  {
    name: 'UNSUBSCRIBE / PUNSUBSCRIBE / SUNSUBSCRIBE with no names leave everything',
    steps: [
      { cmd: ['SUBSCRIBE', 'c1', 'c2', 'c3'] },
      { cmd: ['PSUBSCRIBE', 'p1*', 'p2*'] },
      { cmd: ['SSUBSCRIBE', 's1', 's2'] },
      { cmd: ['UNSUBSCRIBE'], anyOrder: true },
      { cmd: ['PUNSUBSCRIBE'], anyOrder: true },
      { cmd: ['GET', 'k'] },
      { cmd: ['SUNSUBSCRIBE'], anyOrder: true },
      { cmd: ['GET', 'k'] },
    ],
  },
  {
    name: 'the same in RESP3',
    steps: [
      { c: '3a', cmd: ['SUBSCRIBE', 'c1', 'c2', 'c1'] },
      { c: '3a', cmd: ['PSUBSCRIBE', 'p1*'] },
      { c: '3a', cmd: ['SSUBSCRIBE', 's1', 's2'] },
      { c: '3a', cmd: ['GET', 'k'] },
      { c: '3a', cmd: ['UNSUBSCRIBE'], anyOrder: true },
      { c: '3a', cmd: ['UNSUBSCRIBE'] },
      { c: '3a', cmd: ['PUNSUBSCRIBE'] },
      { c: '3a', cmd: ['SUNSUBSCRIBE'], anyOrder: true },
      { c: '3a', cmd: ['SUNSUBSCRIBE'] },
    ],
  },
  {
    name: 'message, pmessage and smessage frames reach the subscriber in publish order',
    steps: [
      { c: 'sub', cmd: ['SUBSCRIBE', 'news'] },
      { c: 'sub', cmd: ['PSUBSCRIBE', 'n*'] },
      { c: 'sub', cmd: ['SSUBSCRIBE', 'news'] },
      { c: 'pub', cmd: ['PUBLISH', 'news', 'hello'] },
      { c: 'pub', cmd: ['SPUBLISH', 'news', 'shard'] },
      { c: 'pub', cmd: ['PUBLISH', 'nope', 'via pattern'] },
      { c: 'pub', cmd: ['PUBLISH', 'other', 'nobody'] },
      { c: 'pub', cmd: ['SPUBLISH', 'nope', 'nobody'] },
      { c: 'pub', cmd: ['PUBLISH', 'news', ''] },
      { c: 'sub', cmd: [] },
      { c: 'pub', cmd: ['PUBLISH', 'news', 'after'] },
      { c: 'sub', cmd: ['UNSUBSCRIBE', 'news'] },
      { c: 'pub', cmd: ['PUBLISH', 'news', 'pattern only'] },
      { c: 'sub', cmd: [] },
    ],
  },
  {
    name: 'RESP3 subscribers get push frames; RESP2 and RESP3 subscribers of one channel',
    steps: [
      { c: '3s', cmd: ['SUBSCRIBE', 'ch'] },
      { c: 's2', cmd: ['SUBSCRIBE', 'ch'] },
      { c: '3s', cmd: ['PSUBSCRIBE', 'c?'] },
      { c: 's2', cmd: ['PSUBSCRIBE', 'c?', '*'] },
      { c: '3s', cmd: ['SSUBSCRIBE', 'ch'] },
      { c: 'pub', cmd: ['PUBLISH', 'ch', 'm1'] },
      { c: 'pub', cmd: ['SPUBLISH', 'ch', 'm2'] },
      { c: 'pub', cmd: ['PUBLISH', 'cx', 'm3'] },
      { c: '3s', cmd: [] },
      { c: 's2', cmd: [], frameOrder: 'any' },
    ],
  },
  {
    name: 'a RESP3 client publishing to itself gets the push before the reply',
    steps: [
      { c: '3a', cmd: ['SUBSCRIBE', 'ch'] },
      { c: '3a', cmd: ['PUBLISH', 'ch', 'me'] },
      { c: '3a', cmd: ['PSUBSCRIBE', '*'] },
      { c: '3a', cmd: ['PUBLISH', 'ch', 'twice'] },
      { c: '3a', cmd: ['SSUBSCRIBE', 'ch'] },
      { c: '3a', cmd: ['SPUBLISH', 'ch', 'shard'] },
      { c: '3a', cmd: ['SET', 'k', 'v'] },
      { c: '3a', cmd: ['GET', 'k'] },
    ],
  },
  {
    name: 'PUBSUB introspection sums every connection',
    steps: [
      { c: 's1', cmd: ['SUBSCRIBE', 'a', 'b'] },
      { c: 's2', cmd: ['SUBSCRIBE', 'a'] },
      { c: '3s3', cmd: ['PSUBSCRIBE', 'x*', 'y*'] },
      { c: 's4', cmd: ['PSUBSCRIBE', 'x*'] },
      { c: 's5', cmd: ['SSUBSCRIBE', 's1', 's2'] },
      { c: 's6', cmd: ['SSUBSCRIBE', 's1'] },
      { c: 'q', cmd: ['PUBSUB', 'NUMSUB', 'a', 'b', 'c', 'a'] },
      { c: 'q', cmd: ['PUBSUB', 'NUMPAT'] },
      { c: 'q', cmd: ['PUBSUB', 'CHANNELS'], sorted: true },
      { c: 'q', cmd: ['PUBSUB', 'CHANNELS', 'a*'], sorted: true },
      { c: 'q', cmd: ['PUBSUB', 'CHANNELS', '[ab]'], sorted: true },
      { c: 'q', cmd: ['PUBSUB', 'CHANNELS', 'x*'], sorted: true },
      { c: 'q', cmd: ['PUBSUB', 'SHARDCHANNELS'], sorted: true },
      { c: 'q', cmd: ['PUBSUB', 'SHARDCHANNELS', '*1'], sorted: true },
      { c: 'q', cmd: ['PUBSUB', 'SHARDNUMSUB', 's1', 's2', 'zz'] },
      { c: 'q', cmd: ['PUBLISH', 'a', 'm'] },
      { c: 'q', cmd: ['PUBLISH', 'x1', 'm'] },
      { c: 'q', cmd: ['PUBLISH', 'y', 'm'] },
      { c: 'q', cmd: ['SPUBLISH', 's1', 'm'] },
      { c: 'q', cmd: ['SPUBLISH', 'a', 'm'] },
      { c: 's1', cmd: ['UNSUBSCRIBE', 'a'] },
      { c: 's4', cmd: ['PUNSUBSCRIBE', 'x*'] },
      { c: 'q', cmd: ['PUBSUB', 'NUMSUB', 'a', 'b'] },
      { c: 'q', cmd: ['PUBSUB', 'NUMPAT'] },
      { c: 'q', cmd: ['PUBLISH', 'x1', 'm2'] },
      { c: '3q', cmd: ['PUBSUB', 'NUMSUB', 'a'] },
      { c: '3q', cmd: ['PUBSUB', 'SHARDNUMSUB', 's1'] },
      { c: '3q', cmd: ['PUBSUB', 'CHANNELS'], sorted: true },
      { c: 's1', cmd: [] },
      { c: 's2', cmd: [] },
      { c: '3s3', cmd: [] },
      { c: 's4', cmd: [] },
      { c: 's5', cmd: [] },
      { c: 's6', cmd: [] },
    ],
  },
  {
    name: 'glob patterns',
    steps: [
      { c: 'sub', cmd: ['PSUBSCRIBE', 'h?llo', 'h[ae]llo', 'h\\*llo', '*', 'h[^e]llo', 'H*'] },
      { c: 'pub', cmd: ['PUBLISH', 'hello', '1'] },
      { c: 'pub', cmd: ['PUBLISH', 'hallo', '2'] },
      { c: 'pub', cmd: ['PUBLISH', 'h*llo', '3'] },
      { c: 'pub', cmd: ['PUBLISH', 'hxllo', '4'] },
      { c: 'pub', cmd: ['PUBLISH', 'Hello', '5'] },
      { c: 'pub', cmd: ['PUBLISH', '', '6'] },
      { c: 'sub', cmd: [], frameOrder: 'any' },
      { c: 'q', cmd: ['PUBSUB', 'NUMPAT'] },
    ],
  },
  {
    name: 'binary-safe channels and messages',
    steps: [
      { c: 'sub', cmd: ['SUBSCRIBE', Buffer.from([0, 255, 13, 10, 32])] },
      { c: 'sub', cmd: ['PSUBSCRIBE', Buffer.from([0, 42])] },
      { c: 'pub', cmd: ['PUBLISH', Buffer.from([0, 255, 13, 10, 32]), Buffer.from('a\r\nb\x00c', 'latin1')] },
      { c: 'pub', cmd: ['PUBLISH', Buffer.from([0, 1, 2]), Buffer.alloc(70000, 'x')] },
      { c: 'sub', cmd: [] },
      { c: 'q', cmd: ['PUBSUB', 'NUMSUB', Buffer.from([0, 255, 13, 10, 32])] },
      { c: 'q', cmd: ['PUBSUB', 'CHANNELS'] },
    ],
  },
  {
    name: 'unsubscribe stops delivery; RESET leaves silently',
    steps: [
      { c: 'sub', cmd: ['SUBSCRIBE', 'c', 'd'] },
      { c: 'pub', cmd: ['PUBLISH', 'c', '1'] },
      { c: 'sub', cmd: ['UNSUBSCRIBE', 'c'] },
      { c: 'pub', cmd: ['PUBLISH', 'c', '2'] },
      { c: 'pub', cmd: ['PUBLISH', 'd', '3'] },
      { c: 'sub', cmd: [] },
      { c: 'sub', cmd: ['RESET'] },
      { c: 'pub', cmd: ['PUBLISH', 'd', '4'] },
      { c: 'sub', cmd: ['GET', 'k'] },
    ],
  },
  {
    name: 'MULTI: SUBSCRIBE, PUBLISH to itself and PING inside EXEC',
    steps: [
      { cmd: ['MULTI'], n: 1 },
      { cmd: ['SUBSCRIBE', 'a', 'b'], n: 1 },
      { cmd: ['PUBLISH', 'a', 'x'], n: 1 },
      { cmd: ['PING'], n: 1 },
      { cmd: ['EXEC'] },
      { cmd: ['GET', 'k'] },
      { c: 'pub', cmd: ['PUBLISH', 'b', 'y'] },
      { cmd: [] },
      { cmd: ['RESET'] },
    ],
  },
  {
    name: 'MULTI in RESP3: PUBLISH to itself inside EXEC',
    steps: [
      { c: '3a', cmd: ['SUBSCRIBE', 'a'] },
      { c: '3a', cmd: ['MULTI'], n: 1 },
      { c: '3a', cmd: ['PUBLISH', 'a', '1'], n: 1 },
      { c: '3a', cmd: ['SET', 'k', 'v'], n: 1 },
      { c: '3a', cmd: ['EXEC'] },
    ],
  },
];

for (const shards of engineShardCounts()) {
  describe(`Pub/Sub transcripts (shards=${shards})`, () => {
    let redis: ServerHandle | undefined;
    let engine: ServerHandle | undefined;
    beforeAll(async () => {
      [redis, engine] = await Promise.all([startRedis(), startEngine({ shards })]);
    });
    afterAll(async () => {
      await Promise.all([redis?.stop(), engine?.stop()]);
    });
    for (const t of transcripts) {
      it(t.name, async () => {
        if (!redis || !engine) throw new Error('servers were not started');
        const [r, o] = await Promise.all([runTranscript(redis.port, t.steps), runTranscript(engine.port, t.steps)]);
        compareTranscripts(t.steps, r, o, shards);
        await Promise.all([waitIdle(redis.port), waitIdle(engine.port)]);
      });
    }
  });
}
