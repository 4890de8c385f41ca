/**
 * Small helpers shared by the server commands: loopback detection (enable-debug-command local,
 * enable-protected-configs local) and Redis's quoting of binary strings (sdscatrepr), used by
 * MONITOR lines. Pure functions; any worker.
 */

import type { Connection } from '../../worker/connection.ts';

/** True when the client connects from the local host (Redis's islocalClient). */
export function isLocalPeer(conn: Connection): boolean {
  const p = conn.peer;
  return p.startsWith('127.') || p.startsWith('::1:') || p.startsWith('::ffff:127.') || p.startsWith('unix:');
}

/** Redis's sdscatrepr: a double-quoted string with \n \r \t \a \b \" \\ and \xHH escapes. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        if (c >= 0x20 && c <= 0x7e) out += s[i];
        else out += `\\x${(c & 0xff).toString(16).padStart(2, '0')}`;
    }
  }
  return out + '"';
}
