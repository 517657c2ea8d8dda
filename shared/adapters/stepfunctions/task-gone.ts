/**
 * Step Functions' answers to a task token that is gone (its step was answered or timed out, or
 * the execution stopped or failed): retrying cannot help.
 */
const TASK_GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export function isTaskGone(error: unknown): boolean {
  return TASK_GONE.has((error as { name?: string } | null)?.name ?? '');
}
