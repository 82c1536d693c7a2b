//! What is kept on disk beside plans: the plan library, results saved beside
//! a plan, the last plan opened, rescues and recovery copies.

pub mod library;
pub mod plan_file;
pub mod recovery;
pub mod saved_results;
pub mod session;
