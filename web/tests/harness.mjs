// What the browser tests share: Debian's Chromium under playwright-core, the server that
// scripts/test-web.sh started (BOARD_URL), and seeding through the public API.

import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
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

export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), ...options });
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

/** A browser context of its own (storage included), waits failing after 10 s. */
export async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.setDefaultTimeout(10_000);
  return context;
}

/** The board of `pipeline`, signed in by itself (the local server's dev token). */
export async function openBoard(browser, pipeline) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${BOARD_URL}/?pipeline=${encodeURIComponent(pipeline.id)}`);
  await page.locator('.column').first().waitFor();
  return { context, page };
}

/** The column of a stage, by the stage's name in the pipeline. */
export function column(page, pipeline, name) {
  return page.locator(`section.column[data-stage="${stageId(pipeline, name)}"]`);
}

/** The card of the deal named `name`, in `scope` (a page or a column). */
export function card(scope, name) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  return scope.locator('.card').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

/** Waits until the column's total `name` (count, value, weighted, stale) reads `text`. */
export async function total(page, pipeline, stage, name, text) {
  await column(page, pipeline, stage).locator(`[data-total="${name}"]`, { hasText: new RegExp(`^${escape(text)}$`) }).waitFor();
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until `check()` is truthy (an API read, say), trying again every 100 ms for 10 s. */
export async function eventually(check, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * A static host for `make web-dist`'s files on STATIC_PORT (another origin than the API's, which
 * the API's CORS setting names): what S3 + CloudFront would serve.
 */
export async function staticHost() {
  const root = process.env.STATIC_ROOT && path.resolve(process.env.STATIC_ROOT);
  if (!root || !existsSync(root)) throw new Error('STATIC_ROOT must name make web-dist\'s directory');
  const server = createServer((request, response) => {
    const pathname = new URL(request.url, 'http://host').pathname;
    // As CloudFront with `index.html` as its default root object: nothing else is mapped.
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(Number(process.env.STATIC_PORT), '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${process.env.STATIC_PORT}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
