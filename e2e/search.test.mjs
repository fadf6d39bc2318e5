// Search in the browser: the header box and the filters without
// JavaScript, the search page with its filters and pages, axe on each
// state of the page, stories and "What we tried" experiences with links
// to their pages, and visibility (a private community's thread is found
// by its members only).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, signIn, assertAccessible, demoHandles, DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// results returns the titles of the results on the page.
async function results(page) {
  return (await page.getByRole('main').locator('ol.results h3').allInnerTexts()).map((s) => s.trim());
}

// submitGet submits a GET form by pressing Enter in one of its fields and
// waits for the page it leads to.
async function submitGet(page, field) {
  await Promise.all([page.waitForEvent('load'), field.press('Enter')]);
}

it('search works without JavaScript: the header box and the filters', async () => {
  // axe needs JavaScript in the page, so this context only submits forms.
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await goto(page, '/');
  const box = page.getByRole('search', { name: 'Site' }).getByLabel('Search posts');
  await box.fill('seizure');
  await submitGet(page, box);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'seizure');
  assert.ok((await results(page)).length > 0, 'no results without JavaScript');
  await page.getByText('Narrow down').click();
  await page.getByLabel('Kind', { exact: true }).selectOption('thread');
  await submitGet(page, page.getByLabel('Words to look for'));
  assert.equal(new URL(page.url()).searchParams.get('kind'), 'thread');
  const found = await results(page);
  assert.ok(found.length > 0 && found.every((t) => !t.startsWith('Reply in:')), `threads only: ${found.join(' | ')}`);
  await ctx.close();
});

describe('search, signed out', () => {
  let ctx, page;
  before(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
  });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('the header search box finds "keppra"', async () => {
    await goto(page, '/');
    const box = page.getByRole('search', { name: 'Site' }).getByLabel('Search posts');
    await box.fill('keppra');
    await submitGet(page, box);
    assert.equal(new URL(page.url()).pathname, '/search');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'keppra');
    const found = await results(page);
    assert.ok(found.length > 0, 'no results for keppra');
    assert.ok(found.some((t) => /keppra/i.test(t)), `no result title mentions Keppra: ${found.join(' | ')}`);
    assert.ok(await page.getByRole('main').locator('ol.results mark').count() > 0, 'no marked matches');
    await assertAccessible(page, 'search results for keppra');
  });

  it('the empty search page', async () => {
    await goto(page, '/search');
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    assert.equal(await page.getByRole('search').count(), 1, 'the header box is not repeated on the search page');
    await assertAccessible(page, '/search');
  });

  it('"ketogenic diet" in English and "dieta cetogénica" in Spanish', async () => {
    await goto(page, '/search?q=ketogenic+diet');
    const en = await results(page);
    assert.ok(en.some((t) => /ketogenic diet/i.test(t)), `ketogenic diet: ${en.join(' | ')}`);
    await goto(page, '/search?q=' + encodeURIComponent('dieta cetogenica'));
    const es = await results(page);
    assert.ok(es.some((t) => /dieta cetogénica/i.test(t)), `dieta cetogenica: ${es.join(' | ')}`);
  });

  it('"ketogenic diet" finds a story, which links to the story', async () => {
    await goto(page, '/search?q=ketogenic+diet&kind=story');
    const found = await results(page);
    assert.ok(found.length > 0 && found.every((t) => t.startsWith('Story:')), `stories: ${found.join(' | ')}`);
    assert.ok(found.some((t) => /ketogenic diet/i.test(t)), `no story about the ketogenic diet: ${found.join(' | ')}`);
    assert.equal(await page.getByLabel('Kind', { exact: true }).inputValue(), 'story');
    await assertAccessible(page, 'search results: stories');
    const link = page.getByRole('main').locator('ol.results h3 a').first();
    const title = (await link.innerText()).replace(/^Story:\s*/, '').trim();
    await Promise.all([page.waitForEvent('load'), link.click()]);
    assert.match(new URL(page.url()).pathname, /^\/u\/[a-z0-9_]+\/stories\/\d+/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  });

  it('"ketogenic diet" finds an experience, which links to its text on the treatment page', async () => {
    await goto(page, '/search?q=ketogenic+diet&kind=experience');
    const found = await results(page);
    assert.ok(found.length > 0 && found.every((t) => t.startsWith('What we tried:')), `experiences: ${found.join(' | ')}`);
    assert.ok(found.includes('What we tried: Ketogenic diet'), `no Ketogenic diet experience: ${found.join(' | ')}`);
    await assertAccessible(page, 'search results: experiences');
    const link = page.getByRole('main').locator('ol.results h3 a').first();
    const href = await link.getAttribute('href');
    assert.match(href, /^\/c\/[a-z0-9-]+\/tried\/t\/\d+#experience-\d+$/);
    await Promise.all([page.waitForEvent('load'), link.click()]);
    const u = new URL(page.url());
    assert.equal(u.pathname + u.hash, href);
    const text = page.locator(u.hash);
    await text.waitFor();
    assert.ok((await text.innerText()).trim().length > 0, 'the experience has no text on its page');
  });

  it('"spritam", another name of Levetiracetam, finds its experiences', async () => {
    // No demo text says Spritam: only the treatment's names do.
    await goto(page, '/search?q=spritam');
    const found = await results(page);
    assert.ok(found.length > 0 && found.every((t) => t === 'What we tried: Levetiracetam'), `spritam: ${found.join(' | ')}`);
    const marks = await page.getByRole('main').locator('ol.results .snippet mark').allInnerTexts();
    assert.ok(marks.some((m) => /spritam/i.test(m)), `no marked Spritam: ${marks.join(' | ')}`);
    await assertAccessible(page, 'search results found by another name');
  });

  it('everything at once: threads, stories and experiences', async () => {
    await goto(page, '/search?q=ketogenic+diet');
    const found = await results(page);
    assert.ok(found.some((t) => t.startsWith('Story:')), `no story: ${found.join(' | ')}`);
    assert.ok(found.some((t) => t.startsWith('What we tried:')), `no experience: ${found.join(' | ')}`);
    assert.ok(found.some((t) => !/^(Story|What we tried|Reply in):/.test(t)), `no thread: ${found.join(' | ')}`);
    await assertAccessible(page, 'search results: every kind');
  });

  it('filters narrow to one community and one kind', async () => {
    await goto(page, '/search?q=seizure');
    await page.getByText('Narrow down').click();
    await page.getByLabel('Community').selectOption('epilepsy');
    await page.getByLabel('Kind', { exact: true }).selectOption('reply');
    const box = page.getByRole('search', { name: 'Search posts' }).getByLabel('Words to look for');
    await submitGet(page, box);
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('community'), 'epilepsy');
    assert.equal(u.searchParams.get('kind'), 'reply');
    const found = await results(page);
    assert.ok(found.length > 0, 'no replies about seizures in Epilepsy');
    assert.ok(found.every((t) => t.startsWith('Reply in:')), `not only replies: ${found.join(' | ')}`);
    const places = await page.getByRole('main').locator('ol.results .meta a:first-child').allInnerTexts();
    assert.ok(places.every((p) => p.trim() === 'Epilepsy'), `not only Epilepsy: ${places.join(', ')}`);
    await assertAccessible(page, 'filtered search');
  });

  it('a second page of results keeps the search', async () => {
    await goto(page, '/search?q=seizures');
    const pager = page.getByRole('navigation', { name: 'Pages of results' });
    if (await pager.count() === 0) return; // the demo has one page only
    await Promise.all([page.waitForEvent('load'), pager.getByRole('link', { name: 'Next' }).click()]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'seizures');
    assert.equal(await pager.getByRole('link', { name: '2', exact: true }).getAttribute('aria-current'), 'page');
    await assertAccessible(page, 'search page 2');
  });

  it('hostile searches get a clear message, never a 500', async () => {
    for (const q of ['***', '-keppra', '"', 'NEAR(', '^', ':']) {
      const resp = await page.goto(BASE + '/search?q=' + encodeURIComponent(q));
      assert.ok([200, 400].includes(resp.status()), `${q}: status ${resp.status()}`);
    }
    await goto(page, '/search?q=***', 400);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('Words to look for').inputValue(), '***', 'the search is not kept in the box');
    assert.equal(await page.getByLabel('Words to look for').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'search with an error');
    const long = 'ketogenic diet '.repeat(700);
    const resp = await page.goto(BASE + '/search?q=' + encodeURIComponent(long));
    assert.equal(resp.status(), 200, `10 KB search: status ${resp.status()}`);
    await page.getByText('Your search was long').waitFor();
  });
});

describe('search and private communities', () => {
  it('a private thread is found by the admin and not by a signed-out visitor', async () => {
    const admin = await newContext(browser);
    let page = await admin.newPage();
    await signIn(page, demo.admin, password);
    await goto(page, '/c/caregivers');
    const title = (await page.getByRole('main').locator('ol.threads h3 a').first().innerText()).trim();
    // Search for the title's words, as a phrase.
    const q = encodeURIComponent(`"${title.replace(/["“”]/g, '')}"`);
    await goto(page, `/search?q=${q}`);
    let found = await results(page);
    assert.ok(found.includes(title), `the admin does not find "${title}": ${found.join(' | ')}`);
    await assertAccessible(page, 'search as the admin');
    assertNoCSPErrors(admin);
    await admin.close();

    const anon = await newContext(browser);
    page = await anon.newPage();
    await goto(page, `/search?q=${q}`);
    found = await results(page);
    assert.ok(!found.includes(title), `a signed-out visitor finds the private thread "${title}"`);
    const text = await page.getByRole('main').innerText();
    assert.ok(!text.includes("Caregivers' Room"), 'the page names the private community');
    await anon.close();
  });
});
