//! `PUT /api/admin/items/{id}`: an admin marks an item available or sold out. The setting
//! is stored, applied to the serving catalog at once (pricing refuses unavailable items, so
//! the bot stops selling it on the next message), and re-applied after every reload.

use axum::extract::State;
use axum::routing::put;
use axum::Router;
use serde::{Deserialize, Serialize};

use super::caller::AuthUser;
use super::error::{BodyErrors, ErrorBody, RoleErrors};
use super::{AppState, Error, Json, Path};
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/items/{id}", put(put_item_availability))
}

/// The body of `PUT /api/admin/items/{id}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityChange {
    pub available: bool,
}

/// The item's availability after the change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ItemAvailability {
    pub id: String,
    pub name: String,
    pub available: bool,
}

/// Marks an item available or not (admin only).
#[utoipa::path(put, path = "/api/admin/items/{id}", tag = "admin", request_body = AvailabilityChange,
    params(("id" = String, Path, description = "an item id of the menu")),
    responses((status = 200, body = ItemAvailability),
              BodyErrors,
              RoleErrors,
              (status = 404, description = "no such item", body = ErrorBody),
              (status = 422, description = "a field missing or of the wrong type", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_item_availability(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    change: Result<Json<AvailabilityChange>, Error>,
) -> Result<Json<ItemAvailability>, Error> {
    // The role is checked before anything else about the request, the body included.
    user.require(&[Role::Admin])?;
    let Json(change) = change?;
    let name = state.catalog().items.iter().find(|i| i.id == id).map(|i| i.name.clone()).ok_or(Error::NotFound)?;
    state.store.set_availability(&id, change.available).await.map_err(|e| Error::Internal(e.into()))?;
    state.catalog.set_item_available(&id, change.available);
    tracing::info!(admin_id = user.0.id, item = %id, available = change.available, "item availability changed");
    Ok(Json(ItemAvailability { id, name, available: change.available }))
}

/// How often each process re-reads the stored settings, so that a change made through
/// another server process sharing the database reaches this one's bot within a second.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Keeps this process's settings in step with the database until the pool closes.
pub async fn follow(state: AppState) {
    let mut tick = tokio::time::interval(FOLLOW_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if state.store.is_closed() {
            return;
        }
        let stored = match state.store.availability().await {
            Ok(stored) => stored,
            Err(e) => {
                tracing::warn!("reading item availability: {e}");
                continue;
            }
        };
        state.catalog.set_availability(stored);
    }
}
