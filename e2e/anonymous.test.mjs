// Anonymous posting (issue 13). With JavaScript off: a member of the
// Caregivers' Room (which allows anonymous posts in the demo) starts a
// thread with "Post anonymously" ticked; the thread page, the community
// page and the API show "a member" and never the handle, to the author
// and to another member. A community that does not allow it shows no
// checkbox. The community's moderator opens the post's moderation page,
// sees no handle, and reveals the author with a reason; the answer names
// the author, and the reveal is in the post's moderation history. Then,
// with JavaScript on, axe on the new-thread form with the checkbox, the
// moderation page with the reveal form, and the page after a reveal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, DEMO_PASSWORD,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
const AUTHOR = 'only_child_caring';
const READER = 'sundown_son';
const MODERATOR = 'tidewater_mod'; // moderates caregivers
const stamp = Date.now().toString(36);
const TITLE = `Some days I can't face the phone calls ${stamp}`;
const BODY = 'The pharmacy, the doctor, the insurance. I put them off and then feel guilty. How do you keep up?';
const REASON = 'Checking in privately: the member may need local support.';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// mainText is what a page says below its header (which names the
// signed-in member).
const mainText = (page) => page.locator('main').innerText();
const mainHTML = (page) => page.locator('main').innerHTML();

let postID;
let threadPath;

test('post anonymously with JavaScript off: no handle anywhere', { timeout: 180_000 }, async () => {
  const contexts = [];
  const as = async (handle) => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, handle, password);
    return page;
  };

  const author = await as(AUTHOR);
  // Not offered where the community does not allow it.
  await goto(author, '/c/long-covid/new');
  assert.equal(await author.getByLabel('Post anonymously').count(), 0, 'offered where the community does not allow it');
  await goto(author, '/c/caregivers/new');
  await author.getByLabel('Title').fill(TITLE);
  await author.getByLabel('Your post').fill(BODY);
  await author.getByLabel('Post anonymously').check();
  const resp = await submit(author, author.getByRole('button', { name: 'Post thread' }));
  assert.equal(resp.status(), 303, 'the thread is posted');
  threadPath = new URL(author.url()).pathname;

  // The author sees "a member" too, and can still edit.
  let text = await mainText(author);
  assert.ok(text.includes(TITLE), 'the thread is shown');
  assert.ok(text.includes('a member'), 'the post says "a member"');
  assert.ok(!(await mainHTML(author)).includes(AUTHOR), 'the author\'s handle is on their own anonymous thread');
  const edit = author.locator('a[href$="/edit"]').first();
  const href = await edit.getAttribute('href');
  postID = href.match(/\/p\/(\d+)\/edit$/)[1];

  // Another member: no handle on the thread nor in the community's list.
  const reader = await as(READER);
  await goto(reader, threadPath);
  text = await mainText(reader);
  assert.ok(text.includes('a member'), 'the reader sees "a member"');
  assert.ok(!(await mainHTML(reader)).includes(AUTHOR), 'the reader sees the handle');
  await goto(reader, '/c/caregivers');
  assert.ok((await mainText(reader)).includes(TITLE), 'the thread is listed');
  const item = reader.locator('main li', { hasText: TITLE });
  assert.ok((await item.innerText()).includes('by a member'), 'the list says "by a member"');
  assert.ok(!(await item.innerHTML()).includes(AUTHOR), 'the community list names the author');
  // The author's profile does not list it to others.
  await goto(reader, `/u/${AUTHOR}`);
  assert.ok(!(await mainText(reader)).includes(TITLE), 'the profile lists the anonymous thread');

  // The moderator: no handle until an audited reveal.
  const mod = await as(MODERATOR);
  await goto(mod, `/mod/posts/${postID}`);
  assert.ok(!(await mainHTML(mod)).includes(AUTHOR), 'the moderation page shows the handle');
  await mod.getByLabel('Why you need to know').fill(REASON);
  const r2 = await submit(mod, mod.getByRole('button', { name: 'Reveal author' }));
  assert.equal(r2.status(), 200);
  text = await mainText(mod);
  assert.ok(text.includes(`@${AUTHOR}`), 'the reveal names the author');
  assert.ok(text.includes(REASON), 'the history shows the reveal and its reason');
  // Shown on that answer only.
  await goto(mod, `/mod/posts/${postID}`);
  assert.ok(!(await mainText(mod)).includes(`@${AUTHOR}`), 'the handle stays on the page');

  for (const ctx of contexts) {
    assertNoCSPErrors(ctx);
    await ctx.close();
  }
});

test('axe: the anonymous checkbox and the reveal form', { timeout: 120_000 }, async () => {
  assert.ok(postID, 'the first test posted');
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, MODERATOR, password);
  await goto(page, '/c/caregivers/new');
  await page.getByLabel('Post anonymously').waitFor();
  await assertAccessible(page, 'the new-thread form with "Post anonymously"');
  await goto(page, `/mod/posts/${postID}`);
  await page.getByRole('button', { name: 'Reveal author' }).waitFor();
  await assertAccessible(page, 'the moderation page with the reveal form');
  await page.getByLabel('Why you need to know').fill('Second look for the accessibility test.');
  const resp = await submit(page, page.getByRole('button', { name: 'Reveal author' }));
  assert.equal(resp.status(), 200);
  await assertAccessible(page, 'the moderation page after a reveal');
  assertNoCSPErrors(ctx);
  await ctx.close();
});
