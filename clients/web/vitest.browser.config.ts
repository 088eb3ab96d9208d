// Browser tests: Debian's Chromium (playwright-core) against the real server binary.
// Needs a built dist/ (npm run build) and WEERBAAR_SERVER_BIN / WEERBAAR_CLI_BIN.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
