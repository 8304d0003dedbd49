// End-to-end tests of the web pages in Debian's Chromium: the real server binary on a free
// port with a temp SQLite database, a customer ordering by chat, staff moving the order on
// the board, the customer's page following live. Run by run.sh (node --test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startFakeStripe } from './fake-stripe.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const binary = process.env.CHATORDER_BIN || join(root, 'target/debug/chatorder');
const shots = join(root, 'docs/screenshots');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const STAFF_PASSWORD = 'kitchen-staff-2024';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
let base;
let work;
let serverLog = '';
// The desktop size of the screenshots of issue 15's screens.
const DESKTOP = { viewport: { width: 1280, height: 800 } };
// Servers some tests start besides the shared one (another shop's settings, Stripe).
const extraServers = [];

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, tries = 200, proc = server, log = () => serverLog) {
  for (let i = 0; i < tries; i++) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${log()}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not become healthy:\n${log()}`);
}

/**
 * Starts one more server with its own database and a copy of the demo menu with
 * `menuFiles` ({name: text}) added beside it, and `env` on top; a staff user `staff`
 * exists. Stopped after the suite.
 */
async function startServer({ env: extra = {}, menuFiles = {} } = {}) {
  const dir = mkdtempSync(join(work, 'shop-'));
  const menu = join(dir, 'menu');
  cpSync(join(root, 'menu'), menu, { recursive: true, filter: (src) => !src.includes('examples') });
  for (const [name, text] of Object.entries(menuFiles)) writeFileSync(join(menu, name), text);
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`,
    CHATORDER_MENU: menu,
    CHATORDER_INTENTS: join(root, 'intents'),
    RUST_LOG: process.env.RUST_LOG || 'warn',
    CHATORDER_REGISTRATIONS_PER_MINUTE: '600',
    ...extra,
  };
  const created = spawnSync(binary, ['user', 'create', '--username', 'staff', '--role', 'staff'], { env, input: `${STAFF_PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(created.status, 0, `chatorder user create failed:\n${created.stdout}\n${created.stderr}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const proc = spawn(binary, ['serve', '--addr', `127.0.0.1:${port}`], { env: { ...env, CHATORDER_PUBLIC_URL: env.CHATORDER_PUBLIC_URL || url }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  extraServers.push(proc);
  await waitForHealth(url, 200, proc, () => log);
  return { base: url, log: () => log };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'chatorder-e2e-'));
  mkdirSync(shots, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(work, 'e2e.db')}`,
    CHATORDER_MENU: join(root, 'menu'),
    CHATORDER_INTENTS: join(root, 'intents'),
    RUST_LOG: process.env.RUST_LOG || 'warn',
    // Every test registers its customers from 127.0.0.1: more than the default 10 a minute.
    CHATORDER_REGISTRATIONS_PER_MINUTE: '600',
  };
  const created = spawnSync(binary, ['user', 'create', '--username', 'staff', '--role', 'staff'], {
    env,
    input: `${STAFF_PASSWORD}\n`,
    encoding: 'utf8',
  });
  assert.equal(created.status, 0, `chatorder user create failed:\n${created.stdout}\n${created.stderr}`);
  const admin = spawnSync(binary, ['user', 'create', '--username', 'boss', '--role', 'admin'], {
    env,
    input: `${STAFF_PASSWORD}\n`,
    encoding: 'utf8',
  });
  assert.equal(admin.status, 0, `chatorder user create (admin) failed:\n${admin.stdout}\n${admin.stderr}`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(binary, ['serve', '--addr', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  await waitForHealth(base);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The board's chime may play before anyone clicks (a kitchen screen would be clicked first).
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const proc of extraServers) {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  }
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens `/` in a fresh context and registers a new customer. */
async function newCustomer(options = {}, at = base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  await page.goto(`${at}/`);
  const name = `ann${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password', { exact: true }).fill('pizza-lover-42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('#shop').waitFor({ state: 'visible' });
  return { context, page, name };
}

/** Types a message, presses Enter (keyboard only) and waits for the bot's answer. */
async function say(page, text) {
  const bots = page.locator('#messages .msg.bot');
  const answers = '#messages .msg.bot, #messages .msg.error';
  const seen = await page.locator(answers).count();
  await page.getByLabel('Your message').fill(text);
  await page.getByLabel('Your message').press('Enter');
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [answers, seen], { timeout: 10000 });
  await page.locator('#typing').waitFor({ state: 'hidden' });
  const error = page.locator('#messages .msg.error');
  if (await error.count()) assert.fail(`the chat showed an error: ${await error.last().textContent()}`);
  return (await messageText(bots.last())).replace(/^Shop: /, '');
}

/** A chat message's words, without the time it carries. */
function messageText(message) {
  return message.evaluate((n) => [...n.childNodes].filter((c) => c.nodeName !== 'TIME').map((c) => c.textContent).join(''));
}

/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(page) {
  // Colours are judged once entrance animations (a ticket fading in) have finished.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
  // Evaluated through the browser's debugging protocol: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Whether `selector`'s box lies wholly inside the viewport. */
async function inViewport(page, selector) {
  return page.locator(selector).evaluate((n) => {
    const r = n.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5 && r.height > 0;
  });
}

async function staffBoard(username = 'staff', at = base, viewport = { width: 1440, height: 900 }, init = null) {
  const context = await browser.newContext({ viewport });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('pageerror', (e) => assert.fail(`board page error: ${e.message}`));
  await page.goto(`${at}/board`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#columns .column').first().waitFor();
  await page.locator('#live[data-state="open"]').waitFor();
  return { context, page };
}

test('a customer orders by chat with a correction, staff move it to ready, the customer sees it live', async () => {
  const board = await staffBoard();
  const { context, page } = await newCustomer();
  await page.locator('#live[data-state="open"]').waitFor();

  await say(page, 'two large pepperoni pizzas');
  assert.equal(await page.locator('#cart-lines li').count(), 1);
  assert.match(await page.locator('#cart-lines').textContent(), /Large/);
  await say(page, 'make that a medium');
  const cart = await page.locator('#cart-lines').textContent();
  assert.match(cart, /Medium/);
  assert.doesNotMatch(cart, /Large/);
  assert.match(await page.locator('#cart-lines .qty').first().textContent(), /^2/);
  assert.match(await page.locator('#cart-total-value').textContent(), /^\$\d+\.\d\d$/);

  const readBack = await say(page, "that's all");
  assert.match(readBack, /medium/i);
  // The confirmation offers quick answers; take "Yes" by keyboard.
  const yes = page.locator('#quick button', { hasText: 'Yes' });
  await yes.waitFor();
  await yes.focus();
  const botsBefore = await page.locator('#messages .msg.bot').count();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('#messages .msg.bot').length > n, botsBefore);
  await page.locator('#order').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#order-status').textContent(), 'pending');
  const orderId = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
  await page.evaluate(() => {
    window.stillTheSamePage = true;
  });

  // The board shows the new order without a reload, within a second or so.
  const ticket = board.page.locator(`#col-pending li[data-order-id="${orderId}"]`);
  await ticket.waitFor({ timeout: 3000 });
  assert.match(await ticket.textContent(), /Medium/);
  for (const [button, column] of [['Confirm', 'confirmed'], ['Start preparing', 'preparing'], ['Mark ready', 'ready']]) {
    await board.page.locator(`li[data-order-id="${orderId}"]`).getByRole('button', { name: button }).click();
    await board.page.locator(`#col-${column} li[data-order-id="${orderId}"]`).waitFor({ timeout: 3000 });
  }
  await board.page.locator(`li[data-order-id="${orderId}"]`).getByRole('button', { name: 'Transcript' }).click();
  await board.page.locator('#transcript-body .msg.user', { hasText: 'make that a medium' }).waitFor();
  await board.page.locator('#transcript-close').click();

  // The customer's page follows without reloading.
  await page.waitForFunction(() => document.getElementById('order-status').textContent === 'ready', null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true);
  await page.screenshot({ path: join(shots, 'chat.png') });
  await board.page.screenshot({ path: join(shots, 'board.png') });

  // A reload restores the conversation and the order.
  const messages = await page.locator('#messages .msg').count();
  await page.reload();
  await page.locator('#shop').waitFor({ state: 'visible' });
  await page.waitForFunction((n) => document.querySelectorAll('#messages .msg').length === n, messages);
  await page.locator('#order-status', { hasText: 'ready' }).waitFor();
  await board.context.close();
  await context.close();
});

test('staff can cancel an order after confirming in a dialog', async () => {
  const board = await staffBoard();
  const { context, page } = await newCustomer();
  await say(page, 'a large cheese pizza');
  await say(page, "that's all");
  await say(page, 'yes');
  await page.locator('#order').waitFor({ state: 'visible' });
  const orderId = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
  const ticket = board.page.locator(`li[data-order-id="${orderId}"]`);
  await ticket.getByRole('button', { name: 'Cancel' }).click();
  await board.page.locator('#confirm-keep').click();
  assert.equal(await board.page.locator(`#col-pending li[data-order-id="${orderId}"]`).count(), 1);
  await ticket.getByRole('button', { name: 'Cancel' }).click();
  await board.page.locator('#confirm-yes').click();
  await board.page.locator(`#col-cancelled li[data-order-id="${orderId}"]`).waitFor({ timeout: 3000 });
  await page.waitForFunction(() => document.getElementById('order-status').textContent === 'cancelled', null, { timeout: 5000 });
  await board.context.close();
  await context.close();
});

test('an admin switches an item off on the board and the bot stops selling it', async () => {
  const board = await staffBoard('boss');
  await board.page.locator('#admin').waitFor({ state: 'visible' });
  // Orders placed before the board opened are loaded (earlier tests placed some).
  await board.page.locator('#columns li[data-order-id]').first().waitFor();
  assert.equal(await board.page.locator('#board-error').isHidden(), true, await board.page.locator('#board-error').textContent());
  await board.page.locator('#catalog .ok-text, #catalog .bad-text').waitFor();
  const coke = board.page.getByLabel('Coke', { exact: true });
  await coke.uncheck();
  await board.page.waitForFunction(() => !document.querySelector('#items input:disabled'));
  await board.page.screenshot({ path: join(shots, 'board-admin.png'), fullPage: true });
  const { context, page } = await newCustomer();
  await say(page, 'a coke');
  assert.doesNotMatch(await page.locator('#cart-lines').textContent(), /Coke/);
  await coke.check();
  await board.page.waitForFunction(() => !document.querySelector('#items input:disabled'));
  await say(page, 'a coke');
  assert.match(await page.locator('#cart-lines').textContent(), /Coke/);
  await board.context.close();
  await context.close();
});

test('when the bot asks for a size, the sizes are offered as buttons', async () => {
  const { context, page } = await newCustomer();
  await say(page, 'a pepperoni pizza');
  const medium = page.locator('#quick button', { hasText: /^Medium$/ });
  await medium.waitFor();
  assert.ok((await page.locator('#quick button').count()) >= 3);
  const bots = await page.locator('#messages .msg.bot').count();
  await medium.click();
  await page.waitForFunction((n) => document.querySelectorAll('#messages .msg.bot').length > n, bots);
  assert.match(await page.locator('#cart-lines').textContent(), /Medium, Pepperoni/);
  await context.close();
});

test('messages are shown as text, never as markup', async () => {
  const { context, page } = await newCustomer();
  const hostile = '<img src=x onerror="window.pwned=1"><b>bold</b>';
  await say(page, hostile);
  assert.equal(await page.locator('#messages img, #messages b').count(), 0);
  assert.equal(await messageText(page.locator('#messages .msg.user').last()), `You: ${hostile}`);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await context.close();
});

for (const [width, height] of [[390, 844], [360, 640]]) {
  test(`on a ${width}×${height} phone the message box and the latest reply stay in view`, async () => {
    const { context, page } = await newCustomer({ viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await say(page, 'hi');
    await say(page, 'a large pepperoni pizza and a coke');
    await say(page, 'and a garlic bread');
    await say(page, 'what toppings do you have?');
    await say(page, "that's all");
    for (const what of ['#message-input', '#send', '#messages .msg.bot:last-of-type']) {
      assert.ok(await inViewport(page, what), `${what} is off the ${width}×${height} screen`);
    }
    // The latest reply is not under the suggestion buttons.
    const [reply, quick] = await Promise.all(['#messages .msg.bot:last-of-type', '#quick'].map((s) => page.locator(s).boundingBox()));
    assert.ok(reply.y + reply.height <= quick.y + 0.5, `the latest reply (${reply.y}+${reply.height}) runs under the suggestions (${quick.y})`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    // The cart folds to one line and opens on a tap.
    assert.match(await page.locator('#cart-summary').textContent(), /items? · \$/);
    assert.equal(await page.locator('#cart-lines').isVisible(), false);
    await page.locator('#cart-toggle').click();
    assert.equal(await page.locator('#cart-lines').isVisible(), true);
    assert.ok(await inViewport(page, '#messages .msg:last-of-type'), 'the latest message stays in view with the cart open');
    const [cart, chat] = await Promise.all(['.cart', '.chat'].map((s) => page.locator(s).boundingBox()));
    assert.ok(Math.abs(cart.width - chat.width) < 1, `the cart (${cart.width}px) is as wide as the chat (${chat.width}px)`);
    await page.screenshot({ path: join(shots, `chat-phone-${width}.png`) });
    // Placing the order leaves no "Nothing yet" above it.
    await say(page, 'yes');
    await page.locator('#order').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#cart-empty').isVisible(), false);
    assert.ok(await inViewport(page, '#message-input'));
    await context.close();
  });
}

test('the menu panel shows dishes and prices, and a tap puts a sentence in the message box', async () => {
  const { context, page } = await newCustomer();
  const panel = page.locator('#menu-panel');
  await panel.getByRole('heading', { name: 'Drinks' }).waitFor();
  const pizza = panel.locator('.menu-item', { has: page.locator('.dish-name', { hasText: /^Pizza$/ }) });
  assert.match(await pizza.textContent(), /from \$\d+\.\d\d/);
  await pizza.getByRole('button', { name: /^Large \$/ }).click();
  assert.equal(await page.getByLabel('Your message').inputValue(), 'a large pizza');
  await page.getByLabel('Your message').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#cart-lines li').length > 0);
  assert.match(await page.locator('#cart-lines').textContent(), /Large/);
  // Every message carries its time.
  assert.ok(await page.locator('#messages .msg.user time').count() >= 1);
  await context.close();
});

test('on a phone the menu is a drawer that opens and closes', async () => {
  const { context, page } = await newCustomer({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  assert.equal(await page.locator('#menu-panel').isVisible(), false);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.waitForFunction(() => document.getElementById('menu-panel').getBoundingClientRect().right <= window.innerWidth + 1);
  assert.equal(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), 'true');
  await page.locator('#menu-panel .menu-dish').first().click();
  await page.waitForFunction(() => !document.body.classList.contains('menu-shown'));
  assert.notEqual(await page.getByLabel('Your message').inputValue(), '');
  await context.close();
});

test('axe finds no serious or critical problem on the chat page and the board', async () => {
  const { context, page } = await newCustomer();
  await say(page, 'a large pepperoni pizza');
  assert.deepEqual(await seriousViolations(page), [], 'chat page');
  const phone = await newCustomer({ viewport: { width: 390, height: 844 }, isMobile: true });
  assert.deepEqual(await seriousViolations(phone.page), [], 'chat page on a phone');
  await phone.context.close();
  await context.close();
  const board = await staffBoard();
  assert.deepEqual(await seriousViolations(board.page), [], 'board');
  await board.context.close();
});

/** A customer made through the API, with a token. */
async function apiCustomer(at = base) {
  const username = `api${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const creds = { username, password: 'pizza-lover-42' };
  const post = (path, body, token) =>
    fetch(`${at}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  await post('/api/register', creds);
  const { token } = await post('/api/login', creds);
  return { token, order: (lines) => post('/api/orders', { lines }, token) };
}

test('the board lists open orders oldest first with true counts, and finds finished ones', async () => {
  const board = await staffBoard();
  const customer = await apiCustomer();
  const placed = [];
  for (let i = 0; i < 3; i++) placed.push((await customer.order([{ item: 'coke', quantity: i + 1 }])).id);
  const pending = board.page.locator('#col-pending');
  // (Each order reaches the board by its own live event: wait for all three.)
  await board.page.waitForFunction(
    (ids) => ids.every((id) => document.querySelector(`#col-pending [data-order-id="${id}"]`)),
    placed,
  );
  const shown = await pending.locator('[data-order-id]').evaluateAll((ns) => ns.map((n) => Number(n.dataset.orderId)));
  assert.deepEqual(shown.filter((id) => placed.includes(id)), placed, 'oldest first');
  assert.ok(shown.every((id, i) => i === 0 || shown[i - 1] < id), `pending is not oldest first: ${shown}`);
  const count = Number(await board.page.locator('#count-pending').textContent());
  const staffToken = await board.page.evaluate(() => localStorage.getItem('chatorder.token'));
  const truth = await fetch(`${base}/api/orders?status=pending&per_page=1`, { headers: { authorization: `Bearer ${staffToken}` } }).then((r) => r.json());
  assert.equal(count, truth.total, 'the column counts what the server holds');
  // Cancelled by the customer, the order is found by its number among today's.
  await fetch(`${base}/api/orders/${placed[1]}`, { method: 'DELETE', headers: { authorization: `Bearer ${customer.token}` } });
  await board.page.waitForFunction((id) => document.querySelector(`#col-cancelled [data-order-id="${id}"]`), placed[1]);
  await board.page.getByLabel("Find in today's completed and cancelled").fill(`#${placed[1]}`);
  const found = await board.page.locator('#col-cancelled [data-order-id]').evaluateAll((ns) => ns.map((n) => Number(n.dataset.orderId)));
  assert.deepEqual(found, [placed[1]]);
  await board.context.close();
});

test('a wrong password is reported in the form', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/board`);
  await page.getByLabel('Username').fill('staff');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#auth-form .form-error').waitFor({ state: 'visible' });
  assert.match(await page.locator('#auth-form .form-error').textContent(), /do not match/);
  await context.close();
});

/** A shop that delivers in EH1 for $2.50, open all day: the demo menu with this beside it. */
const DELIVERY_SHOP = `[shop]
fulfilment = ["pickup", "delivery"]
delivery_fee = 250
delivery_postcodes = ["EH1"]
prep_minutes = 10
`;
const STRIPE_KEY = 'sk_test_browser';
const STRIPE_WEBHOOK_SECRET = 'whsec_browser';

/** A server taking card payments through the Stripe double, which signs its webhooks. */
async function cardShop(shopFile = DELIVERY_SHOP) {
  const stripe = await startFakeStripe({ secretKey: STRIPE_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET });
  const shop = await startServer({
    env: { STRIPE_SECRET_KEY: STRIPE_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: stripe.base },
    menuFiles: { 'shop.toml': shopFile },
  });
  stripe.webhookUrl = `${shop.base}/api/payments/stripe/webhook`;
  return { stripe, shop };
}

test('a delivery ordered by chat with a note is paid on the checkout page, and the board shows it paid with its due time', async () => {
  const { stripe, shop } = await cardShop();
  try {
    const board = await staffBoard('staff', shop.base, DESKTOP.viewport);
    const { context, page } = await newCustomer(DESKTOP, shop.base);
    await page.locator('#live[data-state="open"]').waitFor();
    await say(page, 'two large pepperoni pizzas, delivery to 12 High St, and please cut it in squares');
    assert.match(await say(page, "that's all"), /postcode/i);
    assert.match(await say(page, 'EH1 2AB'), /phone/i);
    const readBack = await say(page, '0131 496 0000');
    for (const fact of ['delivery to 12 High St, EH1 2AB', '$2.50', 'cut it in squares']) assert.ok(readBack.includes(fact), `${fact}: ${readBack}`);
    const placed = await say(page, 'yes');
    await page.locator('#order').waitFor({ state: 'visible' });
    const orderId = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
    assert.match(await page.locator('#order-when').textContent(), /Delivery to 12 High St/);
    // The reply says "Pay now" with Checkout's link, and the order card has the button.
    const session = [...stripe.sessions.values()][0];
    assert.ok(placed.includes(`Pay now: ${session.url}`), placed);
    assert.equal(await page.locator('#messages .msg.bot').last().locator('a.pay-link').getAttribute('href'), session.url);
    await page.getByRole('button', { name: 'Pay now' }).waitFor();
    await page.screenshot({ path: join(shots, 'chat-pay-now.png') });

    // The kitchen sees it come in, marked not yet paid (the shop shows unpaid card orders).
    const ticket = board.page.locator(`li[data-order-id="${orderId}"]`);
    await ticket.waitFor({ timeout: 3000 });
    assert.match(await ticket.locator('.note').last().textContent(), /cut it in squares/);
    await board.page.waitForFunction((id) => /card: unpaid/.test(document.querySelector(`li[data-order-id="${id}"] .handover`)?.textContent || ''), orderId, { timeout: 5000 });
    assert.equal(await board.page.locator('#paid-only').isVisible(), false);

    // Paying: the chat page hands over to the checkout page, which pays and comes back.
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    assert.match(await page.locator('#total').textContent(), /Total \$\d+\.\d\d/);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL((url) => url.origin === shop.base && url.searchParams.get('paid') === orderId);
    await page.locator('#order-when', { hasText: 'paid by card' }).waitFor({ timeout: 5000 });

    // What Stripe was asked for and what it said back.
    const created = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions');
    assert.equal(created.length, 1);
    assert.equal(created[0].idempotencyKey, `order-${orderId}-checkout`);
    assert.equal(created[0].form.metadata.order_id, orderId);
    const items = created[0].form.line_items;
    assert.deepEqual(items.at(-1).price_data.product_data, { name: 'Delivery' });
    assert.equal(items.at(-1).price_data.unit_amount, '250');
    assert.deepEqual(stripe.deliveries.map((d) => [d.event.type, d.status]), [['checkout.session.completed', 200]]);

    // The board: paid, with its due time, without a reload.
    await board.page.waitForFunction((id) => /paid by card/.test(document.querySelector(`li[data-order-id="${id}"] .handover`)?.textContent || ''), orderId, { timeout: 5000 });
    assert.match(await ticket.locator('.handover').textContent(), /delivery: 12 High St, EH1 2AB/);
    assert.match(await ticket.locator('.due').textContent(), /^due \d\d:\d\d/);
    const staffToken = await board.page.evaluate(() => localStorage.getItem('chatorder.token'));
    const order = await fetch(`${shop.base}/api/orders/${orderId}`, { headers: { authorization: `Bearer ${staffToken}` } }).then((r) => r.json());
    assert.equal(order.payment, 'paid');
    assert.equal(order.note, 'please cut it in squares');
    const due = await board.page.evaluate((t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), order.ready_at);
    assert.equal(await ticket.locator('.due').textContent(), `due ${due}`);
    await board.context.close();
    await context.close();
  } finally {
    await stripe.close();
  }
});

test('a shop that hides unpaid card orders shows the kitchen an order only once it is paid', async () => {
  const { stripe, shop } = await cardShop('[shop]\nunpaid_card_orders = "hide"\n');
  try {
    const board = await staffBoard('staff', shop.base);
    assert.equal(await board.page.locator('#paid-only').isVisible(), true);
    const { context, page } = await newCustomer({}, shop.base);
    await page.locator('#live[data-state="open"]').waitFor();
    await say(page, 'a large cheese pizza');
    await say(page, "that's all");
    // The board hears of the new order and reads it, but does not show it.
    const read = board.page.waitForResponse((r) => /\/api\/orders\/\d+$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET');
    await say(page, 'yes');
    await page.locator('#order').waitFor({ state: 'visible' });
    const orderId = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
    assert.equal(new URL((await read).url()).pathname, `/api/orders/${orderId}`);
    assert.equal(await board.page.locator(`li[data-order-id="${orderId}"]`).count(), 0);
    assert.equal(await board.page.locator('#count-pending').textContent(), '0');
    // Paid: it appears, marked paid, and is counted.
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    await page.getByRole('button', { name: 'Pay' }).click();
    const ticket = board.page.locator(`#col-pending li[data-order-id="${orderId}"]`);
    await ticket.waitFor({ timeout: 5000 });
    assert.match(await ticket.locator('.handover').textContent(), /paid by card/);
    assert.equal(await board.page.locator('#count-pending').textContent(), '1');
    // A board opened now loads it too.
    const later = await staffBoard('staff', shop.base);
    await later.page.locator(`#col-pending li[data-order-id="${orderId}"]`).waitFor();
    await later.context.close();
    await board.context.close();
    await context.close();
  } finally {
    await stripe.close();
  }
});

/** Logs in through the API; the token. */
async function tokenOf(username, password = STAFF_PASSWORD, at = base) {
  const r = await fetch(`${at}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(r.status, 200, `login ${username}`);
  return (await r.json()).token;
}

async function setAvailable(item, available) {
  const admin = await tokenOf('boss');
  const r = await fetch(`${base}/api/admin/items/${item}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ available }) });
  assert.equal(r.status, 200, `${item} available=${available}`);
}

/** Waits for entrance animations to end (a new ticket pops in), for a screenshot. */
async function settled(page) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
}

test('the chat page lists past orders and orders one again, naming what cannot be had', async () => {
  const { context, page } = await newCustomer(DESKTOP);
  await say(page, 'a large pepperoni pizza and a coke');
  await say(page, "that's all");
  await say(page, 'yes');
  await page.locator('#order').waitFor({ state: 'visible' });
  const first = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
  const past = page.locator(`#past-list li[data-order-id="${first}"]`);
  await past.waitFor();
  assert.match(await past.textContent(), /1× Pizza \(Large, Pepperoni\), 1× Coke/);
  await page.screenshot({ path: join(shots, 'chat-past-orders.png') });

  await setAvailable('coke', false);
  try {
    const bots = await page.locator('#messages .msg.bot').count();
    await past.getByRole('button', { name: `Order #${first} again` }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#messages .msg.bot').length > n, bots);
    assert.equal(await messageText(page.locator('#messages .msg.user').last()), `You: Order #${first} again`);
    const reply = (await messageText(page.locator('#messages .msg.bot').last())).replace(/^Shop: /, '');
    assert.match(reply, new RegExp(`From order ${first} again: 1 x Pizza \\(large, pepperoni\\)`, 'i'));
    assert.match(reply, /Left out, as it can't be had right now: Coke/);
    const cart = await page.locator('#cart-lines').textContent();
    assert.match(cart, /Large, Pepperoni/);
    assert.doesNotMatch(cart, /Coke/);
    await page.screenshot({ path: join(shots, 'chat-order-again.png') });
  } finally {
    await setAvailable('coke', true);
  }
  // The conversation goes on: the cart is read back and placed as a new order.
  assert.match(await say(page, "that's all"), /pizza/i);
  await say(page, 'yes');
  await page.waitForFunction((id) => !document.getElementById('order-title').textContent.endsWith(`#${id}`), first);
  const second = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
  await page.locator(`#past-list li[data-order-id="${second}"]`).waitFor();
  assert.deepEqual(await page.locator('#past-list li').evaluateAll((ns) => ns.map((n) => n.dataset.orderId)), [second, first]);
  // Someone else's order is not theirs to order again.
  const other = await apiCustomer();
  const theirs = await other.order([{ item: 'coke', quantity: 1 }]);
  const token = await page.evaluate(() => localStorage.getItem('chatorder.token'));
  const r = await fetch(`${base}/api/orders/${theirs.id}/again`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
  assert.equal(r.status, 404);
  await context.close();
});

/** Counts the tones the page starts (WebAudio oscillators), for the board's chime. */
const COUNT_TONES = () => {
  window.tones = [];
  const make = BaseAudioContext.prototype.createOscillator;
  BaseAudioContext.prototype.createOscillator = function createOscillator() {
    const tone = make.call(this);
    const start = tone.start.bind(tone);
    tone.start = (...args) => {
      window.tones.push(tone.frequency.value);
      return start(...args);
    };
    return tone;
  };
};

test('a new order chimes and stays highlighted on the board until touched; the keyboard moves tickets on', async () => {
  const board = await staffBoard('staff', base, DESKTOP.viewport, COUNT_TONES);
  const { page } = board;
  await page.locator('#columns[data-loaded]').waitFor();
  assert.equal(await page.locator('li.ticket.fresh').count(), 0, 'orders there before the board opened are not new');
  const customer = await apiCustomer();
  const a = (await customer.order([{ item: 'coke', quantity: 1 }])).id;
  const ticketA = page.locator(`#col-pending li[data-order-id="${a}"]`);
  await ticketA.waitFor({ timeout: 3000 });
  assert.match(await ticketA.getAttribute('class'), /\bfresh\b/);
  assert.match(await ticketA.locator('.ticket-head').textContent(), /New/);
  await page.waitForFunction(() => window.tones.length === 2);
  assert.deepEqual(await page.evaluate(() => window.tones), [880, 1318.5]);
  const b = (await customer.order([{ item: 'sprite', quantity: 2 }])).id;
  const ticketB = page.locator(`#col-pending li[data-order-id="${b}"]`);
  await ticketB.waitFor({ timeout: 3000 });
  await page.waitForFunction(() => window.tones.length === 4);
  assert.equal(await page.locator('li.ticket.fresh').count(), 2);
  // Still highlighted after a redraw; a tap on the ticket ends it.
  await page.evaluate(() => document.getElementById('board-search').dispatchEvent(new Event('input')));
  assert.equal(await page.locator('li.ticket.fresh').count(), 2);
  await ticketA.locator('.handover').click();
  assert.doesNotMatch(await ticketA.getAttribute('class'), /\bfresh\b/);
  assert.equal(await ticketA.locator('.fresh-mark').count(), 0);

  // The keyboard: reaching a ticket ends its highlight too; arrows move between tickets.
  await ticketA.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.orderId), String(b));
  assert.doesNotMatch(await ticketB.getAttribute('class'), /\bfresh\b/);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.orderId), String(a));
  // N, Enter and N again move it through the kitchen; focus follows it.
  for (const [key, column] of [['n', 'confirmed'], ['Enter', 'preparing'], ['N', 'ready']]) {
    await page.keyboard.press(key);
    await page.locator(`#col-${column} li[data-order-id="${a}"]`).waitFor({ timeout: 3000 });
    await page.waitForFunction(([id, col]) => document.activeElement?.dataset.orderId === id && document.activeElement.closest(`#col-${col}`), [String(a), column]);
  }
  await page.keyboard.press('ArrowLeft');
  assert.ok(await page.evaluate(() => document.activeElement.closest('#col-preparing, #col-confirmed, #col-pending') !== null));
  // X asks before cancelling.
  await ticketB.focus();
  await page.keyboard.press('x');
  await page.locator('#confirm-cancel[open]').waitFor();
  await page.locator('#confirm-keep').click();
  assert.equal(await page.locator(`#col-pending li[data-order-id="${b}"]`).count(), 1);
  // The shortcuts are on the page.
  await page.getByText('Keyboard shortcuts').click();
  assert.match(await page.locator('.shortcuts').textContent(), /move it on/);
  // The sound can be switched off (and the choice is kept).
  assert.equal(await page.getByRole('button', { name: 'Sound', pressed: true }).count(), 1);
  await page.getByRole('button', { name: 'Sound' }).click();
  assert.equal(await page.locator('#sound').getAttribute('aria-pressed'), 'false');
  const heard = await page.evaluate(() => window.tones.length);
  const c = (await customer.order([{ item: 'coke', quantity: 3 }])).id;
  await page.locator(`#col-pending li[data-order-id="${c}"].fresh`).waitFor({ timeout: 3000 });
  assert.equal(await page.evaluate(() => window.tones.length), heard);
  await page.reload();
  await page.locator('#columns[data-loaded]').waitFor();
  assert.equal(await page.locator('#sound').getAttribute('aria-pressed'), 'false', 'the choice is kept');
  await page.getByRole('button', { name: 'Sound' }).click();
  await board.context.close();
});

/** Runs `jobs` (functions returning promises) `width` at a time. */
async function inParallel(jobs, width = 8) {
  const results = [];
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}

test('with 500 open orders the board shows true counts and 50 tickets a column (time to interactive measured)', async () => {
  const shop = await startServer({ env: { CHATORDER_RATE_LIMITS: 'off' } });
  const customers = await Promise.all(Array.from({ length: 5 }, () => apiCustomer(shop.base)));
  const lines = [
    [{ item: 'pizza', quantity: 2, options: [{ group: 'size', choice: 'large' }, { group: 'topping', choice: 'pepperoni' }], note: 'well done' }, { item: 'coke', quantity: 2 }],
    [{ item: 'garlic_bread', quantity: 1 }, { item: 'pizza', quantity: 1, options: [{ group: 'size', choice: 'medium' }] }],
    [{ item: 'sprite', quantity: 3 }],
  ];
  const seeded = Date.now();
  const placed = await inParallel(Array.from({ length: 500 }, (_, i) => () => customers[i % 5].order(lines[i % 3])));
  assert.ok(placed.every((o) => o.id), `an order failed: ${JSON.stringify(placed.find((o) => !o.id))}`);
  // 200 pending, 150 confirmed, 100 preparing, 50 ready.
  const staff = await tokenOf('staff', STAFF_PASSWORD, shop.base);
  const put = (id, status) => fetch(`${shop.base}/api/orders/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ status }) }).then((r) => assert.equal(r.status, 200));
  const path = ['confirmed', 'preparing', 'ready'];
  const moves = placed.slice(200).map((o, i) => async () => {
    const steps = i < 150 ? 1 : i < 250 ? 2 : 3;
    for (const status of path.slice(0, steps)) await put(o.id, status);
  });
  await inParallel(moves);
  const seedSeconds = ((Date.now() - seeded) / 1000).toFixed(1);

  const board = await staffBoard('staff', shop.base, DESKTOP.viewport);
  const { page } = board;
  await page.locator('#columns[data-loaded]').waitFor();
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.reload();
    await page.locator('#columns[data-loaded]').waitFor();
    const wall = Date.now() - t0;
    const mark = await page.evaluate(() => performance.getEntriesByName('board:interactive')[0].startTime);
    const script = await page.evaluate(() => performance.measure('board', 'board:start', 'board:interactive').duration);
    runs.push({ mark, script, wall });
  }
  const median = (k) => runs.map((r) => r[k]).sort((x, y) => x - y)[2];
  const figure = { mark: Math.round(median('mark')), script: Math.round(median('script')), wall: Math.round(median('wall')) };
  console.log(`board with 500 open orders (seeded in ${seedSeconds} s): time to interactive ${figure.mark} ms after navigation (median of 5; ${figure.script} ms of it from the script's start; ${figure.wall} ms reload to interactive as Playwright saw it)`);
  for (const [status, total] of [['pending', 200], ['confirmed', 150], ['preparing', 100], ['ready', 50]]) {
    assert.equal(await page.locator(`#count-${status}`).textContent(), String(total));
    assert.equal(await page.locator(`#col-${status} li.ticket`).count(), 50);
    assert.equal(await page.locator(`#more-${status}`).textContent(), total > 50 ? `and ${total - 50} more` : '');
  }
  // The figure is reported (docs/web.md), never held to a wall-clock limit here.
  // Still quick to use: a move redraws two columns of 50.
  const first = page.locator('#col-pending li.ticket').first();
  const id = await first.getAttribute('data-order-id');
  const t0 = Date.now();
  await first.getByRole('button', { name: 'Confirm' }).click();
  await page.locator(`#col-confirmed li[data-order-id="${id}"]`).waitFor();
  console.log(`a move with 500 open orders on the board: ${Date.now() - t0} ms from click to the ticket in its new column`);
  await page.screenshot({ path: join(shots, 'board-500.png') });
  await board.context.close();
});

test('the new screens on a 390×844 phone: past orders, order again, pay now, a new ticket on the board', async () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const { stripe, shop } = await cardShop();
  try {
    // The board at 1280×800 with a new order highlighted (a shop of its own: few tickets).
    const desk = await staffBoard('staff', shop.base, DESKTOP.viewport);
    const regular = await apiCustomer(shop.base);
    const seen = await regular.order([{ item: 'pizza', quantity: 2, options: [{ group: 'size', choice: 'medium' }] }]);
    await desk.page.locator(`li[data-order-id="${seen.id}"]`).click();
    const { context, page } = await newCustomer(phone, shop.base);
    await say(page, 'a large pepperoni pizza and a garlic bread for pickup');
    await say(page, "that's all");
    await say(page, 'yes');
    await page.locator('#order').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Pay now' }).waitFor();
    assert.ok(await inViewport(page, '#message-input'));
    // The order card appearing above does not push the reply that placed it out of view:
    // the conversation stays scrolled to its end.
    await page.waitForFunction(() => {
      const m = document.getElementById('messages');
      return m.scrollHeight - m.scrollTop - m.clientHeight < 2;
    }, null, { timeout: 3000 });
    const placedId = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
    await desk.page.locator(`li[data-order-id="${placedId}"].fresh`).waitFor({ timeout: 3000 });
    await settled(desk.page);
    await desk.page.screenshot({ path: join(shots, 'board-new-order.png') });
    await desk.context.close();
    await page.screenshot({ path: join(shots, 'chat-pay-now-phone-390.png') });
    const id = (await page.locator('#order-title').textContent()).replace(/\D/g, '');
    await page.locator('#cart-toggle').click();
    const again = page.locator(`#past-list li[data-order-id="${id}"]`).getByRole('button', { name: `Order #${id} again` });
    await again.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'chat-past-orders-phone-390.png') });
    await again.click();
    await page.locator('#messages .msg.user', { hasText: `Order #${id} again` }).waitFor();
    await page.locator('#typing').waitFor({ state: 'hidden' });
    // The cart folds back so the reply shows; the message box stays in view.
    assert.equal(await page.locator('#cart-toggle').getAttribute('aria-expanded'), 'false');
    assert.match(await page.locator('#cart-summary').textContent(), /2 items · \$/);
    assert.ok(await inViewport(page, '#messages .msg.bot:last-of-type'), 'the reply to "Order again" is in view');
    assert.ok(await inViewport(page, '#message-input'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: join(shots, 'chat-order-again-phone-390.png') });
    await context.close();

    const board = await staffBoard('staff', shop.base, { width: 390, height: 844 });
    const customer = await apiCustomer(shop.base);
    const order = await customer.order([{ item: 'pizza', quantity: 1, note: 'well done', options: [{ group: 'size', choice: 'large' }] }]);
    await board.page.locator(`#col-pending li[data-order-id="${order.id}"].fresh`).waitFor({ timeout: 3000 });
    const sideways = await board.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `the board page scrolls sideways by ${sideways}px (only the columns should)`);
    assert.deepEqual(await seriousViolations(board.page), [], 'board on a phone, with a new ticket');
    await board.page.screenshot({ path: join(shots, 'board-phone-390.png') });
    await board.context.close();
  } finally {
    await stripe.close();
  }
});
