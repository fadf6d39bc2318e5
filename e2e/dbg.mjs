import { launch, newContext, goto, submit, signIn, axeViolations } from '/work/main/e2e/lib.mjs';
const browser = await launch();
const ctx = await newContext(browser, { javaScriptEnabled: false });
ctx.setDefaultTimeout(5000);
const page = await ctx.newPage();
await signIn(page, 'oakbench_mod', 'hearth-demo-2026');
for (const p of ['/events/1', '/events/2/live', '/events/new']) {
  const t = Date.now();
  await goto(page, p);
  console.log(p, 'loaded', Date.now() - t);
  try {
  const v = await axeViolations(page);
  console.log(p, 'axe', Date.now() - t, v.join('\n'));
  } catch (e) { console.log('ERR', String(e).slice(0, 2000)); }
}
await browser.close();
