// One setting for the whole workspace: on a loaded 2-core machine (CI) a test that normally takes
// a second can take several, so the default 5 s per test is too tight. Property tests keep their
// own explicit, larger timeouts; a test that hangs still fails.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
