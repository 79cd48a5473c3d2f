//! The pages, one module per family: each handler opens with one of [`super::page`]'s
//! extractors and answers HTML built from [`super::views`].

pub mod account;
pub mod admin;
pub mod auth;
pub mod decide;
pub mod editor;
pub mod history;
pub mod import;
pub mod mail;
pub mod op_editor;
pub mod overview;
pub mod programmes;
pub mod results;
pub mod tokens;
pub mod yearwheel;
