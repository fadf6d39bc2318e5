// Security headers as the browser receives them, and no CSP violation
// while pages render.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, assertNoCSPErrors, goto, longThread, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function directives(csp) {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name.toLowerCase(), values];
  }));
}

test('pages send a strict Content-Security-Policy and other security headers', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const long = await longThread('epilepsy');
  for (const [path, status] of [['/', 200], ['/signin', 200], [`/c/epilepsy/t/${long.id}`, 200], ['/no-such-page', 404]]) {
    const resp = await goto(page, path, status);
    const h = await resp.allHeaders();
    const csp = h['content-security-policy'];
    assert.ok(csp, `${path}: no Content-Security-Policy header`);
    assert.ok(!csp.includes("'unsafe-inline'"), `${path}: CSP allows 'unsafe-inline': ${csp}`);
    assert.ok(!csp.includes("'unsafe-eval'"), `${path}: CSP allows 'unsafe-eval': ${csp}`);
    const d = directives(csp);
    assert.ok(d.has('default-src') || (d.has('script-src') && d.has('style-src')), `${path}: CSP has no default-src: ${csp}`);
    for (const name of ['script-src', 'style-src', 'default-src']) {
      for (const v of d.get(name) ?? []) {
        assert.ok(!['*', 'http:', 'https:', 'data:'].includes(v), `${path}: ${name} allows ${v}`);
      }
    }
    assert.deepEqual(d.get('frame-ancestors'), ["'none'"], `${path}: frame-ancestors`);
    assert.equal(h['x-content-type-options'], 'nosniff', `${path}: X-Content-Type-Options`);
    // The stylesheet loaded under that policy: the page is styled.
    const skip = await page.evaluate(() => getComputedStyle(document.querySelector('a.skip')).position);
    assert.notEqual(skip, 'static', `${path}: stylesheet not applied (skip link is not positioned)`);
  }
  assertNoCSPErrors(ctx);
  await ctx.close();
});

test('the CSP console check catches a violation (self-test)', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  // A made-up page under the real policy, with an inline style and script.
  const real = (await fetch(BASE + '/')).headers.get('content-security-policy');
  await page.route(`${BASE}/__csp_probe`, (route) => route.fulfill({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': real },
    body: '<!doctype html><html lang="en"><title>probe</title><style>p{color:red}</style><p>probe</p><script>document.title="ran"</script>',
  }));
  await page.goto(`${BASE}/__csp_probe`);
  assert.equal(await page.title(), 'probe', 'inline script ran despite the CSP');
  await page.waitForTimeout(100);
  assert.ok(ctx.cspErrors.length >= 2, `expected the inline style and script to be reported, got ${JSON.stringify(ctx.cspErrors)}`);
  await ctx.close();
});
