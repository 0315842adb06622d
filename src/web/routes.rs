//! Routes are declared here, each with its [`Access`] rule, so that no
//! route can exist without one: the builder wraps every handler in
//! `auth::session::enforce`, and [`Routes::table`] lists them all for the
//! role-matrix test.

use axum::Router;
use axum::handler::Handler;
use axum::middleware::from_fn;
use axum::routing::{MethodRouter, get, post, put};

use crate::auth::Access;
use crate::auth::session::enforce;
use crate::state::AppState;

/// One route and the rule that guards it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteRule {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

/// A router that knows the rule of each of its routes.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<RouteRule>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, access, get(handler))
    }

    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, access, post(handler))
    }

    pub fn put<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("PUT", path, access, put(handler))
    }

    fn add(mut self, method: &'static str, path: &'static str, access: Access, route: MethodRouter<AppState>) -> Self {
        // route_layer: a method the route lacks still gets 405, not the rule.
        let guarded = route.route_layer(from_fn(move |req, next| enforce(access, req, next)));
        self.router = self.router.route(path, guarded);
        self.table.push(RouteRule { method, path, access });
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn table(&self) -> &[RouteRule] {
        &self.table
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
