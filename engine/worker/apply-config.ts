/**
 * Applies the worker's configuration copy to the live objects that cache values from it (shard
 * slowlog settings, auth, limits). Called at start-up and after every CONFIG SET. Worker thread.
 */

import { W } from './state.ts';

export function applyConfig(): void {
  const c = W.config;
  W.requirepass = c.str('requirepass');
  W.maxclients = c.int('maxclients');
  W.shard.slowlogSlowerThan = c.int('slowlog-log-slower-than');
  W.shard.slowlog.maxLen = c.int('slowlog-max-len');
  if (W.shard.slowlog.entries.length > W.shard.slowlog.maxLen) W.shard.slowlog.entries.length = W.shard.slowlog.maxLen;
  const maxBulk = c.int('proto-max-bulk-len');
  for (const conn of W.connections.values()) conn.parser.maxBulkLen = maxBulk;
}
