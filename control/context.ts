/**
 * control/context.ts — the services every route module receives.
 */

import type { Repo } from './db/repo.ts';
import type { Supervisor } from './supervisor/supervisor.ts';
import type { Operations } from './tasks/operations.ts';
import type { Tasks } from './tasks/tasks.ts';
import type { LinkSigner } from './backup/links.ts';
import type { ControlOptions } from './options.ts';
import type { Logger } from './log.ts';
import type { ViewEnv } from './views.ts';

export interface Ctx {
  repo: Repo;
  sup: Supervisor;
  ops: Operations;
  tasks: Tasks;
  links: LinkSigner;
  opts: ControlOptions;
  log: Logger;
  view: ViewEnv;
}
