// Builds the web client into dist/ (served by weerbaar-server, config key web_root).
// Everything is bundled; nothing is loaded from another origin at run time.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    sourcemap: false,
    // libsodium (with its WebAssembly inlined) is most of the bundle; one file is fine.
    chunkSizeWarningLimit: 800,
  },
  server: { host: '127.0.0.1' },
});
