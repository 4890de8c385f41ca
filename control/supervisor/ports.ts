/**
 * control/supervisor/ports.ts — instance port allocation.
 *
 * Owns: portFree() (can we bind it right now?) and PortAllocator, which hands out ports of the
 * configured range that no live node holds, is not reserved by an allocation in flight, and can
 * be bound at the moment of the call.
 *
 * Invariants: main thread only. A reservation is held from allocate() until release() or until
 * the node row holding the port is written (the repo's usedPorts() then covers it).
 */

import net from 'node:net';

/** True when `host:port` can be bound now (closed again at once). */
export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => {
      srv.close(() => resolve(true));
    });
  });
}

/** Waits until the port can be bound, up to timeoutMs. */
export async function waitPortFree(port: number, host: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await portFree(port, host)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class PortAllocator {
  private readonly low: number;
  private readonly high: number;
  private readonly host: string;
  private readonly used: () => Set<number>;
  private readonly reserved = new Set<number>();

  constructor(low: number, high: number, host: string, used: () => Set<number>) {
    this.low = low;
    this.high = high;
    this.host = host;
    this.used = used;
  }

  get range(): [number, number] {
    return [this.low, this.high];
  }

  /**
   * A free port: `preferred` when it is free (inside the range or not), else the lowest free one
   * of the range. Null when none is free.
   */
  async allocate(preferred?: number): Promise<number | null> {
    const used = this.used();
    const ok = async (p: number): Promise<boolean> => !used.has(p) && !this.reserved.has(p) && (await portFree(p, this.host));
    if (preferred !== undefined && preferred >= 1 && preferred <= 65535 && (await ok(preferred))) {
      this.reserved.add(preferred);
      return preferred;
    }
    for (let p = this.low; p <= this.high; p++) {
      if (await ok(p)) {
        this.reserved.add(p);
        return p;
      }
    }
    return null;
  }

  release(port: number): void {
    this.reserved.delete(port);
  }
}
