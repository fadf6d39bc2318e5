// Follow and notify in the browser: the notifications and email settings
// pages, a password reset by email and one-click unsubscribe (the demo
// writes its mail to the server log, which run.sh passes in
// HEARTH_SERVER_ERR), with axe-core on every page; and following a thread
// with JavaScript off. (axe runs in the page, so those contexts keep
// JavaScript on; the pages have none of their own.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, accountNav, longThread,
  DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function check(page, label) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertAccessible(page, label);
}

// mailTo waits for a message to an address in the server log and returns
// its log line (the plain-text part is in it, with \n escaped).
async function mailTo(address, kind) {
  const file = process.env.HEARTH_SERVER_ERR;
  assert.ok(file, 'HEARTH_SERVER_ERR is not set; run the tests with: bash e2e/run.sh');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes('mail NOT sent') && l.includes(`kind=${kind}`) && l.includes(`to=${address}`));
    if (line) return line;
    assert.ok(Date.now() < deadline, `no ${kind} mail to ${address} in the server log within 15s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('notifications and email settings (signed in), axe', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, demo.member, password);
  // The demo member has unread notifications: the header says how many.
  const link = accountNav(page).getByRole('link', { name: /^Notifications \d+\+? unread$/ });
  await link.waitFor();
  await submitLink(page, link);
  assert.equal(page.url(), `${BASE}/notifications`);
  await check(page, '/notifications');
  assert.ok(await page.getByText('New', { exact: true }).count() > 0, 'unread notifications are marked New');

  // Opening one marks it read and lands on what it is about.
  const first = page.getByRole('main').locator('ol.notifications li.unread a').first();
  await submitLink(page, first);
  assert.match(page.url(), /\/(c|u)\//);

  await goto(page, '/settings/notifications');
  await check(page, '/settings/notifications');
  await page.getByRole('group', { name: 'New threads in communities you follow' }).getByLabel('Weekly digest').check();
  const resp = await submit(page, page.getByRole('button', { name: 'Save email settings' }));
  assert.equal(resp.status(), 303);
  await page.getByRole('status').waitFor();
  assert.ok(await page.getByRole('group', { name: 'New threads in communities you follow' }).getByLabel('Weekly digest').isChecked());
  await check(page, '/settings/notifications (saved)');

  await goto(page, '/notifications');
  await submit(page, page.getByRole('button', { name: 'Mark all as read' }));
  assert.equal(await accountNav(page).getByRole('link', { name: 'Notifications', exact: true }).count(), 1, 'no count once all are read');
  assertNoCSPErrors(ctx);
  await ctx.close();
});

// submitLink follows a link and waits for the page it leads to.
async function submitLink(page, link) {
  await Promise.all([page.waitForEvent('load'), link.click()]);
}

test('follow and unfollow a thread without JavaScript', async () => {
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, demo.admin, password);
  const thread = await longThread('epilepsy');
  await goto(page, `/c/epilepsy/t/${thread.id}`);
  let resp = await submit(page, page.getByRole('button', { name: 'Follow this thread' }));
  assert.equal(resp.status(), 303);
  await page.getByRole('button', { name: 'Unfollow this thread' }).waitFor();
  assert.match(page.url(), new RegExp(`/c/epilepsy/t/${thread.id}`));

  await goto(page, '/settings/notifications');
  const unfollow = page.getByRole('button', { name: `Unfollow ${thread.title}` });
  await unfollow.waitFor();
  resp = await submit(page, unfollow);
  assert.equal(resp.status(), 303);
  assert.equal(await page.getByRole('button', { name: `Unfollow ${thread.title}` }).count(), 0);
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('password reset by email and one-click unsubscribe, axe on every page', async () => {
  const handle = `e2e_reset_${Date.now().toString(36)}`;
  const address = `${handle}@example.org`;
  const first = await newContext(browser);
  const old = await first.newPage();
  await goto(old, '/signup');
  await old.getByLabel('Handle').fill(handle);
  await old.getByLabel('Email').fill(address);
  await old.getByLabel('Password').fill('correct horse battery staple');
  assert.equal((await submit(old, old.getByRole('button', { name: 'Create account' }))).status(), 303);

  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await goto(page, '/signin');
  await submitLink(page, page.getByRole('link', { name: 'Forgot your password?' }));
  await check(page, '/password/forgot');
  await page.getByLabel('Email').fill(address);
  let resp = await submit(page, page.getByRole('button', { name: 'Send me a link' }));
  assert.equal(resp.status(), 200);
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await check(page, '/password/forgot (sent)');

  const line = await mailTo(address, 'password_reset');
  const reset = line.match(/\/password\/reset\/[A-Za-z0-9_-]{20,}/)?.[0];
  const unsubscribe = line.match(/\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/)?.[0];
  assert.ok(reset && unsubscribe, `links in the reset mail: ${line}`);

  await goto(page, reset);
  await check(page, 'reset form');
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('New password').evaluate((el) => el.removeAttribute('minlength'));
  resp = await submit(page, page.getByRole('button', { name: 'Save new password' }));
  assert.equal(resp.status(), 400);
  await page.getByRole('alert').waitFor();
  await check(page, 'reset form with an error');
  await page.getByLabel('New password').fill('a brand new long password');
  resp = await submit(page, page.getByRole('button', { name: 'Save new password' }));
  assert.equal(resp.status(), 303);
  await page.getByRole('heading', { name: 'Your password is changed' }).waitFor();
  await accountNav(page).getByRole('link', { name: `@${handle}`, exact: true }).waitFor();
  await check(page, '/password/changed');

  // The session from before the reset has ended.
  await goto(old, '/');
  await accountNav(old).getByRole('link', { name: 'Sign in' }).waitFor();
  // The link works once.
  await goto(page, reset, 404);
  await check(page, 'a used reset link');

  // One-click unsubscribe from the same mail, signed out.
  const anon = await (await newContext(browser)).newPage();
  await goto(anon, unsubscribe);
  await check(anon, 'unsubscribe');
  resp = await submit(anon, anon.getByRole('button', { name: 'Unsubscribe' }));
  assert.equal(resp.status(), 200);
  await anon.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
  await check(anon, 'unsubscribed');
  assertNoCSPErrors(ctx);
  await anon.context().close();
  await ctx.close();
  await first.close();
});
