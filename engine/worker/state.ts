/**
 * The per-worker singleton: everything a worker thread holds besides its shard's data — its id, the
 * slot map, the mesh to its peers, the configuration copy, the connections it accepted, server
 * statistics. Each worker thread has its own instance of this module. Runs on a worker thread.
 */

import type { Shard } from './shard.ts';
import type { Mesh } from './mesh.ts';
import type { Connection } from './connection.ts';
import { RespWriter } from '../resp/writer.ts';
import type { EngineConfig } from '../config/store.ts';

export interface ServerStats {
  connectionsReceived: number;
  rejectedConnections: number;
  commandsProcessed: number;
  netInputBytes: number;
  netOutputBytes: number;
  errorReplies: Map<string, number>;
  unexpectedErrorReplies: number;
}

export interface WorkerState {
  id: number;
  shards: number;
  slotOwner: Uint8Array;
  shard: Shard;
  mesh: Mesh;
  config: EngineConfig;
  /** the writer inline replies go to while a connection's input is processed */
  scratch: RespWriter;
  connections: Map<number, Connection>;
  /** connections in MONITOR mode on this worker */
  monitors: Set<Connection>;
  stats: ServerStats;
  /** cached hot config values */
  requirepass: string;
  databases: number;
  maxclients: number;
  /** epoch ms the process started (shared by all workers through workerData) */
  startTime: number;
  /** run id shared by all workers */
  runId: string;
  port: number;
  configFile: string;
  executable: string;
  /** number of connections on all workers, kept in a shared counter */
  clientCount: Int32Array;
  /** CLIENT PAUSE state: until (ms epoch) and mode ('write' | 'all') */
  pauseUntil: number;
  pauseMode: 'write' | 'all';
}

export let W: WorkerState;

export function setWorkerState(s: WorkerState): void {
  W = s;
}

export function newStats(): ServerStats {
  return {
    connectionsReceived: 0,
    rejectedConnections: 0,
    commandsProcessed: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    errorReplies: new Map(),
    unexpectedErrorReplies: 0,
  };
}
