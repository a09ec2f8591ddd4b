// What the browser tests share: Debian's Chromium under playwright-core, the server that
// scripts/test-web.sh started (BOARD_URL), and seeding through the public API.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BOARD_URL = (process.env.BOARD_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const API = `${BOARD_URL}/api/v1/crm`;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = process.env.SCREENSHOTS ?? path.join(REPO, 'target/web-tests');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium as the closed network needs it: no background connections (without those flags its
 * connections are refused), and a fresh profile (playwright's launch makes a new temporary
 * user data dir each time and removes it on close).
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** A dev token from the local binary (`local token`), for any tenant. */
export function devToken(tenant = 'tenant-dev') {
  const binary = process.env.LOCAL_BIN ?? path.join(REPO, 'target/debug/local');
  return execFileSync(binary, ['token', '--tenant', tenant], { encoding: 'utf8' }).trim();
}

/** The public API as a test's client: `api('POST', '/deals', body, {ifMatch})` → `{status, body}`. */
export function client(token = devToken()) {
  return async function api(method, pathname, body, { ifMatch } = {}) {
    const headers = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
    const response = await fetch(API + pathname, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** `client` that fails unless the answer is 2xx, answering `data`. */
export function seeder(api = client()) {
  return async (method, pathname, body, options) => {
    const answer = await api(method, pathname, body, options);
    if (answer.status >= 300) throw new Error(`${method} ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.data;
  };
}

let runs = 0;
/** A pipeline of its own for one test (Lead, Qualified, Won, Lost), so tests never share columns. */
export async function seedPipeline(seed, name = 'Test') {
  runs += 1;
  return seed('POST', '/pipelines', {
    name: `${name} ${process.pid}-${runs}`,
    stages: [
      { name: 'Lead', color: '#64748b', probability: 10 },
      { name: 'Qualified', color: '#3b82f6', probability: 50 },
      { name: 'Won', kind: 'won', color: '#10b981' },
      { name: 'Lost', kind: 'lost', color: '#ef4444' },
    ],
  });
}

export function stageId(pipeline, name) {
  return pipeline.stages.find((stage) => stage.name === name).id;
}

/** The board of `pipeline`, signed in by itself (the local server's dev token). */
export async function openBoard(browser, pipeline) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BOARD_URL}/?pipeline=${encodeURIComponent(pipeline.id)}`);
  await page.locator('.column').first().waitFor();
  return { context, page };
}

export function column(page, name) {
  return page.locator('section.column', { has: page.getByRole('heading', { name, exact: false }) });
}

export function card(page, name) {
  return page.locator('.card', { has: page.getByRole('heading', { name, exact: true }) });
}
