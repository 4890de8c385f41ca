/**
 * Loads every command family into the registry. Each family module calls register() at load time.
 * Imported once per worker thread.
 */

import './connection.ts';
import './string.ts';
import './bitmap.ts';
import './keyspace.ts';
import './expire.ts';
import './list.ts';
import './set.ts';
import './hash.ts';
import './zset.ts';
import './transaction.ts';
import './pubsub.ts';
import './server/index.ts';
