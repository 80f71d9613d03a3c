// Builds what `npm start` runs: the CLI/server bundle (esbuild) and the web UI (Vite).
// Runs from `npm install` (prepare) so that the first `npm start` starts in seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();

// Workspace packages are bundled from source; every other package stays an external dependency in node_modules.
const externalDeps = {
  name: 'external-deps',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@prognos/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

mkdirSync(join(root, 'packages/cli/dist'), { recursive: true });
await build({
  entryPoints: [join(root, 'packages/cli/src/main.ts')],
  outdir: join(root, 'packages/cli/dist'),
  entryNames: 'prognos',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // commands are loaded on use (dynamic import), each in its own chunk
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [externalDeps],
  logLevel: 'warning',
});
console.log(`[build] server bundle in ${Date.now() - t0} ms`);

if (existsSync(join(root, 'packages/web/index.html'))) {
  const t1 = Date.now();
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: join(root, 'packages/web'),
    stdio: 'inherit',
  });
  console.log(`[build] web UI in ${Date.now() - t1} ms`);
}
