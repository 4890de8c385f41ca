/**
 * Caches values derived from the worker's configuration for hot paths: `cached(load)` returns a
 * function that runs `load` the first time and again only after a CONFIG SET changed something,
 * instead of looking parameters up by name on every call. Worker threads.
 */

import type { EngineConfig } from '../../config/store.ts';
import { W } from '../../worker/state.ts';

export function cached(load: (c: EngineConfig) => void): () => void {
  let seen: EngineConfig | null = null;
  let stale = true;
  return () => {
    const c = W.config;
    if (c !== seen) {
      seen = c;
      stale = true;
      c.onChange(() => {
        stale = true;
      });
    }
    if (stale) {
      load(c);
      stale = false;
    }
  };
}
