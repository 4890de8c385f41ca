/**
 * control/backup/links.ts — expiring signed download links for backup files.
 *
 * Owns: the link secret (32 random bytes, kept in the state database's meta table so links survive
 * a restart), signing and checking `(project, instance, backup, file, expires)` with HMAC-SHA256,
 * and the URL shape `/v2/{project_id}/instances/{instance_id}/backups/{backup_id}/files/{file_name}
 * ?Expires=<epoch s>&Signature=<hex>` that routes/backups.ts serves.
 *
 * Invariants: a link grants exactly one file until Expires; checking is constant-time.
 */

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repo } from '../db/repo.ts';

export class LinkSigner {
  private readonly secret: Buffer;

  constructor(repo: Repo) {
    let hex = repo.getMeta('link_secret');
    if (hex === null || !/^[0-9a-f]{64}$/.test(hex)) {
      hex = randomBytes(32).toString('hex');
      repo.setMeta('link_secret', hex);
    }
    this.secret = Buffer.from(hex, 'hex');
  }

  sign(project: string, instanceId: string, backupId: string, file: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${project}\n${instanceId}\n${backupId}\n${file}\n${expires}`).digest('hex');
  }

  check(project: string, instanceId: string, backupId: string, file: string, expires: number, signature: string): boolean {
    if (!/^[0-9a-f]{64}$/.test(signature)) return false;
    const want = Buffer.from(this.sign(project, instanceId, backupId, file, expires), 'hex');
    return timingSafeEqual(want, Buffer.from(signature, 'hex'));
  }

  /** Path and query of a link (the caller prefixes scheme and host). */
  path(project: string, instanceId: string, backupId: string, file: string, expires: number): string {
    const sig = this.sign(project, instanceId, backupId, file, expires);
    const enc = encodeURIComponent;
    return `/v2/${enc(project)}/instances/${enc(instanceId)}/backups/${enc(backupId)}/files/${enc(file)}?Expires=${expires}&Signature=${sig}`;
  }
}
