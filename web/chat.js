// The customer page (/): sign in, chat with the shop, watch the cart and the order's status.
import {
  api, session, logout, el, formatCents, MenuNames, STATUSES, followEvents, showLive, wireAuthForm,
} from './common.js';
import { renderMenu } from './menu.js';

const $ = (id) => document.getElementById(id);
const NOTES = {
  pending: 'We have your order. The kitchen will confirm it in a moment.',
  confirmed: 'Confirmed! It goes into the oven soon.',
  preparing: 'The kitchen is preparing your order.',
  ready: 'Your order is ready to pick up. Enjoy!',
  completed: 'Picked up. Thanks, and see you soon!',
  cancelled: 'This order was cancelled.',
};

let me = null;
let names = new MenuNames({});
let conversationId = null;
let currentOrder = null;
let busy = false;
// Card payment is offered (`GET /api/payments`).
let payOff = true;

const convKey = () => `chatorder.conversation.${me.username || me.id}`;
const turnKey = () => `chatorder.turn.${conversationId}`;

function start() {
  me = session();
  $('auth').hidden = !!me;
  $('shop').hidden = !me;
  $('logout').hidden = !me;
  $('who').hidden = !me;
  $('live').hidden = !me;
  $('menu-open').hidden = !me;
  if (!me) {
    $('username').focus();
    return;
  }
  $('who').textContent = me.username ? `Signed in as ${me.username}` : 'Signed in';
  openShop();
}

async function openShop() {
  try {
    const menu = await api('GET', '/api/menu');
    names = new MenuNames(menu);
    renderMenu($('menu-list'), menu, names, fillMessage);
    payOff = !(await api('GET', '/api/payments').catch(() => ({ card: false }))).card;
  } catch {
    /* without the menu, ids are shown prettified; chatting still works */
    $('menu-list').replaceChildren(el('p', { class: 'cart-empty' }, 'The menu could not be loaded; just ask “what do you have?”'));
  }
  // On a phone the cart starts folded to one line, leaving the screen to the chat.
  if (window.matchMedia('(max-width: 820px)').matches) $('cart-toggle').setAttribute('aria-expanded', 'false');
  conversationId = localStorage.getItem(convKey());
  if (conversationId) await restore();
  loadPast();
  followEvents(onEvent, (s) => showLive($('live'), s));
  $('message-input').focus();
}

/** Reloads the transcript and the last known cart and order of the stored conversation. */
async function restore() {
  try {
    const messages = await api('GET', `/api/conversations/${encodeURIComponent(conversationId)}/messages`);
    for (const m of listOf(messages)) addMessage(m.role === 'user' ? 'user' : 'bot', m.text, false, m.created_at);
  } catch (e) {
    if (e.status === 404 || e.status === 403) {
      localStorage.removeItem(convKey());
      conversationId = null;
      return;
    }
    addMessage('error', `Your earlier messages could not be loaded: ${e.message}`);
  }
  const cached = JSON.parse(localStorage.getItem(turnKey()) || 'null');
  if (cached) {
    renderCart(cached.cart);
    renderQuick(cached);
  }
  if (cached && cached.order && cached.order.id != null) {
    try {
      showOrder(await api('GET', `/api/orders/${encodeURIComponent(cached.order.id)}`));
    } catch {
      showOrder(cached.order);
    }
  }
}

function listOf(data) {
  if (Array.isArray(data)) return data;
  return (data && (data.messages || data.items || data.orders || data.data)) || [];
}

/**
 * Adds a message to the log. `link`: a checkout address the reply names (`pay_url`),
 * shown as a link where the text says it; only http(s) addresses are linked.
 */
function addMessage(kind, text, scroll = true, at = null, link = null) {
  $('welcome').hidden = true;
  const label = kind === 'user' ? 'You' : kind === 'bot' ? 'Shop' : 'Problem';
  const when = at ? new Date(at) : new Date();
  const time = Number.isNaN(when.getTime())
    ? null
    : el('time', { datetime: when.toISOString() }, when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  let body = [text];
  const cut = link && /^https?:\/\//.test(link) ? text.indexOf(link) : -1;
  if (cut >= 0) {
    body = [text.slice(0, cut), el('a', { href: link, class: 'pay-link' }, link), text.slice(cut + link.length)];
  }
  const node = el('div', { class: `msg ${kind}` }, el('span', { class: 'visually-hidden' }, `${label}: `), ...body, time);
  $('messages').append(node);
  // The log scrolls itself: the page never moves, so the box and the latest reply stay in view.
  $('messages').scrollTop = $('messages').scrollHeight;
  if (scroll) node.scrollIntoView({ block: 'nearest' });
}

/** Puts a sentence from the menu in the message box, ready to send or edit. */
function fillMessage(text) {
  const input = $('message-input');
  input.value = text;
  closeMenu();
  input.focus();
}

function openMenu() {
  document.body.classList.add('menu-shown');
  $('menu-open').setAttribute('aria-expanded', 'true');
  $('menu-panel').focus();
}

function closeMenu() {
  if (!document.body.classList.contains('menu-shown')) return;
  document.body.classList.remove('menu-shown');
  $('menu-open').setAttribute('aria-expanded', 'false');
  $('menu-open').focus();
}

function toggleCart() {
  const open = $('cart-toggle').getAttribute('aria-expanded') !== 'true';
  $('cart-toggle').setAttribute('aria-expanded', String(open));
  // The conversation gives up (or gets back) the room: its latest message stays in view.
  $('messages').scrollTop = $('messages').scrollHeight;
}

async function send(text) {
  text = text.trim();
  if (!text) return;
  await takeTurn(text, '/api/messages', { text });
}

/**
 * One turn, said by the customer as `said` and answered by POST `path` with `body`
 * (plus the conversation): one at a time, with the typing dots; a conversation that no
 * longer exists (a new database) starts over instead of failing. Returns whether it ran.
 */
async function takeTurn(said, path, body, button) {
  if (busy) return false;
  busy = true;
  if (button) button.disabled = true;
  $('send').disabled = true;
  $('quick').replaceChildren();
  addMessage('user', said);
  $('typing').hidden = false;
  try {
    const withConversation = { ...body };
    // The API takes the id as it gave it (a number); localStorage keeps strings.
    if (conversationId) withConversation.conversation_id = /^\d+$/.test(conversationId) ? Number(conversationId) : conversationId;
    let turn;
    try {
      turn = await api('POST', path, withConversation);
    } catch (e) {
      if (e.status !== 404 || !conversationId) throw e;
      localStorage.removeItem(convKey());
      conversationId = null;
      turn = await api('POST', path, body);
    }
    showTurn(turn);
    return true;
  } catch (e) {
    if (e.status === 401) logout();
    else addMessage('error', e.message);
    return false;
  } finally {
    $('typing').hidden = true;
    busy = false;
    if (button) button.disabled = false;
    $('send').disabled = false;
    $('message-input').focus();
  }
}

/** A turn's answer: the reply, the cart, the order, the suggestions; kept for a reload. */
function showTurn(turn) {
  conversationId = String(turn.conversation_id);
  localStorage.setItem(convKey(), conversationId);
  localStorage.setItem(turnKey(), JSON.stringify({ cart: turn.cart, state: turn.state, order: turn.order, intent: turn.intent, reply: turn.reply }));
  addMessage('bot', turn.reply, true, null, turn.pay_url);
  renderCart(turn.cart);
  const placed = turn.order && (!currentOrder || String(currentOrder.id) !== String(turn.order.id));
  if (turn.order) showOrder(turn.order);
  if (placed) loadPast();
  renderQuick(turn);
}

/** The customer's latest orders, each with "Order again" (`GET /api/orders`). */
async function loadPast() {
  let page;
  try {
    page = await api('GET', '/api/orders?per_page=5');
  } catch {
    return; /* the list is a convenience: the chat works without it */
  }
  const past = listOf(page);
  $('past').hidden = past.length === 0;
  $('past-list').replaceChildren(
    ...past.map((order) => {
      const when = new Date(order.created_at);
      const day = Number.isNaN(when.getTime()) ? '' : when.toLocaleDateString([], { day: 'numeric', month: 'short' });
      const lines = (order.lines || []).map((l) => {
        const opts = names.describeOptions(l);
        return `${l.quantity}× ${names.item(l.item)}${opts ? ` (${opts})` : ''}`;
      });
      return el(
        'li',
        { class: 'past-order', dataset: { orderId: order.id } },
        el('div', { class: 'past-head' }, el('span', {}, `#${order.id}`, day ? ` · ${day}` : '', el('span', { class: 'past-status' }, ` · ${order.status}`)), el('span', { class: 'price' }, formatCents(order.total_cents))),
        el('p', { class: 'past-lines' }, lines.join(', ')),
        el('button', { class: 'btn secondary small', type: 'button', 'aria-label': `Order #${order.id} again`, onclick: (e) => orderAgain(order, e.currentTarget) }, 'Order again'),
      );
    }),
  );
}

/** "Order again": the order's lines that can still be had go into the cart (`POST /api/orders/{id}/again`). */
async function orderAgain(order, button) {
  const taken = await takeTurn(`Order #${order.id} again`, `/api/orders/${encodeURIComponent(order.id)}/again`, {}, button);
  // On a phone the open cart leaves the conversation a line or two: fold it back, so
  // the reply shows (the folded line says what the cart now holds).
  if (taken && window.matchMedia('(max-width: 820px)').matches && $('cart-toggle').getAttribute('aria-expanded') === 'true') toggleCart();
}

function renderCart(cart) {
  const lines = (cart && cart.lines) || [];
  $('cart-lines').replaceChildren(
    ...lines.map((line) => {
      const opts = names.describeOptions(line);
      return el(
        'li',
        { class: 'cart-line' },
        el('span', { class: 'qty' }, `${line.quantity}×`),
        el('span', { class: 'name' }, names.item(line.item), opts ? el('span', { class: 'opts' }, opts) : null),
        el('span', { class: 'price' }, formatCents(line.line_total_cents)),
      );
    }),
  );
  // An empty cart beside a placed order says nothing: the order below is what matters.
  $('cart-empty').hidden = lines.length > 0 || currentOrder !== null;
  $('cart-total').hidden = lines.length === 0;
  $('cart-total-value').textContent = formatCents(cart ? cart.total_cents : 0);
  const count = lines.reduce((n, l) => n + (Number(l.quantity) || 0), 0);
  $('cart-summary').textContent = count ? `${count} item${count === 1 ? '' : 's'} · ${formatCents(cart.total_cents)}` : '';
}

function showOrder(order) {
  if (!order || order.id == null) return;
  currentOrder = order;
  $('order').hidden = false;
  $('cart-empty').hidden = true;
  $('order-title').textContent = `Order #${order.id}`;
  const rows = [
    ...(order.lines || []).map((line) => {
      const opts = names.describeOptions(line);
      return el(
        'li',
        {},
        el('span', {}, `${line.quantity}× ${names.item(line.item)}`, opts ? el('span', { class: 'opts' }, ` · ${opts}`) : null),
        el('span', {}, formatCents(line.line_total_cents)),
      );
    }),
    order.delivery_fee_cents ? el('li', {}, el('span', {}, 'Delivery'), el('span', {}, formatCents(order.delivery_fee_cents))) : null,
    el('li', {}, el('strong', {}, 'Total'), el('strong', {}, formatCents(order.total_cents))),
  ];
  $('order-lines').replaceChildren(...rows.filter(Boolean));
  $('order-when').textContent = estimate(order) + (order.payment === 'paid' ? ' · paid by card' : '');
  showPay(order);
  setStatus(order.status);
}

// "Pay now": Stripe Checkout's page for the order (the shop without Stripe answers
// 409 and the button goes away: payment is on pickup or delivery).
function showPay(order) {
  const button = $('order-pay');
  button.hidden = order.status === 'cancelled' || order.payment === 'paid' || order.payment === 'refunded' || payOff;
  button.onclick = async () => {
    try {
      const link = await api('POST', `/api/orders/${encodeURIComponent(order.id)}/pay`, {});
      if (link && link.url) window.location.assign(link.url);
    } catch (e) {
      payOff = true;
      button.hidden = true;
    }
  };
}

// "Pickup, ready around 19:42 (about 15 min)" or "Delivery to 12 High St, at 19:30".
function estimate(order) {
  const how = order.fulfilment === 'delivery' ? `Delivery to ${order.address || 'your address'}` : 'Pickup';
  const ready = order.ready_at ? new Date(order.ready_at) : null;
  if (!ready || isNaN(ready)) return how;
  const at = ready.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (order.requested_time && order.requested_time !== 'asap') return `${how}, ready at ${at}`;
  return `${how}, ready around ${at}` + (order.estimate_minutes != null ? ` (about ${order.estimate_minutes} min)` : '');
}

function setStatus(status) {
  const badge = $('order-status');
  badge.textContent = status;
  badge.dataset.status = status;
  $('order').dataset.status = status;
  const reached = STATUSES.indexOf(status);
  [...$('order-steps').children].forEach((li, i) => li.classList.toggle('done', status !== 'cancelled' && i <= reached));
  $('order-note').textContent = NOTES[status] || '';
}

async function onEvent(ev) {
  const orderId = ev.order_id ?? (ev.order && ev.order.id);
  if (!currentOrder || String(orderId) !== String(currentOrder.id)) return;
  const status = ev.status ?? ev.to ?? (ev.order && ev.order.status);
  if (status) {
    currentOrder.status = status;
    setStatus(status);
  }
}

/** The phase of the conversation as a lower-case word, whatever shape `state` has. */
function phaseOf(turn) {
  const s = turn.state;
  if (typeof s === 'string') return s.toLowerCase();
  if (s && typeof s === 'object') return String(s.phase || s.name || s.kind || s.state || '').toLowerCase();
  return '';
}

/** Suggested answers derived from the state of the conversation and the menu. */
function suggestions(turn) {
  const phase = phaseOf(turn);
  const lines = (turn.cart && turn.cart.lines) || [];
  if (phase.includes('confirm')) return ['Yes', 'No'].map((t) => [t, t.toLowerCase()]);
  if (phase.includes('option') || phase.includes('await')) {
    const group = askedGroup(turn, lines);
    if (group) {
      return group.choices
        .filter((c) => c.available !== false)
        .slice(0, 8)
        .map((c) => [c.name, ((c.synonyms && c.synonyms[0]) || c.name).toLowerCase()]);
    }
  }
  if (turn.intent === 'affirm' && turn.order) return [['Where is my order?', 'where is my order?']];
  if (lines.length) return [["That's all", "that's all"], ['What do I have?', 'what do I have so far?']];
  return [['What pizzas do you have?', 'what pizzas do you have'], ['What drinks?', 'what drinks do you have']];
}

/** The option group the bot is asking about: a required one the cart lacks, or one named in the reply. */
function askedGroup(turn, lines) {
  const reply = String(turn.reply || '').toLowerCase();
  const named = [...names.groups.values()].find((g) =>
    [g.name, g.id, ...(g.synonyms || [])].some((w) => w && new RegExp(`\\b${escapeRe(String(w).toLowerCase())}\\b`).test(reply)),
  );
  if (named) return named;
  for (const line of lines) {
    const item = names.items.get(line.item);
    for (const g of (item && item.groups) || []) {
      const id = typeof g === 'string' ? g : g.group || g.id;
      const required = typeof g === 'string' ? names.groups.get(id)?.required : g.required ?? names.groups.get(id)?.required;
      if (required && !(line.options || []).some((o) => o.group === id) && names.groups.has(id)) return names.groups.get(id);
    }
  }
  return null;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function renderQuick(turn) {
  $('quick').replaceChildren(
    ...suggestions(turn).map(([label, text]) => el('button', { type: 'button', onclick: () => send(text) }, label)),
  );
}

// The conversation stays on its latest message while the panels above it grow or shrink
// (on a phone, the order card appearing under the cart line), unless the customer has
// scrolled back to read: what matters is whether its end was in view at the old height.
let messagesHeight = $('messages').clientHeight;
new ResizeObserver(() => {
  const m = $('messages');
  if (m.scrollHeight - m.scrollTop - messagesHeight < 40) m.scrollTop = m.scrollHeight;
  messagesHeight = m.clientHeight;
}).observe($('messages'));

wireAuthForm($('auth-form'), () => start());
$('logout').addEventListener('click', logout);
$('menu-open').addEventListener('click', openMenu);
$('menu-close').addEventListener('click', closeMenu);
$('cart-toggle').addEventListener('click', toggleCart);
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape') closeMenu();
});
// A tap beside the open drawer closes it.
document.addEventListener('click', (ev) => {
  if (!document.body.classList.contains('menu-shown')) return;
  if (!$('menu-panel').contains(ev.target) && !$('menu-open').contains(ev.target)) closeMenu();
});
$('composer').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = $('message-input');
  const text = input.value;
  input.value = '';
  send(text);
});
start();
