// Unit and interop tests (node): crypto against the C++ vectors, client logic, and the
// end-to-end test against the real server and CLI (test/e2e, skipped without binaries).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/interop/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
