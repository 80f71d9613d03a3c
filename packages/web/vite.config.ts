import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Resolve paths from this file so `vite build packages/web` (from the repo root) and `vite build` (from here) agree.
const here = fileURLToPath(new URL('.', import.meta.url));
const core = fileURLToPath(new URL('../core/src/index.ts', import.meta.url));
const server = process.env.PROGNOS_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  // Core is pure TypeScript (no Node-only code), so the UI can reuse its unit table and formatters at runtime.
  resolve: { alias: { '@prognos/core': core } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 600 },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/openapi.json': { target: server, changeOrigin: true },
    },
  },
});
