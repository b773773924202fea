// Headless check of the Hawtio console, run by ConsoleBrowserIT (and usable by hand against a running bridge):
//   node console-check.js <console url> <user> <password> <screenshot path> <feed id>...
// 1. without login: Jolokia answers 401/403 and the routes page redirects to the login page;
// 2. logs in, opens the Camel routes page, and checks that each feed's poll, window and record routes are listed
//    with their exchange counts (Completed, Total), its poll having run at least once;
// 3. opens the Quartz triggers page and checks that there is one poll trigger per feed at least;
// 4. saves a screenshot of the routes page (and of the Quartz triggers next to it), and the HTML and text of every
//    page visited under <screenshot folder>/pages/ for the test's secret scan.
// Prints one line per check; exits 0 when all pass, 1 on the first failure (a "FAIL: ..." line).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [url, user, password, screenshot, ...feeds] = process.argv.slice(2);
if (!url || !user || !password || !screenshot || feeds.length === 0) {
  console.error('usage: node console-check.js <console url> <user> <password> <screenshot path> <feed id>...');
  process.exit(2);
}
const outDir = path.dirname(screenshot);
const pagesDir = path.join(outDir, 'pages');
const TIMEOUT = 120000; // ms: the console loads the whole JMX tree, slow on a busy 2-core machine

function fail(message) {
  throw new Error(message);
}

async function savePage(page, name) {
  fs.writeFileSync(path.join(pagesDir, name + '.html'), await page.content());
  fs.writeFileSync(path.join(pagesDir, name + '.txt'), await page.evaluate(() => document.body.innerText));
}

// Hawtio redirects after login (to /hawtio/ and /connect/remote): a navigation started meanwhile is interrupted
async function gotoSettled(page, target) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(target, { timeout: TIMEOUT });
      return;
    } catch (e) {
      if (attempt >= 5 || !/interrupted by another navigation/.test(e.message)) throw e;
      await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => {});
    }
  }
}

// the routes table: one object per row, keyed by column header
async function routeRows(page) {
  return page.evaluate(() => {
    const table = [...document.querySelectorAll('table')].find(t =>
      [...t.querySelectorAll('thead th')].some(th => th.innerText.trim() === 'Completed'));
    if (!table) return [];
    const headers = [...table.querySelectorAll('thead tr > *')].map(th => th.innerText.trim());
    return [...table.querySelectorAll('tbody tr')].map(tr => {
      const row = {};
      [...tr.querySelectorAll(':scope > *')].forEach((td, i) => { row[headers[i]] = td.innerText.trim(); });
      return row;
    });
  });
}

async function main() {
  fs.mkdirSync(pagesDir, { recursive: true });

  const refused = await fetch(url + '/jolokia/read/java.lang:type=Runtime/Uptime');
  if (refused.status !== 401 && refused.status !== 403) fail('Jolokia answered ' + refused.status + ' without login');
  console.log('OK refused without login: Jolokia answered ' + refused.status);

  const userDataDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'console-check-'));
  // a fresh profile (--user-data-dir) per run
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1920, height: 2000 }, // tall enough for every route of the table
  });
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.setDefaultTimeout(TIMEOUT);

    await page.goto(url + '/camel/routes');
    await page.waitForSelector('#pf-login-username-id');
    if (!new URL(page.url()).pathname.endsWith('/login')) fail('the routes page without login stayed at ' + page.url());
    await savePage(page, 'login');
    console.log('OK refused without login: the routes page redirected to ' + new URL(page.url()).pathname);

    await page.fill('#pf-login-username-id', user);
    await page.fill('#pf-login-password-id', password);
    await page.click('button[type=submit]');
    await page.waitForURL(u => !u.pathname.endsWith('/login'));
    await page.waitForLoadState('networkidle').catch(() => {});
    console.log('OK logged in as ' + user);

    await gotoSettled(page, url + '/camel/routes');
    // the Camel tree: its "routes" folder shows the routes table of the context
    await page.locator('.pf-c-tree-view__node-text', { hasText: /^routes$/ }).first().click();
    const wanted = feeds.flatMap(f => ['poll', 'window', 'record'].map(s => f + '-' + s));
    await page.waitForFunction(names => names.every(n => document.body.innerText.includes(n)), wanted);
    const rows = await routeRows(page);
    for (const feed of feeds) {
      const found = [];
      for (const suffix of ['poll', 'window', 'record']) {
        const name = feed + '-' + suffix;
        const row = rows.find(r => r.Name === name);
        if (!row) fail('route ' + name + ' is not listed on the routes page');
        if (!/^\d+$/.test(row.Completed || '') || !/^\d+$/.test(row.Total || '')) {
          fail('route ' + name + ' has no exchange counts: ' + JSON.stringify(row));
        }
        if (suffix === 'poll' && Number(row.Total) < 1) fail('route ' + name + ' shows no exchange: ' + JSON.stringify(row));
        found.push(name + ' completed=' + row.Completed + ' total=' + row.Total);
      }
      console.log('OK routes of ' + feed + ': ' + found.join(', '));
    }
    await savePage(page, 'camel-routes');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log('OK screenshot ' + screenshot);

    await gotoSettled(page, url + '/quartz');
    // the Quartz page selects the (only) scheduler, whose tabs are Scheduler, Triggers, Jobs...
    await page.locator('a.pf-c-nav__link', { hasText: /^Triggers$/ }).click();
    await page.waitForFunction(n => (document.body.innerText.match(/-poll\b/g) || []).length >= n, feeds.length);
    await savePage(page, 'quartz-triggers');
    await page.screenshot({ path: path.join(outDir, 'quartz-triggers.png'), fullPage: true });
    console.log('OK Quartz triggers listed');
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log('console check passed');
}

main().catch(e => {
  console.log('FAIL: ' + String(e.message).split('\n')[0]);
  process.exit(1);
});
