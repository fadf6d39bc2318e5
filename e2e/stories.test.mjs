// Stories: a guest's "Leave a reply" with JavaScript off, moderation by
// the story's author, and axe-core on the story pages and forms.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, api, demoHandles, DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
// The demo story with a cover, comments, replies and a held guest comment.
const AUTHOR = 'keppra_kid_mom';
let browser;
let story; // { url, id, title }

before(async () => {
  browser = await launch();
  const { stories } = await api(`/api/v1/members/${AUTHOR}/stories`);
  assert.ok(stories.length > 0, `no public demo stories by @${AUTHOR}`);
  const first = stories.find((s) => s.cover_url) ?? stories[0];
  story = { url: first.url, id: first.story.id, title: first.story.title };
});
after(async () => { await browser?.close(); });

async function check(page, path, status = 200) {
  await goto(page, path, status);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertAccessible(page, path);
}

it('a guest leaves a reply with JavaScript off; it waits for the author', async () => {
  const ctx = await newContext(browser, { javaScriptEnabled: false });
  const page = await ctx.newPage();
  await goto(page, story.url);
  await page.getByRole('heading', { name: 'Leave a reply' }).waitFor();
  const text = `Thank you for sharing this, it helps our family (${Date.now().toString(36)}).`;
  const email = `guest.${Date.now().toString(36)}@example.net`;

  // A name of spaces passes the browser's `required` check; the server
  // refuses it and gives everything back.
  await page.getByLabel('Name', { exact: true }).fill('   ');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Website (optional)').fill('example.org/our-blog');
  await page.getByLabel('Comment', { exact: true }).fill(text);
  let resp = await submit(page, page.getByRole('button', { name: 'Send comment' }));
  assert.equal(resp.status(), 400, `blank name: status ${resp.status()}`);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /name/i);
  assert.equal(await page.getByLabel('Comment', { exact: true }).inputValue(), text, 'comment kept');
  assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), email, 'email kept for its writer');
  assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Name', { exact: true }).fill('Robin');
  resp = await submit(page, page.getByRole('button', { name: 'Send comment' }));
  assert.equal(resp.status(), 303, 'a guest comment redirects');
  await page.getByRole('status').filter({ hasText: 'will appear after' }).waitFor();
  let html = await page.content();
  assert.ok(!html.includes(text), 'the held comment is not shown to its guest writer or anyone else');
  assert.ok(!html.includes(email), 'the email is never shown');
  await ctx.close();

  // The author sees it, with the email still hidden, and approves it.
  const actx = await newContext(browser, { javaScriptEnabled: false });
  const apage = await actx.newPage();
  await signIn(apage, AUTHOR, password);
  await goto(apage, story.url);
  const held = apage.locator('li.comment.held').filter({ hasText: text });
  await held.waitFor();
  assert.ok(!(await apage.content()).includes(email), 'the author never sees the email');
  resp = await submit(apage, held.getByRole('button', { name: 'Approve the comment by Robin' }));
  assert.equal(resp.status(), 303);
  await actx.close();

  // Now everyone sees it, with a nofollow link to the guest's website.
  const gctx = await newContext(browser, { javaScriptEnabled: false });
  const gpage = await gctx.newPage();
  await goto(gpage, story.url);
  const shown = gpage.locator('li.comment').filter({ hasText: text });
  await shown.waitFor();
  const link = shown.getByRole('link', { name: 'Robin', exact: true });
  assert.equal(await link.getAttribute('href'), 'https://example.org/our-blog');
  assert.equal(await link.getAttribute('rel'), 'nofollow ugc noopener');
  html = await gpage.content();
  assert.ok(!html.includes(email), 'the email is never shown');
  assertNoCSPErrors(gctx);
  await gctx.close();
});

describe('stories: accessibility', () => {
  let ctx, page;
  before(async () => { ctx = await newContext(browser); page = await ctx.newPage(); });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('a story page with its cover, comments and reply form', async () => {
    await check(page, story.url);
    await page.locator('img.cover').waitFor();
    await page.getByRole('navigation', { name: 'Share' }).waitFor();
  });

  it('a story list', () => check(page, `/u/${AUTHOR}/stories`));

  // WCAG 1.4.10 Reflow: at 320 CSS pixels nothing scrolls sideways, cover
  // image, share links and long links included.
  it('story pages reflow at 320px', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const { stories: other } = await api('/api/v1/members/brain_fog_baker/stories');
      for (const path of [story.url, `/u/${AUTHOR}/stories`, other[0].url]) {
        await goto(page, path);
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${path} scrolls sideways at 320px: scrollWidth ${scroll} > ${client}`);
      }
    } finally {
      await page.setViewportSize(size);
    }
  });

  it('the reply form with an error', async () => {
    await goto(page, story.url);
    await page.getByLabel('Name', { exact: true }).fill('Sam');
    await page.getByLabel('Email', { exact: true }).fill('sam@example.org');
    await page.getByLabel('Comment', { exact: true }).fill('   ');
    const resp = await submit(page, page.getByRole('button', { name: 'Send comment' }));
    assert.equal(resp.status(), 400);
    await page.getByRole('alert').waitFor();
    await assertAccessible(page, 'story reply form with an error');
  });

  it('replying to a comment', async () => {
    await goto(page, story.url);
    const href = await page.locator('li.comment footer a', { hasText: 'Reply' }).first().getAttribute('href');
    await check(page, href.replace(/#.*/, ''));
    await page.getByText(/^Replying to/).waitFor();
  });
});

describe('stories: accessibility, signed in', () => {
  let ctx, page;
  before(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await signIn(page, AUTHOR, password);
  });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('the author sees comments waiting for approval', async () => {
    await check(page, story.url);
    await page.locator('li.comment.held').first().waitFor();
  });

  it('the new-story form', () => check(page, `/u/${AUTHOR}/stories/new`));

  it('the new-story form with an error', async () => {
    await goto(page, `/u/${AUTHOR}/stories/new`);
    await page.getByLabel('Title').fill('   ');
    await page.getByLabel('Your story').fill('Some words about our year.');
    const resp = await submit(page, page.getByRole('button', { name: 'Publish story' }));
    assert.equal(resp.status(), 400);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('Your story').inputValue(), 'Some words about our year.');
    await assertAccessible(page, 'new-story form with an error');
  });

  it('the new-story form with privacy findings', async () => {
    await goto(page, `/u/${AUTHOR}/stories/new`);
    await page.getByLabel('Title').fill('Our week');
    await page.getByLabel('Your story').fill('You can call me at 617-555-0199 any evening.');
    const resp = await submit(page, page.getByRole('button', { name: 'Publish story' }));
    assert.equal(resp.status(), 200);
    await page.locator('#privacy mark').first().waitFor();
    await assertAccessible(page, 'new-story form with findings');
  });

  it('the edit form of a story', async () => {
    await check(page, `/u/${AUTHOR}/stories/${story.id}/edit`);
  });

  it('a members-only story, for members', async () => {
    const { stories } = await api('/api/v1/members/pumpdad_decade/stories');
    assert.equal(stories.length, 0, 'members-only stories are not listed for guests');
    await goto(page, '/u/pumpdad_decade/stories');
    const href = await page.getByRole('main').locator('ol.stories h2 a').first().getAttribute('href');
    await check(page, href);
    assert.equal(await page.locator('meta[property^="og:"]').count(), 0, 'no Open Graph tags on members-only stories');
    const anon = await newContext(browser);
    const apage = await anon.newPage();
    await goto(apage, href, 404);
    await anon.close();
  });
});

it('feeds are valid Atom served as such', async () => {
  for (const path of [`/feeds/u/${AUTHOR}/stories.atom`, '/feeds/c/epilepsy.atom']) {
    const resp = await fetch(BASE + path);
    assert.equal(resp.status, 200, path);
    assert.match(resp.headers.get('content-type'), /^application\/atom\+xml/);
    const text = await resp.text();
    assert.match(text, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  }
});
