import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin page. `vite build` makes the Forge resource (build/), which talks to the resolver through
 * @forge/bridge; `vite build --mode standalone` makes the local page (build-local/), where a stand-in for
 * @forge/bridge posts the same calls to the local server, which runs the same resolver handlers in-process.
 */
export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Forge serves Custom UI from a path of its own: assets must be referenced relative to index.html.
  base: './',
  plugins: [react()],
  resolve: mode === 'standalone' ? { alias: { '@forge/bridge': fileURLToPath(new URL('./src/bridge-local.ts', import.meta.url)) } } : {},
  build: {
    outDir: mode === 'standalone' ? 'build-local' : 'build',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
  logLevel: 'warn',
}));
