//! Which cases an actor may read. It lives with the queries because they
//! enforce it; `domain::auth` decides which scope an actor has.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Force(i64),
    Site(i64),
    Nothing,
}
