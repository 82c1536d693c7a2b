//! What one replica of a GPU tier serves for a model, estimated from first
//! principles and calibrated on measured serving runs: whether it fits in
//! memory, TTFT and TPOT, tokens a day, each with the calibration's error
//! band as its range; and the queue a peak rate waits in (`queue`).
//!
//! Pure: the model and GPU tables are embedded (`tables`), measured runs and
//! a `config.json` are handed in as text by the caller.

pub mod answer;
pub mod calibrate;
pub mod estimate;
pub mod hf_config;
pub mod queue;
pub mod sizing;
pub mod tables;
