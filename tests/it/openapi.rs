//! The OpenAPI document at `/api/v1/openapi.json` describes exactly the
//! API's routes: every `/api/` route of the table is in it with its
//! method, and it has no path the table lacks.

use std::collections::BTreeSet;

use checkpoint_tracker::export::DATASETS;
use serde_json::Value;

use crate::support::TestApp;

#[tokio::test]
async fn the_openapi_document_lists_every_api_route_and_no_other() {
    let app = TestApp::spawn().await;
    let response = app.anonymous().get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);

    let table: BTreeSet<(String, String)> = checkpoint_tracker::web::routes()
        .table()
        .iter()
        .filter(|r| r.path.starts_with("/api/"))
        .map(|r| (r.method.to_ascii_lowercase(), r.path.to_owned()))
        .collect();
    let described: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
            methods.into_iter().filter(|m| item.get(*m).is_some()).map(|m| (m.to_owned(), path.clone()))
        })
        .collect();
    assert_eq!(described, table, "the document's operations are the route table's /api/ routes");
    assert_eq!(doc["paths"].as_object().unwrap().len(), table.iter().map(|(_, p)| p).collect::<BTreeSet<_>>().len());

    // The token scheme, and a dataset's rows typed column by column.
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let dataset = DATASETS.iter().find(|d| d.name == "reports").unwrap();
    let row = &doc["components"]["schemas"]["reports_row"];
    // Every column is required (present, maybe null), listed in order.
    let required: Vec<&str> = row["required"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(required, dataset.column_names().collect::<Vec<_>>());
    let properties: BTreeSet<&str> = row["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(properties, dataset.column_names().collect());
    assert_eq!(row["properties"]["submitted_at"]["format"], "date-time");
    assert_eq!(row["properties"]["late"]["type"], serde_json::json!(["boolean", "null"]));
    let operation = &doc["paths"]["/api/v1/reports"]["get"];
    let parameters: Vec<&str> =
        operation["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(parameters, ["body", "status", "from", "to", "revisions", "cursor", "limit"]);
}

/// A live token of the administrator, who may read every dataset.
async fn admin_token(app: &TestApp) -> String {
    let user = checkpoint_tracker::db::users::by_username(&app.pool, "admin").await.unwrap().unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let actor = checkpoint_tracker::db::audit::Actor::system("test");
    let token = checkpoint_tracker::db::tokens::create(
        &mut tx,
        user.id,
        "test",
        checkpoint_tracker::domain::token_expiry::default_expiry(chrono::Utc::now()),
        &actor,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    token
}

/// A valid value of a documented query parameter: its first code, or example.
fn sample(parameter: &Value) -> String {
    let schema = &parameter["schema"];
    let value = schema["enum"].get(0).or_else(|| schema["examples"].get(0)).cloned().unwrap_or(Value::from(1));
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

#[tokio::test]
async fn each_dataset_takes_the_filters_the_document_lists_and_refuses_the_others() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app).await;
    let doc: Value = app.anonymous().get("/api/v1/openapi.json").await.json().await.unwrap();
    let filters = ["border", "programme", "checkpoint", "body", "status", "from", "to"];
    let client = reqwest::Client::new();
    for d in DATASETS {
        let path = format!("/api/v1/{}", d.name);
        let listed = doc["paths"][&path]["get"]["parameters"].as_array().unwrap();
        for filter in filters {
            let parameter = listed.iter().find(|p| p["name"] == filter);
            let value = parameter.map_or("2026-W05".to_owned(), sample);
            let response =
                client.get(app.url(&path)).query(&[(filter, &value)]).bearer_auth(&token).send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap();
            if parameter.is_some() {
                assert_eq!(status, 200, "{path}?{filter}={value}: {body}");
                assert_eq!(body["filters"][filter], value.as_str(), "{path}?{filter}={value}");
            } else {
                assert_eq!(status, 422, "{path}?{filter}: {body}");
                assert_eq!(body["errors"][filter]["code"], "export-filter-not-applicable", "{path}?{filter}");
            }
        }
    }
}
