// "What we tried": axe-core on the summary, a treatment page, the report
// form and the form sent back with an error; the threshold on the demo's
// small treatment; and a report sent with JavaScript off. (axe needs
// JavaScript in the page, so the checks run with it on.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, api, DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
let summary; // the API's view of /c/epilepsy/tried
// The member's signed-in cookies, reused so that the suite stays under
// the sign-in rate limit (20 per address per 10 minutes).
let memberState;

before(async () => {
  browser = await launch();
  summary = await api('/api/v1/communities/epilepsy/tried');
});
after(async () => { await browser?.close(); });

async function check(page, path, status = 200) {
  await goto(page, path, status);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertAccessible(page, path);
}

function treatment(enough) {
  const t = summary.treatments.find((s) => s.enough === enough);
  assert.ok(t, `the demo has a treatment with enough=${enough}`);
  return t;
}

describe('what we tried, signed out', () => {
  let ctx, page;
  before(async () => { ctx = await newContext(browser); page = await ctx.newPage(); });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('summary /c/epilepsy/tried', async () => {
    await check(page, '/c/epilepsy/tried');
    const chart = page.getByRole('img', { name: 'How much it helped, by treatment' });
    await chart.waitFor();
    await page.getByRole('table', { name: /How much it helped/ }).waitFor();
    assert.match(await page.getByRole('main').innerText(), /not medical advice/);
  });

  it('a filtered summary', () => check(page, '/c/epilepsy/tried?for_whom=self&duration=long'));

  it('a treatment with enough reports', async () => {
    const t = treatment(true);
    await check(page, `/c/epilepsy/tried/t/${t.treatment.id}`);
    await page.getByRole('img', { name: new RegExp(`How much ${t.treatment.name.replace(/[()]/g, '.')} helped`) }).waitFor();
  });

  it('a treatment under the threshold shows no numbers', async () => {
    const t = treatment(false);
    await check(page, `/c/epilepsy/tried/t/${t.treatment.id}`);
    await page.getByRole('heading', { name: 'Not enough reports yet' }).waitFor();
    assert.equal(await page.locator('table').count(), 0);
  });

  it('the summary reflows at 320px', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/c/epilepsy/tried', `/c/epilepsy/tried/t/${treatment(true).treatment.id}`]) {
      await goto(page, path);
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${path} scrolls sideways at 320px: ${scroll} > ${client}`);
    }
  });
});

describe('what we tried, signed in', () => {
  let ctx, page;
  before(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await signIn(page, demo.member, password);
    memberState = await ctx.storageState();
  });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('report form /c/epilepsy/tried/new', async () => {
    await check(page, '/c/epilepsy/tried/new');
    await page.getByRole('button', { name: 'Share report' }).waitFor();
    assert.equal(await page.getByRole('group', { name: 'How much did it help?' }).getByRole('radio').count(), 4);
  });

  it('report form with an error', async () => {
    await fillReport(page, new Date().getFullYear() + 2); // starts in the future
    const resp = await submit(page, page.getByRole('button', { name: 'Share report' }));
    assert.equal(resp.status(), 400);
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'report form with an error');
  });

  it('edit form of your own report', async () => {
    await goto(page, '/c/epilepsy/tried');
    await page.getByRole('link', { name: /^Update your report on/ }).first().click();
    await page.waitForURL(new RegExp(`^${BASE}/c/epilepsy/tried/\\d+/edit$`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await assertAccessible(page, page.url().slice(BASE.length));
    await page.getByRole('link', { name: 'Earlier versions of this report' }).click();
    await page.waitForURL(new RegExp(`^${BASE}/c/epilepsy/tried/\\d+/history$`));
    await page.getByRole('heading', { level: 1, name: /^History of your report/ }).waitFor();
    await assertAccessible(page, page.url().slice(BASE.length));
  });

  it('members-only summary /c/t1d-parents/tried', () => check(page, '/c/t1d-parents/tried'));
});

const TEXT = 'Hard to keep up, but my mornings are clearer.';

// fillReport fills in a report on the ketogenic diet, started in year.
async function fillReport(page, year) {
  await goto(page, '/c/epilepsy/tried/new');
  await page.getByLabel('Choose from the list').selectOption({ label: 'Ketogenic diet (keto diet, modified ketogenic diet)' });
  await page.getByRole('radio', { name: 'Myself' }).check();
  await page.getByLabel('Month', { exact: true }).selectOption('3');
  await page.getByLabel('Year', { exact: true }).fill(String(year));
  await page.getByRole('radio', { name: 'Yes, still using it' }).check();
  await page.getByRole('radio', { name: 'Helped a little' }).check();
  await page.getByLabel('Side effect 1', { exact: true }).fill('constipation');
  await page.getByLabel('How bad was side effect 1?').selectOption('mild');
  await page.getByLabel('In your own words (optional)').fill(TEXT);
}

it('a report sent with JavaScript off: an error, then success', async () => {
  assert.ok(memberState, 'the signed-in tests ran first');
  const ctx = await newContext(browser, { javaScriptEnabled: false, storageState: memberState });
  const page = await ctx.newPage();
  await fillReport(page, new Date().getFullYear() + 2);
  const resp = await submit(page, page.getByRole('button', { name: 'Share report' }));
  assert.equal(resp.status(), 400);
  assert.match(await page.getByRole('alert').innerText(), /in the future/);
  assert.equal(await page.getByLabel('In your own words (optional)').inputValue(), TEXT);
  assert.equal(await page.getByLabel('How bad was side effect 1?').inputValue(), 'mild');
  assert.equal(await page.getByLabel('Month', { exact: true }).getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Year', { exact: true }).fill(String(new Date().getFullYear() - 1));
  const ok = await submit(page, page.getByRole('button', { name: 'Share report' }));
  assert.equal(ok.status(), 303);
  assert.match(page.url(), new RegExp(`^${BASE}/c/epilepsy/tried/t/\\d+#experiences$`));
  await page.getByText(TEXT).waitFor();
  assertNoCSPErrors(ctx);
  await ctx.close();
});

describe('what we tried, moderator', () => {
  it('treatment list /c/epilepsy/tried/treatments', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'oakbench_mod', password);
    await check(page, '/c/epilepsy/tried/treatments');
    await page.getByRole('heading', { name: 'Seizure alert smartwatch' }).waitFor();
    assertNoCSPErrors(ctx);
    await ctx.close();
  });
});

// The privacy guard on a report's own words (web/tried_privacy.go).
const PHI = 'Call me at 555-201-4477. My son Liam Carter had his first seizure at school.';

it('a report with private details, JavaScript off: findings, Replace all, then shared', async () => {
  assert.ok(memberState, 'the signed-in tests ran first');
  const ctx = await newContext(browser, { javaScriptEnabled: false, storageState: memberState });
  const page = await ctx.newPage();
  await goto(page, '/c/epilepsy/tried/new');
  await page.getByLabel('Choose from the list').selectOption('new');
  await page.getByLabel('Not on the list? Type its name').fill('Weighted blanket');
  await page.getByLabel('What kind of treatment is it?').selectOption('lifestyle');
  await page.getByRole('radio', { name: 'My child' }).check();
  await page.getByLabel('Month', { exact: true }).selectOption('5');
  await page.getByLabel('Year', { exact: true }).fill(String(new Date().getFullYear() - 1));
  await page.getByRole('radio', { name: 'Yes, still using it' }).check();
  await page.getByRole('radio', { name: 'Helped a little' }).check();
  await page.getByLabel('In your own words (optional)').fill(PHI);
  const resp = await submit(page, page.getByRole('button', { name: 'Share report' }));
  assert.equal(resp.status(), 200, 'findings are the next step of writing, not an error');
  assert.match(await page.getByRole('alert').innerText(), /We found 2 things that could identify someone/);
  assert.equal(await page.getByLabel('In your own words (optional)').inputValue(), PHI, 'the text is kept as written');
  assert.equal(await page.getByLabel('Not on the list? Type its name').inputValue(), 'Weighted blanket');
  await page.getByRole('button', { name: 'Replace with [phone]' }).waitFor();
  await page.getByRole('button', { name: 'Publish anyway' }).waitFor();

  await submit(page, page.getByRole('button', { name: 'Replace all' }));
  const cleaned = await page.getByLabel('In your own words (optional)').inputValue();
  assert.ok(cleaned.includes('[phone]') && !cleaned.includes('Liam Carter'), cleaned);
  await page.getByRole('heading', { name: 'No private details found' }).waitFor();
  const ok = await submit(page, page.getByRole('button', { name: 'Share report' }));
  assert.equal(ok.status(), 303);
  assert.match(page.url(), new RegExp(`^${BASE}/c/epilepsy/tried#own$`));
  assertNoCSPErrors(ctx);
  await ctx.close();
});

it('the findings page of the report form is accessible', async () => {
  const ctx = await newContext(browser, { storageState: memberState });
  const page = await ctx.newPage();
  await goto(page, '/c/epilepsy/tried/new');
  await page.getByLabel('Choose from the list').selectOption({ index: 1 });
  await page.getByRole('radio', { name: 'Myself' }).check();
  await page.getByLabel('Month', { exact: true }).selectOption('2');
  await page.getByLabel('Year', { exact: true }).fill(String(new Date().getFullYear() - 1));
  await page.getByRole('radio', { name: 'Yes, still using it' }).check();
  await page.getByRole('radio', { name: 'Helped a lot' }).check();
  await page.getByLabel('In your own words (optional)').fill(PHI);
  const resp = await submit(page, page.getByRole('button', { name: 'Check for private details' }));
  assert.equal(resp.status(), 200);
  await page.getByRole('heading', { name: /We found 2 things that could identify someone/ }).waitFor();
  await assertAccessible(page, 'report form with privacy findings');
  assertNoCSPErrors(ctx);
  await ctx.close();
});
