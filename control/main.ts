/**
 * control/main.ts — dcs-control's entry point (`npm start`, `npx dcs-control`).
 *
 * Owns: the command line (control/options.ts), starting the service (control/server.ts), the
 * default instance on the first start of a data directory, and SIGINT/SIGTERM.
 *
 * Prints `dcs-control listening on http://HOST:PORT` once the API answers, and
 * `default instance ... ready on HOST:PORT: redis-cli -p PORT ping` when it created the default
 * instance. Exit code 1 (one line on stderr) for bad options or an address in use.
 */

import { HELP, OptionsError, parseOptions, type ParseResult } from './options.ts';
import { createLogger } from './log.ts';
import { VERSION, startControl, type RunningControl } from './server.ts';

let parsed: ParseResult;
try {
  parsed = parseOptions(process.argv.slice(2), process.env, process.cwd());
} catch (err) {
  if (err instanceof OptionsError) {
    process.stderr.write(`dcs-control: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
if (parsed.kind === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
if (parsed.kind === 'version') {
  process.stdout.write(`dcs-control ${VERSION} node=${process.version}\n`);
  process.exit(0);
}
const opts = parsed.options;
const log = createLogger(opts.logLevel);

let control: RunningControl;
try {
  control = await startControl(opts, log);
} catch (err) {
  process.stderr.write(`dcs-control: cannot start on ${opts.host}:${opts.port}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
process.stdout.write(`dcs-control listening on ${control.address}${opts.authToken === null ? '' : ' (X-Auth-Token required)'}\n`);

const onSignal = (signal: string): void => {
  log.info(`${signal} received`);
  void control.stop().then(() => process.exit(0));
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

try {
  const def = await control.ctx.ops.createDefaultInstance();
  if (def !== null) {
    if (def.status === 'RUNNING') {
      process.stdout.write(
        `default instance ${def.name} (${def.id}, project "${def.project_id}") ready on ${opts.instanceHost}:${def.port}: redis-cli -p ${def.port} ping\n`,
      );
    } else {
      process.stdout.write(`default instance ${def.name} could not be started: ${def.fail_reason ?? def.status}\n`);
    }
  }
} catch (err) {
  log.error(`default instance: ${err instanceof Error ? err.message : String(err)}`);
}
