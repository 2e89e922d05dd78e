// `npm run bench:console`: how long the console's pages take to become usable with 10,000 keys (issue 17: under 1 s
// each), in Debian's Chromium through playwright-core against a real dev server. A benchmark, not a test: timings
// on shared machines are noisy. BENCH_CONSOLE_KEYS sets the key count (default 10,000), BENCH_RUNS the repetitions
// (median printed).
import { CreateAliasCommand, CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/browser/browser-support.js';
import { kmsClient, startTestServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../test/support/server.js';

const KEYS = Number(process.env.BENCH_CONSOLE_KEYS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_MS = 1000;

async function timed(page: Page, go: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<number> {
  const start = Date.now();
  await go();
  await ready();
  return Date.now() - start;
}

async function main(): Promise<void> {
  const server = await startTestServer();
  const kms = kmsClient(server);
  const browser = await launchChromium();
  try {
    process.stderr.write(`bench: creating ${KEYS} keys...\n`);
    let made = 0;
    let lastId = '';
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (made < KEYS) {
        made++;
        lastId = (await kms.send(new CreateKeyCommand({ Description: `console bench ${made}` }))).KeyMetadata!.KeyId!;
      }
    }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/console-bench', TargetKeyId: lastId }));
    for (let i = 0; i < 20; i++) await kms.send(new EncryptCommand({ KeyId: lastId, Plaintext: Buffer.from('x') }));

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Access key ID').fill(TEST_ACCESS_KEY_ID);
    await page.getByLabel('Secret access key').fill(TEST_SECRET_ACCESS_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const pages: Record<string, () => Promise<number>> = {
      'keys list: 25 rows, each a link': () => timed(page, () => page.goto(`${server.url}/console/#/keys`),
        () => page.waitForFunction(() => document.querySelectorAll('table.keys tbody tr').length === 25)),
      'keys list: every row described': () => timed(page, () => page.goto(`${server.url}/console/#/keys`),
        () => page.waitForFunction(() => document.querySelectorAll('table.keys tbody tr').length === 25
          && document.querySelector('table.keys tr[aria-busy="true"]') === null)),
      'key detail': () => timed(page, () => page.goto(`${server.url}/console/#/keys/${lastId}`),
        () => page.getByRole('heading', { name: 'Try it' }).waitFor()),
      'lifecycle timeline': () => timed(page, () => page.goto(`${server.url}/console/#/keys/${lastId}/timeline`),
        () => page.locator('ol.timeline li', { hasText: 'KeyCreated' }).first().waitFor()),
      'audit explorer (newest events)': () => timed(page, () => page.goto(`${server.url}/console/#/audit`),
        () => page.locator('table.events tbody tr').first().waitFor()),
    };
    console.log(`console with ${KEYS} keys, median of ${RUNS} (Chromium ${browser.version()}, dev server, SQLite)`);
    for (const [name, measure] of Object.entries(pages)) {
      const ms: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        await page.goto(`${server.url}/console/#/seal`);
        await page.getByRole('heading', { name: 'Seal status' }).waitFor();
        ms.push(await measure());
      }
      const median = ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
      console.log(`  ${name.padEnd(34)} ${String(median).padStart(6)} ms   target < ${TARGET_MS} ms   ${median < TARGET_MS ? 'ok' : 'FAIL'}`);
    }
  } finally {
    await browser.close();
    kms.destroy();
    await server.stop(true);
  }
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
