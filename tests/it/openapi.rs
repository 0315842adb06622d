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
