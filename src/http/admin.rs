//! Admin endpoints: `GET /api/admin/catalog`, the live catalog and the last reload's problems.

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use super::caller::AuthUser;
use super::error::RoleErrors;
use super::reload::ReloadReport;
use super::{AppState, Error, Json};
use crate::store::Role;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/admin/catalog", get(get_catalog_status))
}

/// When the serving catalog was loaded, its summary, and the errors of the last
/// failed reload (empty when the last reload succeeded).
#[utoipa::path(get, path = "/api/admin/catalog", tag = "admin",
    responses((status = 200, body = ReloadReport),
              RoleErrors),
    security(("bearer" = [])))]
pub(super) async fn get_catalog_status(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<ReloadReport>, Error> {
    user.require(&[Role::Admin])?;
    Ok(Json(state.catalog.status().into()))
}
