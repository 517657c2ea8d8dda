import { vi } from 'vitest';
import type { logger as functionsLogger } from '../../functions/logger.ts';

type LogLevel = Parameters<typeof functionsLogger.setLogLevel>[0];

/**
 * Everything the functions write while `act` runs (their structured logs, and anything else on
 * stdout, stderr or the console), with the functions' logger at `level`, the deployed default.
 * The tests run the logger silent (vitest.config.ts); a test that reads the logs gets them here,
 * and the silence comes back after.
 */
export async function capturedLogs(act: () => unknown, level: LogLevel = 'INFO'): Promise<string> {
  // Loaded here, not at the test file's import: the logger reads its environment when first loaded.
  const { logger } = await import('../../functions/logger.ts');
  const lines: string[] = [];
  const keep = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const previous = logger.getLevelName();
  logger.setLogLevel(level);
  const spies = [
    // Each warm invocation puts the logger back to the level it started with (Powertools' debug
    // sampling refresh): held at `level` while capturing.
    vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined),
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...parts) => void lines.push(parts.map(String).join(' '))),
    ),
  ];
  try {
    await act();
  } finally {
    for (const spy of spies) spy.mockRestore();
    logger.setLogLevel(previous);
  }
  return lines.join('\n');
}
