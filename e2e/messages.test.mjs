// Private messages (issue 13). With JavaScript off: a member writes to
// another from their profile, the other finds it in /messages with its
// unread count and replies, a moderator finds nothing of it, the
// recipient blocks the sender and the sender's next reply is refused
// with their text kept. Then, with JavaScript on, axe on /messages, a
// conversation, the new-message form, the block refusal, the blocked
// members list, the report form and a reported message as the site's
// moderators see it (the demo's reported message).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, DEMO_PASSWORD,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
// Demo members no other browser test signs in as (the sign-in limit
// counts per account, and a block must not touch another test).
const SENDER = 'nightshift_dad';
const RECIPIENT = 'sundown_son';
const MODERATOR = 'tidewater_mod';
const stamp = Date.now().toString(36);
const SUBJECT = `Night shifts and med times ${stamp}`;
const FIRST = 'How do you keep the evening dose on time when you work nights? I keep missing it by an hour.';
const REPLY = 'Phone alarm plus a pill box by the coffee maker. The alarm says what it is for.';
const REFUSED = 'One more question about the pill box, if you have a minute.';

let browser;
let conversationPath;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('send, reply and block with JavaScript disabled', { timeout: 180_000 }, async () => {
  const contexts = [];
  const as = async (handle) => {
    const ctx = await newContext(browser, { javaScriptEnabled: false });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await signIn(page, handle, password);
    return page;
  };

  // From the recipient's profile to the new-message form, "To" filled in.
  const sender = await as(SENDER);
  await goto(sender, `/u/${RECIPIENT}`);
  await sender.getByRole('link', { name: `Send @${RECIPIENT} a message` }).click();
  await sender.getByRole('heading', { name: 'New message' }).waitFor();
  assert.equal(await sender.getByLabel('To', { exact: true }).inputValue(), `@${RECIPIENT}`);
  await sender.getByLabel('Subject (optional)').fill(SUBJECT);
  await sender.getByLabel('Your message').fill(FIRST);
  let resp = await submit(sender, sender.getByRole('button', { name: 'Send message' }));
  assert.equal(resp.status(), 303, 'the message is sent');
  conversationPath = new URL(sender.url()).pathname;
  assert.match(conversationPath, /^\/messages\/\d+$/);
  assert.match(await sender.getByRole('main').innerText(), new RegExp(FIRST.slice(0, 30)));

  // The recipient finds it, unread, and replies.
  const recipient = await as(RECIPIENT);
  await recipient.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Messages' }).click();
  const item = recipient.getByRole('listitem').filter({ hasText: SUBJECT });
  assert.match(await item.innerText(), /1 new message/);
  await item.getByRole('link', { name: SUBJECT }).click();
  await recipient.getByRole('heading', { name: SUBJECT }).waitFor();
  await recipient.getByLabel('Your message').fill(REPLY);
  resp = await submit(recipient, recipient.getByRole('button', { name: 'Send', exact: true }));
  assert.equal(resp.status(), 303, 'the reply is sent');
  assert.match(await recipient.getByRole('main').innerText(), /pill box by the coffee maker/);

  // The sender sees the reply.
  await goto(sender, conversationPath);
  assert.match(await sender.getByRole('main').innerText(), /pill box by the coffee maker/);

  // A site moderator finds nothing: not found, and nothing in /messages.
  const mod = await as(MODERATOR);
  await goto(mod, conversationPath, 404);
  await goto(mod, '/messages');
  assert.equal(await mod.getByText(SUBJECT).count(), 0);

  // The recipient blocks the sender from the conversation.
  await goto(recipient, conversationPath);
  resp = await submit(recipient, recipient.getByRole('button', { name: `Block @${SENDER}` }));
  assert.equal(resp.status(), 303);
  assert.match(await recipient.getByRole('status').innerText(), /^Blocked\./);
  await recipient.getByRole('link', { name: `@${SENDER}` }).waitFor();

  // The sender's next reply is refused, in plain words, text kept.
  await goto(sender, conversationPath);
  await sender.getByLabel('Your message').fill(REFUSED);
  resp = await submit(sender, sender.getByRole('button', { name: 'Send', exact: true }));
  assert.equal(resp.status(), 403);
  assert.match(await sender.getByRole('alert').innerText(), /This member does not accept messages from you\./);
  assert.equal(await sender.getByLabel('Your message').inputValue(), REFUSED);

  for (const ctx of contexts) {
    assertNoCSPErrors(ctx);
    await ctx.close();
  }
});

test('axe on the message pages', { timeout: 180_000 }, async () => {
  assert.ok(conversationPath, 'the first test made a conversation');
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, SENDER, password);
  await goto(page, '/messages');
  await assertAccessible(page, 'the list of conversations');
  await goto(page, conversationPath);
  await assertAccessible(page, 'a conversation');
  await goto(page, '/messages/new');
  await assertAccessible(page, 'the new-message form');
  await page.getByLabel('To', { exact: true }).fill(`@${RECIPIENT}`);
  await page.getByLabel('Your message').fill(REFUSED);
  const resp = await submit(page, page.getByRole('button', { name: 'Send message' }));
  assert.equal(resp.status(), 403);
  assert.equal(await page.getByLabel('Your message').inputValue(), REFUSED);
  await assertAccessible(page, 'the block refusal');
  // The report form, on the recipient's reply.
  await goto(page, conversationPath);
  await page.getByRole('link', { name: `Report this message by @${RECIPIENT} to the moderators` }).click();
  await page.getByRole('heading', { name: 'Report a message to the moderators' }).waitFor();
  await assertAccessible(page, 'the report form');
  await ctx.close();

  const rctx = await newContext(browser);
  const rpage = await rctx.newPage();
  await signIn(rpage, RECIPIENT, password);
  await goto(rpage, '/settings/blocks');
  await assertAccessible(rpage, 'the blocked members');
  await goto(rpage, `/u/${SENDER}`);
  await rpage.getByRole('button', { name: `Unblock @${SENDER}` }).waitFor();
  await assertAccessible(rpage, 'a profile with messaging');
  await rctx.close();

  // The demo's reported message, as a site moderator sees it.
  const mctx = await newContext(browser);
  const mpage = await mctx.newPage();
  await signIn(mpage, MODERATOR, password);
  await goto(mpage, '/mod');
  await mpage.getByRole('heading', { name: /Reported private messages \(\d+\)/ }).waitFor();
  await mpage.getByRole('link', { name: /Read the message and decide/ }).first().click();
  await mpage.getByRole('heading', { name: 'Reported private message' }).waitFor();
  assert.match(await mpage.getByRole('main').innerText(), /CBD drops/);
  await assertAccessible(mpage, 'a reported message');
  assertNoCSPErrors(mctx);
  await mctx.close();
});
