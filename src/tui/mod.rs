//! The planner: its state and the one place it changes (`app`), the views
//! that draw it (`views`), where each part of the screen goes (`layout`), and
//! the terminal it runs in (`terminal`).

pub mod app;
pub mod layout;
pub mod tab;
pub mod terminal;
pub mod views;
pub mod widgets;
