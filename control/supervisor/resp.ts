/**
 * control/supervisor/resp.ts — a minimal RESP2 client for talking to the engines dcs-control runs.
 *
 * Owns: RespConn (connect, AUTH, sequential commands with a per-command timeout) and the reply
 * type. Used for health checks, CONFIG SET, INFO, SLOWLOG, FLUSHALL, BGSAVE/SAVE.
 *
 * Invariants: replies come back in command order; any protocol or socket error fails every
 * pending command and closes the connection. Error replies resolve as `RespError` values (they
 * are answers, not failures). Never logs arguments (AUTH carries the password).
 */

import net from 'node:net';

export class RespError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export type Reply = string | number | null | RespError | Reply[];

interface Pending {
  resolve(r: Reply): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

class Parser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
  }

  /** Next complete reply, or undefined when more bytes are needed. */
  next(): Reply | undefined {
    const r = this.parse(0);
    if (r === undefined) return undefined;
    this.buf = this.buf.subarray(r.end);
    return r.value;
  }

  private line(at: number): { text: string; end: number } | undefined {
    const i = this.buf.indexOf('\r\n', at, 'latin1');
    if (i < 0) return undefined;
    return { text: this.buf.toString('utf8', at + 1, i), end: i + 2 };
  }

  private parse(at: number): { value: Reply; end: number } | undefined {
    if (at >= this.buf.length) return undefined;
    const type = String.fromCharCode(this.buf[at] ?? 0);
    const l = this.line(at);
    if (l === undefined) return undefined;
    switch (type) {
      case '+':
        return { value: l.text, end: l.end };
      case '-':
        return { value: new RespError(l.text), end: l.end };
      case ':':
        return { value: Number(l.text), end: l.end };
      case '$': {
        const n = Number(l.text);
        if (n < 0) return { value: null, end: l.end };
        if (this.buf.length < l.end + n + 2) return undefined;
        return { value: this.buf.toString('utf8', l.end, l.end + n), end: l.end + n + 2 };
      }
      case '*': {
        const n = Number(l.text);
        if (n < 0) return { value: null, end: l.end };
        const items: Reply[] = [];
        let pos = l.end;
        for (let i = 0; i < n; i++) {
          const item = this.parse(pos);
          if (item === undefined) return undefined;
          items.push(item.value);
          pos = item.end;
        }
        return { value: items, end: pos };
      }
      default:
        throw new Error(`RESP protocol error: unexpected byte ${JSON.stringify(type)}`);
    }
  }
}

function encode(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(a, 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export interface ConnectOptions {
  host: string;
  port: number;
  password: string | null;
  timeoutMs?: number;
}

export class RespConn {
  private readonly sock: net.Socket;
  private readonly parser = new Parser();
  private readonly pending: Pending[] = [];
  private closed = false;
  private readonly timeoutMs: number;

  private constructor(sock: net.Socket, timeoutMs: number) {
    this.sock = sock;
    this.timeoutMs = timeoutMs;
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('error', (err) => this.fail(err));
    sock.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects and, when a password is given, authenticates. Rejects on an AUTH error reply. */
  static async connect(o: ConnectOptions): Promise<RespConn> {
    const timeoutMs = o.timeoutMs ?? 5000;
    const sock = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.createConnection({ host: o.host, port: o.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timeout'));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    sock.setNoDelay(true);
    const conn = new RespConn(sock, timeoutMs);
    if (o.password !== null && o.password !== '') {
      const r = await conn.call('AUTH', o.password);
      if (r instanceof RespError) {
        conn.close();
        throw new Error(`authentication failed: ${r.message.split(' ')[0] ?? ''}`);
      }
    }
    return conn;
  }

  call(...args: string[]): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`command timeout (${args[0] ?? ''})`)), this.timeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.sock.write(encode(args));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.destroy();
    this.fail(new Error('connection closed'));
  }

  private onData(chunk: Buffer): void {
    this.parser.push(chunk);
    for (;;) {
      let r: Reply | undefined;
      try {
        r = this.parser.next();
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (r === undefined) return;
      const p = this.pending.shift();
      if (p === undefined) continue;
      clearTimeout(p.timer);
      p.resolve(r);
    }
  }

  private fail(err: Error): void {
    this.closed = true;
    this.sock.destroy();
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }
}

/** Runs one command on a fresh connection. */
export async function oneShot(o: ConnectOptions, ...args: string[]): Promise<Reply> {
  const c = await RespConn.connect(o);
  try {
    return await c.call(...args);
  } finally {
    c.close();
  }
}

/** Parses INFO text into a field map. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}
