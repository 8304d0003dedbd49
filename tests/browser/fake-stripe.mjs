// A test double of the parts of Stripe the shop uses, for the browser tests (there is no
// network here, and a real test account could not be driven headless anyway). Written
// from Stripe's API reference, not from the server's code:
//
// - `POST /v1/checkout/sessions` (form-encoded, `Authorization: Bearer sk_…`,
//   `Idempotency-Key`): answers a Checkout Session object (`cs_test_…`, `status: "open"`,
//   `payment_status: "unpaid"`, `url`, `amount_total` from `line_items[i][price_data]`).
//   The same key with the same form gets the same session back; with another form, 400
//   `idempotency_error`, as Stripe does.
// - `GET <url>`: a hosted checkout page showing the line items and the total with a
//   "Pay" button (no card data is asked for: this is a double, not a payment form).
// - `POST <url>`: pays. The session becomes `complete`/`paid` with a `payment_intent`,
//   a `checkout.session.completed` event is POSTed to the webhook endpoint with a
//   `Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")` header, and the browser is
//   sent to `success_url` (303), as Checkout does after a payment.
// - `POST /v1/refunds` (`payment_intent`): a `succeeded` refund.
//
// Everything received and every webhook delivery is recorded for the tests to check.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const id = (prefix) => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** `a[b][c]=1` form fields, as Stripe reads them, into nested objects (arrays for indexes). */
export function decodeForm(body) {
  const out = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.match(/^[^[]+|\[[^\]]*\]/g).map((p) => p.replace(/^\[|\]$/g, ''));
    let node = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) {
        node[part] = value;
      } else {
        node[part] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
        node = node[part];
      }
    });
  }
  return out;
}

/** The `Stripe-Signature` header Stripe sends with `payload` at `t`. */
export function signature(payload, secret, t = now()) {
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function money(cents, currency) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

/**
 * Starts the double on a free loopback port. `secretKey` is the API key it accepts,
 * `webhookSecret` what it signs events with; `webhookUrl` may be set later (the shop's
 * server needs this double's address before it starts).
 */
export async function startFakeStripe({ secretKey, webhookSecret, webhookUrl = null }) {
  const sessions = new Map();
  const idempotency = new Map();
  const requests = [];
  const deliveries = [];
  let base = '';

  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const refuse = (res, status, type, message, param) => json(res, status, { error: { type, message, ...(param ? { param } : {}) } });

  async function deliver(event) {
    const payload = JSON.stringify(event);
    const delivery = { event, status: null };
    deliveries.push(delivery);
    if (!fake.webhookUrl) return delivery;
    try {
      const r = await fetch(fake.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature(payload, webhookSecret), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        body: payload,
      });
      delivery.status = r.status;
      delivery.body = await r.text();
    } catch (e) {
      delivery.status = 0;
      delivery.body = String(e);
    }
    return delivery;
  }

  function createSession(form) {
    if (form.mode !== 'payment') return [400, { error: { type: 'invalid_request_error', message: 'mode must be payment here', param: 'mode' } }];
    if (!form.success_url) return [400, { error: { type: 'invalid_request_error', message: 'Missing required param: success_url.', param: 'success_url' } }];
    const items = form.line_items || [];
    if (!items.length) return [400, { error: { type: 'invalid_request_error', message: 'Missing required param: line_items.', param: 'line_items' } }];
    let total = 0;
    let currency = null;
    for (const [i, item] of items.entries()) {
      const unit = Number(item.price_data?.unit_amount);
      const quantity = Number(item.quantity);
      if (!Number.isInteger(unit) || unit < 0 || !Number.isInteger(quantity) || quantity < 1) {
        return [400, { error: { type: 'invalid_request_error', message: 'Invalid integer', param: `line_items[${i}]` } }];
      }
      currency ??= item.price_data.currency;
      total += unit * quantity;
    }
    const sessionId = id('cs');
    const session = {
      id: sessionId,
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      cancel_url: form.cancel_url ?? null,
      client_reference_id: form.client_reference_id ?? null,
      created: now(),
      currency,
      expires_at: now() + 24 * 3600,
      livemode: false,
      metadata: form.metadata || {},
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: form.success_url,
      url: `${base}/c/pay/${sessionId}`,
      line_items: items,
    };
    sessions.set(sessionId, session);
    const { line_items: _, ...answer } = session;
    return [200, answer];
  }

  function checkoutPage(session) {
    const rows = session.line_items
      .map((l) => `<li>${escapeHtml(l.quantity)} × ${escapeHtml(l.price_data.product_data?.name ?? 'item')} — ${money(l.price_data.unit_amount * l.quantity, session.currency)}</li>`)
      .join('');
    const done = session.status !== 'open';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout (test double)</title></head>
<body><main><h1>Pay ${money(session.amount_total, session.currency)}</h1><ul>${rows}</ul>
<p id="total">Total ${money(session.amount_total, session.currency)}</p>
${done ? '<p id="done">This session is complete.</p>' : `<form method="post"><button type="submit">Pay</button></form>`}
</main></body></html>`;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, base);
    let body = '';
    for await (const chunk of req) body += chunk;
    const record = { method: req.method, path: url.pathname, authorization: req.headers.authorization ?? '', idempotencyKey: req.headers['idempotency-key'] ?? null, contentType: req.headers['content-type'] ?? '', form: null };
    const page = url.pathname.match(/^\/c\/pay\/(cs_test_[0-9a-f]+)$/);
    if (page) {
      const session = sessions.get(page[1]);
      if (!session) return refuse(res, 404, 'invalid_request_error', 'No such checkout session');
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(checkoutPage(session));
      }
      if (req.method === 'POST' && session.status === 'open') {
        Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: id('pi') });
        const { line_items: _, ...object } = session;
        await deliver({
          id: id('evt'), object: 'event', api_version: '2024-06-20', created: now(), livemode: false,
          pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: 'checkout.session.completed',
          data: { object },
        });
      }
      res.writeHead(303, { location: session.success_url });
      return res.end();
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/v1/')) return refuse(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
    record.form = decodeForm(body);
    requests.push(record);
    if (record.authorization !== `Bearer ${secretKey}`) return refuse(res, 401, 'invalid_request_error', 'Invalid API Key provided.');
    if (!record.contentType.startsWith('application/x-www-form-urlencoded')) return refuse(res, 400, 'invalid_request_error', 'Requests are form-encoded.');
    const key = record.idempotencyKey ? `${url.pathname} ${record.idempotencyKey}` : null;
    if (key && idempotency.has(key)) {
      const first = idempotency.get(key);
      if (first.body !== body) return refuse(res, 400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
      res.setHeader('idempotent-replayed', 'true');
      return json(res, first.status, first.answer);
    }
    let status;
    let answer;
    if (url.pathname === '/v1/checkout/sessions') {
      [status, answer] = createSession(record.form);
    } else if (url.pathname === '/v1/refunds') {
      const paid = [...sessions.values()].find((s) => s.payment_intent && s.payment_intent === record.form.payment_intent);
      if (!paid) [status, answer] = [400, { error: { type: 'invalid_request_error', message: 'No such payment_intent', param: 'payment_intent' } }];
      else [status, answer] = [200, { id: id('re'), object: 'refund', amount: paid.amount_total, currency: paid.currency, payment_intent: paid.payment_intent, metadata: record.form.metadata || {}, status: 'succeeded', created: now() }];
    } else {
      [status, answer] = [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (POST: ${url.pathname}).` } }];
    }
    if (key) idempotency.set(key, { body, status, answer });
    json(res, status, answer);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  const fake = {
    base,
    webhookUrl,
    sessions,
    requests,
    deliveries,
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
  return fake;
}
