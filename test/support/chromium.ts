import { chromium, type Browser } from 'playwright-core';

/** Headless Debian Chromium as root on a machine without a GPU or network (scripts/test-servers.sh sets CHROMIUM_PATH). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set: run the tests with `npm test`, which installs Chromium');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
