// Shared by the chat page and the board: the REST client, the session, money, menu names
// and the live event stream. Every piece of text reaches the page through textContent,
// never parsed as HTML, so a message or a menu name can never inject markup.

const TOKEN_KEY = 'chatorder.token';

/** The error thrown by `api` for any non-2xx answer, carrying the server's error code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The logged-in user: `{token, id, username, role}` decoded from the stored JWT, or null. */
export function session() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) {
    localStorage.removeItem(TOKEN_KEY);
    return null;
  }
  return {
    token,
    id: claims.sub ?? claims.user_id ?? claims.id,
    username: claims.username ?? claims.name ?? '',
    role: claims.role ?? 'customer',
  };
}

function decodeClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function saveToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
}

/** Signs out: the server revokes the account's tokens (`POST /api/logout`), then the page starts over. */
export async function logout() {
  const token = localStorage.getItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
  if (token) {
    try {
      await fetch('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` }, keepalive: true });
    } catch {
      /* offline: the token expires by itself */
    }
  }
  location.reload();
}

/**
 * Calls the REST API with the session's token and returns the parsed JSON body.
 * A 401 on an authenticated call means the token expired: the session is dropped.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const err = data && data.error ? data.error : {};
    if (response.status === 401 && s) localStorage.removeItem(TOKEN_KEY);
    throw new ApiError(response.status, err.code || 'http_' + response.status, err.message || `Request failed (${response.status}).`);
  }
  return data;
}

/** Logs in (or registers first, then logs in) and stores the token. */
export async function signIn(mode, username, password) {
  if (mode === 'register') await api('POST', '/api/register', { username, password });
  const login = await api('POST', '/api/login', { username, password });
  saveToken(login.token);
  return session();
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
/** Integer cents → "$12.50"; never floating-point arithmetic on the amount itself. */
export function formatCents(cents) {
  const n = Number(cents) || 0;
  return money.format(Math.trunc(n / 100) + (n % 100) / 100);
}

/** Shortcut for building elements: `el('li', {class: 'x'}, 'text', child)`; strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/**
 * Human names from `GET /api/menu`, whatever its nesting: every object with an `id` and a
 * `name` is remembered, and choices also under `group/choice` because choice ids repeat
 * across groups.
 */
export class MenuNames {
  constructor(menu) {
    this.menu = menu;
    this.items = new Map();
    this.groups = new Map();
    this.names = new Map();
    this.walk(menu, null);
  }

  walk(node, groupId) {
    if (Array.isArray(node)) {
      node.forEach((n) => this.walk(n, groupId));
      return;
    }
    if (!node || typeof node !== 'object') return;
    let inner = groupId;
    if (typeof node.id === 'string' && typeof node.name === 'string') {
      if (Array.isArray(node.choices)) {
        this.groups.set(node.id, node);
        inner = node.id;
      } else if (groupId) {
        this.names.set(`${groupId}/${node.id}`, node.name);
      } else if ('price' in node || 'price_cents' in node || 'category' in node || 'available' in node) {
        this.items.set(node.id, node);
      }
      if (!this.names.has(node.id)) this.names.set(node.id, node.name);
    }
    for (const [k, v] of Object.entries(node)) {
      if (v && typeof v === 'object') this.walk(v, k === 'choices' ? inner : k === 'groups' ? null : groupId);
    }
  }

  item(id) {
    // Items first: a category may share an item's id ("pizza" the item, "Pizzas" the category).
    return (this.items.get(id) && this.items.get(id).name) || this.names.get(id) || prettify(id);
  }

  choice(group, id) {
    return this.names.get(`${group}/${id}`) || this.names.get(id) || prettify(id);
  }

  /** "Large, Thin crust, extra Cheese, Ham on one half, no Onions" for one order line. */
  describeOptions(line) {
    const parts = [];
    // In the menu's group order (size before toppings), whatever order they were said in.
    const order = [...this.groups.keys()];
    const rank = (o) => (order.indexOf(o.group) + order.length + 1) % (order.length + 1);
    const options = [...(line.options || [])].sort((a, b) => rank(a) - rank(b));
    const HALF = { first: ' on one half', second: ' on the other half' };
    for (const o of options) {
      const name = this.choice(o.group, o.choice);
      const said = o.amount ? `${o.amount} ${name.toLowerCase()}` : name;
      parts.push(said + (HALF[o.half] || ''));
    }
    for (const o of line.without || []) {
      parts.push(`no ${o.amount ? o.amount + ' ' : ''}${this.choice(o.group, o.choice).toLowerCase()}`);
    }
    return parts.join(', ');
  }
}

function prettify(id) {
  const s = String(id ?? '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const STATUSES = ['pending', 'confirmed', 'preparing', 'ready', 'completed', 'cancelled'];

/**
 * Follows `GET /api/events` with EventSource. EventSource cannot send a header, so a
 * short-lived token from `POST /api/events/token` goes in the query; on every reconnect a
 * fresh one is fetched and `last_event_id` carries the resumption point (the browser's own
 * Last-Event-ID header is only sent by its automatic reconnects, which would reuse an
 * expired token).
 */
export function followEvents(onEvent, onState) {
  let source = null;
  let lastId = null;
  let retry = 500;
  let stopped = false;

  async function connect() {
    if (stopped) return;
    onState('connecting');
    let token;
    try {
      token = (await api('POST', '/api/events/token')).token;
    } catch (e) {
      onState('error');
      if (e.status === 401) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
      return;
    }
    const query = new URLSearchParams({ token });
    if (lastId) query.set('last_event_id', lastId);
    source = new EventSource(`/api/events?${query}`);
    source.onopen = () => {
      retry = 500;
      onState('open');
    };
    source.onerror = () => {
      source.close();
      onState('error');
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
    const handle = (msg) => {
      if (msg.lastEventId) lastId = msg.lastEventId;
      try {
        onEvent(JSON.parse(msg.data));
      } catch {
        /* a malformed event is skipped, the stream goes on */
      }
    };
    source.addEventListener('order', handle);
    source.onmessage = handle;
  }

  connect();
  return () => {
    stopped = true;
    if (source) source.close();
  };
}

/** Shows the live-connection dot's state. */
export function showLive(node, state) {
  node.dataset.state = state;
  node.textContent = state === 'open' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…';
}

/** Wires a login/register form: `onDone(session)` after success; errors shown in the form. */
export function wireAuthForm(form, onDone) {
  const error = form.querySelector('.form-error');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const mode = ev.submitter && ev.submitter.value === 'register' ? 'register' : 'login';
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    error.hidden = true;
    if (!username || !password) {
      error.textContent = 'Please enter a username and a password.';
      error.hidden = false;
      return;
    }
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      onDone(await signIn(mode, username, password));
    } catch (e) {
      error.textContent =
        e.status === 401 ? 'That username and password do not match.' : e.message || 'Something went wrong.';
      error.hidden = false;
      form.elements.password.focus();
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
}
