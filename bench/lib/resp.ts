// A minimal RESP2 client over a raw TCP socket, used for everything that is not
// redis-benchmark itself: PING for readiness, FLUSHALL, INFO, DBSIZE, test prep
// and the pipelined key loader. Not a general-purpose client.
import { Socket, connect } from 'node:net';

export class RespError extends Error {
  override name = 'RespError';
}

export type RespValue = string | number | null | RespError | RespValue[];

interface Parsed {
  value: RespValue;
  next: number;
}

/** Parse one RESP2 value from `buf` at `pos`; undefined if incomplete. */
export function parseResp(buf: Buffer, pos: number): Parsed | undefined {
  if (pos >= buf.length) return undefined;
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return undefined;
  const type = buf[pos];
  const line = buf.toString('utf8', pos + 1, eol);
  const after = eol + 2;
  switch (type) {
    case 0x2b: // '+'
      return { value: line, next: after };
    case 0x2d: // '-'
      return { value: new RespError(line), next: after };
    case 0x3a: // ':'
      return { value: Number(line), next: after };
    case 0x24: {
      // '$'
      const len = Number(line);
      if (len < 0) return { value: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { value: buf.toString('utf8', after, after + len), next: after + len + 2 };
    }
    case 0x2a: {
      // '*'
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const item = parseResp(buf, p);
        if (item === undefined) return undefined;
        items.push(item.value);
        p = item.next;
      }
      return { value: items, next: p };
    }
    default:
      throw new Error(`RESP protocol error: unexpected byte 0x${(type ?? 0).toString(16)}`);
  }
}

/** Encode one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

type Waiter = { resolve: (v: RespValue) => void; reject: (e: Error) => void };

export class RespClient {
  private readonly socket: Socket;
  private pending: Buffer = Buffer.alloc(0);
  private readonly waiters: Waiter[] = [];
  private closedError: Error | null = null;
  /** Called for every reply instead of a waiter when set (bulk loading). */
  onReply: ((v: RespValue) => void) | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error): void => {
      if (this.closedError === null) this.closedError = err;
      for (const w of this.waiters.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RespClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Error that closed the connection, if any. */
  get error(): Error | null {
    return this.closedError;
  }

  private onData(chunk: Buffer): void {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    for (;;) {
      let parsed: Parsed | undefined;
      try {
        parsed = parseResp(buf, pos);
      } catch (err) {
        this.socket.destroy(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (parsed === undefined) break;
      pos = parsed.next;
      if (this.onReply !== null) {
        this.onReply(parsed.value);
      } else {
        const w = this.waiters.shift();
        if (w) w.resolve(parsed.value);
      }
    }
    this.pending = pos === buf.length ? Buffer.alloc(0) : buf.subarray(pos);
  }

  /** Write raw, already encoded bytes; returns false if the socket buffer is full. */
  writeRaw(data: Buffer): boolean {
    return this.socket.write(data);
  }

  /** Send one command and wait for its reply (error replies are returned, not thrown). */
  command(args: readonly string[], timeoutMs = 30000): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args[0]} timed out`)), timeoutMs);
      this.waiters.push({
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.write(encodeCommand(args));
    });
  }

  /** Send several commands in one write and wait for all replies. */
  async pipeline(cmds: readonly (readonly string[])[], timeoutMs = 30000): Promise<RespValue[]> {
    if (cmds.length === 0) return [];
    if (this.closedError) throw this.closedError;
    const replies = cmds.map(
      () =>
        new Promise<RespValue>((resolve, reject) => {
          this.waiters.push({ resolve, reject });
        }),
    );
    this.socket.write(Buffer.concat(cmds.map((c) => encodeCommand(c))));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('pipeline timed out')), timeoutMs);
    });
    try {
      return await Promise.race([Promise.all(replies), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Open a connection, run `fn`, always close. */
export async function withClient<T>(port: number, fn: (c: RespClient) => Promise<T>): Promise<T> {
  const c = await RespClient.connect(port);
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}

/** Parse an INFO reply into a field map. */
export function parseInfo(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}
