/** Whether a process of this machine still runs (signal 0 checks without touching it). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits up to `ms` for the process to be gone; true when it is. */
export async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (
    const deadline = Date.now() + ms;
    Date.now() < deadline;
    await new Promise((resolve) => setTimeout(resolve, 100))
  ) {
    if (!alive(pid)) return true;
  }
  return !alive(pid);
}
