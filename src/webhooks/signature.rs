//! The `Chatorder-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
//! "<t>.<body>")>`, the scheme Stripe uses (so partners' existing verifiers work, and
//! `payments::signature::verify` checks it). `t` is the time of the attempt: a receiver
//! refuses old timestamps to stop a captured request being replayed later. Pure.

/// The header value for `body` signed with `secret` at `t` (Unix seconds).
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    crate::payments::signature::sign(body, secret, t)
}

#[cfg(test)]
mod tests {
    use super::sign;
    use crate::payments::signature::{verify, SignatureError, TOLERANCE_SECS};

    const SECRET: &str = "whsec_partner_test_secret";
    const BODY: &[u8] = br#"{"id":7,"kind":"order.created"}"#;
    // Computed independently:
    // printf '%s' '1700000000.{"id":7,"kind":"order.created"}' |
    //   openssl dgst -sha256 -hmac whsec_partner_test_secret
    const VECTOR: &str = "028e0f727eb082c702b5f0188fdefb7e032c2c2c3eaa7a185e8e8fd827488c86";

    #[test]
    fn the_header_is_the_documented_hmac_over_the_time_and_the_body() {
        let t = 1_700_000_000;
        assert_eq!(sign(SECRET, t, BODY), format!("t={t},v1={VECTOR}"));
        let header = sign(SECRET, t, BODY);
        assert_eq!(verify(Some(&header), BODY, SECRET, t + 5, TOLERANCE_SECS), Ok(()));
        assert_eq!(verify(Some(&header), b"{}", SECRET, t, TOLERANCE_SECS), Err(SignatureError::Mismatch));
        assert_eq!(verify(Some(&header), BODY, "another", t, TOLERANCE_SECS), Err(SignatureError::Mismatch));
    }
}
