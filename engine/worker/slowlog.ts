/**
 * SLOWLOG entries of one shard, newest first. SLOWLOG GET merges the shards' logs by id.
 * Entry ids come from a counter shared by all workers so they are unique and ordered.
 * Runs on the shard's worker.
 */

import type { Connection } from './connection.ts';
import { nextSlowlogId } from './ids.ts';

export interface SlowLogEntry {
  id: number;
  time: number; // unix seconds
  usec: number;
  argv: string[];
  peer: string;
  name: string;
}

const MAX_ARGS = 32;
const MAX_ARG_LEN = 128;

export class SlowLog {
  entries: SlowLogEntry[] = [];
  maxLen = 128;

  add(argv: string[], usec: number, conn: Connection | null): void {
    const shown: string[] = [];
    const n = Math.min(argv.length, MAX_ARGS);
    for (let i = 0; i < n; i++) {
      if (i === MAX_ARGS - 1 && argv.length > MAX_ARGS) {
        shown.push(`... (${argv.length - MAX_ARGS + 1} more arguments)`);
        break;
      }
      const a = argv[i];
      shown.push(a.length > MAX_ARG_LEN ? `${a.slice(0, MAX_ARG_LEN)}... (${a.length - MAX_ARG_LEN} more bytes)` : a);
    }
    this.entries.unshift({
      id: nextSlowlogId(),
      time: Math.floor(Date.now() / 1000),
      usec: Math.round(usec),
      argv: shown,
      peer: conn ? conn.peer : '',
      name: conn ? conn.name : '',
    });
    if (this.entries.length > this.maxLen) this.entries.length = Math.max(0, this.maxLen);
  }

  reset(): void {
    this.entries = [];
  }
}
