// The memory test's loader: writes `SET key:0..key:N-1 <value>` over one raw
// socket, pipelined in batches with a bounded window of batches in flight, and
// counts replies. Sequential key names give exactly N distinct keys, unlike
// redis-benchmark's random __rand_int__ keys.
import { RespClient, RespError, type RespValue } from './resp.ts';

export interface LoadResult {
  keys: number;
  ms: number;
  errors: number;
  firstError: string | null;
}

function encodeSetBatch(from: number, to: number, value: Buffer): Buffer {
  const parts: Buffer[] = [];
  const valueHeader = Buffer.from(`$${value.length}\r\n`);
  const crlf = Buffer.from('\r\n');
  for (let i = from; i < to; i++) {
    const key = `key:${i}`;
    parts.push(Buffer.from(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n`), valueHeader, value, crlf);
  }
  return Buffer.concat(parts);
}

/**
 * Load `count` keys `key:0..key:<count-1>` with `valueBytes`-byte values.
 * Rejects if the connection fails or `timeoutMs` passes.
 */
export async function loadKeys(
  port: number,
  count: number,
  valueBytes: number,
  opts: { batch?: number; window?: number; timeoutMs?: number } = {},
): Promise<LoadResult> {
  const batch = opts.batch ?? 1000;
  const window = opts.window ?? 16;
  const value = Buffer.alloc(valueBytes, 'v');
  const client = await RespClient.connect(port);
  const started = performance.now();
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      let sent = 0;
      let replies = 0;
      let errors = 0;
      let firstError: string | null = null;
      const settle = (err: Error | null): void => {
        clearTimeout(timer);
        clearInterval(closedCheck);
        client.onReply = null;
        if (err) reject(err);
        else resolve({ keys: count, ms: performance.now() - started, errors, firstError });
      };
      const timer = setTimeout(
        () => settle(new Error(`loading timed out after ${replies} of ${count} replies`)),
        opts.timeoutMs ?? 600000,
      );
      const closedCheck = setInterval(() => {
        if (client.error) settle(new Error(`connection lost after ${replies} of ${count} replies: ${client.error.message}`));
      }, 100);
      const sendNext = (): void => {
        if (sent >= count) return;
        const to = Math.min(count, sent + batch);
        client.writeRaw(encodeSetBatch(sent, to, value));
        sent = to;
      };
      client.onReply = (v: RespValue): void => {
        replies++;
        if (v instanceof RespError) {
          errors++;
          firstError ??= v.message;
        }
        if (replies === count) settle(null);
        else if (replies % batch === 0) sendNext();
      };
      for (let i = 0; i < window; i++) sendNext();
    });
  } finally {
    client.close();
  }
}
