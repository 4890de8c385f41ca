/**
 * Pub/Sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH SSUBSCRIBE SUNSUBSCRIBE
 * SPUBLISH PUBSUB (CHANNELS NUMSUB NUMPAT SHARDCHANNELS SHARDNUMSUB HELP).
 *
 * Runs on the connection's worker. Subscriptions are recorded in this worker's registry
 * (worker/pubsub-registry.ts); PUBLISH/SPUBLISH deliver locally at once and fan out to every other
 * worker with an ungated mesh op, replying with the summed receiver count (synchronously when there
 * is one shard). PUBSUB's introspection subcommands gather every worker's view the same way.
 * In standalone mode shard channels behave as Redis 7.0 standalone does: a separate namespace of
 * ordinary channels, counted apart from channels and patterns. HOT PATH: PUBLISH.
 */

import { register } from './registry.ts';
import type { CommandDef } from './types.ts';
import { Err } from '../errors.ts';
import { W } from '../worker/state.ts';
import type { Connection } from '../worker/connection.ts';
import type { Reply } from '../resp/reply.ts';
import { resetHooks } from './connection.ts';
import {
  deliver,
  deliverShard,
  dropAll,
  localChannels,
  localNumsub,
  localPatterns,
  publishToPeers,
  subscribeChannel,
  subscribePattern,
  subscribeShardChannel,
  unsubscribeChannel,
  unsubscribePattern,
  unsubscribeShardChannel,
} from '../worker/pubsub-registry.ts';

resetHooks.push(dropAll);

/** Channels + patterns: the count SUBSCRIBE/PSUBSCRIBE and their UNSUBSCRIBEs report. */
function plainCount(c: Connection): number {
  return c.channels.size + c.patterns.size;
}

function confirm(out: Reply, kind: string, name: string | null, count: number): void {
  out.push(3);
  out.bulk(kind);
  if (name === null) out.nil();
  else out.bulk(name);
  out.int(count);
}

/** Asks every other worker and resolves with their answers (this worker's is not included). */
function fromPeers<T>(op: string, args: unknown, txn: number): Promise<T[]> {
  const ps: Promise<T>[] = [];
  for (let s = 0; s < W.shards; s++) if (s !== W.id) ps.push(W.mesh.request<T>(s, op, args, txn));
  return Promise.all(ps);
}

/** Publishes on the other workers and replies with their receiver count plus the local one. */
function replyTotal(shard: boolean, channel: string, message: string, local: number, out: Reply): Promise<void> {
  return new Promise<void>((resolve) => {
    publishToPeers(shard, channel, message, (remote) => {
      out.int(local + remote);
      resolve();
    });
  });
}

function replyNames(out: Reply, names: Iterable<string>, size: number): void {
  out.array(size);
  for (const n of names) out.bulk(n);
}

function channelsCommand(conn: Connection, argv: string[], out: Reply, shard: boolean): void | Promise<void> {
  if (argv.length > 3) {
    out.error(Err.UNKNOWN_SUBCOMMAND_OR_ARGS(argv[1], argv[0]));
    return;
  }
  const pattern = argv.length === 3 ? argv[2] : null;
  const local = localChannels(shard, pattern);
  if (W.shards === 1) {
    replyNames(out, local, local.length);
    return;
  }
  return fromPeers<string[]>('pubsub.channels', { shard, pattern }, conn.activeTxn).then((lists) => {
    const all = new Set(local);
    for (const l of lists) for (const n of l) all.add(n);
    replyNames(out, all, all.size);
  });
}

function numsubCommand(conn: Connection, argv: string[], out: Reply, shard: boolean): void | Promise<void> {
  const names = argv.slice(2);
  const counts = localNumsub(shard, names);
  const reply = (): void => {
    out.array(names.length * 2);
    for (let i = 0; i < names.length; i++) {
      out.bulk(names[i]);
      out.int(counts[i]);
    }
  };
  if (W.shards === 1 || names.length === 0) {
    reply();
    return;
  }
  return fromPeers<number[]>('pubsub.numsub', { shard, names }, conn.activeTxn).then((lists) => {
    for (const l of lists) for (let i = 0; i < l.length; i++) counts[i] += l[i];
    reply();
  });
}

const HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

const PUBSUB_FLAGS = ['pubsub', 'noscript', 'loading', 'stale', 'pubsub-context'];
const PUBSUB_CATS = ['@pubsub', '@slow'];

/** In the order Redis 7.0 lists them (COMMAND INFO / DOCS). */
const pubsubSubcommands: CommandDef[] = [
  {
    name: 'channels',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale', 'fanout'],
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.8.0',
    summary: 'List active channels',
    complexity:
      'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
    args: [{ name: 'pattern', type: 'pattern', optional: true }],
    conn(conn, argv, out) {
      return channelsCommand(conn, argv, out, false);
    },
  },
  {
    name: 'numpat',
    arity: 2,
    flags: ['pubsub', 'loading', 'stale', 'fanout'],
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.8.0',
    summary: 'Get the count of unique patterns pattern subscriptions',
    complexity: 'O(1)',
    conn(conn, _argv, out) {
      const local = localPatterns();
      if (W.shards === 1) {
        out.int(local.length);
        return;
      }
      return fromPeers<string[]>('pubsub.patterns', null, conn.activeTxn).then((lists) => {
        const all = new Set(local);
        for (const l of lists) for (const p of l) all.add(p);
        out.int(all.size);
      });
    },
  },
  {
    name: 'numsub',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale', 'fanout'],
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.8.0',
    summary: 'Get the count of subscribers for channels',
    complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
    args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
    conn(conn, argv, out) {
      return numsubCommand(conn, argv, out, false);
    },
  },
  {
    name: 'shardchannels',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale', 'fanout'],
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '7.0.0',
    summary: 'List active shard channels',
    complexity:
      'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
    args: [{ name: 'pattern', type: 'pattern', optional: true }],
    conn(conn, argv, out) {
      return channelsCommand(conn, argv, out, true);
    },
  },
  {
    name: 'help',
    arity: 2,
    flags: ['loading', 'stale'],
    categories: ['@slow'],
    group: 'pubsub',
    since: '6.2.0',
    summary: 'Show helpful text about the different subcommands',
    complexity: 'O(1)',
    conn(_conn, _argv, out) {
      out.array(HELP.length);
      for (const line of HELP) out.simple(line);
    },
  },
  {
    name: 'shardnumsub',
    arity: -2,
    flags: ['pubsub', 'loading', 'stale', 'fanout'],
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Get the count of subscribers for shard channels',
    complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
    args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
    conn(conn, argv, out) {
      return numsubCommand(conn, argv, out, true);
    },
  },
];

register([
  {
    name: 'subscribe',
    arity: -2,
    flags: PUBSUB_FLAGS,
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Listen for messages published to the given channels',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    args: [{ name: 'channel', type: 'string', multiple: true }],
    conn(conn, argv, out) {
      for (let i = 1; i < argv.length; i++) {
        subscribeChannel(conn, argv[i]);
        confirm(out, 'subscribe', argv[i], plainCount(conn));
      }
    },
  },
  {
    name: 'unsubscribe',
    arity: -1,
    flags: PUBSUB_FLAGS,
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stop listening for messages posted to the given channels',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
    conn(conn, argv, out) {
      if (argv.length === 1) {
        if (conn.channels.size === 0) {
          confirm(out, 'unsubscribe', null, plainCount(conn));
          return;
        }
        for (const ch of [...conn.channels]) {
          unsubscribeChannel(conn, ch);
          confirm(out, 'unsubscribe', ch, plainCount(conn));
        }
        return;
      }
      for (let i = 1; i < argv.length; i++) {
        unsubscribeChannel(conn, argv[i]);
        confirm(out, 'unsubscribe', argv[i], plainCount(conn));
      }
    },
  },
  {
    name: 'psubscribe',
    arity: -2,
    flags: PUBSUB_FLAGS,
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Listen for messages published to channels matching the given patterns',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    args: [{ name: 'pattern', type: 'block', multiple: true, arguments: [{ name: 'pattern', type: 'pattern' }] }],
    conn(conn, argv, out) {
      for (let i = 1; i < argv.length; i++) {
        subscribePattern(conn, argv[i]);
        confirm(out, 'psubscribe', argv[i], plainCount(conn));
      }
    },
  },
  {
    name: 'punsubscribe',
    arity: -1,
    flags: PUBSUB_FLAGS,
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Stop listening for messages posted to channels matching the given patterns',
    complexity:
      'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    args: [{ name: 'pattern', type: 'pattern', optional: true, multiple: true }],
    conn(conn, argv, out) {
      if (argv.length === 1) {
        if (conn.patterns.size === 0) {
          confirm(out, 'punsubscribe', null, plainCount(conn));
          return;
        }
        for (const pat of [...conn.patterns]) {
          unsubscribePattern(conn, pat);
          confirm(out, 'punsubscribe', pat, plainCount(conn));
        }
        return;
      }
      for (let i = 1; i < argv.length; i++) {
        unsubscribePattern(conn, argv[i]);
        confirm(out, 'punsubscribe', argv[i], plainCount(conn));
      }
    },
  },
  {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'fanout'],
    categories: ['@pubsub', '@fast'],
    group: 'pubsub',
    since: '2.0.0',
    summary: 'Post a message to a channel',
    complexity:
      'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    args: [
      { name: 'channel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    conn(conn, argv, out) {
      const local = deliver(argv[1], argv[2], conn, out);
      if (W.shards === 1) {
        out.int(local);
        return;
      }
      return replyTotal(false, argv[1], argv[2], local, out);
    },
  },
  {
    name: 'ssubscribe',
    arity: -2,
    flags: PUBSUB_FLAGS,
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Listen for messages published to the given shard channels',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    args: [{ name: 'shardchannel', type: 'string', multiple: true }],
    conn(conn, argv, out) {
      // Redis refuses SSUBSCRIBE from a client that must get one reply per command (inside EXEC);
      // the connection records the running top-level command, which is EXEC for queued commands.
      if (conn.lastCommand === 'exec') {
        out.error(Err.DENY_BLOCKING('SSUBSCRIBE'));
        return;
      }
      for (let i = 1; i < argv.length; i++) {
        subscribeShardChannel(conn, argv[i]);
        confirm(out, 'ssubscribe', argv[i], conn.shardChannels.size);
      }
    },
  },
  {
    name: 'sunsubscribe',
    arity: -1,
    flags: PUBSUB_FLAGS,
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: PUBSUB_CATS,
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Stop listening for messages posted to the given shard channels',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
    conn(conn, argv, out) {
      if (argv.length === 1) {
        if (conn.shardChannels.size === 0) {
          confirm(out, 'sunsubscribe', null, 0);
          return;
        }
        for (const ch of [...conn.shardChannels]) {
          unsubscribeShardChannel(conn, ch);
          confirm(out, 'sunsubscribe', ch, conn.shardChannels.size);
        }
        return;
      }
      for (let i = 1; i < argv.length; i++) {
        unsubscribeShardChannel(conn, argv[i]);
        confirm(out, 'sunsubscribe', argv[i], conn.shardChannels.size);
      }
    },
  },
  {
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'fanout'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@pubsub', '@fast'],
    group: 'pubsub',
    since: '7.0.0',
    summary: 'Post a message to a shard channel',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    args: [
      { name: 'shardchannel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    conn(conn, argv, out) {
      const local = deliverShard(argv[1], argv[2], conn, out);
      if (W.shards === 1) {
        out.int(local);
        return;
      }
      return replyTotal(true, argv[1], argv[2], local, out);
    },
  },
  {
    name: 'pubsub',
    arity: -2,
    flags: [],
    categories: ['@slow'],
    group: 'pubsub',
    since: '2.8.0',
    summary: 'A container for Pub/Sub commands',
    complexity: 'Depends on subcommand.',
    subcommands: pubsubSubcommands,
  },
]);
