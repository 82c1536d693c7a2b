//! Writes a generated plan (MODELS SCENARIOS PATH), as the scale bench makes them.
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let plan =
        inferplan::store::plan_file::synthetic_plan(a[0].parse().unwrap(), a[1].parse().unwrap());
    std::fs::write(&a[2], inferplan::store::plan_file::to_toml(&plan)).unwrap();
}
