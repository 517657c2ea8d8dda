import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test/support/summary-line-reporter.ts';

/**
 * Two projects, told apart by the file name: `*.integration.test.ts` needs the local servers
 * (DynamoDB Local's JVM, the local Step Functions, SES and S3), a browser, a CDK synth or a
 * process of its own; every other test is the pure domain and the handlers against mocks, and
 * runs with nothing but Node (`npm run test:unit`).
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', new SummaryLineReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.integration.test.ts'],
          pool: 'threads',
          maxWorkers: 2,
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
        },
      },
    ],
  },
});
