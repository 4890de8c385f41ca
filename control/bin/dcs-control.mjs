#!/usr/bin/env node
// dcs-control launcher: runs control/main.ts, on the pinned Node 24 when this Node is too old.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../../bin/launch.mjs';

await launch('dcs-control', path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.ts'));
