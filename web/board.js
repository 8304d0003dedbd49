// The staff board (/board): orders in columns by status, live over SSE; admins also manage
// item availability and see the state of the menu files.
import {
  api, session, logout, el, formatCents, MenuNames, STATUSES, followEvents, showLive, wireAuthForm,
} from './common.js';

// Time to interactive is measured from here to 'board:interactive' (tests/browser/e2e.mjs).
performance.mark('board:start');

const $ = (id) => document.getElementById(id);
const NEXT = {
  pending: ['confirmed', 'Confirm'],
  confirmed: ['preparing', 'Start preparing'],
  preparing: ['ready', 'Mark ready'],
  ready: ['completed', 'Picked up'],
};
const FINAL = new Set(['completed', 'cancelled']);

let me = null;
let names = new MenuNames({});
const orders = new Map();
// The server's count of each column's orders (the board loads only the first 100).
const totals = new Map();
// The shop keeps card orders off the open columns until they are paid
// (`[shop] unpaid_card_orders = "hide"`, from `GET /api/payments`).
let paidOnly = false;
// Orders that came in since the board opened and nobody has touched yet: highlighted.
const fresh = new Set();
// The ticket the keyboard is on (focus in it), so a redraw puts focus back on it.
let keyboardOn = null;
// Formatters made once: toLocaleTimeString() builds one per call, which a board of
// hundreds of tickets pays for on every redraw.
const timeFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

function start() {
  me = session();
  const staff = me && (me.role === 'staff' || me.role === 'admin');
  $('auth').hidden = staff;
  $('board').hidden = !staff;
  for (const id of ['logout', 'who', 'live']) $(id).hidden = !me;
  if (me && !staff) {
    const error = $('auth-form').querySelector('.form-error');
    error.textContent = `${me.username || 'This account'} is a customer account: the board is for staff.`;
    error.hidden = false;
  }
  if (!staff) {
    $('username').focus();
    return;
  }
  $('who').textContent = `${me.username} · ${me.role}`;
  openBoard();
}

// Ages and lateness move with the clock: redraw the open columns every 30 s.
let ticking = null;

async function openBoard() {
  if (!ticking) ticking = setInterval(() => ['pending', 'confirmed', 'preparing', 'ready'].forEach(renderColumn), 30000);
  $('columns').replaceChildren(
    ...STATUSES.map((s) =>
      el(
        'section',
        { class: 'column', 'aria-labelledby': `h-${s}`, dataset: { status: s } },
        el('h2', { id: `h-${s}` }, s, el('span', { class: 'count', id: `count-${s}` }, '0')),
        el('ol', { id: `col-${s}` }),
        el('p', { class: 'more', id: `more-${s}` }),
      ),
    ),
  );
  try {
    names = new MenuNames(await api('GET', '/api/menu'));
  } catch {
    /* ids are shown prettified */
  }
  const payments = await api('GET', '/api/payments').catch(() => ({}));
  paidOnly = !!(payments && payments.card && payments.unpaid_card_orders === 'hide');
  $('paid-only').hidden = !paidOnly;
  followEvents(onEvent, (s) => showLive($('live'), s));
  await loadOrders();
  if (me.role === 'admin') openAdmin();
}

/**
 * The first 100 of every column, with the server's true counts: open orders oldest first
 * (the next to cook), completed and cancelled ones of today only, newest first. Events
 * keep the board current afterwards.
 */
async function loadOrders() {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const query = (s) =>
    FINAL.has(s)
      ? `status=${s}&from=${encodeURIComponent(midnight.toISOString())}`
      : `status=${s}&order=oldest${paidOnly ? '&payment=paid' : ''}`;
  try {
    const pages = await Promise.all(STATUSES.map((s) => api('GET', `/api/orders?${query(s)}&per_page=100`)));
    pages.forEach((page, i) => {
      totals.set(STATUSES[i], Number(page.total) || 0);
      for (const o of listOf(page)) orders.set(String(o.id), o);
    });
    STATUSES.forEach(renderColumn);
    $('board-error').hidden = true;
    performance.mark('board:interactive');
    $('columns').dataset.loaded = 'true';
  } catch (e) {
    if (e.status === 401) return logout();
    showError(`Orders could not be loaded: ${e.message}`);
  }
}

function listOf(data) {
  if (Array.isArray(data)) return data;
  return (data && (data.orders || data.items || data.data)) || [];
}

function showError(text) {
  $('board-error').textContent = text;
  $('board-error').hidden = false;
}

async function onEvent(ev) {
  const id = ev.order_id ?? (ev.order && ev.order.id);
  if (id == null) return;
  // New to the kitchen: a new order, or (when the board waits for card payments) a paid one.
  const arriving = ev.kind === 'order.created' || (paidOnly && ev.kind === 'order.paid');
  let order;
  try {
    order = await api('GET', `/api/orders/${encodeURIComponent(id)}`);
  } catch {
    return; /* a vanished order is simply not shown */
  }
  const isNew = arriving && !orders.has(String(order.id)) && shown(order) && !FINAL.has(order.status);
  if (isNew) fresh.add(String(order.id));
  upsert(order);
  if (isNew) chime();
}

// A short two-note chime for a new order, made with WebAudio (no sound file). Browsers
// start audio only after the page was used, so the context is made (or resumed) on the
// first click or key and on the sound button.
let audio = null;
let soundOn = localStorage.getItem('chatorder.board.sound') !== 'off';

function wakeAudio() {
  if (!soundOn || typeof AudioContext === 'undefined') return null;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
  return audio;
}

function chime() {
  const ctx = wakeAudio();
  if (!ctx) return;
  const t = ctx.currentTime;
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.7);
  [[880, 0], [1318.5, 0.16]].forEach(([frequency, at]) => {
    const tone = ctx.createOscillator();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(t + at);
    tone.stop(t + at + 0.5);
  });
}

function showSound() {
  $('sound').setAttribute('aria-pressed', String(soundOn));
  $('sound').title = soundOn ? 'A chime plays for each new order' : 'New orders come in silently';
}

/** Un-highlights a new ticket once someone touched, clicked or reached it. */
function touched(id) {
  if (!fresh.delete(String(id))) return;
  const node = $('columns').querySelector(`li.ticket[data-order-id="${CSS.escape(String(id))}"]`);
  if (node) {
    node.classList.remove('fresh');
    node.querySelector('.fresh-mark')?.remove();
  }
}

/** Whether the board shows `order`: always, unless the shop waits for card payments. */
function shown(order) {
  return !paidOnly || FINAL.has(order.status) || order.payment === 'paid';
}

function upsert(order) {
  const key = String(order.id);
  const old = orders.get(key);
  const visible = shown(order);
  if (visible) orders.set(key, order);
  else orders.delete(key);
  if (old) totals.set(old.status, Math.max(0, (totals.get(old.status) || 0) - 1));
  if (visible) totals.set(order.status, (totals.get(order.status) || 0) + 1);
  if (old && old.status !== order.status) renderColumn(old.status);
  if (old || visible) renderColumn(order.status);
}

/** Whether a finished order matches the search box (its number or an item's name). */
function matchesSearch(order) {
  const q = $('board-search').value.trim().toLowerCase().replace(/^#/, '');
  if (!q) return true;
  if (String(order.id) === q) return true;
  return (order.lines || []).some((l) => names.item(l.item).toLowerCase().includes(q));
}

// Tickets drawn per column: the next 50 to cook is what a kitchen screen can show.
const SHOWN_PER_COLUMN = 50;

function renderColumn(status) {
  const list = [];
  for (const o of orders.values()) if (o.status === status && (!FINAL.has(status) || matchesSearch(o))) list.push(o);
  // Open orders oldest first (the kitchen's queue); finished ones newest first.
  list.sort((a, b) => (FINAL.has(status) ? b.id - a.id : a.id - b.id));
  const column = $(`col-${status}`);
  const now = Date.now();
  // Built off the page and put in at once: one layout per column, however many tickets.
  const items = document.createDocumentFragment();
  for (const o of list.slice(0, SHOWN_PER_COLUMN)) items.append(ticket(o, now));
  column.replaceChildren(items);
  const total = totals.get(status) ?? list.length;
  $(`count-${status}`).textContent = String(total);
  const more = total - Math.min(list.length, SHOWN_PER_COLUMN);
  $(`more-${status}`).textContent = more > 0 ? `and ${more} more` : '';
  // A redraw keeps the keyboard where it was: on the same ticket, wherever it now is.
  const lost = !document.activeElement || document.activeElement === document.body;
  if (keyboardOn && lost) column.querySelector(`li.ticket[data-order-id="${CSS.escape(keyboardOn)}"]`)?.focus();
}

// "4 min", "1 h 5 min": how long ago an order came in.
function age(since, now = Date.now()) {
  const minutes = Math.max(0, Math.floor((now - since.getTime()) / 60000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function clock(date) {
  return timeFormat.format(date);
}

// Who it is for and how it leaves: "ann · delivery: 12 High St, EH1 2AB · ☎ 0131…".
function handover(order) {
  const parts = [order.customer || `customer ${order.user_id}`];
  if (order.fulfilment === 'delivery') {
    const where = [order.address, order.postcode, order.zone].filter(Boolean).join(', ');
    parts.push(`delivery: ${where}`);
  } else {
    parts.push('pickup');
  }
  if (order.phone) parts.push(`☎ ${order.phone}`);
  // Card payment through Stripe: paid, not yet paid, refunded; none: paid at the counter.
  if (order.payment === 'paid') parts.push('paid by card');
  else if (order.payment === 'open') parts.push('card: unpaid');
  else if (order.payment === 'refunded') parts.push('refunded');
  return parts.join(' · ');
}

function ticket(order, now = Date.now()) {
  const created = order.created_at ? new Date(order.created_at) : null;
  const due = order.ready_at ? new Date(order.ready_at) : null;
  const open = !FINAL.has(order.status);
  const late = open && due && !isNaN(due) && due.getTime() < now;
  const next = NEXT[order.status];
  const isFresh = fresh.has(String(order.id));
  return el(
    'li',
    {
      class: `ticket card${isFresh ? ' fresh' : ''}`,
      dataset: { orderId: order.id },
      tabindex: '0',
      'aria-label': `Order ${order.id}, ${order.status}${isFresh ? ', new' : ''}`,
      'aria-keyshortcuts': next ? 'N Enter T X ArrowUp ArrowDown ArrowLeft ArrowRight' : 'T ArrowUp ArrowDown ArrowLeft ArrowRight',
    },
    el(
      'div',
      { class: 'ticket-head' },
      el('span', {}, `#${order.id}`, isFresh ? el('span', { class: 'fresh-mark' }, 'New') : null),
      created && !isNaN(created) ? el('time', { datetime: order.created_at, class: 'age', dataset: { since: order.created_at } }, open ? age(created, now) : clock(created)) : null,
    ),
    el('div', { class: 'handover' }, handover(order)),
    due && !isNaN(due)
      ? el('div', { class: late ? 'due late' : 'due' }, `due ${clock(due)}`, order.requested_time && order.requested_time !== 'asap' ? ` (asked for ${order.requested_time})` : '')
      : null,
    el(
      'ul',
      {},
      (order.lines || []).map((line) => {
        const opts = names.describeOptions(line);
        return el(
          'li',
          {},
          `${line.quantity}× ${names.item(line.item)}`,
          opts ? el('div', { class: 'opts' }, opts) : null,
          line.note ? el('div', { class: 'note' }, `“${line.note}”`) : null,
        );
      }),
    ),
    order.note ? el('p', { class: 'note' }, `Note: ${order.note}`) : null,
    el('div', { class: 'total' }, formatCents(order.total_cents)),
    el(
      'div',
      { class: 'actions' },
      next ? el('button', { class: 'btn small', type: 'button', onclick: (e) => move(order, next[0], e.currentTarget) }, next[1]) : null,
      order.conversation_id != null
        ? el('button', { class: 'btn secondary small', type: 'button', onclick: () => showTranscript(order) }, 'Transcript')
        : null,
      FINAL.has(order.status) ? null : el('button', { class: 'btn danger small', type: 'button', onclick: () => askCancel(order) }, 'Cancel'),
    ),
  );
}

async function move(order, status, button) {
  if (button) button.disabled = true;
  try {
    upsert(await api('PUT', `/api/orders/${encodeURIComponent(order.id)}`, { status }));
    $('board-error').hidden = true;
  } catch (e) {
    if (e.status === 401) return logout();
    showError(`Order #${order.id}: ${e.message}`);
    // Someone else may have moved it first: show the truth.
    onEvent({ order_id: order.id });
  } finally {
    if (button) button.disabled = false;
  }
}

function askCancel(order) {
  const dialog = $('confirm-cancel');
  $('confirm-title').textContent = `Cancel order #${order.id}?`;
  $('confirm-text').textContent = `The customer sees it as cancelled straight away. Total ${formatCents(order.total_cents)}.`;
  $('confirm-yes').onclick = () => {
    dialog.close();
    move(order, 'cancelled');
  };
  $('confirm-keep').onclick = () => dialog.close();
  dialog.showModal();
  $('confirm-keep').focus();
}

async function showTranscript(order) {
  const dialog = $('transcript');
  $('transcript-title').textContent = `Transcript of order #${order.id}`;
  $('transcript-body').replaceChildren(el('p', { class: 'order-note' }, 'Loading…'));
  dialog.showModal();
  try {
    const messages = listOf(await api('GET', `/api/messages/${encodeURIComponent(order.id)}`));
    $('transcript-body').replaceChildren(
      ...(messages.length
        ? messages.map((m) =>
            el('div', { class: `msg ${m.role === 'user' ? 'user' : 'bot'}` }, el('span', { class: 'visually-hidden' }, m.role === 'user' ? 'Customer: ' : 'Shop: '), m.text),
          )
        : [el('p', { class: 'order-note' }, 'No messages: this order was not placed by chat.')]),
    );
  } catch (e) {
    $('transcript-body').replaceChildren(el('p', { class: 'form-error' }, e.message));
  }
}

async function openAdmin() {
  $('admin').hidden = false;
  renderItems();
  loadCatalog();
}

function renderItems() {
  const items = [...names.items.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  $('items').replaceChildren(
    ...items.map((item) => {
      const box = el('input', { type: 'checkbox', id: `avail-${item.id}` });
      box.checked = item.available !== false;
      const label = el('span', { class: box.checked ? '' : 'off' }, item.name);
      box.addEventListener('change', async () => {
        box.disabled = true;
        try {
          await api('PUT', `/api/admin/items/${encodeURIComponent(item.id)}`, { available: box.checked });
          item.available = box.checked;
          label.className = box.checked ? '' : 'off';
        } catch (e) {
          box.checked = !box.checked;
          showError(`${item.name}: ${e.message}`);
        } finally {
          box.disabled = false;
        }
      });
      return el('li', {}, el('label', { for: box.id }, box, label));
    }),
  );
}

/** Shows `GET /api/admin/catalog` whatever its exact fields: scalars as a list, problems below. */
async function loadCatalog() {
  const target = $('catalog');
  try {
    const status = await api('GET', '/api/admin/catalog');
    const rows = [];
    let problems = [];
    for (const [key, value] of Object.entries(status || {})) {
      if (Array.isArray(value) && /error|problem/i.test(key)) problems = problems.concat(value);
      else if (value === null || typeof value !== 'object') rows.push(el('dt', {}, key.replace(/_/g, ' ')), el('dd', {}, String(value)));
      else if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) {
          if (Array.isArray(v) && /error|problem/i.test(k)) problems = problems.concat(v);
          else if (v === null || typeof v !== 'object') rows.push(el('dt', {}, `${key} ${k}`.replace(/_/g, ' ')), el('dd', {}, String(v)));
        }
      }
    }
    const list = problems.length
      ? el('ul', { class: 'problems' }, problems.map((p) => el('li', {}, typeof p === 'string' ? p : `${p.file}:${p.line}:${p.column}: ${p.message}`)))
      : '';
    target.replaceChildren(
      el('p', {}, problems.length ? el('span', { class: 'bad-text' }, `${problems.length} problem(s) in the last edit; the last good files keep serving.`) : el('span', { class: 'ok-text' }, 'All menu files are valid.')),
      el('dl', {}, rows),
      list,
    );
  } catch (e) {
    target.replaceChildren(el('p', { class: 'form-error' }, `Status unavailable: ${e.message}`));
  }
}

/** The tickets of the column `step` columns away that has any, from `ticket`'s. */
function neighbourColumn(ticketNode, step) {
  const columns = [...$('columns').querySelectorAll('.column')];
  let i = columns.indexOf(ticketNode.closest('.column')) + step;
  for (; i >= 0 && i < columns.length; i += step) {
    const first = columns[i].querySelector('li.ticket');
    if (first) return first;
  }
  return null;
}

// Keyboard: on a focused ticket, N or Enter moves it on, T shows its transcript, X asks
// to cancel it; the arrows go to the ticket above or below, or to the next column's
// first. The board's "Keyboard shortcuts" lists them.
function onTicketKey(ev) {
  const node = ev.target.closest && ev.target.closest('li.ticket');
  if (!node || ev.target !== node || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const order = orders.get(node.dataset.orderId);
  if (!order) return;
  const go = (other) => {
    if (other) other.focus();
  };
  switch (ev.key) {
    case 'n':
    case 'N':
    case 'Enter': {
      const next = NEXT[order.status];
      if (next) move(order, next[0], node.querySelector('.actions .btn'));
      break;
    }
    case 't':
    case 'T':
      if (order.conversation_id != null) showTranscript(order);
      break;
    case 'x':
    case 'X':
      if (!FINAL.has(order.status)) askCancel(order);
      break;
    case 'ArrowDown':
      go(node.nextElementSibling);
      break;
    case 'ArrowUp':
      go(node.previousElementSibling);
      break;
    case 'ArrowRight':
      go(neighbourColumn(node, 1));
      break;
    case 'ArrowLeft':
      go(neighbourColumn(node, -1));
      break;
    default:
      return;
  }
  ev.preventDefault();
}

$('columns').addEventListener('keydown', onTicketKey);
const ticketOf = (target) => (target.closest && target.closest('li.ticket')?.dataset.orderId) || null;
document.addEventListener('focusin', (ev) => {
  keyboardOn = ticketOf(ev.target);
});
// A click elsewhere (on nothing focusable) leaves the tickets: a redraw takes no focus back.
document.addEventListener('pointerdown', (ev) => {
  if (!ticketOf(ev.target)) keyboardOn = null;
});
// A new ticket stays highlighted until someone touches, clicks or reaches it.
for (const type of ['pointerdown', 'focusin']) {
  $('columns').addEventListener(type, (ev) => {
    const node = ev.target.closest && ev.target.closest('li.ticket.fresh');
    if (node) touched(node.dataset.orderId);
  });
}
// Audio may start only after the page was used: the first click or key wakes it.
for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, wakeAudio, { once: true });
$('sound').addEventListener('click', () => {
  soundOn = !soundOn;
  localStorage.setItem('chatorder.board.sound', soundOn ? 'on' : 'off');
  showSound();
  if (soundOn) chime();
});
showSound();

wireAuthForm($('auth-form'), () => start());
$('logout').addEventListener('click', logout);
$('catalog-refresh').addEventListener('click', loadCatalog);
$('transcript-close').addEventListener('click', () => $('transcript').close());
start();
$('board-search').addEventListener('input', () => [...FINAL].forEach(renderColumn));
