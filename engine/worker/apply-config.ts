/**
 * Applies the worker's configuration copy to the live objects that cache values from it (shard
 * slowlog settings, auth, limits, the pubsub output buffer limits). Called at start-up and after
 * every CONFIG SET (on every worker: commands/server/config.ts). Worker thread.
 */

import { W } from './state.ts';
import { setPubsubOutputLimits } from './pubsub-registry.ts';
import { parseClientOutputBufferLimits } from '../config/params.ts';

const PUBSUB_CLASS = 2;
/** the client-output-buffer-limit value last applied (setting the limits restarts soft timers) */
let appliedObuf = '';

export function applyConfig(): void {
  const c = W.config;
  W.requirepass = c.str('requirepass');
  W.maxclients = c.int('maxclients');
  W.shard.slowlogSlowerThan = c.int('slowlog-log-slower-than');
  W.shard.slowlog.maxLen = c.int('slowlog-max-len');
  if (W.shard.slowlog.entries.length > W.shard.slowlog.maxLen) W.shard.slowlog.entries.length = W.shard.slowlog.maxLen;
  const maxBulk = c.int('proto-max-bulk-len');
  for (const conn of W.connections.values()) conn.parser.maxBulkLen = maxBulk;
  const obuf = c.str('client-output-buffer-limit');
  if (obuf !== appliedObuf) {
    appliedObuf = obuf;
    const pubsub = parseClientOutputBufferLimits(obuf)[PUBSUB_CLASS];
    if (pubsub !== undefined) setPubsubOutputLimits(Number(pubsub.hard), Number(pubsub.soft), Number(pubsub.seconds));
  }
}
