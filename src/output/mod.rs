//! What the headless commands write: reports (text, Markdown, CSV, JSON) and
//! SVG charts.

pub mod charts;
pub mod compare;
pub mod report;
