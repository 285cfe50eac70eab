import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Set (or `CI=true`): a missing Chromium fails the browser suites instead of skipping them. */
export const REQUIRE_CHROMIUM = 'REQUIRE_CHROMIUM';

export const CHROMIUM_SKIP_NOTICE =
  `Skipping the browser suites: no Chromium at ${CHROMIUM_PATH}. Install it with ` +
  '`apt-get install chromium` (or set CHROMIUM_PATH) to run them; CI and ' +
  `${REQUIRE_CHROMIUM}=true fail instead of skipping.`;

/** Whether the browser suites must run: Chromium is there, or CI says it has to be. */
export function chromiumRequiredOrPresent(): boolean {
  return (
    existsSync(CHROMIUM_PATH) ||
    process.env.CI === 'true' ||
    process.env[REQUIRE_CHROMIUM] === 'true'
  );
}

/**
 * Headless Chromium on a fresh profile. Without the background-networking
 * switches it keeps trying to reach Google's services, which this machine's
 * closed network must not see; QUIC, sync and component updates likewise.
 */
export async function launchChromium(): Promise<BrowserContext & { dispose(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or CHROMIUM_PATH)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'ohlc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return Object.assign(context, {
    dispose: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}
