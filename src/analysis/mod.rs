//! Decision insight from the engine's own figures, pure: goal seek, the
//! tornado, the Monte Carlo run, the sweep, the timeline and its cash view, the explanation of a
//! scenario and what its verdict rests on.

pub mod cash;
pub mod day;
pub mod explain;
pub mod input;
pub mod insight;
pub mod provenance;
pub mod sensitivity;
pub mod solve;
pub mod uncertainty;
