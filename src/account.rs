//! Who someone is to the shop: an account's id, name and role. The ground every layer
//! may name (the store keeps accounts, auth checks them, the API shows them); it
//! depends on nothing in the crate.

use serde::{Deserialize, Serialize};

/// What a user may do. Customers register through the API; staff and admins are
/// created with `chatorder user create` (or by an admin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Staff,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "customer" => Some(Role::Customer),
            "staff" => Some(Role::Staff),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Staff and admins see and move every order.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

/// An account as the API shows it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// Which of the account's tokens count: those issued at this version. Logging out
    /// and changing the password move it on. Never shown.
    #[serde(skip)]
    pub token_version: i64,
}
