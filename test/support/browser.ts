/**
 * Headless Chromium for the report's browser test: Debian's `chromium`
 * driven by playwright-core (which downloads no browser). Where no Chromium
 * is installed the test is skipped with a loud message — except in CI
 * (CI=true), where .ci/run installs it and a missing browser fails.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package; the browser test cannot be skipped in CI`);
  process.stderr.write(`\n*** SKIPPING the report's browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH) ***\n\n`);
  return false;
}

/** The flags the machine needs: no sandbox as root, and no background connections (the network is closed). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
