#!/usr/bin/env node
// dcs-control launcher. The control service is TypeScript run directly by Node's type stripping
// (Node >= 22.18 or 23.6) and needs node:sqlite. On an older Node this re-runs the command on the
// Node 24 that `npm ci` installs into node_modules (the pinned `node` package), forwarding
// arguments, signals and the exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const main = path.join(here, '..', 'main.ts');
const [major, minor] = process.versions.node.split('.').map(Number);
const strips = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);

if (strips) {
  await import(main);
} else {
  let dir = here;
  let pinned = null;
  while (pinned === null) {
    const candidate = path.join(dir, 'node_modules', 'node', 'bin', 'node');
    if (existsSync(candidate)) pinned = candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (pinned === null) {
    process.stderr.write(`dcs-control: needs Node >= 22.18 (this is ${process.version}); run 'npm ci' to install the pinned Node 24\n`);
    process.exit(1);
  }
  const child = spawn(pinned, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
