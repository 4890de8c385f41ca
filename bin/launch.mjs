// Shared by the dcs-engine and dcs-control launchers. Both programs are TypeScript run directly by
// Node's type stripping (Node >= 22.18 or 23.6; dcs-control also needs node:sqlite). On an older
// Node this re-runs the command on the Node 24 that `npm ci` installs into node_modules (the pinned
// `node` package), forwarding arguments, signals and the exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Runs the TypeScript entry `main` (an absolute path) as the program `name`. */
export async function launch(name, main) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const strips = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
  if (strips) {
    await import(main);
    return;
  }
  let dir = path.dirname(main);
  let pinned = null;
  while (pinned === null) {
    const candidate = path.join(dir, 'node_modules', 'node', 'bin', 'node');
    if (existsSync(candidate)) pinned = candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (pinned === null) {
    process.stderr.write(`${name}: needs Node >= 22.18 (this is ${process.version}); run 'npm ci' to install the pinned Node 24\n`);
    process.exit(1);
  }
  const child = spawn(pinned, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
