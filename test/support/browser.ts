// Browser tests: Debian's Chromium driven headless by playwright-core, against the real stack (test PostgreSQL,
// temporal-lite, a worker, and the API serving the built UI on a real port).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { ensureUiBuilt } from '../../scripts/ui-build';
import { type CaseApi, createCaseApi } from '../integration/api-cases-support';

export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts', 'ui');

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else chromium / chromium-browser on PATH. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  // Failing (not skipping) keeps a CI without a browser from passing green with the UI untested.
  throw new Error(
    'No Chromium found for the browser tests (test/ui). Install it with `apt-get install chromium` ' +
      '(.ci/run does this) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
  );
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    // Root in containers needs --no-sandbox; the rest keep headless runs steady on small shared machines.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=zh-CN'],
  });
}

export interface UiStack extends CaseApi {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own storage) at 1280×800, with console errors collected. */
  open(options?: { viewport?: { width: number; height: number } }): Promise<UiPage>;
}

export interface UiPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /**
   * Saves test/artifacts/ui/<name>.png (full page) and asserts no console error so far. HTTP statuses listed
   * in `allowStatuses` (e.g. an expected 403) may appear as the browser's "Failed to load resource" lines.
   */
  snap(name: string, allowStatuses?: number[]): Promise<void>;
  login(username: string): Promise<void>;
  close(): Promise<void>;
}

export async function startUiStack(label: string): Promise<UiStack> {
  await ensureUiBuilt();
  // As on the embedded default, the API serves /dev/time (the UI reads the workflow clock from it), here backed by
  // the shared temporal-lite's skippable clock.
  const clock: { temporal?: CaseApi['temporal'] } = {};
  const api = await createCaseApi(label, {
    devClock: {
      now: () => clock.temporal?.now() ?? new Date(),
      advance: (ms: number) => clock.temporal?.sleep(ms),
    },
  });
  clock.temporal = api.temporal;
  let browser: Browser | undefined;
  try {
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
    await mkdir(ARTIFACTS, { recursive: true });
    const b = browser;
    return {
      ...api,
      baseUrl,
      browser: b,
      async open(options = {}) {
        const context = await b.newContext({
          viewport: options.viewport ?? { width: 1280, height: 800 },
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
        });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const errors: string[] = [];
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(msg.text());
        });
        page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
        // Chromium logs failed loads without the URL; name them so a failure says which request it was.
        page.on('response', (res) => {
          if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
        });
        return {
          page,
          errors,
          async snap(name, allowStatuses = []) {
            await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
            const allowed = (e: string) =>
              allowStatuses.some(
                (s) => e.includes(`the server responded with a status of ${s}`) || e.startsWith(`HTTP ${s} `),
              );
            const unexpected = errors.filter((e) => !allowed(e));
            expect({ page: name, consoleErrors: unexpected }).toEqual({ page: name, consoleErrors: [] });
          },
          async login(username) {
            await page.goto(`${baseUrl}/login`);
            await page.getByLabel(/用户名|Username/).fill(username);
            await page.getByLabel(/密码|Password/).fill('demo');
            await page.locator('form button[type="submit"]').click();
            await page.waitForURL((url) => !url.pathname.startsWith('/login'));
          },
          close: () => context.close(),
        };
      },
      async close() {
        await b.close().catch(() => undefined);
        await api.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await api.close();
    throw err;
  }
}
