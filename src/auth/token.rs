//! Bearer tokens: JWT signed with HS256, carrying the user id, role and expiry.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::store::{Role, User};

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
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// Verifies a token's signature and expiry and returns the user it names.
    pub fn verify(&self, token: &str) -> Option<User> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?.claims;
        Some(User { id: claims.sub.parse().ok()?, username: claims.username, role: claims.role })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_secret_only() {
        let user = User { id: 7, username: "ann".into(), role: Role::Staff };
        let token = Keys::new(b"one").issue(&user).unwrap();
        assert_eq!(Keys::new(b"one").verify(&token), Some(user));
        assert_eq!(Keys::new(b"two").verify(&token), None);
    }
}
