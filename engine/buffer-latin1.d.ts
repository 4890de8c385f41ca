/**
 * Node's Buffer has fast latin1 accessors (`latin1Slice`, `latin1Write`) that skip the encoding
 * dispatch of toString/write; they are public on Buffer.prototype but missing from @types/node.
 * The engine's codec uses them on the hot path.
 */
declare global {
  interface Buffer<TArrayBuffer extends ArrayBufferLike = ArrayBufferLike> {
    latin1Slice(start?: number, end?: number): string;
    latin1Write(s: string, offset?: number, length?: number): number;
  }
}
export {};
