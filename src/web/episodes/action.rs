//! One helper for every case form: show it (the action's policy first), take
//! a submission (CSRF, the page's own reading of the fields, then the domain
//! action in one call), then go back to the case or show the form again with
//! what went wrong. A new action is its form, its page and one domain call.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use super::Feedback;
use crate::db::DbConn;
use crate::domain::auth::Actor;
use crate::domain::policy::Policy;
use crate::error::{AppError, FieldErrors};
use crate::http::AppState;
use crate::web::session::CurrentUser;
use crate::web::{see_other, with_db};

pub(crate) trait CaseForm: DeserializeOwned + Default + Clone + 'static {
    /// Who may open the form (the domain checks the rest when it runs).
    const POLICY: &'static Policy;
    /// What the domain action takes.
    type Input: Send + 'static;

    fn csrf(&self) -> &str;

    /// The form as first shown (for example "Just now" chosen).
    fn initial(_user: &CurrentUser) -> Self {
        Self::default()
    }

    /// The page's own reading of the form (times as typed); problems go to
    /// `errors`, and then nothing runs.
    fn input(&self, errors: &mut FieldErrors) -> Self::Input;

    /// The domain action.
    fn run(
        c: &mut DbConn,
        actor: &Actor,
        reference: &str,
        input: Self::Input,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;

    /// The form page, first shown or again with feedback.
    async fn page(
        state: &AppState,
        user: &CurrentUser,
        reference: String,
        form: Self,
        fb: Feedback,
    ) -> Result<HttpResponse, AppError>;
}

pub(crate) async fn show<F: CaseForm>(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    F::POLICY.check_role(&user.actor)?;
    let form = F::initial(&user);
    F::page(&state, &user, path.into_inner(), form, Feedback::default()).await
}

pub(crate) async fn submit<F: CaseForm>(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<F>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    user.check_csrf(f.csrf())?;
    let reference = path.into_inner();
    let mut errors = FieldErrors::default();
    let input = f.input(&mut errors);
    if !errors.is_empty() {
        return F::page(&state, &user, reference, f, Feedback::fields(errors)).await;
    }
    let (actor, now, r) = (user.actor.clone(), state.now(), reference.clone());
    let result = with_db(&state, move |c| F::run(c, &actor, &r, input, now)).await;
    match Feedback::from_result(result)? {
        None => Ok(see_other(&format!("/episodes/{reference}"))),
        Some(fb) => F::page(&state, &user, reference, f, fb).await,
    }
}
