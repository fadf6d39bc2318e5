// Shared helpers for the browser tests. run.sh starts the demo server and
// passes its address in HEARTH_URL (and its stdout in HEARTH_SERVER_OUT).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = (process.env.HEARTH_URL || '').replace(/\/+$/, '');
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(BASE)) {
  throw new Error(`HEARTH_URL must be http://127.0.0.1:PORT (got ${JSON.stringify(BASE)}); run the tests with: bash e2e/run.sh`);
}

// The demo accounts all share this password (printed by `hearth demo`).
export const DEMO_PASSWORD = 'hearth-demo-2026';

// demoHandles reads the sign-ins that `hearth demo` prints after its URL
// line ("  lanternkeeper   admin"), keyed by role.
export function demoHandles() {
  const out = { admin: 'lanternkeeper', member: 'firstyear_focal' };
  const file = process.env.HEARTH_SERVER_OUT;
  if (!file) return out;
  const text = readFileSync(file, 'utf8');
  const m = text.match(/password "([^"]+)"/);
  if (m) out.password = m[1];
  for (const line of text.split('\n')) {
    const r = line.match(/^\s+([A-Za-z0-9_-]{3,30})\s+(admin|moderator|mentor|clinician|member)\s*$/);
    if (r) out[r[2]] = r[1];
  }
  return out;
}

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Never send the loopback traffic through a proxy from the environment.
  '--no-proxy-server'];

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
}

// newContext opens a browser context that records Content-Security-Policy
// violations reported on the console of any of its pages.
export async function newContext(browser, options = {}) {
  const ctx = await browser.newContext(options);
  ctx.setDefaultTimeout(20_000); // generous: CI machines have 2 cores
  ctx.setDefaultNavigationTimeout(30_000);
  ctx.cspErrors = [];
  ctx.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && /Content[ -]Security[ -]Policy|Refused to (load|apply|execute|connect|frame)/i.test(text)) {
      ctx.cspErrors.push(`${msg.page()?.url() ?? msg.location().url}: ${text}`);
    }
  });
  return ctx;
}

export function assertNoCSPErrors(ctx) {
  assert.deepEqual(ctx.cspErrors, [], `CSP violations on the console:\n${ctx.cspErrors.join('\n')}`);
}

// goto opens a path and checks the HTTP status of the final response.
export async function goto(page, path, status = 200) {
  const resp = await page.goto(BASE + path);
  assert.ok(resp, `no response for ${path}`);
  assert.equal(resp.status(), status, `GET ${path}: status ${resp.status()}, want ${status}`);
  return resp;
}

// submit clicks a submit button and waits until the document that the
// form post leads to (after any redirect) has loaded. It returns the
// response to the POST itself (a 303 on success, a 4xx when the form comes back).
export async function submit(page, button) {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return resp;
}

export function accountNav(page) {
  return page.getByRole('navigation', { name: 'Account' });
}

export async function signIn(page, handle, password) {
  await goto(page, '/signin');
  await page.getByLabel('Handle or email').fill(handle);
  await page.getByLabel('Password').fill(password);
  const resp = await submit(page, page.getByRole('button', { name: 'Sign in' }));
  assert.equal(resp.status(), 303, `sign in as ${handle}: status ${resp.status()}`);
  await accountNav(page).getByRole('link', { name: `@${handle}` }).waitFor();
}

export async function api(path) {
  const resp = await fetch(BASE + path);
  assert.equal(resp.status, 200, `GET ${path}: ${resp.status}`);
  return resp.json();
}

// longThread finds the public thread with the most replies in a community.
export async function longThread(slug) {
  const { threads } = await api(`/api/v1/communities/${slug}/threads`);
  assert.ok(threads.length > 0, `no threads in ${slug}`);
  return threads.reduce((a, b) => (b.reply_count > a.reply_count ? b : a));
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// axeViolations runs axe-core in the page (evaluated through the DevTools
// protocol, which the page's CSP does not block) and returns a readable
// list of violations, empty when there are none.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations.map((v) =>
    `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n` +
    v.nodes.map((n) => `    - ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}\n      ${n.html}`).join('\n'));
}

export async function assertAccessible(page, label) {
  const found = await axeViolations(page);
  if (found.length > 0) {
    const msg = `axe found ${found.length} violation(s) on ${label} (${page.url()}):\n${found.join('\n')}`;
    console.log(msg);
    assert.fail(msg);
  }
}
