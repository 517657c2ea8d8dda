import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes the whole output at once: to a temporary file renamed into place, so a failed run
 * never leaves a partial file behind; or to stdout, only once everything has succeeded.
 */
export async function writeOutput(text: string, path: string | undefined): Promise<void> {
  if (path === undefined) {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
    );
    return;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
