//! The role matrix: every route of the router × every role (and anonymous).
//! The routes come from the code (`web::routes()`), so a new route without
//! a line here fails this test.

use checkpoint_tracker::auth::{Access, Permission};
use checkpoint_tracker::domain::user::Role;

use crate::support::{TestApp, Visitor, value};

/// Who may use a route, as the issue states it (not derived from the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anyone,
    SignedIn,
    Admin,
    AdminOrPm,
    /// Ministry staff of the report's own body (the matrix uses `transport`).
    OwnStaff,
    /// Nobody with a session: the API takes personal tokens only
    /// (tests/it/api.rs checks the roles with tokens).
    TokenOnly,
}

const MATRIX: &[(&str, &str, Who)] = &[
    ("GET", "/", Who::SignedIn),
    ("GET", "/programmes/{code}/target", Who::Admin),
    ("POST", "/programmes/{code}/target", Who::Admin),
    ("GET", "/officials", Who::SignedIn),
    ("POST", "/officials/appointments", Who::Admin),
    ("POST", "/officials/vacancies", Who::Admin),
    ("GET", "/export", Who::SignedIn),
    ("GET", "/static/{*path}", Who::Anyone),
    ("GET", "/healthz", Who::Anyone),
    ("GET", "/livez", Who::Anyone),
    ("GET", "/readyz", Who::Anyone),
    ("GET", "/login", Who::Anyone),
    ("POST", "/login", Who::Anyone),
    ("POST", "/logout", Who::SignedIn),
    ("POST", "/language", Who::Anyone),
    ("GET", "/checkpoints", Who::SignedIn),
    ("POST", "/checkpoints", Who::Admin),
    ("GET", "/checkpoints/new", Who::Admin),
    ("GET", "/checkpoints/{id}", Who::SignedIn),
    ("GET", "/checkpoints/{id}/edit", Who::Admin),
    ("POST", "/checkpoints/{id}/edit", Who::Admin),
    ("GET", "/checkpoints/{id}/commissioning-date", Who::Admin),
    ("POST", "/checkpoints/{id}/commissioning-date", Who::Admin),
    ("GET", "/checkpoints/{id}/rag", Who::AdminOrPm),
    ("POST", "/checkpoints/{id}/rag", Who::AdminOrPm),
    ("POST", "/checkpoints/{id}/rag/lift", Who::AdminOrPm),
    ("POST", "/checkpoints/{id}/milestones", Who::Admin),
    ("GET", "/checkpoints/{id}/milestones/new", Who::Admin),
    ("GET", "/checkpoints/{id}/milestones/{mid}/edit", Who::Admin),
    ("POST", "/checkpoints/{id}/milestones/{mid}/edit", Who::Admin),
    ("GET", "/checkpoints/{id}/milestones/{mid}/dates", Who::Admin),
    ("POST", "/checkpoints/{id}/milestones/{mid}/dates", Who::Admin),
    ("GET", "/users", Who::Admin),
    ("POST", "/users", Who::Admin),
    ("GET", "/users/new", Who::Admin),
    ("GET", "/users/{id}/edit", Who::Admin),
    ("POST", "/users/{id}/edit", Who::Admin),
    ("GET", "/users/{id}/password", Who::Admin),
    ("POST", "/users/{id}/password", Who::Admin),
    ("GET", "/users/throttles", Who::Admin),
    ("POST", "/users/throttles/{id}/clear", Who::Admin),
    ("GET", "/audit", Who::AdminOrPm),
    ("GET", "/reports", Who::SignedIn),
    ("GET", "/reports/queue", Who::AdminOrPm),
    ("GET", "/reports/compliance", Who::SignedIn),
    ("GET", "/reports/{body}/{week}", Who::SignedIn),
    ("GET", "/reports/{body}/{week}/revisions/{number}", Who::SignedIn),
    ("GET", "/reports/{body}/{week}/draft", Who::OwnStaff),
    ("POST", "/reports/{body}/{week}/draft", Who::OwnStaff),
    ("POST", "/reports/{body}/{week}/review", Who::AdminOrPm),
    ("POST", "/reports/{body}/{week}/amend", Who::OwnStaff),
    ("GET", "/tokens", Who::SignedIn),
    ("POST", "/tokens", Who::SignedIn),
    ("POST", "/tokens/{id}/revoke", Who::SignedIn),
    ("GET", "/account/password", Who::SignedIn),
    ("POST", "/account/password", Who::SignedIn),
    ("POST", "/account/sign-out-everywhere", Who::SignedIn),
    ("GET", "/api/v1/reports/{body}/{week}", Who::TokenOnly),
    ("PUT", "/api/v1/reports/{body}/{week}/draft", Who::TokenOnly),
    ("POST", "/api/v1/reports/{body}/{week}/submit", Who::TokenOnly),
    ("GET", "/api/v1/openapi.json", Who::Anyone),
    // Exports: each dataset as CSV, XLSX and JSON pages (audit: admin and PM office).
    ("GET", "/export/checkpoints.csv", Who::SignedIn),
    ("GET", "/export/checkpoints.xlsx", Who::SignedIn),
    ("GET", "/api/v1/checkpoints", Who::TokenOnly),
    ("GET", "/export/milestones.csv", Who::SignedIn),
    ("GET", "/export/milestones.xlsx", Who::SignedIn),
    ("GET", "/api/v1/milestones", Who::TokenOnly),
    ("GET", "/export/date_revisions.csv", Who::SignedIn),
    ("GET", "/export/date_revisions.xlsx", Who::SignedIn),
    ("GET", "/api/v1/date_revisions", Who::TokenOnly),
    ("GET", "/export/reports.csv", Who::SignedIn),
    ("GET", "/export/reports.xlsx", Who::SignedIn),
    ("GET", "/api/v1/reports", Who::TokenOnly),
    ("GET", "/export/report_entries.csv", Who::SignedIn),
    ("GET", "/export/report_entries.xlsx", Who::SignedIn),
    ("GET", "/api/v1/report_entries", Who::TokenOnly),
    ("GET", "/export/report_issues.csv", Who::SignedIn),
    ("GET", "/export/report_issues.xlsx", Who::SignedIn),
    ("GET", "/api/v1/report_issues", Who::TokenOnly),
    ("GET", "/export/milestone_updates.csv", Who::SignedIn),
    ("GET", "/export/milestone_updates.xlsx", Who::SignedIn),
    ("GET", "/api/v1/milestone_updates", Who::TokenOnly),
    ("GET", "/export/proposals.csv", Who::SignedIn),
    ("GET", "/export/proposals.xlsx", Who::SignedIn),
    ("GET", "/api/v1/proposals", Who::TokenOnly),
    ("GET", "/export/compliance.csv", Who::SignedIn),
    ("GET", "/export/compliance.xlsx", Who::SignedIn),
    ("GET", "/api/v1/compliance", Who::TokenOnly),
    ("GET", "/export/audit.csv", Who::AdminOrPm),
    ("GET", "/export/audit.xlsx", Who::AdminOrPm),
    ("GET", "/api/v1/audit", Who::TokenOnly),
];

fn allowed(who: Who, role: Role) -> bool {
    match who {
        Who::Anyone | Who::SignedIn => true,
        Who::Admin => role == Role::Admin,
        Who::AdminOrPm => matches!(role, Role::Admin | Role::PmOffice),
        Who::OwnStaff => role == Role::MinistryStaff,
        Who::TokenOnly => false,
    }
}

/// The rules of the code that implement each kind of line.
fn implements(who: Who, access: Access) -> bool {
    use Permission::*;
    matches!(
        (who, access),
        (Who::Anyone, Access::Public)
            | (Who::SignedIn, Access::Signed(SignedIn | ReadRegister | ReadReports))
            | (Who::Admin, Access::Signed(EditRegister | ManageUsers))
            | (Who::AdminOrPm, Access::Signed(ReadAudit | ReviewReports))
            | (Who::OwnStaff, Access::Signed(WriteReports))
            | (Who::TokenOnly, Access::Token(_))
    )
}

#[test]
fn every_route_has_a_line_in_the_matrix_and_a_matching_rule() {
    let routes = checkpoint_tracker::web::routes();
    for rule in routes.table() {
        let line = MATRIX.iter().find(|(m, p, _)| *m == rule.method && *p == rule.path);
        let Some((_, _, who)) = line else { panic!("{} {} has no line in the role matrix", rule.method, rule.path) };
        assert!(implements(*who, rule.access), "{} {}: {:?} for {who:?}", rule.method, rule.path, rule.access);
    }
    assert_eq!(routes.table().len(), MATRIX.len(), "the matrix lists a route the router does not have");
}

#[tokio::test]
async fn each_role_gets_exactly_what_the_matrix_says() {
    let app = TestApp::spawn().await;
    let checkpoint = app.checkpoint_id("Kordai").await;
    let milestone = app.add_milestone(checkpoint, &[("title", "Scanners"), ("kind", "equipment")]).await;
    // Even anonymous forms (the login) carry the token of their session.
    let mut anonymous = app.anonymous();
    anonymous.csrf = value(&anonymous.page("/login", 200).await, "input[name=csrf_token]");
    let mut visitors: Vec<(Option<Role>, Visitor)> = vec![(None, anonymous)];
    for role in Role::ALL {
        let body = (*role == Role::MinistryStaff).then_some("transport");
        visitors.push((Some(*role), app.visitor(*role, body).await));
    }
    let week = checkpoint_tracker::domain::week::IsoWeek::at(chrono::Utc::now()).to_string();
    let user_id: i64 =
        sqlx::query_scalar("select id from users where username = 'analyst-all'").fetch_one(&app.pool).await.unwrap();

    // Logging out and signing out everywhere are last: they end the
    // session the other requests use (the visitors sign in again between).
    const EVERYWHERE: &str = "/account/sign-out-everywhere";
    let mut routes = MATRIX.to_vec();
    routes.sort_by_key(|(_, path, _)| (*path == EVERYWHERE, *path == "/logout"));
    for (method, pattern, who) in routes {
        if pattern == EVERYWHERE {
            for (role, visitor) in &mut visitors {
                if let Some(role) = role {
                    *visitor = app.visitor(*role, (*role == Role::MinistryStaff).then_some("transport")).await;
                }
            }
        }
        let id = if pattern.starts_with("/users") { user_id } else { checkpoint };
        let path = pattern
            .replace("{id}", &id.to_string())
            .replace("{mid}", &milestone.to_string())
            .replace("{*path}", "css/app.css")
            .replace("{body}", "transport")
            .replace("{week}", &week)
            .replace("{number}", "1")
            .replace("{code}", "eaeu_external_2025");
        for (role, visitor) in &visitors {
            // An empty form: allowed requests fail validation at most, so
            // nothing changes while the access rule is exercised.
            let response = match method {
                "GET" => visitor.get(&path).await,
                "PUT" => visitor.client.put(visitor.url(&path)).json(&serde_json::json!({})).send().await.unwrap(),
                _ => visitor.post_form(&path, &[]).await,
            };
            let status = response.status().as_u16();
            let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_owned();
            let case = format!("{method} {path} as {role:?}: {status} {location}");
            match role {
                _ if who == Who::TokenOnly => assert_eq!(status, 401, "{case}: a session is no API credential"),
                None if who == Who::Anyone => assert!(status < 500 && status != 401 && status != 403, "{case}"),
                None if method == "GET" => assert!(status == 303 && location.starts_with("/login?next="), "{case}"),
                None => assert_eq!(status, 401, "{case}"),
                Some(role) if allowed(who, *role) => {
                    let denied = status == 401 || status == 403 || location.starts_with("/login?next=");
                    assert!(status < 500 && !denied, "{case}")
                }
                Some(_) => assert_eq!(status, 403, "{case}"),
            }
        }
    }
}
