//! Who may do what in a programme.
//!
//! - Global `admin` and `observer` read every programme (admin also manages accounts on
//!   the command line). Neither writes plans nor records decisions: that takes a role in
//!   the programme, so every change of an official document is made by a member.
//! - `editor` writes plans, records the board or the council step and reopens.
//! - `board` reads and records the board step.
//! - `viewer` reads.
//! - Anybody else gets 404 for everything in the programme: its existence is not revealed.

use store::{Programme, ProgrammeRole, User};

use crate::AppState;
use crate::error::AppError;

/// The caller's standing in one programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Admin,
    Observer,
    Member(ProgrammeRole),
}

impl Access {
    /// The role's name as the API shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Admin => "admin",
            Access::Observer => "observer",
            Access::Member(role) => role.as_str(),
        }
    }

    /// Writes plans and reopens.
    pub fn can_edit(self) -> bool {
        self == Access::Member(ProgrammeRole::Editor)
    }

    /// Records the board's decision.
    pub fn can_record_board(self) -> bool {
        matches!(
            self,
            Access::Member(ProgrammeRole::Editor | ProgrammeRole::Board)
        )
    }

    /// Records the council's decision.
    pub fn can_record_council(self) -> bool {
        self.can_edit()
    }

    /// The access of `user` with `role` in a programme (`None` when not a member); `None`
    /// when the user may not see the programme. A member's role counts first, so an admin
    /// who is also an editor can edit.
    pub fn of(user: &User, role: Option<ProgrammeRole>) -> Option<Access> {
        match role {
            Some(role) => Some(Access::Member(role)),
            None => match user.global_role {
                Some(store::GlobalRole::Admin) => Some(Access::Admin),
                Some(store::GlobalRole::Observer) => Some(Access::Observer),
                None => None,
            },
        }
    }
}

/// The programme and the caller's access to it; 404 when it does not exist or the caller
/// may not see it (the same answer for both).
pub async fn programme_access(
    state: &AppState,
    user: &User,
    slug: &str,
) -> Result<(Programme, Access), AppError> {
    const NOT_FOUND: AppError = AppError::NotFound("programmet");
    // The address's text becomes a `Slug` here, once: text that cannot be a slug names no
    // programme, the same 404 as a slug nobody has.
    let slug = slug_of(slug).ok_or(NOT_FOUND)?;
    let Some(programme) = state.store.programme(&slug).await? else {
        return Err(NOT_FOUND);
    };
    let role = state.store.member_role(programme.id, user.id).await?;
    let access = Access::of(user, role).ok_or(NOT_FOUND)?;
    Ok((programme, access))
}

/// A programme's slug from an address or a form; `None` when the text cannot be one.
pub fn slug_of(text: &str) -> Option<store::Slug> {
    store::Slug::parse(text).ok()
}

/// Which programmes a user sees in the lists across programmes (the overview, the
/// programmes page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every programme: admins and observers.
    Every,
    /// The programmes the user is a member of.
    MemberOf(store::UserId),
}

impl Scope {
    /// The member the store's lists are limited to; `None` for every programme.
    pub fn member(self) -> Option<store::UserId> {
        match self {
            Scope::Every => None,
            Scope::MemberOf(user) => Some(user),
        }
    }
}

/// The rule for lists across programmes: a global role (admin, observer) sees every
/// programme, anybody else only theirs; a non-member's programme never appears.
pub fn overview_scope(user: &User) -> Scope {
    match user.global_role {
        Some(store::GlobalRole::Admin | store::GlobalRole::Observer) => Scope::Every,
        None => Scope::MemberOf(user.id),
    }
}

/// Whether the user administers the installation: accounts, memberships, every token
/// and the whole audit (the admin pages and `/api/v1/audit` without a programme).
pub fn administers(user: &User) -> bool {
    user.global_role == Some(store::GlobalRole::Admin)
}
