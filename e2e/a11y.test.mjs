// axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on every kind of page,
// signed out and signed in as a demo member. A violation fails the test
// and prints the rule, its help and the offending nodes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, axeViolations, longThread, demoHandles, accountNav, api,
  DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
let long; // the epilepsy thread with the most replies

before(async () => {
  browser = await launch();
  long = await longThread('epilepsy');
  assert.ok(long.reply_count > 50, `the long demo thread has ${long.reply_count} replies`);
});
after(async () => { await browser?.close(); });

// check opens a path, waits for its main heading and runs axe on it.
async function check(page, path, status = 200) {
  await goto(page, path, status);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertAccessible(page, path);
}

it('axe itself reports a known violation', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.setContent('<!doctype html><title>t</title><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>');
  const found = await axeViolations(page);
  assert.ok(found.some((v) => v.includes('image-alt')), `expected image-alt and html-has-lang, got:\n${found.join('\n')}`);
  await ctx.close();
});

describe('accessibility, signed out', () => {
  let ctx, page;
  before(async () => { ctx = await newContext(browser); page = await ctx.newPage(); });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('home /', () => check(page, '/'));
  it('community /c/epilepsy', () => check(page, '/c/epilepsy'));
  it('community about /c/epilepsy/about', () => check(page, '/c/epilepsy/about'));

  it('a thread linked from the home page', async () => {
    await goto(page, '/');
    const link = page.getByRole('main').locator('ol.threads h3 a').first();
    const href = await link.getAttribute('href');
    assert.match(href, /^\/c\/[^/]+\/t\/\d+/);
    await check(page, href);
  });

  it('the long thread, page 1 and page 2', async () => {
    await check(page, `/c/epilepsy/t/${long.id}`);
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await check(page, `/c/epilepsy/t/${long.id}?page=2`);
    assert.equal(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: '2' }).getAttribute('aria-current'), 'page');
  });

  it('a member profile from an author link', async () => {
    await goto(page, `/c/epilepsy/t/${long.id}`);
    const href = await page.getByRole('article').first().locator('a.author').getAttribute('href');
    assert.match(href, /^\/u\/[A-Za-z0-9_-]+$/);
    await check(page, href);
  });

  it('sign in /signin', () => check(page, '/signin'));
  it('sign up /signup', () => check(page, '/signup'));

  it('sign in form with an error (wrong password)', async () => {
    await goto(page, '/signin');
    await page.getByLabel('Handle or email').fill(demo.member);
    await page.getByLabel('Password').fill('not-the-right-password');
    const resp = await submit(page, page.getByRole('button', { name: 'Sign in' }));
    assert.ok(resp.status() >= 400, `wrong password: status ${resp.status()}`);
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'signin with an error');
  });

  it('sign up form with an error', async () => {
    await goto(page, '/signup');
    await page.getByLabel('Handle').fill(demo.member); // taken
    await page.getByLabel('Email').fill('someone-new@example.org');
    await page.getByLabel('Password').fill('a long enough password');
    const resp = await submit(page, page.getByRole('button', { name: 'Create account' }));
    assert.ok(resp.status() >= 400, `taken handle: status ${resp.status()}`);
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'signup with an error');
  });

  it('404 page /no-such-page', () => check(page, '/no-such-page', 404));
});

describe(`accessibility, signed in as a member`, () => {
  let ctx, page;
  before(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await signIn(page, demo.member, password);
  });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('home / signed in', () => check(page, '/'));
  it('community /c/epilepsy signed in', () => check(page, '/c/epilepsy'));
  it('the long thread with the reply form', async () => {
    await check(page, `/c/epilepsy/t/${long.id}`);
    await page.getByRole('button', { name: 'Post reply' }).waitFor();
  });

  it('new thread form /c/epilepsy/new', async () => {
    await check(page, '/c/epilepsy/new');
    await page.getByRole('button', { name: 'Post thread' }).waitFor();
  });

  it('new thread form with an error', async () => {
    await goto(page, '/c/epilepsy/new');
    await page.getByLabel('Title').fill('  ');
    await page.getByLabel('Your post').fill('Some words that stay.');
    const resp = await submit(page, page.getByRole('button', { name: 'Post thread' }));
    assert.ok(resp.status() >= 400, `blank title: status ${resp.status()}`);
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'new thread form with an error');
  });

  it('edit form of your own post', async () => {
    const { threads } = await api('/api/v1/communities/epilepsy/threads');
    const own = threads.find((t) => t.author === demo.member);
    assert.ok(own, `${demo.member} has a thread in epilepsy`);
    await goto(page, `/c/epilepsy/t/${own.id}`);
    const edit = page.getByRole('article').first().getByRole('link', { name: /^Edit/ });
    assert.equal((await edit.innerText()).trim(), 'Edit');
    await edit.click();
    await page.waitForURL(new RegExp(`^${BASE}/c/epilepsy/t/${own.id}/p/\\d+/edit$`));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await assertAccessible(page, page.url().slice(BASE.length));
  });

  it('members-only community /c/t1d-parents', async () => {
    await check(page, '/c/t1d-parents');
    const href = await page.getByRole('main').locator('ol.threads h3 a').first().getAttribute('href');
    await check(page, href);
  });

  // WCAG 1.4.10 Reflow, which axe does not check: at 320 CSS pixels wide
  // nothing scrolls sideways.
  it('pages reflow at 320px without horizontal scrolling', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      for (const path of ['/', '/c/epilepsy', `/c/epilepsy/t/${long.id}?page=2`, '/c/epilepsy/new', `/u/${demo.member}`]) {
        await goto(page, path);
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${path} scrolls sideways at 320px: scrollWidth ${scroll} > ${client}`);
      }
    } finally {
      await page.setViewportSize(size);
    }
  });

  it('own profile', async () => {
    await accountNav(page).getByRole('link', { name: `@${demo.member}` }).click();
    await page.waitForURL(`${BASE}/u/${demo.member}`);
    await assertAccessible(page, `/u/${demo.member}`);
  });
});
