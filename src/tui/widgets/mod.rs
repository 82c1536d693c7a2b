//! What the views and the popups draw with: the theme, text put into a
//! buffer, and popup frames.

pub mod frame;
pub mod text;
pub mod theme;
