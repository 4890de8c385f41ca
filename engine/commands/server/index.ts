/**
 * Server and introspection commands: INFO, CONFIG, COMMAND, CLIENT, SLOWLOG, MONITOR, DEBUG,
 * MEMORY, TIME, LASTSAVE, ROLE, SHUTDOWN. Each module registers its commands at load time.
 * Imported once per worker thread by commands/index.ts.
 */

import './info.ts';
import './config.ts';
import './command.ts';
import './client.ts';
import './slowlog.ts';
import './monitor.ts';
import './debug.ts';
import './memory.ts';
import './misc.ts';
import './persistence.ts';
