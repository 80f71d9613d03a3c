#!/usr/bin/env node
// Entry of the `prognos` command: runs the bundle built by `npm install` (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/prognos.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('prognos: the build is missing. Run `npm install` (or `npm run build`) in the Prognos folder first.');
  process.exit(1);
}
await import(bundle);
