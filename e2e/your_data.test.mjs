// Your data (issue 13) in the browser: the export and delete pages and a
// memorial profile pass axe; an export is prepared and offered for
// download; the delete form with a wrong password comes back with the
// member's choice kept and the problem named (nothing is deleted, so the
// other test files can keep using the demo).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, DEMO_PASSWORD, demoHandles, BASE,
} from './lib.mjs';

const password = demoHandles().password ?? DEMO_PASSWORD;
const member = 'keto_kitchen_mom';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('export page: prepare, then download; axe', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, member, password);
  await goto(page, `/u/${member}`);
  await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Your data: export or delete your account' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
  await assertAccessible(page, '/settings/data');
  const resp = await submit(page, page.getByRole('button', { name: 'Prepare my export' }));
  assert.equal(resp.status(), 303);
  await page.getByRole('status').getByText('Your export is ready').waitFor();
  const link = page.getByRole('link', { name: 'Download your export' });
  const href = await link.getAttribute('href');
  assert.match(href, /^\/settings\/data\/export\/hearth-export-\d+\.zip$/);
  await assertAccessible(page, '/settings/data (ready)');
  // Asking again offers the ready one instead of starting another.
  const again = await submit(page, page.getByRole('button', { name: 'Make a fresh export' }));
  assert.equal(again.status(), 303);
  const dl = await page.request.get(BASE + href.replace(/\d+\.zip$/, '') + '0.zip');
  assert.equal(dl.status(), 404);
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('delete form: wrong password keeps the choice and names the problem; axe', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, member, password);
  await goto(page, '/settings/delete');
  await page.getByRole('heading', { level: 1, name: 'Delete your account' }).waitFor();
  await assertAccessible(page, '/settings/delete');
  await page.getByLabel('Remove them').check();
  await page.getByLabel('Your password').fill('not the right password');
  const resp = await submit(page, page.getByRole('button', { name: 'Delete my account' }));
  assert.equal(resp.status(), 400);
  await page.getByRole('alert').getByText('That password is not right').waitFor();
  assert.ok(await page.getByLabel('Remove them').isChecked(), 'the choice was not kept');
  assert.equal(await page.getByLabel('Your password').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, '/settings/delete (wrong password)');
  // Still signed in: nothing was deleted.
  await goto(page, '/settings/data');
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('memorial profile: "In memory of", no sign-in; axe', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await goto(page, '/u/harbor_light_walt');
  await page.getByRole('heading', { level: 1, name: /^In memory of @harbor_light_walt/ }).waitFor();
  await assertAccessible(page, '/u/harbor_light_walt');
  await goto(page, '/signin');
  await page.getByLabel('Handle or email').fill('harbor_light_walt');
  await page.getByLabel('Password').fill(password);
  const resp = await submit(page, page.getByRole('button', { name: 'Sign in' }));
  assert.equal(resp.status(), 403);
  await page.getByText(/is a memorial/).first().waitFor();
  // The reply of the member who deleted their account shows "deleted member".
  const { results } = await (await page.request.get(BASE + '/api/v1/search?q=seizure+diary+on+paper')).json();
  assert.ok(results.some((r) => r.author === 'deleted member'), 'no "deleted member" in the API search results');
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('memorial request form and the moderators\' list; axe', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, member, password);
  await goto(page, '/u/quiet_cedar/memorial');
  await page.getByRole('heading', { level: 1, name: /memorial account for @quiet_cedar/ }).waitFor();
  await assertAccessible(page, '/u/quiet_cedar/memorial');
  // Without the relationship the form comes back, the note kept.
  await page.getByLabel('Anything the moderators should know (optional)').fill('She was kind to everyone.');
  await page.getByLabel('How did you know them?').evaluate((el) => el.removeAttribute('required'));
  const resp = await submit(page, page.getByRole('button', { name: 'Send the request' }));
  assert.equal(resp.status(), 400);
  assert.equal(await page.getByLabel('Anything the moderators should know (optional)').inputValue(), 'She was kind to everyone.');
  await assertAccessible(page, '/u/quiet_cedar/memorial (error)');
  await ctx.close();

  const mctx = await newContext(browser);
  const mpage = await mctx.newPage();
  await signIn(mpage, 'oakbench_mod', password);
  await goto(mpage, '/mod/memorials');
  await mpage.getByRole('button', { name: 'Make it a memorial: @quiet_cedar' }).waitFor();
  await assertAccessible(mpage, '/mod/memorials');
  assertNoCSPErrors(mctx);
  await mctx.close();
});
