// Test helper: a small raw RESP2/RESP3 client for byte-exact reply comparisons.
// Owns: the RespValue tagged union, the incremental RespParser, encodeCommand(),
// the RespClient (call / pipeline / sendRaw / readReply / waitClosed / close),
// and toPlain() for readable assertions.
//
// Strings decoded from the wire (simple strings, errors, doubles, bignums,
// verbatim formats) use latin1, which is lossless for arbitrary bytes.
// Bulk payloads stay Buffers. Command arguments given as JS strings are
// encoded as UTF-8.
import net from 'node:net';

/** One reply, keeping every RESP2/RESP3 wire type distinct. */
export type RespValue =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'blob_error'; value: string }
  | { type: 'integer'; value: bigint }
  | { type: 'bulk'; value: Buffer | null }
  | { type: 'array'; value: RespValue[] | null }
  | { type: 'map'; value: [RespValue, RespValue][] }
  | { type: 'set'; value: RespValue[] }
  | { type: 'double'; value: string }
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'verbatim'; format: string; value: Buffer }
  | { type: 'bignum'; value: string }
  | { type: 'push'; value: RespValue[] }
  /** A RESP3 attribute (`|`) together with the reply it annotates. */
  | { type: 'attribute'; attributes: [RespValue, RespValue][]; value: RespValue };

/** A command argument. Strings are sent as UTF-8, numbers in decimal. */
export type Arg = string | Buffer | number | bigint;

export class RespProtocolError extends Error {
  override name = 'RespProtocolError';
}

// ---------------------------------------------------------------------------
// Encoding

const CRLF = Buffer.from('\r\n', 'latin1');

function argToBuffer(a: Arg): Buffer {
  if (Buffer.isBuffer(a)) return a;
  if (typeof a === 'string') return Buffer.from(a, 'utf8');
  return Buffer.from(String(a), 'latin1');
}

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const a of args) {
    const b = argToBuffer(a);
    parts.push(Buffer.from(`$${b.length}\r\n`, 'latin1'), b, CRLF);
  }
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------
// Incremental parser

type FrameKind = 'array' | 'set' | 'push' | 'map' | 'attr' | 'attr-target';

interface Frame {
  kind: FrameKind;
  /** number of child values still expected */
  remaining: number;
  items: RespValue[];
  /** for 'attr-target': the attribute pairs waiting for their reply */
  attributes?: [RespValue, RespValue][];
}

function pairs(items: RespValue[]): [RespValue, RespValue][] {
  const out: [RespValue, RespValue][] = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const k = items[i];
    const v = items[i + 1];
    if (k !== undefined && v !== undefined) out.push([k, v]);
  }
  return out;
}

function parseIntStrict(line: string, what: string): number {
  if (!/^-?\d+$/.test(line)) throw new RespProtocolError(`invalid ${what} length: ${JSON.stringify(line)}`);
  return Number(line);
}

/**
 * Incremental RESP parser. Feed it TCP chunks with push(); it returns the
 * top-level values completed by that chunk. Aggregates are tracked on an
 * explicit stack, so a large reply split across many chunks is not re-parsed.
 */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private stack: Frame[] = [];
  /** chunks received while waiting for `need` total bytes (large bulks) */
  private waiting: Buffer[] = [];
  private waitingLen = 0;
  private need = 0;

  /** Feeds bytes; returns every top-level value completed so far. */
  push(chunk: Buffer): RespValue[] {
    const out: RespValue[] = [];
    if (this.need > 0) {
      this.waiting.push(chunk);
      this.waitingLen += chunk.length;
      if (this.buf.length - this.pos + this.waitingLen < this.need) return out;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.waiting]);
      this.pos = 0;
      this.waiting = [];
      this.waitingLen = 0;
      this.need = 0;
    } else if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
    while (this.step(out)) {
      /* keep parsing */
    }
    if (this.pos >= this.buf.length) {
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
    return out;
  }

  /** True when no partial reply is buffered. */
  get idle(): boolean {
    return this.stack.length === 0 && this.pos >= this.buf.length && this.waitingLen === 0;
  }

  /** Parses one header or scalar at pos. Returns false when more bytes are needed. */
  private step(out: RespValue[]): boolean {
    const buf = this.buf;
    const start = this.pos;
    if (start >= buf.length) return false;
    const eol = buf.indexOf(CRLF, start + 1);
    if (eol < 0) return false;
    const t = String.fromCharCode(buf[start] ?? 0);
    const line = buf.toString('latin1', start + 1, eol);
    const next = eol + 2;
    switch (t) {
      case '+':
        this.pos = next;
        this.emit({ type: 'simple', value: line }, out);
        return true;
      case '-':
        this.pos = next;
        this.emit({ type: 'error', value: line }, out);
        return true;
      case ':': {
        if (!/^[-+]?\d+$/.test(line)) throw new RespProtocolError(`invalid integer: ${JSON.stringify(line)}`);
        this.pos = next;
        this.emit({ type: 'integer', value: BigInt(line) }, out);
        return true;
      }
      case ',':
        this.pos = next;
        this.emit({ type: 'double', value: line }, out);
        return true;
      case '(':
        this.pos = next;
        this.emit({ type: 'bignum', value: line }, out);
        return true;
      case '#':
        if (line !== 't' && line !== 'f') throw new RespProtocolError(`invalid boolean: ${JSON.stringify(line)}`);
        this.pos = next;
        this.emit({ type: 'bool', value: line === 't' }, out);
        return true;
      case '_':
        this.pos = next;
        this.emit({ type: 'null' }, out);
        return true;
      case '$':
      case '=':
      case '!': {
        if (line === '?') throw new RespProtocolError('streamed strings are not supported');
        const len = parseIntStrict(line, 'bulk');
        if (len < 0) {
          if (t !== '$') throw new RespProtocolError(`negative length for '${t}'`);
          this.pos = next;
          this.emit({ type: 'bulk', value: null }, out);
          return true;
        }
        const end = next + len;
        if (buf.length < end + 2) {
          this.need = end + 2 - start;
          this.buf = buf.subarray(start);
          this.pos = 0;
          return false;
        }
        if (buf[end] !== 13 || buf[end + 1] !== 10) throw new RespProtocolError('bulk payload not terminated by CRLF');
        const payload = Buffer.from(buf.subarray(next, end));
        this.pos = end + 2;
        if (t === '$') {
          this.emit({ type: 'bulk', value: payload }, out);
        } else if (t === '!') {
          this.emit({ type: 'blob_error', value: payload.toString('latin1') }, out);
        } else {
          if (payload.length < 4 || payload[3] !== 0x3a) throw new RespProtocolError('verbatim string without format prefix');
          this.emit({ type: 'verbatim', format: payload.toString('latin1', 0, 3), value: payload.subarray(4) }, out);
        }
        return true;
      }
      case '*':
      case '~':
      case '>':
      case '%':
      case '|': {
        if (line === '?') throw new RespProtocolError('streamed aggregates are not supported');
        const n = parseIntStrict(line, 'aggregate');
        this.pos = next;
        if (n < 0) {
          if (t !== '*') throw new RespProtocolError(`negative length for '${t}'`);
          this.emit({ type: 'array', value: null }, out);
          return true;
        }
        const kind: FrameKind = t === '*' ? 'array' : t === '~' ? 'set' : t === '>' ? 'push' : t === '%' ? 'map' : 'attr';
        const remaining = kind === 'map' || kind === 'attr' ? n * 2 : n;
        if (remaining === 0) {
          if (kind === 'attr') this.stack.push({ kind: 'attr-target', remaining: 1, items: [], attributes: [] });
          else this.emit(this.build(kind, []), out);
        } else {
          this.stack.push({ kind, remaining, items: [] });
        }
        return true;
      }
      default:
        throw new RespProtocolError(`unknown RESP type byte 0x${(buf[start] ?? 0).toString(16)} (line ${JSON.stringify(line.slice(0, 60))})`);
    }
  }

  private build(kind: Exclude<FrameKind, 'attr' | 'attr-target'>, items: RespValue[]): RespValue {
    switch (kind) {
      case 'array':
        return { type: 'array', value: items };
      case 'set':
        return { type: 'set', value: items };
      case 'push':
        return { type: 'push', value: items };
      case 'map':
        return { type: 'map', value: pairs(items) };
    }
  }

  /** Attaches a completed value to the open aggregate (or outputs it). */
  private emit(v: RespValue, out: RespValue[]): void {
    let value = v;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) {
        out.push(value);
        return;
      }
      top.items.push(value);
      top.remaining--;
      if (top.remaining > 0) return;
      this.stack.pop();
      if (top.kind === 'attr') {
        // The attribute map is complete; it now wraps the next value.
        this.stack.push({ kind: 'attr-target', remaining: 1, items: [], attributes: pairs(top.items) });
        return;
      }
      if (top.kind === 'attr-target') {
        const inner = top.items[0];
        if (inner === undefined) throw new RespProtocolError('attribute without value');
        value = { type: 'attribute', attributes: top.attributes ?? [], value: inner };
        continue;
      }
      value = this.build(top.kind, top.items);
    }
  }
}

// ---------------------------------------------------------------------------
// Client

interface Waiter {
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

export interface RespClientOptions {
  host?: string;
  /** connect timeout in ms (default 5000) */
  connectTimeoutMs?: number;
  /** default reply timeout for call()/pipeline()/readReply() in ms (default 10000) */
  timeoutMs?: number;
  /** send `HELLO 3` right after connecting (its reply is discarded) */
  resp3?: boolean;
}

function describeArgs(args: readonly Arg[]): string {
  const s = args.map((a) => (Buffer.isBuffer(a) ? a.toString('latin1') : String(a))).join(' ');
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * Raw RESP connection. Every top-level value the server sends (including
 * RESP3 push messages) is a "reply" delivered in arrival order, so
 * call()/readReply() see exactly what is on the wire. Server errors are
 * returned as `{type:'error'}` values, never thrown; promises reject only on
 * timeouts, protocol errors and closed connections.
 */
export class RespClient {
  readonly socket: net.Socket;
  readonly port: number;
  /** default reply timeout (ms) */
  timeoutMs: number;
  private readonly parser = new RespParser();
  private readonly queue: RespValue[] = [];
  private readonly waiters: Waiter[] = [];
  private closedFlag = false;
  private failure: Error | undefined;
  private readonly closedPromise: Promise<void>;

  private constructor(socket: net.Socket, port: number, timeoutMs: number) {
    this.socket = socket;
    this.port = port;
    this.timeoutMs = timeoutMs;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: Error) => {
      this.failure ??= err;
    });
    this.closedPromise = new Promise<void>((resolve) => {
      socket.once('close', () => {
        this.closedFlag = true;
        const err = this.failure ?? new Error(`connection to port ${this.port} closed by peer`);
        for (const w of this.waiters.splice(0)) {
          if (w.timer) clearTimeout(w.timer);
          w.reject(err);
        }
        resolve();
      });
    });
  }

  /** Connects to 127.0.0.1:port (or opts.host). */
  static connect(port: number, opts: RespClientOptions = {}): Promise<RespClient> {
    const host = opts.host ?? '127.0.0.1';
    const connectTimeout = opts.connectTimeoutMs ?? 5000;
    return new Promise<RespClient>((resolve, reject) => {
      const socket = net.connect({ port, host });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${connectTimeout} ms`));
      }, connectTimeout);
      const onError = (err: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', onError);
        const client = new RespClient(socket, port, opts.timeoutMs ?? 10_000);
        if (!opts.resp3) {
          resolve(client);
          return;
        }
        client.call('HELLO', '3').then(
          (r) => {
            if (r.type === 'error') {
              void client.close();
              reject(new Error(`HELLO 3 failed: ${r.value}`));
            } else resolve(client);
          },
          (err: unknown) => {
            void client.close();
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    });
  }

  /** True once the socket has closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Number of replies received but not yet read. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Sends one command and resolves with its reply. */
  async call(...args: Arg[]): Promise<RespValue> {
    this.write(encodeCommand(args));
    try {
      return await this.readReply();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`${msg} (command: ${describeArgs(args)})`, { cause: err });
    }
  }

  /** Sends all commands in one write, then reads one reply per command. */
  async pipeline(cmds: readonly (readonly Arg[])[]): Promise<RespValue[]> {
    if (cmds.length === 0) return [];
    this.write(Buffer.concat(cmds.map((c) => encodeCommand(c))));
    const replies: RespValue[] = [];
    for (let i = 0; i < cmds.length; i++) {
      try {
        replies.push(await this.readReply());
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`${msg} (pipeline command #${i}: ${describeArgs(cmds[i] ?? [])})`, { cause: err });
      }
    }
    return replies;
  }

  /** Writes raw bytes (inline commands, malformed input, partial frames...). */
  sendRaw(bytes: Buffer | string): void {
    this.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Resolves with the next reply received (in order). */
  readReply(timeoutMs: number = this.timeoutMs): Promise<RespValue> {
    const ready = this.queue.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closedFlag) {
      return Promise.reject(this.failure ?? new Error(`connection to port ${this.port} is closed`));
    }
    return new Promise<RespValue>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new Error(`no reply from port ${this.port} within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  /** Resolves true if the server closes the connection within timeoutMs. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    if (this.closedFlag) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.closedPromise.then(() => true), timeout]);
    if (timer) clearTimeout(timer);
    return result;
  }

  /** Closes the connection (no QUIT). Resolves once the socket is closed. */
  close(): Promise<void> {
    if (!this.closedFlag) this.socket.destroy();
    return this.closedPromise;
  }

  private write(b: Buffer): void {
    if (this.closedFlag || this.socket.destroyed) {
      throw new Error(`connection to port ${this.port} is closed`);
    }
    this.socket.write(b);
  }

  private onData(chunk: Buffer): void {
    let values: RespValue[];
    try {
      values = this.parser.push(chunk);
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.socket.destroy();
      return;
    }
    for (const v of values) {
      const w = this.waiters.shift();
      if (w) {
        if (w.timer) clearTimeout(w.timer);
        w.resolve(v);
      } else {
        this.queue.push(v);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Plain conversion for assertions

/** JSON-able readable form of a reply, see toPlain(). */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export interface ToPlainOptions {
  /** how bulk / verbatim payloads become strings (default 'latin1') */
  encoding?: BufferEncoding;
}

/**
 * Converts a reply into a readable, JSON-able form:
 * simple/bulk/verbatim -> string, error -> {error: text}, integer -> number
 * (string if outside the safe range), double -> number (or 'inf'/'-inf'/'nan'),
 * bignum -> string, bool -> boolean, null / nil bulk / nil array -> null,
 * array and set -> array, map -> object (or {map: [[k,v],...]} if a key is not
 * a string/number), push -> {push: [...]}, attribute -> the wrapped reply.
 */
export function toPlain(v: RespValue, opts: ToPlainOptions = {}): Plain {
  const enc = opts.encoding ?? 'latin1';
  switch (v.type) {
    case 'simple':
      return v.value;
    case 'error':
    case 'blob_error':
      return { error: v.value };
    case 'integer':
      return v.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v.value)
        : v.value.toString();
    case 'bulk':
      return v.value === null ? null : v.value.toString(enc);
    case 'array':
      return v.value === null ? null : v.value.map((x) => toPlain(x, opts));
    case 'set':
      return v.value.map((x) => toPlain(x, opts));
    case 'push':
      return { push: v.value.map((x) => toPlain(x, opts)) };
    case 'map': {
      const entries = v.value.map(([k, val]) => [toPlain(k, opts), toPlain(val, opts)] as const);
      if (entries.every(([k]) => typeof k === 'string' || typeof k === 'number')) {
        const obj: { [key: string]: Plain } = {};
        for (const [k, val] of entries) obj[String(k)] = val;
        return obj;
      }
      return { map: entries.map(([k, val]) => [k, val]) };
    }
    case 'double': {
      const n = Number(v.value);
      return Number.isFinite(n) ? n : v.value;
    }
    case 'null':
      return null;
    case 'bool':
      return v.value;
    case 'verbatim':
      return v.value.toString(enc);
    case 'bignum':
      return v.value;
    case 'attribute':
      return toPlain(v.value, opts);
  }
}
