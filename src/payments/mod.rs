//! Card payment through Stripe Checkout: a Checkout Session for an order (created with
//! Stripe's REST API, form-encoded, amounts in cents, an idempotency key derived from
//! the order), the webhook's signature check (`signature`), and refunds of cancelled paid
//! orders. No card data ever reaches this server: the customer pays on Stripe's page.
//! Without `STRIPE_SECRET_KEY` none of this is offered: orders are paid on pickup or
//! delivery.

pub mod signature;

use std::time::Duration;

use serde::Deserialize;

use crate::store::Order;

/// What is needed to talk to Stripe.
#[derive(Debug, Clone)]
pub struct Stripe {
    client: reqwest::Client,
    secret_key: String,
    /// `https://api.stripe.com`, or a stand-in's address in tests.
    api_base: String,
    /// The endpoint secret of `POST /api/payments/stripe/webhook`.
    pub webhook_secret: Option<String>,
    /// Three-letter ISO code, lower case (`usd`, `eur`, `gbp`).
    pub currency: String,
    /// Where the chat page is served, for Checkout's success and cancel URLs.
    pub public_url: String,
}

/// A Checkout Session as Stripe answers its creation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Session {
    pub id: String,
    pub url: String,
}

/// Why Stripe could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Stripe could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
    #[error("Stripe refused the request ({status}): {message}")]
    Refused { status: u16, message: String },
}

impl Stripe {
    /// A client for the account of `secret_key`.
    pub fn new(
        secret_key: &str,
        api_base: &str,
        webhook_secret: Option<&str>,
        currency: &str,
        public_url: &str,
    ) -> Self {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap_or_default();
        Self {
            client,
            secret_key: secret_key.to_owned(),
            api_base: api_base.trim_end_matches('/').to_owned(),
            webhook_secret: webhook_secret.map(str::to_owned),
            currency: currency.to_lowercase(),
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The form of a Checkout Session for `order`: one line item per order line (its
    /// unit price in cents, its quantity), the delivery fee as one more, the order's id
    /// as `client_reference_id` and `metadata[order_id]`, and the chat page as where to
    /// come back to.
    pub fn session_form(&self, order: &Order, item_name: impl Fn(&str) -> String) -> Vec<(String, String)> {
        let mut form = vec![
            ("mode".to_owned(), "payment".to_owned()),
            ("client_reference_id".to_owned(), order.id.to_string()),
            ("metadata[order_id]".to_owned(), order.id.to_string()),
            ("success_url".to_owned(), format!("{}/?paid={}", self.public_url, order.id)),
            ("cancel_url".to_owned(), format!("{}/?unpaid={}", self.public_url, order.id)),
        ];
        let mut items: Vec<(String, i64, u32)> =
            order.lines.iter().map(|l| (item_name(&l.line.item), l.unit_price_cents, l.line.quantity)).collect();
        if order.details.delivery_fee_cents > 0 {
            items.push(("Delivery".to_owned(), order.details.delivery_fee_cents, 1));
        }
        for (i, (name, cents, quantity)) in items.into_iter().enumerate() {
            let key = |k: &str| format!("line_items[{i}][{k}]");
            form.push((key("price_data][currency"), self.currency.clone()));
            form.push((key("price_data][product_data][name"), name));
            form.push((key("price_data][unit_amount"), cents.to_string()));
            form.push((key("quantity"), quantity.to_string()));
        }
        form
    }

    /// Creates the order's Checkout Session. The idempotency key is the order's, so a
    /// retry (or a second "pay") gets the same session back from Stripe.
    ///
    /// # Errors
    /// Stripe unreachable or refusing.
    pub async fn create_session(&self, order: &Order, item_name: impl Fn(&str) -> String) -> Result<Session, Error> {
        let form = self.session_form(order, item_name);
        self.post("/v1/checkout/sessions", &format!("order-{}-checkout", order.id), &form).await
    }

    /// Refunds the whole payment of a cancelled order, once (the key is the order's).
    ///
    /// # Errors
    /// Stripe unreachable or refusing.
    pub async fn refund(&self, order_id: i64, payment_intent: &str) -> Result<(), Error> {
        let form = vec![
            ("payment_intent".to_owned(), payment_intent.to_owned()),
            ("metadata[order_id]".to_owned(), order_id.to_string()),
        ];
        let _: serde_json::Value = self.post("/v1/refunds", &format!("order-{order_id}-refund"), &form).await?;
        Ok(())
    }

    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        idempotency_key: &str,
        form: &[(String, String)],
    ) -> Result<T, Error> {
        let r = self
            .client
            .post(format!("{}{path}", self.api_base))
            .bearer_auth(&self.secret_key)
            .header("Idempotency-Key", idempotency_key)
            .form(form)
            .send()
            .await?;
        let status = r.status();
        if !status.is_success() {
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            let message = body["error"]["message"].as_str().unwrap_or("no message").to_owned();
            return Err(Error::Refused { status: status.as_u16(), message });
        }
        Ok(r.json().await?)
    }
}
