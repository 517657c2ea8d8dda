/** Bad input or options: the CLI prints the message and exits with code 2, writing no output. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
