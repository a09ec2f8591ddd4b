// The pipeline board in Chromium against the local server (scripts/test-web.sh starts it with
// DynamoDB Local). Each test seeds a pipeline of its own through the public API.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BOARD_URL, card, client, column, devToken, launchBrowser, newContext, openBoard, staticHost, screenshot, seedPipeline, seeder, stageId, total,
} from './harness.mjs';

const api = client();
const seed = seeder(api);
let chromium;
let people;

before(async () => {
  chromium = await launchBrowser();
  people = {
    sarah: await seed('POST', '/users', { full_name: 'Sarah Smith', email: 'sarah@example.com' }),
    tom: await seed('POST', '/users', { full_name: 'Tom Baker', email: 'tom@example.com' }),
    acme: await seed('POST', '/accounts', { name: 'Acme Retail' }),
    globex: await seed('POST', '/accounts', { name: 'Globex' }),
  };
});

after(async () => {
  await chromium?.close();
});

async function seedDeal(pipeline, stage, fields) {
  return seed('POST', '/deals', { pipeline_id: pipeline.id, stage: stageId(pipeline, stage), ...fields });
}

async function dealNow(id) {
  return (await seed('GET', `/deals/${id}`));
}

/** The board's own confirmation that a move or save went through (its live region). */
async function announced(page, text) {
  await page.locator('#announcer', { hasText: text }).waitFor({ state: 'attached' });
}

test('the board shows the seeded deals in their columns with their totals', async () => {
  const pipeline = await seed('POST', '/pipelines', {
    name: 'Enterprise sales',
    stages: [
      { name: 'Lead', color: '#64748b', probability: 10, rotten_days: 30 },
      { name: 'Qualified', color: '#3b82f6', probability: 50 },
      { name: 'Won', kind: 'won', color: '#10b981' },
      { name: 'Lost', kind: 'lost', color: '#ef4444' },
    ],
  });
  const { sarah, tom, acme, globex } = people;
  await seedDeal(pipeline, 'Lead', { name: 'Q1 Bulk Order', value: 25000, owner_id: sarah.id, account_id: acme.id, tags: ['enterprise'], expected_close_date: '2027-03-31', stage_entered_at: '2026-06-01' });
  await seedDeal(pipeline, 'Lost', { name: 'Legacy migration', value: 7000, owner_id: tom.id, account_id: globex.id, loss_reason: 'No budget this year', loss_category: 'no_budget' });
  await seedDeal(pipeline, 'Lead', { name: 'Renewal 2027', value: 12000, owner_id: tom.id, account_id: globex.id, expected_close_date: '2027-06-30' });
  await seedDeal(pipeline, 'Qualified', { name: 'Pilot', value: 4000, owner_id: sarah.id, account_id: globex.id, tags: ['pilot', 'smb'] });
  await seedDeal(pipeline, 'Qualified', { name: 'Expansion', value: 48000, owner_id: tom.id, account_id: acme.id, tags: ['enterprise'] });
  await seedDeal(pipeline, 'Won', { name: 'Starter plan', value: 900, owner_id: sarah.id, account_id: acme.id });
  const { context, page } = await openBoard(chromium.browser, pipeline);

  await total(page, pipeline, 'Lead', 'count', '2');
  await total(page, pipeline, 'Lead', 'value', '€37,000');
  await total(page, pipeline, 'Lead', 'weighted', '€3,700');
  await total(page, pipeline, 'Qualified', 'value', '€52,000');
  await total(page, pipeline, 'Qualified', 'weighted', '€26,000');
  await total(page, pipeline, 'Won', 'count', '1');
  await total(page, pipeline, 'Lead', 'stale', '1');
  await total(page, pipeline, 'Lost', 'count', '1');
  await total(page, pipeline, 'Lost', 'weighted', '€0');
  const lead = column(page, pipeline, 'Lead');
  await card(lead, 'Q1 Bulk Order').waitFor();
  await card(lead, 'Renewal 2027').waitFor();
  await card(column(page, pipeline, 'Qualified'), 'Expansion').waitFor();
  await card(column(page, pipeline, 'Won'), 'Starter plan').waitFor();
  const q1 = card(lead, 'Q1 Bulk Order');
  const text = await q1.innerText();
  for (const shown of ['€25,000', 'Acme Retail', 'Sarah Smith', '2027-03-31', 'enterprise', 'Stale']) assert.ok(text.includes(shown), `${shown} in ${text}`);
  const headings = await page.locator('section.column h2').allInnerTexts();
  assert.deepEqual(headings.map((heading) => heading.replace(/^\d+\s*/, '')), ['Lead', 'Qualified', 'Won', 'Lost']);
  // docs/board.png is this picture: the columns, cropped below the longest.
  const bottoms = await page.locator('section.column').evaluateAll((columns) => columns.map((c) => c.getBoundingClientRect().bottom));
  await screenshot(page, 'board', { clip: { x: 0, y: 0, width: 1400, height: Math.ceil(Math.max(...bottoms)) + 16 } });

  // Filters: an owner, then a text search on the name.
  await page.getByLabel('Owner').selectOption({ label: 'Tom Baker' });
  await total(page, pipeline, 'Lead', 'count', '1');
  await card(lead, 'Q1 Bulk Order').waitFor({ state: 'detached' });
  await card(lead, 'Renewal 2027').waitFor();
  await page.getByLabel('Owner').selectOption({ label: 'Anyone' });
  await page.getByLabel('Search').fill('bulk');
  await card(lead, 'Renewal 2027').waitFor({ state: 'detached' });
  await card(lead, 'Q1 Bulk Order').waitFor();
  await context.close();
});

test('a stage with rotten days shows its stale deals, and "stale only" keeps just those', async () => {
  const pipeline = await seed('POST', '/pipelines', {
    name: `Stale ${process.pid}`,
    stages: [{ name: 'Lead', rotten_days: 3 }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
  });
  await seedDeal(pipeline, 'Lead', { name: 'Forgotten', value: 100, stage_entered_at: '2026-01-01' });
  await seedDeal(pipeline, 'Lead', { name: 'Fresh', value: 200 });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  await total(page, pipeline, 'Lead', 'stale', '1');
  const lead = column(page, pipeline, 'Lead');
  await card(lead, 'Forgotten').locator('.stale-badge').waitFor();
  assert.equal(await card(lead, 'Fresh').locator('.stale-badge').count(), 0);
  await page.getByLabel('Stale only').check();
  await card(lead, 'Fresh').waitFor({ state: 'detached' });
  await card(lead, 'Forgotten').waitFor();
  await context.close();
});

test('a long column loads its next cursor page as it scrolls', async () => {
  const pipeline = await seedPipeline(seed, 'Long');
  const inputs = Array.from({ length: 27 }, (_, index) => ({ name: `Deal ${String(index + 1).padStart(2, '0')}`, value: 10, pipeline_id: pipeline.id, stage: stageId(pipeline, 'Lead') }));
  await seed('POST', '/deals/batch/create', { inputs });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  const lead = column(page, pipeline, 'Lead');
  await total(page, pipeline, 'Lead', 'count', '27');
  await lead.locator('.card').nth(19).waitFor();
  assert.equal(await lead.locator('.card').count(), 20);
  assert.equal(await lead.getByRole('button', { name: 'Load more' }).isVisible(), true);
  // Scrolling the column's list to its end loads the next page.
  await lead.locator('.card').nth(19).scrollIntoViewIfNeeded();
  await lead.locator('.card').nth(26).waitFor();
  assert.equal(await lead.locator('.card').count(), 27);
  await context.close();
});

test('a drag to another column persists through the API and updates the totals', async () => {
  const pipeline = await seedPipeline(seed, 'Drag');
  const deal = await seedDeal(pipeline, 'Lead', { name: 'Drag me', value: 1000 });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  const source = card(column(page, pipeline, 'Lead'), 'Drag me');
  await source.dragTo(column(page, pipeline, 'Qualified'));
  await announced(page, 'Drag me moved to Qualified');
  await card(column(page, pipeline, 'Qualified'), 'Drag me').waitFor();
  await total(page, pipeline, 'Qualified', 'count', '1');
  await total(page, pipeline, 'Qualified', 'weighted', '€500');
  await total(page, pipeline, 'Lead', 'count', '0');
  const stored = await dealNow(deal.id);
  assert.equal(stored.stage, stageId(pipeline, 'Qualified'));
  assert.equal(stored.version, 2);
  await context.close();
});

test('a drop the API refuses (409: changed elsewhere) goes back with a message', async () => {
  const pipeline = await seedPipeline(seed, 'Conflict');
  const deal = await seedDeal(pipeline, 'Lead', { name: 'Contested', value: 500 });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  await card(column(page, pipeline, 'Lead'), 'Contested').waitFor();
  // Someone else changes the deal while this board, its live updates off, still shows version 1.
  await page.getByLabel('Live updates').uncheck();
  await seed('PATCH', `/deals/${deal.id}`, { value: 750 }, { ifMatch: 1 });
  await card(column(page, pipeline, 'Lead'), 'Contested').dragTo(column(page, pipeline, 'Qualified'));
  const message = page.getByRole('alert');
  await message.filter({ hasText: 'changed by someone else' }).waitFor();
  assert.match(await message.innerText(), /back in Lead/);
  await card(column(page, pipeline, 'Lead'), 'Contested').filter({ hasText: '€750' }).waitFor();
  assert.equal(await card(column(page, pipeline, 'Qualified'), 'Contested').count(), 0);
  await screenshot(page, 'refused-move');
  assert.equal((await dealNow(deal.id)).stage, stageId(pipeline, 'Lead'));
  // The card was refreshed from the API: a second drag moves it.
  await card(column(page, pipeline, 'Lead'), 'Contested').dragTo(column(page, pipeline, 'Qualified'));
  await announced(page, 'Contested moved to Qualified');
  assert.equal((await dealNow(deal.id)).stage, stageId(pipeline, 'Qualified'));
  await context.close();
});

test('moving into a lost stage asks for the loss reason and category first', async () => {
  const pipeline = await seedPipeline(seed, 'Lost');
  const deal = await seedDeal(pipeline, 'Qualified', { name: 'Slipping away', value: 3000 });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  await card(column(page, pipeline, 'Qualified'), 'Slipping away').dragTo(column(page, pipeline, 'Lost'));
  const dialog = page.getByRole('dialog', { name: 'Why was it lost?' });
  await dialog.waitFor();
  // Cancel: nothing moves.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await card(column(page, pipeline, 'Qualified'), 'Slipping away').waitFor();
  assert.equal((await dealNow(deal.id)).stage, stageId(pipeline, 'Qualified'));

  await card(column(page, pipeline, 'Qualified'), 'Slipping away').dragTo(column(page, pipeline, 'Lost'));
  await dialog.waitFor();
  await dialog.getByLabel('Loss reason').fill('Chose a competitor');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  // The API's message, next to the field it names.
  await page.locator('#loss_category-error', { hasText: 'Loss category is required' }).waitFor();
  assert.equal(await dialog.getByLabel('Loss category').getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'lost-dialog');
  await dialog.getByLabel('Loss category').fill('competition');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await announced(page, 'Slipping away moved to Lost');
  await card(column(page, pipeline, 'Lost'), 'Slipping away').waitFor();
  const stored = await dealNow(deal.id);
  assert.equal(stored.stage, stageId(pipeline, 'Lost'));
  assert.equal(stored.loss_reason, 'Chose a competitor');
  assert.equal(stored.loss_category, 'competition');
  await context.close();
});

test('changes made elsewhere (the API, a second window) appear without a reload', async () => {
  const pipeline = await seedPipeline(seed, 'Live');
  const moving = await seedDeal(pipeline, 'Lead', { name: 'Moved elsewhere', value: 2000 });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  await card(column(page, pipeline, 'Lead'), 'Moved elsewhere').waitFor();
  await total(page, pipeline, 'Lead', 'count', '1');
  // The board has read the feed's end before the changes are made.
  await page.waitForFunction(() => document.querySelector('#board')?.dataset.live === 'on');
  await seed('PATCH', `/deals/${moving.id}/stage`, { stage: stageId(pipeline, 'Qualified') });
  await seedDeal(pipeline, 'Won', { name: 'Created elsewhere', value: 700 });
  await card(column(page, pipeline, 'Qualified'), 'Moved elsewhere').waitFor();
  await card(column(page, pipeline, 'Won'), 'Created elsewhere').waitFor();
  await total(page, pipeline, 'Lead', 'count', '0');
  await total(page, pipeline, 'Qualified', 'count', '1');
  await total(page, pipeline, 'Won', 'value', '€700');

  // Two windows on one pipeline: a move in the second arrives in the first.
  const second = await openBoard(chromium.browser, pipeline);
  await card(column(second.page, pipeline, 'Qualified'), 'Moved elsewhere').dragTo(column(second.page, pipeline, 'Won'));
  await announced(second.page, 'Moved elsewhere moved to Won');
  await card(column(page, pipeline, 'Won'), 'Moved elsewhere').waitFor();
  await total(page, pipeline, 'Won', 'value', '€2,700');
  await total(page, pipeline, 'Qualified', 'count', '0');
  await second.context.close();
  await context.close();
});

test('a focused card moves with the keyboard', async () => {
  const pipeline = await seedPipeline(seed, 'Keys');
  const deal = await seedDeal(pipeline, 'Lead', { name: 'By keyboard', value: 100 });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  const lead = column(page, pipeline, 'Lead');
  await card(lead, 'By keyboard').focus();
  await page.keyboard.press('ArrowRight');
  await announced(page, 'By keyboard moved to Qualified');
  assert.equal((await dealNow(deal.id)).stage, stageId(pipeline, 'Qualified'));
  // Focus follows the card; a digit picks the column by its position.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.dealId), deal.id);
  await page.keyboard.press('3');
  await announced(page, 'By keyboard moved to Won');
  await card(column(page, pipeline, 'Won'), 'By keyboard').waitFor();
  assert.equal((await dealNow(deal.id)).stage, stageId(pipeline, 'Won'));
  const label = await card(column(page, pipeline, 'Won'), 'By keyboard').getAttribute('aria-describedby');
  assert.match(await page.locator(`#${label}`).textContent(), /Arrow left or right/);
  await context.close();
});

test('the new-deal form shows the API\'s validation message next to the field, then creates the deal', async () => {
  const pipeline = await seedPipeline(seed, 'New');
  const { context, page } = await openBoard(chromium.browser, pipeline);
  await page.getByRole('button', { name: 'New deal' }).click();
  const dialog = page.getByRole('dialog', { name: 'New deal' });
  await dialog.getByLabel('Value').fill('-5');
  await dialog.getByRole('button', { name: 'Create deal' }).click();
  await dialog.locator('[data-field="name"] .error', { hasText: 'Name is required' }).waitFor();
  await dialog.locator('[data-field="value"] .error', { hasText: 'Must be a number' }).waitFor();
  assert.equal(await dialog.getByLabel('Name').getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'new-deal-errors');
  await dialog.getByLabel('Name').fill('Fresh lead');
  await dialog.getByLabel('Value').fill('1500');
  await dialog.getByLabel('Stage').selectOption({ label: 'Qualified' });
  await dialog.getByLabel('Owner').selectOption({ label: 'Sarah Smith' });
  await dialog.getByRole('button', { name: 'Create deal' }).click();
  await card(column(page, pipeline, 'Qualified'), 'Fresh lead').waitFor();
  await total(page, pipeline, 'Qualified', 'value', '€1,500');
  const listed = await seed('GET', `/deals?pipeline_id=${pipeline.id}`);
  assert.equal(listed.length, 1);
  assert.equal(listed[0].owner_id, people.sarah.id);
  await context.close();
});

test('the deal drawer edits fields and shows the stage and field history', async () => {
  const pipeline = await seedPipeline(seed, 'Drawer');
  const deal = await seedDeal(pipeline, 'Lead', { name: 'Open me', value: 100 });
  await seed('PATCH', `/deals/${deal.id}/stage`, { stage: stageId(pipeline, 'Qualified') });
  const { context, page } = await openBoard(chromium.browser, pipeline);
  await card(column(page, pipeline, 'Qualified'), 'Open me').click();
  const drawer = page.getByRole('dialog', { name: 'Open me' });
  await drawer.locator('.stage-history li', { hasText: 'Lead → Qualified' }).waitFor();
  await drawer.locator('.field-history li', { hasText: 'deal.created' }).waitFor();
  await drawer.getByLabel('Probability (%)').fill('150');
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  await drawer.locator('[data-field="probability"] .error', { hasText: /./ }).waitFor();
  await drawer.getByLabel('Probability (%)').fill('80');
  await drawer.getByLabel('Tags (comma-separated)').fill('vip, q3');
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  // The field history is written from the change feed; the drawer follows it live.
  await drawer.locator('.field-history li', { hasText: 'version 3' }).filter({ hasText: 'probability 50 → 80' }).waitFor();
  await screenshot(page, 'drawer');
  const stored = await dealNow(deal.id);
  assert.equal(stored.probability, 80);
  assert.deepEqual(stored.tags, ['vip', 'q3']);
  await context.close();
});

test('/?token= signs in with that token and takes it out of the address bar', async () => {
  const other = devToken('tenant-board-other');
  const otherApi = seeder(client(other));
  await otherApi('POST', '/deals', { name: 'Only in the other tenant', value: 1 });
  const context = await newContext(chromium.browser);
  const page = await context.newPage();
  await page.goto(`${BOARD_URL}/?token=${other}`);
  await card(page, 'Only in the other tenant').waitFor();
  assert.equal(new URL(page.url()).search, '');
  await context.close();
});

test('a copy on a static host (make web-dist, another origin) asks for the API URL and a token, then works through CORS', async (t) => {
  const host = await staticHost();
  t.after(() => host.close());
  const pipeline = await seedPipeline(seed, 'Static');
  const deal = await seedDeal(pipeline, 'Lead', { name: 'Across origins', value: 10 });
  const context = await newContext(chromium.browser);
  const page = await context.newPage();
  await page.goto(`${host.url}/?pipeline=${pipeline.id}`);
  const form = page.getByRole('form', { name: 'Sign in to a Deals API' });
  await form.getByLabel('API URL').fill(BOARD_URL);
  await form.getByLabel('Token').fill(devToken());
  await form.getByRole('button', { name: 'Open the board' }).click();
  const lead = column(page, pipeline, 'Lead');
  await card(lead, 'Across origins').dragTo(column(page, pipeline, 'Qualified'));
  await announced(page, 'Across origins moved to Qualified');
  assert.equal((await dealNow(deal.id)).stage, stageId(pipeline, 'Qualified'));
  assert.equal(await page.evaluate(() => localStorage.getItem('deals.apiUrl')), BOARD_URL);
  assert.ok(await page.evaluate(() => sessionStorage.getItem('deals.token')));
  // The playground beside it (the board's link) uses the same API.
  await page.getByRole('link', { name: 'API reference' }).click();
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  assert.equal(new URL(page.url()).pathname, '/docs.html');
  await context.close();
});

test('/docs loads the API reference and a "try it" call succeeds with the dev token', async () => {
  const context = await newContext(chromium.browser);
  // Swagger UI renders the whole document at once: slow on a busy machine.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  await page.goto(`${BOARD_URL}/docs`);
  const operation = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path', { hasText: /^\/(api\/v1\/crm\/)?stages$/ }) }).first();
  await operation.locator('.opblock-summary-control').click();
  const tryIt = operation.getByRole('button', { name: 'Try it out' });
  if (await tryIt.count()) await tryIt.click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  const status = operation.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor();
  assert.equal((await status.innerText()).trim(), '200');
  assert.match(await operation.locator('.live-responses-table tbody .response-col_description').first().innerText(), /"pipeline_id"/);
  await screenshot(page, 'docs');
  await context.close();
});
