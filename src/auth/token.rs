//! Bearer tokens: JWT signed with HS256, carrying the user id, role and expiry.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::account::{Role, User};

/// How long a token lasts.
pub const TOKEN_TTL_SECS: i64 = 24 * 60 * 60;

/// What a token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as JWT's subject string.
    pub sub: String,
    pub username: String,
    pub role: Role,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    pub iat: i64,
    /// The account's token version when issued ([`User::token_version`]).
    #[serde(default)]
    pub ver: i64,
}

/// [`Claims`] plus the audience of a single-purpose token.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct AudienceClaims {
    sub: String,
    username: String,
    role: Role,
    exp: i64,
    iat: i64,
    aud: String,
    #[serde(default)]
    ver: i64,
}

/// The signing and verifying keys made from the secret.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

impl Keys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    /// Issues a token for a user, valid for [`TOKEN_TTL_SECS`].
    ///
    /// # Errors
    /// Signing fails (it does not with HS256 and a valid key).
    pub fn issue(&self, user: &User) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user.id.to_string(),
            username: user.username.clone(),
            role: user.role,
            exp: now + TOKEN_TTL_SECS,
            iat: now,
            ver: user.token_version,
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// Issues a token for one purpose only: it carries `aud = audience`, which [`Keys::verify`]
    /// refuses (a token with an audience is never a login token), and lasts `ttl_secs`.
    ///
    /// # Errors
    /// Signing fails (it does not with HS256 and a valid key).
    pub fn issue_for(&self, user: &User, audience: &str, ttl_secs: i64) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = AudienceClaims {
            sub: user.id.to_string(),
            username: user.username.clone(),
            role: user.role,
            exp: now + ttl_secs,
            iat: now,
            aud: audience.to_owned(),
            ver: user.token_version,
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// Verifies a token issued by [`Keys::issue_for`] for `audience`.
    pub fn verify_for(&self, token: &str, audience: &str) -> Option<User> {
        let mut validation = self.validation.clone();
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "aud"]);
        let claims = jsonwebtoken::decode::<AudienceClaims>(token, &self.decoding, &validation).ok()?.claims;
        Some(User {
            id: claims.sub.parse().ok()?,
            username: claims.username,
            role: claims.role,
            token_version: claims.ver,
        })
    }

    /// Verifies a token's signature and expiry and returns the user it names.
    pub fn verify(&self, token: &str) -> Option<User> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?.claims;
        Some(User {
            id: claims.sub.parse().ok()?,
            username: claims.username,
            role: claims.role,
            token_version: claims.ver,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_secret_only() {
        let user = User { id: 7, username: "ann".into(), role: Role::Staff, token_version: 3 };
        let token = Keys::new(b"one").issue(&user).unwrap();
        assert_eq!(Keys::new(b"one").verify(&token), Some(user));
        assert_eq!(Keys::new(b"two").verify(&token), None);
    }

    #[test]
    fn a_purpose_token_is_accepted_for_its_purpose_only() {
        let user = User { id: 7, username: "ann".into(), role: Role::Customer, token_version: 0 };
        let keys = Keys::new(b"one");
        let token = keys.issue_for(&user, "events", 60).unwrap();
        assert_eq!(keys.verify_for(&token, "events"), Some(user.clone()));
        assert_eq!(keys.verify_for(&token, "other"), None);
        assert_eq!(keys.verify(&token), None, "a purpose token is not a login token");
        assert_eq!(keys.verify_for(&keys.issue(&user).unwrap(), "events"), None, "a login token has no audience");
    }
}
