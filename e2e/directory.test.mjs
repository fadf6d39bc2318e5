// The directory of organizations in a browser: axe-core (WCAG 2.2 AA) on
// the list, a filtered view, an organization page, the claim form, the
// admin import page (empty and with a report of bad rows) and the claims
// page; searching with JavaScript off; reflow at 320px; no CSP errors.
// (axe runs as a script in the page, so the axe checks run with
// JavaScript on; the pages use none.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, assertNoCSPErrors, goto, submit, signIn, assertAccessible, demoHandles, api, DEMO_PASSWORD, BASE,
} from './lib.mjs';

const demo = demoHandles();
const password = demo.password ?? DEMO_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function check(page, path, status = 200) {
  await goto(page, path, status);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await assertAccessible(page, path);
}

describe('directory, signed out', () => {
  let ctx, page;
  before(async () => { ctx = await newContext(browser); page = await ctx.newPage(); });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('the demo directory has at least 50 organizations across many states and every kind', async () => {
    const { total, stats } = await api('/api/v1/directory');
    assert.ok(total >= 50, `${total} organizations`);
    assert.ok(stats.by_region.length >= 20, `${stats.by_region.length} states`);
    for (const kind of ['hospital', 'clinic', 'patient_organization', 'research_center', 'public_health_agency', 'other']) {
      const r = await api(`/api/v1/directory?kind=${kind}`);
      assert.ok(r.total > 0, `no ${kind}`);
    }
  });

  it('/directory', async () => {
    await check(page, '/directory');
    // Each chart is an image with a name, and a table with the same numbers follows it.
    for (const [name, caption] of [['Organizations by channel', 'Organizations by channel'], ['Organizations by state or region', 'Organizations by state or region']]) {
      await page.getByRole('img', { name }).waitFor();
      await page.getByRole('table', { name: caption }).waitFor();
    }
  });

  it('search with the form, JavaScript off: kind and channel', async () => {
    const off = await newContext(browser, { javaScriptEnabled: false });
    const p = await off.newPage();
    await goto(p, '/directory');
    const form = p.getByRole('search', { name: 'Search the directory' });
    await form.getByLabel('Kind', { exact: true }).selectOption('hospital');
    await form.getByLabel('Channel', { exact: true }).selectOption('youtube');
    await Promise.all([p.waitForURL(/\/directory\?/), form.getByRole('button', { name: 'Search' }).click()]);
    const url = new URL(p.url());
    assert.equal(url.searchParams.get('kind'), 'hospital');
    assert.equal(url.searchParams.get('channel'), 'youtube');
    const names = await p.locator('ul.orgs h3').allInnerTexts();
    assert.ok(names.length > 0, 'no hospital with YouTube');
    const { total } = await api('/api/v1/directory?kind=hospital&channel=youtube');
    assert.equal(names.length, Math.min(total, 25));
    assertNoCSPErrors(off);
    await off.close();
    await check(page, url.pathname + url.search);
  });

  it('a filtered view by state, page 2 and a search with no results', async () => {
    await check(page, '/directory?state=TX');
    await check(page, '/directory?page=2');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: '2' }).waitFor();
    await check(page, '/directory?q=no+such+organization+anywhere');
  });

  it('an organization page, with a link found not working', async () => {
    const { organizations } = await api('/api/v1/directory?q=riverbend');
    assert.equal(organizations.length, 1);
    await check(page, `/directory/${organizations[0].id}`);
    await page.getByText('Not working').first().waitFor();
    await page.getByRole('link', { name: 'Sign in' }).last().waitFor();
  });

  it('a managed organization says who manages it', async () => {
    const { organizations } = await api('/api/v1/directory?q=lakeshore');
    assert.deepEqual(organizations[0].managed_by, ['peds_endo_doc']);
    await check(page, `/directory/${organizations[0].id}`);
    await page.getByText('Managed by @peds_endo_doc').waitFor();
  });

  it('a missing organization is a 404 page', () => check(page, '/directory/999999', 404));

  it('reflows at 320px without horizontal scrolling', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const { organizations } = await api('/api/v1/directory?q=riverbend');
      for (const path of ['/directory', '/directory?kind=clinic', `/directory/${organizations[0].id}`]) {
        await goto(page, path);
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${path} scrolls sideways at 320px: scrollWidth ${scroll} > ${client}`);
      }
    } finally {
      await page.setViewportSize(size);
    }
  });
});

describe('directory, a member asks to manage an entry', () => {
  let ctx, page;
  before(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await signIn(page, demo.member, password);
  });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('the claim form, its error and its pending state', async () => {
    const { organizations } = await api('/api/v1/directory?q=cedar+hollow');
    const path = `/directory/${organizations[0].id}`;
    await check(page, path);
    const note = page.getByLabel('Your role, and how we can confirm it');
    await note.fill('   ');
    let resp = await submit(page, page.getByRole('button', { name: 'Ask to manage this entry' }));
    assert.equal(resp.status(), 400);
    await page.getByRole('alert').waitFor();
    assert.equal(await note.getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'claim form with an error');
    await note.fill('Patient liaison; the front desk can confirm.');
    resp = await submit(page, page.getByRole('button', { name: 'Ask to manage this entry' }));
    assert.equal(resp.status(), 303);
    await page.getByRole('status').getByText('You asked to manage this entry').waitFor();
    await assertAccessible(page, 'claim pending');
  });
});

describe('directory administration', () => {
  let ctx, page;
  before(async () => {
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await signIn(page, demo.admin, password);
  });
  after(async () => { assertNoCSPErrors(ctx); await ctx.close(); });

  it('the import page', async () => {
    await check(page, '/admin/directory/import');
    await page.getByLabel('CSV file').waitFor();
  });

  it('importing a file with a bad row lists it by line, and imports nothing when asked', async () => {
    await goto(page, '/admin/directory/import');
    const csv = 'name,kind,city,region,country,website,facebook\n' +
      'Browser Test Clinic,clinic,Austin,TX,US,https://browser-test.example.org/,https://www.facebook.com/browsertest\n' +
      'Spa Row,day spa,Austin,TX,US,https://spa-row.example.org/,\n';
    await page.getByLabel('CSV file').setInputFiles({ name: 'test.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Import nothing if any row has a problem').check();
    const resp = await submit(page, page.getByRole('button', { name: 'Import' }));
    assert.equal(resp.status(), 200);
    await page.getByRole('status').getByText('Nothing was imported').waitFor();
    const row = page.getByRole('table', { name: 'Rows with problems' }).getByRole('row').nth(1);
    assert.match(await row.innerText(), /^3\s+kind\s+"day spa" is not a kind we know/);
    await assertAccessible(page, 'import report');
    const { total } = await api('/api/v1/directory?q=browser+test+clinic');
    assert.equal(total, 0);
  });

  it('the claims page', async () => {
    await check(page, '/admin/directory/claims');
    await page.getByRole('button', { name: /^Approve @epilepsy_nurse_rn/ }).waitFor();
  });

  it('a member may not open the import page', async () => {
    const other = await newContext(browser);
    const p = await other.newPage();
    await signIn(p, demo.member, password);
    await goto(p, '/admin/directory/import', 403);
    await other.close();
  });
});

it('the directory is linked from every page', async () => {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await goto(page, '/');
  await Promise.all([page.waitForURL(`${BASE}/directory`), page.getByRole('link', { name: 'Directory of health organizations' }).click()]);
  await ctx.close();
});

// An organization that claimed its entry, and the community and weekly
// chat it hosts (web/directory_links.go; demo: OrgHosts).
describe('directory, what an organization hosts', () => {
  let org;
  before(async () => {
    const { organizations } = await api('/api/v1/directory?q=great+lakes+epilepsy');
    org = await api(`/api/v1/directory/${organizations[0].id}`);
  });

  it('the API lists its community and upcoming event', () => {
    assert.deepEqual(org.communities.map((c) => c.slug), ['epilepsy']);
    assert.deepEqual(org.events.map((e) => e.title), ['Sunday night epilepsy chat']);
  });

  it('signed out: the org page lists them, the community says who hosts it', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await check(page, `/directory/${org.id}`);
    const hosts = page.locator('#hosts');
    await hosts.getByRole('heading', { name: 'Communities and events' }).waitFor();
    await hosts.locator('a[href="/c/epilepsy"]').waitFor();
    await hosts.getByRole('link', { name: 'Sunday night epilepsy chat' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Link|Remove link/ }).count(), 0);
    for (const path of ['/c/epilepsy', '/c/epilepsy/about']) {
      await check(page, path);
      await page.getByText('Hosted by').getByRole('link', { name: org.name }).waitFor();
    }
    await Promise.all([page.waitForURL(`${BASE}/directory/${org.id}`), page.getByRole('link', { name: org.name }).click()]);
    assertNoCSPErrors(ctx);
    await ctx.close();
  });

  it('its approved staff member links and unlinks a community, JavaScript off', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'oakbench_mod', password);
    await check(page, `/directory/${org.id}`);
    await page.getByRole('heading', { name: 'Link a community or an event' }).waitFor();
    const state = await ctx.storageState();
    const off = await newContext(browser, { javaScriptEnabled: false, storageState: state });
    const p = await off.newPage();
    await goto(p, `/directory/${org.id}`);
    const select = p.getByLabel('Community', { exact: true });
    const slug = await select.inputValue();
    const name = (await select.locator('option:checked').innerText()).trim();
    let resp = await submit(p, p.getByRole('button', { name: 'Link community' }));
    assert.equal(resp.status(), 303);
    await p.locator('#hosts').locator(`a[href="/c/${slug}"]`).waitFor();
    resp = await submit(p, p.getByRole('button', { name: `Remove link to ${name}` }));
    assert.equal(resp.status(), 303);
    assert.equal(await p.locator('#hosts').locator(`a[href="/c/${slug}"]`).count(), 0);
    assertNoCSPErrors(off);
    await off.close();
    assertNoCSPErrors(ctx);
    await ctx.close();
  });
});

// "Hosted by" on event pages and in event JSON, and the Remove link
// button for a community's own moderator (demo: OrgHosts; brain_fog_baker
// moderates long-covid and is not the collective's staff).
describe('directory, events and community moderators', () => {
  let glea, collective;
  before(async () => {
    glea = (await api('/api/v1/directory?q=great+lakes+epilepsy')).organizations[0];
    collective = (await api('/api/v1/directory?q=long+covid+recovery+collective')).organizations[0];
  });

  it('an event in a hosted community says who hosts it, on its page and in JSON', async () => {
    const { events } = await api('/api/v1/events?community=epilepsy');
    const chat = events.find((e) => e.title === 'Sunday night epilepsy chat');
    assert.deepEqual(chat.hosted_by.map((o) => [o.id, o.name, o.url]), [[glea.id, glea.name, `/directory/${glea.id}`]]);
    const { event } = await api(`/api/v1/events/${chat.id}`);
    assert.deepEqual(event.hosted_by.map((o) => o.name), [glea.name]);
    const community = await api('/api/v1/communities/epilepsy');
    assert.deepEqual(community.hosted_by.map((o) => o.url), [`/directory/${glea.id}`]);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await check(page, `/events/${chat.id}`);
    await page.locator('.hosted-by').getByRole('link', { name: glea.name }).waitFor();
    assert.equal(await page.locator('.hosted-by').count(), 1);
    assertNoCSPErrors(ctx);
    await ctx.close();
  });

  it("a community's moderator who is not the organization's staff gets Remove link", async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, 'brain_fog_baker', password);
    await check(page, `/directory/${collective.id}`);
    const hosts = page.locator('#hosts');
    await hosts.locator('a[href="/c/long-covid"]').waitFor();
    assert.equal(await hosts.getByRole('button', { name: /^Remove link to / }).count(), 1);
    assert.equal(await page.getByRole('heading', { name: 'Link a community or an event' }).count(), 0);
    // On another organization's entry, nothing of theirs to remove.
    await goto(page, `/directory/${glea.id}`);
    assert.equal(await page.getByRole('button', { name: /Remove link/ }).count(), 0);
    assertNoCSPErrors(ctx);
    await ctx.close();
  });
});
