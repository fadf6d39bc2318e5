// Mentoring (issue 14). With JavaScript off: a mentor volunteers on
// /mentor (a form with no language comes back with the problem named and
// the capacity kept), a member without the mentor role gets no form, and
// a newcomer answers their mentor offer on the community page. With
// JavaScript on, axe on /mentor, the community page's offer and the
// moderators' coverage at /mod/mentoring.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, DEMO_PASSWORD,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
// Accounts no other test signs in as.
const MENTOR = 'longhaul_daughter'; // volunteers in caregivers (content_mentors.go)
const MEMBER = 'memorycare_weekends';
const NEWCOMER = 'sam_mom_of_3'; // offered a mentor in epilepsy, no answer yet
const MODERATOR = 'tidewater_mod'; // moderates caregivers and t1d-parents

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('mentoring: a mentor volunteers and a newcomer answers, with JavaScript disabled', { timeout: 120_000 }, async () => {
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, MENTOR, password);
  await goto(page, '/mentor');
  await page.getByRole('heading', { name: 'People you welcome' }).waitFor();
  assert.ok(await page.getByText('@only_child_caring').isVisible(), 'the demo mentee is listed');

  // No language: the form comes back, the problem named, the capacity kept.
  await page.getByLabel('Community', { exact: true }).selectOption('caregivers');
  for (const box of await page.getByRole('checkbox').all()) await box.uncheck();
  await page.getByLabel('How many newcomers you can look after at once').fill('5');
  let resp = await submit(page, page.getByRole('button', { name: 'Volunteer as a mentor' }));
  assert.equal(resp.status(), 400);
  assert.match(await page.getByRole('alert').innerText(), /Please choose at least one language/);
  assert.equal(await page.getByLabel('How many newcomers you can look after at once').inputValue(), '5');

  await page.getByLabel('English').check();
  await page.getByLabel('Spanish (Español)').check();
  resp = await submit(page, page.getByRole('button', { name: 'Volunteer as a mentor' }));
  assert.equal(resp.status(), 303);
  assert.match(await page.getByRole('status').innerText(), /Thank you/);
  const where = await page.getByRole('region', { name: 'Where you volunteer' }).innerText();
  assert.match(where, /English, Spanish \(Español\); \d+ of 5 places taken/);

  // A member without the mentor role sees no volunteer form.
  const member = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await signIn(member, MEMBER, password);
  await goto(member, '/mentor');
  assert.equal(await member.getByRole('button', { name: 'Volunteer as a mentor' }).count(), 0);

  // The newcomer accepts on the community page.
  const newcomer = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await signIn(newcomer, NEWCOMER, password);
  await goto(newcomer, '/c/epilepsy');
  await newcomer.getByRole('heading', { name: 'A mentor for you' }).waitFor();
  resp = await submit(newcomer, newcomer.getByRole('button', { name: 'Yes, please' }));
  assert.equal(resp.status(), 303);
  await newcomer.getByRole('heading', { name: 'Your mentor here' }).waitFor();
  assertNoCSPErrors(ctx);
});

test('mentoring pages pass axe', { timeout: 120_000 }, async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, MENTOR, password);
  await goto(page, '/mentor');
  await assertAccessible(page, '/mentor (mentor)');

  const mod = await (await newContext(browser)).newPage();
  await signIn(mod, MODERATOR, password);
  await goto(mod, '/mod/mentoring');
  await mod.getByRole('heading', { name: 'Mentoring coverage' }).waitFor();
  assert.ok(await mod.getByRole('table', { name: /Mentors in/ }).first().isVisible());
  await assertAccessible(mod, '/mod/mentoring');

  const member = await (await newContext(browser)).newPage();
  await signIn(member, MEMBER, password);
  await goto(member, '/mentor');
  await assertAccessible(member, '/mentor (member)');
  await goto(member, '/mod/mentoring', 403);
  assertNoCSPErrors(ctx);
});
