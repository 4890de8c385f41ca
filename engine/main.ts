/**
 * dcs-engine entry: the main (supervisor) thread of one engine process.
 *
 * Owns: the configuration as loaded, the shard workers, the mesh channels between them, signal
 * handling and shutdown. It holds no keys. Runs on the process's main thread.
 *
 * Start-up: load the config (redis-server-style arguments), create one MessageChannel per pair of
 * workers, start N workers, wait until every one listens on the port (reusePort), then print the
 * ready line. SIGTERM/SIGINT or SHUTDOWN stop the workers and exit 0.
 */

import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig, ConfigError } from './config/load.ts';
import type { EngineConfig } from './config/store.ts';
import { createCounters } from './worker/ids.ts';
import type { WorkerData, ToMain } from './worker/main.ts';
import { log } from './log.ts';
import { VERSION, REDIS_VERSION } from './version.ts';
import { Persistence } from './persist/saver.ts'; // persistence: RDB load at start, SAVE/BGSAVE, save on shutdown

const here = path.dirname(fileURLToPath(import.meta.url));

function fatal(msg: string): never {
  process.stderr.write(`dcs-engine: ${msg}\n`);
  process.exit(1);
}

let config: EngineConfig;
let configFile = '';
try {
  const loaded = loadConfig(process.argv.slice(2));
  if (loaded.kind === 'version') {
    process.stdout.write(`dcs-engine v=${VERSION} redis_version=${REDIS_VERSION} node=${process.version}\n`);
    process.exit(0);
  }
  if (loaded.kind === 'help') {
    process.stdout.write(
      'Usage: dcs-engine [/path/to/redis.conf] [--option value ...]\n' +
        '       dcs-engine --port 6380 --shards 4\n' +
        '       dcs-engine --version | --help\n',
    );
    process.exit(0);
  }
  config = loaded.config;
  configFile = loaded.configFile ?? '';
} catch (e) {
  if (e instanceof ConfigError) fatal((e as Error).message);
  throw e;
}

const shards = config.int('shards');
const counters = createCounters();
const clientCount = new SharedArrayBuffer(4);
const runId = randomBytes(20).toString('hex');
const startTime = Date.now();

// one channel per pair of workers
const ports: (MessagePort | null)[][] = [];
for (let i = 0; i < shards; i++) ports.push(new Array<MessagePort | null>(shards).fill(null));
for (let i = 0; i < shards; i++) {
  for (let j = i + 1; j < shards; j++) {
    const ch = new MessageChannel();
    ports[i][j] = ch.port1;
    ports[j][i] = ch.port2;
  }
}

// heap room for each shard: most of the machine's memory, shared between the shards
const heapMb = Math.max(1024, Math.floor((os.totalmem() / 1024 / 1024) * 0.8 / shards));

// Memory: a small young generation per shard isolate. Long-lived keys are promoted quickly and
// the heap keeps less slack: measured with 1M keys of 100 B, RSS growth per key ~300 B -> ~230 B,
// at no measurable CPU cost. (V8's --optimize-for-size gets ~200 B but costs ~30% CPU per request.)
const youngGenerationMb = Number(process.env['DCS_ENGINE_YOUNG_GEN_MB'] ?? 8);

const workers: Worker[] = [];
let listening = 0;
let shuttingDown = false;

log('notice', `dcs-engine ${VERSION} (Redis ${REDIS_VERSION} compatible) starting, pid=${process.pid}, shards=${shards}`);
if (configFile === '') log('warning', 'no config file specified, using the default config.');

// persistence: the shared status block; if a dump exists the workers wait for it before listening
const persist = new Persistence(config, shards, startTime);
persist.prepare();

for (let i = 0; i < shards; i++) {
  const own = ports[i];
  const data: WorkerData = {
    id: i,
    shards,
    config: config.toRecord(),
    ports: own,
    counters,
    clientCount,
    startTime,
    runId,
    configFile: configFile ? path.resolve(configFile) : '',
    executable: process.argv[1] ? path.resolve(process.argv[1]) : '',
    persist: persist.shared,
  };
  const transfer = own.filter((p): p is MessagePort => p !== null);
  const w = new Worker(path.join(here, 'worker', 'main.ts'), {
    workerData: data,
    transferList: transfer,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngGenerationMb },
  });
  w.on('message', (m: ToMain) => onWorkerMessage(i, m));
  w.on('error', (e) => {
    log('warning', `shard worker ${i} failed: ${e.stack ?? e.message}`);
    if (!shuttingDown) process.exit(1);
  });
  w.on('exit', (code) => {
    if (!shuttingDown) {
      log('warning', `shard worker ${i} exited with code ${code}`);
      process.exit(1);
    }
  });
  workers.push(w);
}

// persistence: load the dump (if any), then let the workers listen
persist.attach(workers);
persist.startup().catch((e: unknown) => fatal(`Fatal error loading the DB: ${(e as Error).message}. Exiting.`));

function onWorkerMessage(i: number, m: ToMain): void {
  switch (m.t) {
    case 'listening':
      listening++;
      if (listening === shards) {
        log('notice', `Server initialized; ${shards} shard worker(s) listening on ${config.str('bind')} port ${config.int('port')}`);
        log('notice', 'Ready to accept connections tcp');
      }
      return;
    case 'listen-error':
      fatal(`could not listen on port ${config.int('port')}: ${m.message}`);
    case 'config':
      config.update(m.record);
      return;
    case 'shutdown':
      void shutdown(`SHUTDOWN from a client (worker ${i})`, m.save);
      return;
    case 'closed':
      return;
  }
}

async function shutdown(reason: string, save: 'default' | 'save' | 'nosave' = 'default', force = false): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log('notice', `${reason}, shutting down...`);
  // persistence: save first when asked or when save points are configured; a failed save cancels the shutdown
  if (!(await persist.shutdownSave(save)) && !force) {
    shuttingDown = false;
    log('warning', 'Errors trying to shut down the server, check the logs for more information');
    return;
  }
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            void w.terminate();
            resolve();
          }, 5000);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          w.postMessage({ t: 'shutdown' });
        }),
    ),
  );
  log('notice', 'dcs-engine is now ready to exit, bye bye...');
  process.exit(0);
}

/** shutdown-on-sigterm / shutdown-on-sigint flags -> the save mode and whether a failed save still exits */
function signalMode(param: string): ['default' | 'save' | 'nosave', boolean] {
  const flags = config.str(param).split(' ');
  return [flags.includes('nosave') ? 'nosave' : flags.includes('save') ? 'save' : 'default', flags.includes('force')];
}
process.on('SIGTERM', () => void shutdown('Received SIGTERM scheduling shutdown', ...signalMode('shutdown-on-sigterm')));
process.on('SIGINT', () => void shutdown('Received SIGINT scheduling shutdown', ...signalMode('shutdown-on-sigint')));
