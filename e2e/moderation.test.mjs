// Moderation (issue 7). With JavaScript off, the whole loop: a member
// posts a thread, another member flags it with a reason, the moderator
// finds it in the queue at /mod and hides it with a reason; signed-out
// readers no longer find it, its author sees it with the reason, and the
// admin finds the action in the audit log. Then, with JavaScript on (axe
// runs in the page), axe on the queue, a post's moderation page, the flag
// form, the audit log, the clinician verification page, the notices and
// the advice warning, and the live reading-level meter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
const moderator = demo.moderator ?? 'oakbench_mod';
const mentor = demo.mentor ?? 'seizurefree_since19';
const clinician = demo.clinician ?? 'epilepsy_nurse_rn';
// Members of the epilepsy community whom no other test signs in as (the
// sign-in rate limit counts per account, and a notice about a hidden post
// must not land in another test's notifications).
const AUTHOR = 'keto_kitchen_mom';
const MEMBER = 'aura_and_after';
const stamp = Date.now().toString(36);
const TITLE = `Cheap seizure supplements, order today ${stamp}`;
const BODY = 'I sell a natural supplement that helped my son. Message me and I will send you a bottle at a good price.';
const REASON = 'Selling is against rule 4 of this community.';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('flag, queue, hide: the whole loop with JavaScript disabled', { timeout: 180_000 }, async () => {
  const contexts = [];
  const as = async (handle) => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    contexts.push(ctx);
    const page = await ctx.newPage();
    if (handle) await signIn(page, handle, password);
    return page;
  };

  // A member posts a thread.
  const author = await as(AUTHOR);
  await goto(author, '/c/epilepsy/new');
  await author.getByLabel('Title').fill(TITLE);
  await author.getByLabel('Your post').fill(BODY);
  let resp = await submit(author, author.getByRole('button', { name: 'Post thread' }));
  assert.equal(resp.status(), 303, 'the thread is posted');
  const threadPath = new URL(author.url()).pathname;

  // Another member flags it, with a reason and a note.
  const flagger = await as(mentor);
  await goto(flagger, threadPath);
  await flagger.getByRole('link', { name: new RegExp(`^Flag post 0 by @${AUTHOR}`) }).click();
  await flagger.getByRole('heading', { name: 'Flag a post for the moderators' }).waitFor();
  // "Something else" needs a note: the form comes back, the choice kept.
  await flagger.getByLabel('Something else').check();
  resp = await submit(flagger, flagger.getByRole('button', { name: 'Send to the moderators' }));
  assert.equal(resp.status(), 400, 'a flag for something else needs a note');
  assert.match(await flagger.getByRole('alert').innerText(), /in a few words/);
  assert.equal(await flagger.getByLabel('Something else').isChecked(), true);
  await flagger.getByLabel('Spam or selling').check();
  await flagger.getByLabel(/Anything the moderators should know/).fill('Selling supplements to parents.');
  resp = await submit(flagger, flagger.getByRole('button', { name: 'Send to the moderators' }));
  assert.equal(resp.status(), 303);
  assert.match(await flagger.getByRole('status').innerText(), /Thank you/);

  // The moderator finds it in the queue, in context, and hides it.
  const mod = await as(moderator);
  await goto(mod, '/mod');
  const item = mod.getByRole('article').filter({ hasText: TITLE });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /Spam or selling \(1\)/);
  assert.match(text, /Selling supplements to parents\./);
  assert.match(text, /natural supplement that helped my son/);
  resp = await submit(mod, item.getByRole('button', { name: 'Hide' }));
  assert.equal(resp.status(), 400, 'hiding needs a reason');
  const again = mod.getByRole('article').filter({ hasText: TITLE });
  assert.match(await again.getByRole('alert').innerText(), /Please give a reason/);
  await again.getByLabel(/Reason, sent to/).fill(REASON);
  resp = await submit(mod, again.getByRole('button', { name: 'Hide' }));
  assert.equal(resp.status(), 303);
  assert.match(await mod.getByRole('status').innerText(), /^Hidden\./);
  assert.equal(await mod.getByRole('article').filter({ hasText: TITLE }).count(), 0, 'the item left the queue');

  // Signed-out readers no longer find it anywhere.
  const reader = await as(null);
  await goto(reader, threadPath, 404);
  await goto(reader, '/c/epilepsy');
  assert.equal(await reader.getByRole('link', { name: TITLE }).count(), 0, 'not listed');
  await goto(reader, `/search?q=${encodeURIComponent('supplements ' + stamp)}`);
  assert.equal(await reader.getByRole('link', { name: TITLE }).count(), 0, 'not found by search');

  // Its author sees it, hidden, with the reason, and a note from the moderators.
  await goto(author, threadPath);
  assert.match(await author.getByRole('article').first().innerText(), /Hidden by a moderator[\s\S]*Selling is against rule 4/);
  await goto(author, '/notices');
  assert.match(await author.getByRole('main').innerText(), /A moderator hid your post[\s\S]*Selling is against rule 4/);

  // The admin finds the action in the audit log.
  const admin = await as(demo.admin);
  await goto(admin, '/admin/audit?action=hide');
  const row = admin.getByRole('row').filter({ hasText: REASON });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`@${moderator}[\\s\\S]*Hide[\\s\\S]*@${AUTHOR}`));

  for (const ctx of contexts) {
    assertNoCSPErrors(ctx);
    await ctx.close();
  }
});

test('axe on the moderation pages; the advice warning; the live reading level', { timeout: 180_000 }, async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();

  // The queue and a post's page, as the moderator.
  await signIn(page, moderator, password);
  await goto(page, '/mod');
  await page.getByRole('heading', { name: /Flagged posts/ }).waitFor();
  await assertAccessible(page, 'the moderation queue');
  await page.getByRole('link', { name: /^More actions/ }).first().click();
  await page.getByRole('heading', { name: /^Moderate a / }).waitFor();
  await assertAccessible(page, "a post's moderation page");
  await goto(page, '/c/long-covid/settings');
  await assertAccessible(page, 'community settings');
  await ctx.clearCookies();

  // The flag form and the advice warning, as a member.
  await signIn(page, MEMBER, password);
  const { threads } = await (await fetch(`${BASE}/api/v1/communities/epilepsy/threads`)).json();
  const thread = threads.find((t) => t.author !== MEMBER);
  await goto(page, `/c/epilepsy/t/${thread.id}`);
  await page.getByRole('link', { name: /^Flag post 0 by/ }).click();
  await page.getByRole('heading', { name: 'Flag a post for the moderators' }).waitFor();
  await assertAccessible(page, 'the flag form');
  await goto(page, `/c/epilepsy/t/${thread.id}`);
  const advice = 'Honestly, take 400 mg of ibuprofen and double the dose if it still hurts after an hour.';
  await page.getByLabel('Your reply').fill(advice);
  const resp = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(resp.status(), 200, 'the advice warning is the next step');
  await page.getByRole('heading', { name: /reads? like medical advice/ }).waitFor();
  assert.deepEqual(await page.locator('#advice mark').allInnerTexts(), ['take 400 mg', 'double the dose']);
  await assertAccessible(page, 'the advice warning');

  // The live reading level: the script and the server agree.
  const dense = 'Pharmacokinetic considerations notwithstanding, anticonvulsant polytherapy necessitates individualized titration schedules, ' +
    'particularly regarding hepatically metabolized compounds whose bioavailability demonstrates considerable interindividual variability.';
  await page.getByLabel('Your reply').fill(dense);
  const meter = page.locator('#body-readability');
  await meter.filter({ hasText: /Many readers find this hard/ }).waitFor();
  const live = (await meter.innerText()).match(/grade (\d+)/)[1];
  await submit(page, page.getByRole('button', { name: 'Check for private details' }));
  const server = (await page.locator('#body-readability').innerText()).match(/grade (\d+)/)[1];
  assert.equal(live, server, 'the live meter and the server give the same grade');
  await page.goto(`${BASE}/notices`);
  await assertAccessible(page, 'the notices');
  await ctx.clearCookies();

  // The audit log and the verification page, as the admin.
  await signIn(page, demo.admin, password);
  await goto(page, '/admin/audit');
  await page.getByRole('table').waitFor();
  await assertAccessible(page, 'the audit log');
  await goto(page, `/admin/members/${clinician}/verify`);
  assert.match(await page.getByRole('main').innerText(), /Verified: /);
  await assertAccessible(page, 'clinician verification');
  await goto(page, `/mod/members/${MEMBER}`);
  await assertAccessible(page, "a member's moderation record");
  assertNoCSPErrors(ctx);
  await ctx.close();
});
