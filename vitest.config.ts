import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/support/summary-line-reporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/dynamodb-global-setup.ts'],
    reporters: ['default', new SummaryLineReporter()],
  },
});
