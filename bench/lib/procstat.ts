// Linux /proc readers: CPU time (utime+stime, clock ticks) and resident memory
// (VmRSS) of a server, summed over its whole process tree so that a server that
// forks workers or shards is measured completely. Also CLK_TCK.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

interface StatFields {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

function readStat(pid: number): StatFields | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state); field N is f[N - 3].
  const ppid = Number(f[1]);
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  const cutime = Number(f[13]);
  const cstime = Number(f[14]);
  if (![ppid, utime, stime, cutime, cstime].every(Number.isFinite)) return null;
  return { pid, ppid, ticks: utime + stime + cutime + cstime };
}

/** `pid` and all its live descendants (pid first). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pid];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st === null) continue;
    const list = children.get(st.ppid);
    if (list) list.push(st.pid);
    else children.set(st.ppid, [st.pid]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift();
    if (p === undefined) break;
    out.push(p);
    for (const c of children.get(p) ?? []) queue.push(c);
  }
  return out;
}

/**
 * CPU time of the process tree rooted at `pid`, in clock ticks: utime+stime of
 * every live member plus cutime+cstime (its reaped children). Null if `pid`
 * itself is gone.
 */
export function cpuTicks(pid: number): number | null {
  const root = readStat(pid);
  if (root === null) return null;
  let total = 0;
  for (const p of processTree(pid)) {
    const st = p === pid ? root : readStat(p);
    if (st !== null) total += st.ticks;
  }
  return total;
}

function vmRssBytes(pid: number): number | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/** Resident set size (VmRSS) summed over the process tree, in bytes. */
export function rssBytes(pid: number): number | null {
  const root = vmRssBytes(pid);
  if (root === null) return null;
  let total = root;
  for (const p of processTree(pid).slice(1)) total += vmRssBytes(p) ?? 0;
  return total;
}

/** Start time of a process (field 22 of /proc/PID/stat, ticks since boot), null if gone. */
export function startTime(pid: number): number | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const v = Number(f[19]);
  return Number.isFinite(v) ? v : null;
}

let clkTckCache: number | null = null;

/** Clock ticks per second (`getconf CLK_TCK`, 100 if unavailable). */
export function clkTck(): number {
  if (clkTckCache !== null) return clkTckCache;
  let v = 100;
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (Number.isFinite(n) && n > 0) v = n;
  } catch {
    // keep the default
  }
  clkTckCache = v;
  return v;
}
