/**
 * control/catalogue/zones.ts — local availability zones and maintenance windows.
 *
 * Owns: the pseudo region and its AZs (labels only: every node runs on this machine; ha and
 * cluster nodes are spread over them for realism) and the 24 one-hour maintenance windows.
 *
 * Invariants: pure data; AZ ids are stable across restarts (derived from the code).
 */

import { createHash } from 'node:crypto';

export const REGION_ID = 'local';

export interface Zone {
  code: string;
  port: string;
  name: string;
  id: string;
  resource_availability: 'true' | 'false';
}

function zone(n: number): Zone {
  const code = `local-az${n}`;
  return {
    code,
    port: '8403',
    name: `AZ ${n}.`,
    id: createHash('md5').update(code).digest('hex'),
    resource_availability: 'true',
  };
}

export const ZONES: readonly Zone[] = [zone(1), zone(2), zone(3)];

export function zoneByCode(code: string): Zone | undefined {
  return ZONES.find((z) => z.code === code);
}

export interface MaintainWindow {
  seq: number;
  default: boolean;
  begin: string;
  end: string;
}

export const DEFAULT_MAINTAIN_BEGIN = '18:00:00';
export const DEFAULT_MAINTAIN_END = '19:00:00';

function hh(n: number): string {
  return `${String(n % 24).padStart(2, '0')}:00:00`;
}

/** 24 one-hour windows (UTC, HH:mm:ss), 18:00:00-19:00:00 the default one. */
export const MAINTAIN_WINDOWS: readonly MaintainWindow[] = Array.from({ length: 24 }, (_, h) => ({
  seq: h + 1,
  default: hh(h) === DEFAULT_MAINTAIN_BEGIN,
  begin: hh(h),
  end: hh(h + 1),
}));

/** True when begin/end form one of the supported windows. */
export function isMaintainWindow(begin: string, end: string): boolean {
  return MAINTAIN_WINDOWS.some((w) => w.begin === begin && w.end === end);
}
