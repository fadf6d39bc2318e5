// A new member's first visit, with JavaScript off: sign up, start a
// thread, reply, get a validation error back, sign out. Everything works
// with plain HTML forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, assertNoCSPErrors, goto, submit, accountNav, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('sign up, post a thread and replies, sign out (JavaScript disabled)', async () => {
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  const handle = `e2e_${Date.now().toString(36)}`;

  // Sign up.
  await goto(page, '/signup');
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Email').fill(`${handle}@example.org`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  let resp = await submit(page, page.getByRole('button', { name: 'Create account' }));
  assert.equal(resp.status(), 303, 'sign up should redirect');
  assert.equal(page.url(), `${BASE}/`);
  await accountNav(page).getByRole('link', { name: `@${handle}`, exact: true }).waitFor();

  // Start a thread from the community page.
  await goto(page, '/c/epilepsy');
  await page.getByRole('link', { name: 'Start a thread' }).click();
  await page.waitForURL(`${BASE}/c/epilepsy/new`);

  // A title of only spaces passes the browser's `required` check: the
  // server must refuse it and give the text back.
  const body = `First time posting here. My seizures changed after a dose change (${handle}).\n\nDid anyone else notice this?`;
  await page.getByLabel('Title').fill('   ');
  await page.getByLabel('Your post').fill(body);
  resp = await submit(page, page.getByRole('button', { name: 'Post thread' }));
  assert.ok(resp.status() >= 400 && resp.status() < 500, `blank title: status ${resp.status()}`);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /\S/, 'the alert names the problem');
  assert.equal(await page.getByLabel('Your post').inputValue(), body, 'body kept after the error');
  assert.equal(await page.getByLabel('Title').getAttribute('aria-invalid'), 'true', 'title marked invalid');

  // A truly empty title, as from a browser that does not check `required`.
  await page.getByLabel('Title').fill('');
  await page.getByLabel('Title').evaluate((el) => el.removeAttribute('required'));
  resp = await submit(page, page.getByRole('button', { name: 'Post thread' }));
  assert.ok(resp.status() >= 400 && resp.status() < 500, `empty title: status ${resp.status()}`);
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByLabel('Your post').inputValue(), body, 'body kept after the error');

  // Now a real thread.
  const title = `Dose change and new seizure pattern ${handle}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Your post').fill(body);
  resp = await submit(page, page.getByRole('button', { name: 'Post thread' }));
  assert.equal(resp.status(), 303, 'posting a thread should redirect');
  assert.match(page.url(), new RegExp(`^${BASE}/c/epilepsy/t/\\d+`));
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), title);
  const opening = page.getByRole('article').first();
  assert.match(await opening.innerText(), /My seizures changed after a dose change/);
  assert.match(await opening.innerText(), /Did anyone else notice this\?/);
  const threadURL = page.url().split('?')[0];

  // Reply with the form on the thread page.
  const reply = `Following up: I'm keeping a seizure diary now (${handle}).`;
  await page.getByLabel('Your reply').fill(reply);
  resp = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(resp.status(), 303, 'posting a reply should redirect');
  await page.getByRole('article').filter({ hasText: reply }).waitFor();

  // A bare URL in Markdown becomes a link to exactly that URL, without
  // the closing parenthesis or the space.
  const linkReply = `The leaflet I mentioned (see http://bit.ly/a8F11D ) has the details.`;
  await page.getByLabel('Your reply').fill(linkReply);
  resp = await submit(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(resp.status(), 303, 'posting a reply should redirect');
  const post = page.getByRole('article').filter({ hasText: 'The leaflet I mentioned' });
  await post.waitFor();
  const links = post.locator('.prose a');
  assert.equal(await links.count(), 1, `one link in the reply: ${await post.locator('.prose').innerHTML()}`);
  assert.equal(await links.getAttribute('href'), 'http://bit.ly/a8F11D');
  assert.equal((await links.innerText()).trim(), 'http://bit.ly/a8F11D');

  // Both replies are on the thread page.
  await goto(page, threadURL.slice(BASE.length));
  assert.equal(await page.getByRole('article').count(), 3, 'opening post and two replies');

  // Sign out.
  resp = await submit(page, accountNav(page).getByRole('button', { name: 'Sign out' }));
  assert.equal(resp.status(), 303);
  await accountNav(page).getByRole('link', { name: 'Sign in' }).waitFor();
  assert.equal(await accountNav(page).getByRole('link', { name: `@${handle}` }).count(), 0, 'handle gone after sign-out');

  assertNoCSPErrors(ctx);
  await ctx.close();
});
