//! What a message asks for, as a type: the intents the engine and the dialogue act on,
//! plus the operator's own (`info.hours`, answered with their replies). The JSON and
//! the operator's files keep the string ids ("order.add", "checkout", …).

use serde::{Deserialize, Serialize};

/// One message's intent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Intent {
    Greet,
    Help,
    /// New lines to order.
    OrderAdd,
    /// Lines to take out of the cart.
    OrderRemove,
    /// A change to lines already in the cart.
    OrderModify,
    /// "What's in my order?"
    OrderShow,
    /// "That's all": read the order back.
    Checkout,
    Affirm,
    Deny,
    Cancel,
    Undo,
    Wait,
    Thanks,
    Goodbye,
    MenuAsk,
    PriceAsk,
    StatusAsk,
    /// "Same as last time": the customer's previous order again.
    Reorder,
    /// About something else entirely: the cart is left alone.
    Other,
    /// Nothing understood.
    Fallback,
    /// An intent of the operator's own (`info.hours`): answered with its replies.
    Shop(String),
}

/// The built-in intents and their ids.
const IDS: &[(Intent, &str)] = &[
    (Intent::Greet, "greet"),
    (Intent::Help, "help"),
    (Intent::OrderAdd, "order.add"),
    (Intent::OrderRemove, "order.remove"),
    (Intent::OrderModify, "order.modify"),
    (Intent::OrderShow, "order.show"),
    (Intent::Checkout, "checkout"),
    (Intent::Affirm, "affirm"),
    (Intent::Deny, "deny"),
    (Intent::Cancel, "cancel"),
    (Intent::Undo, "undo"),
    (Intent::Wait, "wait"),
    (Intent::Thanks, "thanks"),
    (Intent::Goodbye, "goodbye"),
    (Intent::MenuAsk, "menu.ask"),
    (Intent::PriceAsk, "price.ask"),
    (Intent::StatusAsk, "status.ask"),
    (Intent::Reorder, "reorder"),
    (Intent::Other, "other"),
    (Intent::Fallback, "fallback"),
];

impl Intent {
    /// The id the operator's files and the JSON use.
    pub fn id(&self) -> &str {
        match self {
            Self::Shop(id) => id,
            built_in => IDS.iter().find(|(i, _)| i == built_in).map_or("fallback", |(_, id)| id),
        }
    }

    /// The intent an id names; an id that is no built-in one is the operator's own.
    pub fn from_id(id: &str) -> Self {
        IDS.iter().find(|(_, s)| *s == id).map_or_else(|| Self::Shop(id.to_owned()), |(i, _)| i.clone())
    }

    /// An order or an edit of one: it names lines to add, change or remove.
    pub fn is_order(&self) -> bool {
        matches!(self, Self::OrderAdd | Self::OrderRemove | Self::OrderModify)
    }
}

impl From<String> for Intent {
    fn from(id: String) -> Self {
        Self::from_id(&id)
    }
}

impl From<&str> for Intent {
    fn from(id: &str) -> Self {
        Self::from_id(id)
    }
}

/// `parse.intent == "order.add"`: compared by id.
impl PartialEq<&str> for Intent {
    fn eq(&self, id: &&str) -> bool {
        self.id() == *id
    }
}

impl From<Intent> for String {
    fn from(i: Intent) -> Self {
        i.id().to_owned()
    }
}

impl std::fmt::Display for Intent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::Intent;

    #[test]
    fn ids_round_trip_and_unknown_ids_are_the_shops_own() {
        for id in ["order.add", "checkout", "reorder", "fallback", "info.hours"] {
            assert_eq!(Intent::from_id(id).id(), id);
        }
        assert_eq!(Intent::from_id("info.hours"), Intent::Shop("info.hours".into()));
        assert_eq!(serde_json::to_string(&Intent::OrderAdd).unwrap(), "\"order.add\"");
    }
}
