// Care features (issue 14). With JavaScript off, a post behind a content
// warning opens through <details>; the crisis flag thanks the reporter
// with crisis lines. With JavaScript on, axe on /help/crisis, the admin
// page of crisis resources, the mute settings and the self-harm
// interstitial on the reply form (which is shown, never blocking: the
// test leaves without posting). Then an author changes a post's warning
// on its edit form, and the moderator on duty finds the demo's story that
// the self-harm wording check flagged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, DEMO_PASSWORD, api,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
const admin = demo.admin ?? 'lanternkeeper';
// An epilepsy member no other test signs in as.
const MEMBER = 'sam_mom_of_3';
const WARNED = 'A year since we lost my brother to SUDEP';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function warnedThread() {
  const { threads } = await api('/api/v1/communities/epilepsy/threads');
  const t = threads.find((x) => x.title === WARNED);
  assert.ok(t, 'the demo has the warned thread');
  return t;
}

test('care: a warned post opens with JavaScript disabled, and a crisis flag shows crisis lines', { timeout: 120_000 }, async () => {
  const t = await warnedThread();
  const ctx = await newContext(browser, { javaScriptEnabled: false, extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' } });
  const page = await ctx.newPage();
  await goto(page, `/c/epilepsy/t/${t.id}`);
  const opening = page.locator('#p0');
  const summary = opening.locator('details.cw > summary');
  assert.equal((await summary.innerText()).trim(), 'Content warning: loss — show post');
  const text = opening.getByText('Nobody had told us that SUDEP was a thing.');
  assert.equal(await text.isVisible(), false, 'the post is folded');
  await summary.click();
  await text.waitFor({ state: 'visible' });
  // The footer links to the crisis lines on every page.
  await page.getByRole('contentinfo').getByRole('link', { name: /Crisis lines/ }).click();
  await page.getByRole('heading', { name: 'Get help now' }).waitFor();
  assert.ok(await page.getByText('988 Suicide & Crisis Lifeline').isVisible());
  // A member flags a reply: someone may be in danger.
  await signIn(page, MEMBER, password);
  await goto(page, `/c/epilepsy/t/${t.id}`);
  await page.getByRole('link', { name: /^Flag post 1 by / }).click();
  await page.getByLabel('Someone may be in danger').check();
  const resp = await submit(page, page.getByRole('button', { name: 'Send to the moderators' }));
  assert.equal(resp.status(), 303);
  await page.getByText('Thank you for telling us').waitFor();
  assert.ok(await page.getByRole('link', { name: '988' }).first().isVisible());
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('care: axe on the crisis page, its admin page, mutes and the self-harm interstitial', { timeout: 180_000 }, async () => {
  const t = await warnedThread();
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await goto(page, '/help/crisis?place=ES-es');
  assert.ok(await page.getByText('Línea 024 de atención a la conducta suicida').isVisible());
  await assertAccessible(page, 'the crisis page');
  await signIn(page, admin, password);
  await goto(page, '/admin/crisis');
  await assertAccessible(page, 'the crisis resources admin page');
  // A rejected resource comes back with the text and the problem named.
  await page.getByLabel('Country code').fill('M');
  await page.getByLabel('Language code').fill('es');
  await page.getByLabel('Name').fill('Línea de la Vida');
  await page.getByLabel('Phone number').fill('800 911 2000');
  const resp = await submit(page, page.getByRole('button', { name: 'Add resource' }));
  assert.equal(resp.status(), 400);
  assert.equal(await page.getByLabel('Name').inputValue(), 'Línea de la Vida');
  await assertAccessible(page, 'the crisis resources admin page with an error');
  await ctx.clearCookies();

  await signIn(page, MEMBER, password);
  await goto(page, '/settings/warnings');
  await assertAccessible(page, 'the mute settings');
  await goto(page, `/c/epilepsy/t/${t.id}`);
  await page.getByLabel('Your reply').fill('Reading this tonight, some days I want to end it all too.');
  const r2 = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(r2.status(), 200, 'the interstitial comes back, nothing posted yet');
  await page.getByRole('heading', { name: 'You are not alone' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Post it' }).isVisible());
  await assertAccessible(page, 'the self-harm interstitial');
  // The reporter's thank-you page with crisis lines.
  await page.goto(`${page.url().split('/c/')[0]}/c/epilepsy/t/${t.id}`);
  await page.getByRole('link', { name: /^Flag post 1 by / }).click();
  await goto(page, `${new URL(page.url()).pathname}?sent=crisis`);
  await page.getByText('Thank you for telling us').waitFor();
  await assertAccessible(page, 'the crisis flag thank-you page');
  await ctx.clearCookies();

  // The gentle banner for the author of the reply the check flagged.
  await signIn(page, 'dorm_room_seizures', password);
  await goto(page, '/');
  await page.getByRole('complementary', { name: 'A note from the moderators' }).waitFor();
  await assertAccessible(page, 'a page with the crisis banner');
  await ctx.clearCookies();

  // The moderator on duty.
  await signIn(page, 'tidewater_mod', password);
  await goto(page, '/mod/duty');
  await page.getByText('You are on duty.').waitFor();
  await assertAccessible(page, 'the duty page');
  await goto(page, '/mod');
  await page.getByText('Urgent').first().waitFor();
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('care: an edit changes a post\'s warning, and a flagged story waits in the queue (axe)', { timeout: 120_000 }, async () => {
  const { threads } = await api('/api/v1/communities/epilepsy/threads');
  const t = threads.find((x) => x.title === 'Photos of my VNS scar, 2 weeks after surgery');
  assert.ok(t, 'the demo has the VNS thread');
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, 'vns_veteran', password);
  await goto(page, `/c/epilepsy/t/${t.id}`);
  await page.getByRole('link', { name: 'Edit post 0' }).click();
  await page.getByRole('heading', { name: 'Edit your post' }).waitFor();
  assert.equal(await page.getByLabel('Warning', { exact: true }).inputValue(), 'graphic-medical');
  await assertAccessible(page, 'the post edit form with its warning');
  await page.getByLabel('Warning', { exact: true }).selectOption('other');
  await page.getByLabel(/If you chose “other”/).fill('surgery scars, described');
  const resp = await submit(page, page.getByRole('button', { name: 'Save changes' }));
  assert.equal(resp.status(), 303);
  const summary = page.locator('#p0 details.cw > summary');
  assert.equal((await summary.innerText()).trim(), 'Content warning: surgery scars, described — show post');
  await ctx.clearCookies();

  // The story the wording check flagged, for the moderator on duty.
  await signIn(page, 'tidewater_mod', password);
  await goto(page, '/mod');
  await page.getByRole('heading', { name: /Stories flagged as urgent \(1\)/ }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Three years of night checks' }).isVisible());
  await assertAccessible(page, 'the queue with a flagged story');
  assertNoCSPErrors(ctx);
  await ctx.close();
});
