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
    // The functions' logs stay out of the test output: a test that reads them raises the level while
    // it does (test/helpers/captured-logs.ts). POWERTOOLS_LOG_LEVEL=INFO npx vitest run <file> shows them.
    env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT' },
    reporters: ['default', new SummaryLineReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.integration.test.ts'],
          // Threads, both cores, and the module graph loaded once per worker rather than once per file:
          // the pure tests share no state (no servers, no env they change without restoring), and this
          // halves the run.
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
          // Two files at a time (vitest picks one on two cores): most of a file's time is waiting on
          // the local servers, the workflow's retries and policy-time deadlines, not on the CPU.
          maxWorkers: 2,
        },
      },
    ],
  },
});
