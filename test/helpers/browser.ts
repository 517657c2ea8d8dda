import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

// Screenshots and traces land here so a person (or a later session) can look at what a test saw; git ignores it.
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

// playwright-core ships no browser and the machine cannot download one: Debian's package is the browser.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  // A missing browser must fail the run: a skipped UI test would pass CI while checking nothing.
  if (!existsSync(executablePath)) {
    throw new Error(
      `chromium is missing at ${executablePath}: .ci/run installs it with apt-get (apt-get install chromium fonts-noto-cjk), or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // CI runs as root, where chromium refuses its sandbox; a container's /dev/shm can be too small for the renderer.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}
