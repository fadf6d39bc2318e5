// Private communities stay private in the browser: a thread of the
// private Caregivers' Room that the admin can read is a plain 404 page for
// a signed-out visitor and for a member who is not in the group.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, assertNoCSPErrors, goto, signIn, demoHandles, DEMO_PASSWORD, BASE } from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a private community thread is a 404 for outsiders', async () => {
  // The admin can read everything: find a thread in the private community.
  const admin = await newContext(browser);
  let page = await admin.newPage();
  await signIn(page, demo.admin, password);
  await goto(page, '/c/caregivers');
  const link = page.getByRole('main').locator('ol.threads h3 a').first();
  const href = await link.getAttribute('href');
  const title = (await link.innerText()).trim();
  const m = href.match(/^\/c\/caregivers\/t\/(\d+)/);
  assert.ok(m, `thread link ${href}`);
  const id = m[1];
  await goto(page, href);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), title);
  assertNoCSPErrors(admin);
  await admin.close();

  // Signed out, in a fresh context: both thread URLs are 404 pages that
  // give nothing away.
  const anon = await newContext(browser);
  page = await anon.newPage();
  for (const path of [href, `/c/caregivers/t/${id}`]) {
    await goto(page, path, 404);
    assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), 'Page not found');
    const text = await page.locator('body').innerText();
    assert.ok(!text.includes(title), `the 404 page for ${path} shows the thread title`);
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
  }
  // The community itself shows no threads to outsiders.
  await page.goto(`${BASE}/c/caregivers`);
  assert.ok(!(await page.locator('body').innerText()).includes(title), 'the private thread title is listed to a visitor');
  // Nor does the API.
  const resp = await fetch(`${BASE}/api/v1/threads/${id}`);
  assert.equal(resp.status, 404, `API thread ${id} signed out: ${resp.status}`);
  assertNoCSPErrors(anon);
  await anon.close();

  // A signed-in member who is not in the group gets the same 404.
  const member = await newContext(browser);
  page = await member.newPage();
  await signIn(page, demo.member, password);
  await goto(page, `/c/caregivers/t/${id}`, 404);
  assert.ok(!(await page.locator('body').innerText()).includes(title));
  assertNoCSPErrors(member);
  await member.close();
});
