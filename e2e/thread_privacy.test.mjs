// Member privacy and control: a thread only its community's members may
// read, started with JavaScript off, is a 404 page (with noindex) for a
// signed-out browser; the new form and settings pages pass axe; a member
// who hides their communities shows none to visitors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, assertNoCSPErrors, assertAccessible, goto, submit, signIn, demoHandles, DEMO_PASSWORD, BASE } from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function noindex(page) {
  return page.locator('head meta[name="robots"][content="noindex"]').count();
}

test('thread privacy: a members-only thread is a 404 for a signed-out browser', { timeout: 180_000 }, async () => {
  // A member of the public Epilepsy community, with JavaScript off.
  const member = await newContext(browser, { javaScriptEnabled: false });
  let page = await member.newPage();
  await signIn(page, demo.member, password);
  await goto(page, '/c/epilepsy/new');
  const choice = page.getByRole('radio', { name: 'Members of this community only' });
  assert.equal(await page.getByRole('radio', { name: 'Everyone who can read this community' }).isChecked(), true, 'open is the default');
  // A title unique to this run, in words: digits would look like an
  // identifier to the privacy guard.
  const words = ['river', 'stone', 'cloud', 'maple', 'harbor', 'meadow', 'lantern', 'willow'];
  const pick = () => words[Math.floor(Math.random() * words.length)];
  const title = `Telling my boss about my seizures, ${pick()} ${pick()} ${pick()} edition`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Your post').fill('I have a new job and I am not sure whether to tell my manager. How did you decide?');
  await choice.check();
  const resp = await submit(page, page.getByRole('button', { name: 'Post thread' }));
  assert.equal(resp.status(), 303, `create: status ${resp.status()}: ${await page.locator('main').innerText()}`);
  const path = new URL(page.url()).pathname;
  assert.match(path, /^\/c\/epilepsy\/t\/\d+/);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), title);
  assert.ok((await page.locator('main').innerText()).includes('Members of this community only'));
  assert.equal(await noindex(page), 1, 'the members-only thread page has no noindex');
  assert.equal(await page.locator('meta[property="og:title"]').count(), 0, 'Open Graph tags on a members-only thread');

  // Its opening post's edit form offers the choice, set to members only.
  const editHref = await page.getByRole('link', { name: 'Edit post 0' }).getAttribute('href');
  await goto(page, editHref);
  assert.equal(await page.getByRole('radio', { name: 'Members of this community only' }).isChecked(), true);
  assertNoCSPErrors(member);

  // Signed out, in a fresh context: a 404 page with noindex that gives
  // nothing away, and no trace in the lists, the sitemap or the API.
  const anon = await newContext(browser);
  const apage = await anon.newPage();
  await goto(apage, path, 404);
  assert.equal((await apage.getByRole('heading', { level: 1 }).innerText()).trim(), 'Page not found');
  assert.ok(!(await apage.locator('body').innerText()).includes(title), 'the 404 page shows the title');
  assert.equal(await noindex(apage), 1, 'the 404 page has no noindex');
  await goto(apage, '/c/epilepsy');
  assert.ok(!(await apage.locator('body').innerText()).includes(title), 'listed to a visitor');
  const sitemap = await (await fetch(`${BASE}/sitemap.xml`)).text();
  assert.ok(!sitemap.includes(path), 'in the sitemap');
  const id = path.match(/\/t\/(\d+)/)[1];
  assert.equal((await fetch(`${BASE}/api/v1/threads/${id}`)).status, 404);
  const list = await (await fetch(`${BASE}/api/v1/communities/epilepsy/threads`)).json();
  assert.ok(!list.threads.some((t) => t.title === title), 'in the API list');
  assertNoCSPErrors(anon);
  await anon.close();

  // The member still reads it.
  await goto(page, path);
  await member.close();

  // axe runs in the page, so with JavaScript on: the new-thread form and
  // the opening post's edit form with the choice.
  const axe = await newContext(browser);
  page = await axe.newPage();
  await signIn(page, demo.member, password);
  await goto(page, '/c/epilepsy/new');
  await assertAccessible(page, 'the new-thread form');
  await goto(page, editHref);
  await assertAccessible(page, 'the edit form of an opening post');
  assertNoCSPErrors(axe);
  await axe.close();
});

test('thread privacy: settings pages and hidden memberships', { timeout: 180_000 }, async () => {
  const member = await newContext(browser);
  let page = await member.newPage();
  await signIn(page, demo.member, password);
  await goto(page, '/settings/privacy');
  await assertAccessible(page, 'the privacy settings page');
  await member.close();

  const admin = await newContext(browser);
  page = await admin.newPage();
  await signIn(page, demo.admin, password);
  await goto(page, '/c/epilepsy/settings');
  await page.getByRole('group', { name: 'Who can read new threads' }).waitFor();
  await assertAccessible(page, 'the community settings page');
  // Staff see the hidden member's communities.
  await goto(page, '/u/vns_veteran');
  assert.ok(await page.locator('#communities ~ ul a[href="/c/epilepsy"]').count() === 1, 'staff do not see the communities');
  assertNoCSPErrors(admin);
  await admin.close();

  // The demo's member who hides their communities shows none to a visitor.
  const anon = await newContext(browser);
  page = await anon.newPage();
  await goto(page, '/u/vns_veteran');
  assert.ok((await page.locator('main').innerText()).includes('keeps their communities private'));
  await assertAccessible(page, 'a profile with hidden communities');
  const { member: m } = await (await fetch(`${BASE}/api/v1/members/vns_veteran`)).json();
  assert.equal(m.communities_hidden, true);
  assert.deepEqual(m.communities, []);
  // The demo's members-only thread is absent for visitors.
  const list = await (await fetch(`${BASE}/api/v1/communities/epilepsy/threads`)).json();
  assert.ok(!list.threads.some((t) => t.title === 'Scared of SUDEP at night since our last appointment'), 'the demo members-only thread is listed to a visitor');
  assertNoCSPErrors(anon);
  await anon.close();
});
