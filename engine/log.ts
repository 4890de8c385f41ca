/**
 * Log lines in redis-server's format: "pid:role dd Mon yyyy hh:mm:ss.mmm <level-char> message",
 * written to stdout (tests and the control service read them). Main thread and workers.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MARK: Record<string, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function log(level: 'debug' | 'verbose' | 'notice' | 'warning', msg: string): void {
  const d = new Date();
  const ts = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  process.stdout.write(`${process.pid}:M ${ts} ${MARK[level]} ${msg}\n`);
}
