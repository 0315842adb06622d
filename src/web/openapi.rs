//! The API's OpenAPI 3.1 description at `/api/v1/openapi.json`, generated
//! from the code so that it cannot drift: the report routes from their
//! `#[utoipa::path]` annotations (`web::api`), each export dataset from
//! [`DATASETS`] (its filters, columns, types and examples). A test holds
//! its paths equal to the route table's.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, PathItem, PathsBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::routes::Routes;
use crate::auth::{Access, Permission, policy};
use crate::domain::body::Body;
use crate::domain::checkpoint::BorderCountry;
use crate::domain::user::Role;
use crate::export::selection::{DEFAULT_LIMIT, MAX_LIMIT};
use crate::export::{DATASETS, Dataset, Kind};

/// Where the document is served.
pub const PATH: &str = "/api/v1/openapi.json";

/// Public: it describes the API and holds no data (the same facts are in
/// docs/API.md and docs/EXPORTS.md), and a client generator must be able to
/// read it before it has a token.
pub fn routes() -> Routes {
    Routes::new().get(PATH, Access::Public, serve)
}

async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

/// Built once: everything in it is static.
static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| document().to_json().expect("the OpenAPI document serializes to JSON"));

/// The name of the security scheme of the API's tokens.
const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "checkpoint-tracker API",
        description = "Weekly reports of the reporting bodies, and every export dataset as JSON pages. \
                       Authenticate with a personal API token: `Authorization: Bearer ctk_…`. See docs/API.md."
    ),
    paths(super::api::get_report, super::api::put_draft, super::api::submit),
    modifiers(&Bearer),
    tags(
        (name = "reports", description = "Read, draft and submit a body's weekly report."),
        (name = "exports", description = "Each export dataset as JSON pages (keyset paging)."),
        (name = "meta", description = "This document."),
    )
)]
struct ReportsApi;

/// HTTP bearer authentication with a personal token.
struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut Document) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("ctk_…")
            .description(Some(
                "A personal API token (`ctk_…`), created on /tokens or with `checkpoint-tracker token create`.",
            ))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    }
}

/// The whole document: the annotated report routes, then one path per
/// export dataset and this document's own.
pub fn document() -> Document {
    let mut doc = ReportsApi::openapi();
    let mut paths = PathsBuilder::from(std::mem::take(&mut doc.paths));
    let components = doc.components.get_or_insert_with(Default::default);
    for d in DATASETS {
        components.schemas.insert(row_schema_name(d), row_schema(d).into());
        paths = paths.path(super::export::api_path(d), PathItem::new(HttpMethod::Get, dataset_operation(d)));
    }
    paths = paths.path(PATH, PathItem::new(HttpMethod::Get, self_operation()));
    doc.paths = paths.build();
    doc
}

fn row_schema_name(d: &Dataset) -> String {
    format!("{}_row", d.name)
}

/// One row of a dataset: a property per column, each nullable.
fn row_schema(d: &Dataset) -> Schema {
    let mut row = ObjectBuilder::new()
        .description(Some(d.doc))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for c in d.columns {
        let (ty, format) = match c.kind {
            Kind::Text => (Type::String, None),
            Kind::Integer => (Type::Integer, None),
            Kind::Date => (Type::String, Some(KnownFormat::Date)),
            Kind::Timestamp => (Type::String, Some(KnownFormat::DateTime)),
            Kind::Boolean => (Type::Boolean, None),
        };
        let property = ObjectBuilder::new()
            .schema_type(SchemaType::Array(vec![ty, Type::Null]))
            .format(format.map(SchemaFormat::KnownFormat))
            .description(Some(c.doc))
            .examples([example(c.kind, c.example)]);
        row = row.property(c.name, property).required(c.name);
    }
    row.into()
}

/// A column's example as its JSON value; an empty one is `null` (except
/// for text, where empty text is what the API returns).
fn example(kind: Kind, text: &str) -> Value {
    match kind {
        Kind::Text => text.into(),
        _ if text.is_empty() => Value::Null,
        Kind::Integer => text.parse::<i64>().map_or(Value::Null, Value::from),
        Kind::Boolean => text.parse::<bool>().map_or(Value::Null, Value::from),
        Kind::Date | Kind::Timestamp => text.into(),
    }
}

/// Who may read a dataset, from the policy itself.
fn who_may(permission: Permission) -> String {
    let roles: Vec<&str> = Role::ALL.iter().filter(|r| policy::allows(**r, permission)).map(|r| r.as_str()).collect();
    if roles.len() == Role::ALL.len() {
        "any account's token".to_owned()
    } else {
        format!("the token of an account whose role is {} only", roles.join(" or "))
    }
}

fn query(name: &str, schema: impl Into<RefOr<Schema>>, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(utoipa::openapi::Required::False)
        .schema(Some(schema))
        .description(Some(description))
        .build()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn codes<'a>(values: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    string().enum_values(Some(values.into_iter().map(str::to_owned).collect::<Vec<_>>()))
}

/// The query parameters a dataset takes: only its own filters (another is
/// refused with 422 `export-filter-not-applicable`), then the paging.
fn parameters(d: &Dataset) -> Vec<Parameter> {
    let f = &d.filters;
    let mut out = Vec::new();
    if f.border.is_some() {
        let values = BorderCountry::ALL.iter().map(|b| b.as_str());
        out.push(query("border", codes(values), "The neighbour across the border (ISO 3166)."));
    }
    if f.programme.is_some() {
        out.push(query("programme", string().examples(["eaeu_external_2025"]), "A programme's code."));
    }
    if f.checkpoint.is_some() {
        let id = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1));
        out.push(query("checkpoint", id, "A checkpoint's id."));
    }
    if f.body.is_some() {
        out.push(query("body", codes(Body::ALL.iter().map(|b| b.as_str())), "A reporting body's code."));
    }
    if let Some((_, values)) = f.status {
        out.push(query("status", codes(values.iter().copied()), "The dataset's own status column."));
    }
    if f.period.is_some() {
        let bound = || string().examples(["2026-W05", "2026-02-01"]);
        out.push(query("from", bound(), "The first ISO week (`2026-W05`) or day (`2026-02-01`), inclusive."));
        out.push(query("to", bound(), "The last ISO week or day, inclusive."));
    }
    if d.by_revision {
        let revisions = codes(["current", "all"]).default(Some(json!("current")));
        out.push(query(
            "revisions",
            revisions,
            "`current`: each report's latest submitted revision; `all`: every revision (drafts only of the \
             token's own body).",
        ));
    }
    let cursor = "Where the previous page ended: its `next_cursor` (opaque).";
    out.push(query("cursor", string(), cursor));
    let limit = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT as f64))
        .default(Some(json!(DEFAULT_LIMIT)));
    out.push(query("limit", limit, "Rows per page."));
    out
}

fn json_response(description: &str, schema: impl Into<RefOr<Schema>>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(schema)).build())
        .build()
}

fn error(description: &str) -> utoipa::openapi::Response {
    json_response(description, Ref::from_schema_name("ErrorBody"))
}

/// `GET /api/v1/{dataset}`: one page of rows.
fn dataset_operation(d: &Dataset) -> Operation {
    let columns = d.columns.iter().map(|c| c.name).collect::<Vec<_>>();
    let page = ObjectBuilder::new()
        .property("dataset", codes([d.name]))
        .required("dataset")
        .property("columns", ArrayBuilder::new().items(string()).examples([json!(columns)]))
        .required("columns")
        .property(
            "filters",
            ObjectBuilder::new()
                .description(Some("The filters applied, as read (`revisions` always, for report contents)."))
                .additional_properties(Some(AdditionalProperties::FreeForm(true))),
        )
        .required("filters")
        .property("rows", ArrayBuilder::new().items(Ref::from_schema_name(row_schema_name(d))))
        .required("rows")
        .property(
            "next_cursor",
            ObjectBuilder::new()
                .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
                .description(Some("The `cursor` of the next page; null on the last.")),
        )
        .required("next_cursor")
        .property(
            "next",
            ObjectBuilder::new()
                .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
                .description(Some("The next page's path and query; null on the last.")),
        )
        .required("next");
    OperationBuilder::new()
        .tag("exports")
        .operation_id(Some(format!("export_{}", d.name)))
        .summary(Some(format!("The `{}` dataset", d.name)))
        .description(Some(format!(
            "{} Needs {}. Every page is recorded in the audit trail. Columns: docs/EXPORTS.md.",
            d.doc,
            who_may(d.permission)
        )))
        .parameters(Some(parameters(d)))
        .response("200", json_response("One page of rows, in the dataset's key order.", page))
        .response(
            "400",
            error("A malformed query string (`bad_request`) or a cursor not of this dataset (`invalid_cursor`)."),
        )
        .response(
            "401",
            error("No token, or a revoked or unknown one (`unauthorized`), or an expired one (`token_expired`)."),
        )
        .response("403", error("The token's account may not read this dataset."))
        .response("422", json_response("Invalid parameters, field by field.", Ref::from_schema_name("Invalid")))
        .response("503", error("The database cannot be reached: retry after `Retry-After` seconds."))
        .securities(Some([SecurityRequirement::new(BEARER, Vec::<String>::new())]))
        .build()
}

/// `GET /api/v1/openapi.json`: this document, without a token.
fn self_operation() -> Operation {
    OperationBuilder::new()
        .tag("meta")
        .operation_id(Some("openapi"))
        .summary(Some("This OpenAPI 3.1 document"))
        .response("200", json_response("The document.", ObjectBuilder::new()))
        .securities(Some([SecurityRequirement::default()]))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` in `value`.
    fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r);
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc: Value = serde_json::from_str(&DOCUMENT).unwrap();
        // Present in every answer, even when null.
        let required = doc["components"]["schemas"]["ReportAnswer"]["required"].as_array().unwrap();
        assert!(required.contains(&json!("correction_due")), "{required:?}");
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r}"));
            assert!(doc["components"]["schemas"].get(name).is_some(), "{r} is not defined");
        }
    }

    #[test]
    fn examples_have_their_columns_types() {
        assert_eq!(example(Kind::Integer, "16"), json!(16));
        assert_eq!(example(Kind::Boolean, "false"), json!(false));
        assert_eq!(example(Kind::Timestamp, ""), Value::Null);
        assert_eq!(example(Kind::Text, ""), json!(""));
        assert!(who_may(Permission::ReadAudit).contains("admin or pm_office only"));
    }
}
