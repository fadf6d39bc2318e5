// Live events: axe on the events pages and the live room (with and
// without JavaScript), two browsers in one live room where a message from
// one shows in the other within a second over Server-Sent Events and a
// moderator's Hide takes it away, the no-JavaScript form post, and the
// time zone offer of tz.js.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, api, DEMO_PASSWORD, BASE } from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
// Demo members of the public epilepsy community (demo/content_members.go);
// its moderator moderates the live room.
const WRITER = 'firstyear_focal';
const READER = 'keppra_kid_mom';
const MODERATOR = 'oakbench_mod';

let browser;
let liveID; // the demo event that is live now
let weeklyID; // the weekly Sunday chat

before(async () => {
  browser = await launch();
  const { events } = await api('/api/v1/events');
  const live = events.find((e) => e.next.length > 0 && e.next[0].live);
  const weekly = events.find((e) => e.title === 'Sunday night epilepsy chat');
  assert.ok(live, 'the demo has an event live now');
  assert.ok(weekly, 'the demo has the weekly chat');
  liveID = live.id;
  weeklyID = weekly.id;
});
after(async () => { await browser?.close(); });

async function check(page, path, status = 200) {
  await goto(page, path, status);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertAccessible(page, path);
}

describe('events pages, accessibility', () => {
  it('signed out, with JavaScript', async () => {
    const ctx = await newContext(browser, { timezoneId: 'Europe/Berlin' });
    const page = await ctx.newPage();
    await check(page, '/events');
    await check(page, `/events/${weeklyID}`);
    await check(page, `/events/${liveID}/live`);
    // The live room connects to its stream.
    await page.getByText('Connected: new messages appear below').waitFor();
    await assertAccessible(page, 'live room, connected');
    await check(page, '/settings/timezone');
    assertNoCSPErrors(ctx);
    await ctx.close();
  });

  // axe runs in the page, so the pages "without JavaScript" are checked
  // with the site's own scripts blocked: the markup a reader without
  // JavaScript gets, while axe itself can still run.
  it('signed in as a moderator, without the site\'s scripts', async () => {
    const ctx = await newContext(browser);
    await ctx.route('**/static/*.js', (route) => route.abort());
    const page = await ctx.newPage();
    await signIn(page, MODERATOR, password);
    await check(page, `/events/${weeklyID}`);
    await page.getByRole('heading', { name: 'Manage this event' }).waitFor();
    await check(page, `/events/${liveID}/live`);
    await page.getByRole('button', { name: /^Hide the message/ }).first().waitFor();
    await page.getByText('New messages do not appear by themselves').waitFor();
    // A message with an identifier comes back with it named (a
    // moderator cannot send such a message anyway).
    await page.getByLabel('Your message').fill('Call me at 555-867-5309 after the chat');
    await submit(page, page.getByRole('button', { name: 'Send', exact: true }));
    await page.getByRole('alert').waitFor();
    await page.getByRole('heading', { name: 'What could identify someone' }).waitFor();
    await assertAccessible(page, 'live room with findings');
    await check(page, '/events/new');
    // The scheduling form with a problem named.
    await page.getByLabel('Title').fill('Checking the form');
    await page.getByLabel('Time zone').fill('Atlantis/Capital');
    const resp = await submit(page, page.getByRole('button', { name: 'Schedule it' }));
    assert.equal(resp.status(), 400);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('Title').inputValue(), 'Checking the form');
    assert.equal(await page.getByLabel('Time zone').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'event form with an error');
    await check(page, '/settings/timezone');
    await ctx.close();
  });
});

describe('the live room', () => {
  it('a message from one browser shows in another within a second, and a moderator hides it live', async () => {
    const contexts = [];
    const open = async (handle) => {
      const ctx = await newContext(browser);
      contexts.push(ctx);
      const page = await ctx.newPage();
      await signIn(page, handle, password);
      await goto(page, `/events/${liveID}/live`);
      await page.getByText('Connected: new messages appear below').waitFor();
      return page;
    };
    const writer = await open(WRITER);
    const reader = await open(READER);
    const moderator = await open(MODERATOR);

    const text = `Hello from a browser test ${Date.now().toString(36)}`;
    await writer.getByLabel('Your message').fill(text);
    const [resp] = await Promise.all([
      writer.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/events/${liveID}/live`)),
      writer.getByRole('button', { name: 'Send', exact: true }).click(),
    ]);
    assert.equal(resp.status(), 201, 'live.js posts without leaving the page');
    const sent = Date.now();
    const log = reader.getByRole('log');
    await log.getByText(text).waitFor({ timeout: 1000 });
    assert.ok(Date.now() - sent <= 1000, `shown after ${Date.now() - sent} ms`);
    await writer.getByRole('log').getByText(text).waitFor({ timeout: 1000 });
    assert.equal(await writer.getByLabel('Your message').inputValue(), '', 'the form is cleared');
    assert.equal(writer.url(), `${BASE}/events/${liveID}/live`, 'the writer stayed on the page');

    // The moderator hides it; it leaves the other browsers.
    await moderator.getByRole('log').getByText(text).waitFor({ timeout: 1000 });
    await moderator.getByRole('button', { name: new RegExp(`^Hide the message by @${WRITER}`) }).last().click();
    await log.getByText(text).waitFor({ state: 'detached', timeout: 2000 });
    await writer.getByRole('log').getByText(text).waitFor({ state: 'detached', timeout: 2000 });
    await assertAccessible(reader, 'live room after messages');
    for (const ctx of contexts) {
      assertNoCSPErrors(ctx);
      await ctx.close();
    }
  });

  it('works without JavaScript: post the form, and the page lists the message', async () => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await signIn(page, READER, password);
    await goto(page, `/events/${liveID}/live`);
    await page.getByText('New messages do not appear by themselves').waitFor();
    const text = `A1: no JavaScript here ${Date.now().toString(36)}`;
    await page.getByLabel('Your message').fill(text);
    const resp = await submit(page, page.getByRole('button', { name: 'Send', exact: true }));
    assert.equal(resp.status(), 303);
    assert.match(page.url(), new RegExp(`/events/${liveID}/live#m\\d+$`));
    const item = page.getByRole('log').getByRole('listitem').filter({ hasText: text });
    await item.waitFor();
    assert.match(await item.innerText(), /Q1/, 'the A1: tag makes it an answer to Q1');

    // The privacy guard refuses a phone number, names it and keeps the text.
    const leaky = 'Call me at 555-867-5309 after the chat';
    await page.getByLabel('Your message').fill(leaky);
    await submit(page, page.getByRole('button', { name: 'Send', exact: true }));
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('heading', { name: 'What could identify someone' }).locator('..').innerText(), /phone number/);
    assert.equal(await page.getByLabel('Your message').inputValue(), leaky);
    await ctx.close();
  });
});

describe('time zones', () => {
  it('tz.js offers the browser\'s zone, and the page then shows it', async () => {
    const ctx = await newContext(browser, { timezoneId: 'Europe/Berlin' });
    const page = await ctx.newPage();
    await goto(page, `/events/${weeklyID}`);
    const offer = page.getByRole('link', { name: 'Show the times in that zone' });
    await offer.waitFor();
    assert.match(await page.locator('.tz-guess').innerText(), /Europe\/Berlin/);
    await offer.click();
    await page.waitForURL(/tz=Europe%2FBerlin/);
    await page.getByText('Times are in Europe/Berlin time').waitFor();
    // 9 p.m. in New York is 3 a.m. the next day in Berlin (2 a.m. for the
    // weeks when only one of them has changed its clocks).
    assert.match(await page.locator('.sessions time').first().innerText(), /(Monday|Sunday), .* (2|3):00 a\.m\. .*CES?T/);
    assertNoCSPErrors(ctx);
    await ctx.close();
  });
});
