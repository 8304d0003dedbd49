//! `GET /api/menu`: the live catalog's items, option groups and prices.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use std::collections::BTreeMap;

use super::{AppState, Json};
use crate::catalog::{Catalog, Price};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/menu", get(get_menu))
}

/// The menu as customers see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct MenuView {
    pub categories: Vec<CategoryView>,
    pub items: Vec<ItemView>,
    pub groups: Vec<GroupView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct CategoryView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct ItemView {
    pub id: String,
    pub name: String,
    pub category: String,
    pub description: Option<String>,
    /// The price when it does not depend on size, in cents.
    pub price_cents: Option<i64>,
    /// Prices by `size` choice id, in cents, when the size sets the price.
    pub prices_by_size: Option<BTreeMap<String, i64>>,
    pub available: bool,
    /// The shop's tags for it ("vegetarian", "gluten free").
    pub tags: Vec<String>,
    /// The option groups this item takes.
    pub groups: Vec<ItemGroupView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct ItemGroupView {
    pub group: String,
    pub required: bool,
    pub defaults: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct GroupView {
    pub id: String,
    pub name: String,
    pub min: u32,
    pub max: u32,
    /// Whether choices take "extra"/"light".
    pub amounts: bool,
    /// Whether a choice may go on one half of the item; it then costs `half_price`
    /// percent of its price.
    pub halves: bool,
    pub half_price: u32,
    pub choices: Vec<ChoiceView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct ChoiceView {
    pub id: String,
    pub name: String,
    /// Added to the item's price, in cents.
    pub price_cents: i64,
    /// Per-size prices replacing `price_cents` for those sizes.
    pub prices_by_size: BTreeMap<String, i64>,
    pub available: bool,
}

impl MenuView {
    pub(super) fn from_catalog(catalog: &Catalog) -> Self {
        Self {
            categories: catalog
                .categories
                .iter()
                .map(|c| CategoryView { id: c.id.clone(), name: c.name.clone() })
                .collect(),
            items: catalog
                .items
                .iter()
                .map(|i| ItemView {
                    id: i.id.clone(),
                    name: i.name.clone(),
                    category: i.category.clone(),
                    description: i.description.clone(),
                    price_cents: match &i.price {
                        Price::Fixed(p) => Some(*p),
                        Price::BySize(_) => None,
                    },
                    prices_by_size: match &i.price {
                        Price::Fixed(_) => None,
                        Price::BySize(m) => Some(m.clone()),
                    },
                    available: i.available,
                    tags: i.tags.clone(),
                    groups: i
                        .groups
                        .iter()
                        .map(|g| ItemGroupView {
                            group: g.group.clone(),
                            required: g.required,
                            defaults: g.defaults.clone(),
                        })
                        .collect(),
                })
                .collect(),
            groups: catalog
                .groups
                .iter()
                .map(|g| GroupView {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    min: g.min,
                    max: g.max,
                    amounts: g.amounts,
                    halves: g.halves,
                    half_price: g.half_price,
                    choices: g
                        .choices
                        .iter()
                        .map(|c| ChoiceView {
                            id: c.id.clone(),
                            name: c.name.clone(),
                            price_cents: c.price,
                            prices_by_size: c.prices.clone(),
                            available: c.available,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The menu with prices and availability.
#[utoipa::path(get, path = "/api/menu", tag = "menu", responses((status = 200, body = MenuView)))]
pub(super) async fn get_menu(State(state): State<AppState>) -> Json<MenuView> {
    Json(MenuView::from_catalog(&state.catalog()))
}
