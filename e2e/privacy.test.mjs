// The privacy guard. With JavaScript off: a reply with a phone number and
// a child's full name comes back with both marked and named, and one
// click replaces each. With JavaScript: findings show under the text while
// the member types, and axe finds no violation on the findings page (axe
// runs in the page, so it needs JavaScript; the server sends the same
// page either way). The review queue shows the demo's held clinician post
// to the demo admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, api, DEMO_PASSWORD,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
const PHONE = '555-201-4477';
const NAME = 'Liam Carter';
const TEXT = `Call me at ${PHONE}. My son ${NAME} had his first seizure at school.`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// quietThread is the public epilepsy thread with the fewest replies, so
// that the reply this test publishes lands on a page no other test counts.
async function quietThread() {
  const { threads } = await api('/api/v1/communities/epilepsy/threads');
  const t = threads.reduce((a, b) => (b.reply_count < a.reply_count ? b : a));
  return `/c/epilepsy/t/${t.id}`;
}

async function marks(page) {
  return page.locator('#privacy mark').allInnerTexts();
}

test('a reply with a phone number and a child\'s name: findings, one-click redaction (JavaScript disabled)', { timeout: 120_000 }, async () => {
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, demo.member, password);
  const thread = await quietThread();
  await goto(page, thread);

  await page.getByLabel('Your reply').fill(TEXT);
  let resp = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(resp.status(), 200, 'the findings come back as the next step, not an error');
  const findings = page.locator('#privacy');
  await findings.getByRole('heading', { name: 'We found 2 things that could identify someone' }).waitFor();
  assert.deepEqual(await marks(page), [PHONE, NAME]);
  assert.match(await findings.innerText(), /This looks like a phone number/);
  assert.match(await findings.innerText(), /This looks like a person's name/);
  assert.match(await page.getByRole('alert').innerText(), /Nothing was posted yet/);
  assert.equal(await page.getByLabel('Your reply').inputValue(), TEXT, 'the text is kept');
  assert.equal(await page.getByRole('article').filter({ hasText: PHONE }).count(), 0, 'nothing was published');

  // One click replaces one finding; the other stays marked.
  resp = await submit(page, findings.getByRole('button', { name: 'Replace with [phone]' }));
  assert.equal(resp.status(), 200);
  assert.equal(await page.getByLabel('Your reply').inputValue(), TEXT.replace(PHONE, '[phone]'));
  assert.deepEqual(await marks(page), [NAME]);
  assert.match(await page.getByRole('status').innerText(), /Replaced “555-201-4477” with \[phone\]/);

  resp = await submit(page, page.locator('#privacy').getByRole('button', { name: 'Replace with [name]' }));
  assert.equal(resp.status(), 200);
  const clean = 'Call me at [phone]. My son [name] had his first seizure at school.';
  assert.equal(await page.getByLabel('Your reply').inputValue(), clean);
  await page.getByRole('heading', { name: 'No private details found' }).waitFor();

  resp = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(resp.status(), 303, 'the redacted reply is published');
  await page.getByRole('article').filter({ hasText: 'My son [name] had his first seizure' }).waitFor();
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('findings show while typing; axe on the findings pages (JavaScript on)', { timeout: 120_000 }, async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, demo.member, password);

  // The server's findings page, and the same after "Replace all".
  await goto(page, await quietThread());
  await page.getByLabel('Your reply').fill(TEXT);
  let resp = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(resp.status(), 200);
  assert.deepEqual(await marks(page), [PHONE, NAME]);
  await assertAccessible(page, 'the findings of the privacy guard');
  resp = await submit(page, page.locator('#privacy').getByRole('button', { name: 'Replace all' }));
  assert.equal(resp.status(), 200);
  assert.equal(await page.getByLabel('Your reply').inputValue(), 'Call me at [phone]. My son [name] had his first seizure at school.');
  await assertAccessible(page, 'the privacy guard after Replace all');

  // Findings while typing, with a button to replace each.
  await goto(page, '/c/epilepsy/new');
  const body = page.getByLabel('Your post');
  await body.fill(TEXT);
  const live = page.locator('#body-privacy');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  await live.locator('mark', { hasText: NAME }).waitFor();
  assert.deepEqual(await live.locator('mark').allInnerTexts(), [PHONE, NAME]);
  assert.match(await live.innerText(), /We found 2 things that could identify someone/);
  await assertAccessible(page, 'a new thread with live findings');

  await live.getByRole('button', { name: 'Replace with [phone]' }).click();
  assert.equal(await body.inputValue(), TEXT.replace(PHONE, '[phone]'));
  await page.waitForFunction(() => document.querySelectorAll('#body-privacy mark').length === 1);
  assert.deepEqual(await live.locator('mark').allInnerTexts(), [NAME]);
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('the review queue shows the held clinician post to the admin', { timeout: 120_000 }, async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, demo.admin, password);
  // The moderation queue (issue 7) links to the privacy guard's holds.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Moderation' }).click();
  await page.getByRole('link', { name: 'Posts held by the privacy guard, with their findings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Posts waiting for review' }).waitFor();
  const held = page.getByRole('article').first();
  assert.match(await held.innerText(), /@epilepsy_nurse_rn/);
  const found = await held.locator('mark').allInnerTexts();
  assert.ok(found.includes('(555) 014-2290'), `marks: ${found}`);
  assert.ok(held.getByRole('button', { name: 'Publish' }));
  await assertAccessible(page, '/mod/review');
  assertNoCSPErrors(ctx);
  await ctx.close();
});
