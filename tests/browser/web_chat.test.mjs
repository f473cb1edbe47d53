// The web chat in a real browser: Debian's headless Chromium, driven by playwright-core, against
// the real followup-bot binary on a fresh SQLite file.
//
//   node tests/browser/web_chat.test.mjs [--bot build/followup-bot] [--out build/browser]
//
// Nudges: the scheduler (a later issue) will write them to the outbox; here the test writes an
// outbox row of priority nudge with the sqlite3 CLI, exactly what the scheduler's transaction
// leaves behind. The bot is told nothing: a page connecting makes the dispatcher look in the
// store for that user (chat_online), so opening a second tab pokes it while the first is open
// (the nudge appears live there), and opening the page later delivers a nudge that waited while
// every page was closed. Exits 1 on any failure; prints the screenshot's path.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : fallback;
};
const botBinary = arg('--bot', join(root, 'build/followup-bot'));
const outDir = arg('--out', join(dirname(botBinary), 'browser'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const started = Date.now();

// The whole test must not hang a CI run.
const watchdog = setTimeout(() => fail(new Error('timed out after 120 s')), 120_000);

let bot = null;
let browser = null;
let work = null;
let botLog = '';

function step(text) {
  console.log(`[browser] ${((Date.now() - started) / 1000).toFixed(1)}s ${text}`);
}

async function fail(error) {
  console.error(`[browser] FAILED: ${error && error.stack ? error.stack : error}`);
  if (botLog) console.error(`[browser] bot log (last lines):\n${botLog.split('\n').slice(-25).join('\n')}`);
  await cleanup();
  process.exit(1);
}

async function cleanup() {
  clearTimeout(watchdog);
  if (browser) await browser.close().catch(() => {});
  browser = null;
  if (bot && bot.exitCode === null) bot.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function freePort() {
  return new Promise((done, error) => {
    const s = createServer();
    s.on('error', error);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

async function waitHealthy(base) {
  // Up to a minute: the sanitizer build trains the intent model slowly at start-up.
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the bot did not become healthy');
}

function sql(db, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, statement], { encoding: 'utf8' }).trim();
}

// The page shows a frame before the dispatcher has recorded it as sent (the store write follows
// the socket write), so a state the bot reaches asynchronously is polled for, within a deadline.
async function waitForSql(db, statement, expected, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let value = sql(db, statement);
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = sql(db, statement);
  }
  check(value === expected, `${what} (${value}, expected ${expected})`);
}

function insertNudge(db, user, text) {
  const quoted = (s) => `'${s.replace(/'/g, "''")}'`;
  const now = Date.now();
  sql(db, 'INSERT INTO outbox (platform, chat_id, text, priority, not_before, created_at) ' +
          `VALUES ('web', ${quoted(user)}, ${quoted(text)}, 1, ${now}, ${now});`);
}

// Every console error (a CSP violation is one) and uncaught exception fails the test.
const pageErrors = [];
function watch(page, name) {
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${name}: ${m.text()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  return page;
}

async function sendMessage(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

async function botTexts(page, kind) {
  return page.$$eval(`.msg.bot.${kind} .bubble`, (els) => els.map((e) => e.textContent));
}

async function waitForBotText(page, kind, count, contains) {
  await page.waitForFunction(
    ([k, n, c]) => {
      const texts = [...document.querySelectorAll(`.msg.bot.${k} .bubble`)].map((e) => e.textContent);
      return texts.length >= n && (!c || texts.some((t) => t.includes(c)));
    },
    [kind, count, contains],
    { timeout: 15_000 },
  );
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'followup-browser-'));
  const db = join(work, 'bot.db');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;

  // The bot's own environment only: no platform secrets leak in from the caller's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FOLLOWUP_')));
  Object.assign(env, {
    FOLLOWUP_LISTEN: `127.0.0.1:${port}`,
    FOLLOWUP_DB: db,
    FOLLOWUP_RULES: join(root, 'rules'),
    FOLLOWUP_SEND_RATE: '0',
  });
  step(`starting ${botBinary} on ${base}`);
  bot = spawn(botBinary, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  bot.stderr.on('data', (d) => {
    botLog += d.toString();
  });
  await waitHealthy(base);

  step(`launching ${chromiumPath}`);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root in a container has no user namespaces for Chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 960, height: 820 }, deviceScaleFactor: 1 });
  const page = watch(await context.newPage(), 'tab 1');

  step('loading the page');
  const response = await page.goto(`${base}/`);
  check(response.ok(), `GET / answered ${response.status()}`);
  const csp = response.headers()['content-security-policy'] || '';
  check(csp.includes("script-src 'self'"), `no strict CSP on the page: ${csp}`);
  check((await page.title()) === 'Follow-Up Bot', 'the page title');
  await page.waitForSelector('#status[data-state="online"]', { timeout: 10_000 });
  const user = await page.evaluate(() => JSON.parse(localStorage.getItem('followup.user')));
  check(/^[A-Za-z0-9_-]{16,64}$/.test(user), `a random user id in localStorage: ${user}`);
  const welcome = join(outDir, 'web-chat-welcome.png');
  await page.screenshot({ path: welcome });
  step(`screenshot of the empty page: ${welcome}`);

  step('asking "should I call again?"');
  await sendMessage(page, 'should I call again?');
  await page.waitForSelector('.msg.me .bubble');
  await waitForBotText(page, 'reply', 1);
  const first = (await botTexts(page, 'reply'))[0];
  check(first.trim().length > 20, `a real answer: "${first}"`);
  check((await page.inputValue('#input')) === '', 'the input is cleared after sending');
  // The receipt for my message may come just after the answer to it.
  await page.waitForFunction(() => document.querySelectorAll('.msg.me.pending').length === 0);

  step('registering an interview');
  const repliesBefore = (await botTexts(page, 'reply')).length;
  await sendMessage(page, 'I had an interview at Acme today at 2pm with Jane Smith');
  await waitForBotText(page, 'reply', repliesBefore + 1, 'Acme');

  step('a nudge arrives live on an open page');
  insertNudge(db, user, 'Today is the day Jane Smith said to call. Call in the morning.');
  // Another tab of the same browser (same user) connecting pokes the dispatcher.
  const second = watch(await context.newPage(), 'tab 2');
  await second.goto(`${base}/`);
  await waitForBotText(page, 'nudge', 1, 'Jane Smith said to call');
  await waitForBotText(second, 'nudge', 1, 'Jane Smith said to call');
  await second.close();
  await waitForSql(db, 'SELECT count(*) FROM outbox WHERE state = 0', '0', 'the live nudge recorded as sent');

  step('a nudge waits while every page is closed');
  const repliesShown = (await botTexts(page, 'reply')).length;
  await page.close();
  insertNudge(db, user, 'It has been a week without news from Acme: time to move on.');
  await new Promise((r) => setTimeout(r, 500));
  const waiting = sql(db, "SELECT count(*) || ':' || max(attempts) FROM outbox WHERE state = 0 AND platform = 'web'");
  check(waiting === '1:0', `the nudge waits in the outbox untried (pending:attempts = ${waiting})`);

  const back = watch(await context.newPage(), 'next visit');
  await back.goto(`${base}/`);
  await waitForBotText(back, 'nudge', 2, 'time to move on');
  // The conversation so far came back from localStorage, each message once.
  const replies = await botTexts(back, 'reply');
  check(replies.length === repliesShown, `history restored once: ${replies.length} replies`);
  check((await back.$$('.msg.me')).length === 2, 'my two messages restored');
  await back.waitForFunction(() => document.querySelectorAll('.msg.me.pending').length === 0);
  await waitForSql(db, 'SELECT count(*) FROM outbox WHERE state = 0', '0', 'everything delivered');

  step('a draft comes with a Copy button that copies exactly the draft');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const before = (await botTexts(back, 'reply')).length;
  await sendMessage(back, 'help me write the thank-you to Jane');
  await back.waitForSelector('.msg.bot.reply button.copy', { timeout: 15_000 });
  const draft = await back.$eval('.msg.bot.reply:has(button.copy) .bubble', (e) => e.textContent);
  check(draft.includes('Jane') && draft.includes('Acme') && draft.includes('Subject:'),
    `the draft is written for Jane at Acme: "${draft}"`);
  check(!draft.includes('\u001e'), 'no mark shows in the draft');
  const plain = await back.$$eval('.msg.bot.reply', (rows) =>
    rows.filter((r) => !r.querySelector('button.copy')).length);
  check(plain >= before + 1, 'the words around the draft come without a Copy button');
  await back.click('.msg.bot.reply button.copy');
  await back.waitForFunction(() => document.querySelector('button.copy').textContent === 'Copied');
  const copied = await back.evaluate(() => navigator.clipboard.readText());
  check(copied === draft, `the clipboard holds the draft exactly:\n${copied}\n---\n${draft}`);
  // After a reload the draft still has its button (the history keeps it).
  await back.reload();
  await back.waitForSelector('.msg.bot.reply button.copy', { timeout: 10_000 });

  const screenshot = join(outDir, 'web-chat.png');
  await back.evaluate(() => {
    const log = document.getElementById('log');
    log.style.scrollBehavior = 'auto';
    log.scrollTop = log.scrollHeight;
  });
  await back.screenshot({ path: screenshot });
  check(readFileSync(screenshot).subarray(1, 4).toString() === 'PNG', 'the screenshot is a PNG');

  check(pageErrors.length === 0, `errors in the page:\n  ${pageErrors.join('\n  ')}`);

  await browser.close();
  browser = null;
  bot.kill('SIGTERM');
  const code = await new Promise((r) => (bot.exitCode !== null ? r(bot.exitCode) : bot.on('exit', r)));
  check(code === 0, `the bot exited with ${code} on SIGTERM`);
  await cleanup();
  step(`passed; screenshot: ${screenshot}`);
}

main().catch(fail);
