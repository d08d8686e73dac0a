//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::episodes;
use super::model;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal API token from `s136 token create`"))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "s136 handover API", version = "1.0.0",
        description = "Section 136 place-of-safety handovers. Times are RFC 3339; responses give UTC with Z. A handover more than the handover target after arrival is a breach: 60 minutes unless the deployment sets another (exactly 60:00 is within a 60-minute target)."),
    paths(episodes::sites, episodes::create, episodes::list, episodes::show, episodes::handover, episodes::police_left, episodes::cancel, episodes::transfer, episodes::extend, episodes::end, episodes::handover_offered, episodes::ask_stay, episodes::answer_stay, episodes::correct, super::reports::summary,
        super::monitoring::set),
    components(schemas(model::EpisodeJson, model::StayJson, model::SiteJson, crate::domain::rules::SiteKind, model::ForceJson, model::StatusJson,
        model::EpisodeList, model::CreateEpisode, model::Handover, model::PoliceLeft, model::Transfer, model::Extend, model::ExtensionJson, model::EndDetention, model::HandoverOffered, model::AskPoliceToStay, model::StayAnswer, model::StayRequestJson, model::Cancel, model::Correction, model::ErrorBody, model::ErrorDetail,
        crate::domain::rules::DelayReason, crate::domain::rules::ExtensionReason, crate::domain::rules::Outcome, crate::domain::rules::TimeField, crate::domain::reports::Summary, crate::domain::reports::SiteSummary,
        super::monitoring::AboutJson, super::monitoring::MonitoringJson, super::monitoring::MissingJson, super::monitoring::SetMonitoring,
        crate::domain::rules::AgeBand, crate::domain::rules::Sex, crate::domain::rules::Ethnicity, crate::domain::rules::Transport, crate::domain::rules::PoliceVehicleReason)),
    modifiers(&BearerAuth),
    tags((name = "episodes", description = "Detentions and their stays"), (name = "sites", description = "Places of safety"), (name = "reports", description = "Breach figures"))
)]
pub struct ApiDoc;

/// The whole document: the main one and the parts kept beside their handlers.
pub fn doc() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(super::safeguards::SafeguardsDoc::openapi());
    doc.merge(super::prealerts::LiveDoc::openapi());
    empty_means_not_given(&mut doc);
    doc
}

/// The API reads an empty query parameter as not given (what an HTML form
/// sends for a blank field), so a typed one also takes the empty string.
/// Plain strings already do.
fn empty_means_not_given(doc: &mut utoipa::openapi::OpenApi) {
    let plain = serde_json::json!({"type": "string"});
    let params = doc
        .paths
        .paths
        .values_mut()
        .filter_map(|item| item.get.as_mut())
        .flat_map(|op| op.parameters.iter_mut().flatten())
        .filter_map(|p| match p {
            RefOr::T(p) if p.parameter_in == ParameterIn::Query => Some(p),
            _ => None,
        });
    for p in params {
        let Some(schema) = p.schema.take() else {
            continue;
        };
        p.schema = Some(
            if serde_json::to_value(&schema).ok().as_ref() == Some(&plain) {
                schema
            } else {
                AnyOfBuilder::new()
                    .item(schema)
                    .item(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .max_length(Some(0)),
                    )
                    .into()
            },
        );
    }
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc().to_json().unwrap_or_else(|_| "{}".into()))
}
