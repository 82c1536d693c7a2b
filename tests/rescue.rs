//! Rescues when the planner is stopped: beside the plan, never over an
//! earlier rescue, and in the data folder when the plan's folder cannot
//! take one. One test: it points the data folder at a temporary one.

use inferplan::store::plan_file;
use inferplan::store::plan_file::default_plan;
use inferplan::store::session::rescue;

#[test]
fn rescues_never_overwrite_each_other_and_fall_back_to_the_data_folder() {
    let data = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary; nothing else reads the
    // environment meanwhile.
    unsafe { std::env::set_var("INFERPLAN_DATA_DIR", data.path()) };

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    let mut first = default_plan();
    first.scenarios[1].tokens_per_day = 100_000_000;
    let mut second = default_plan();
    second.scenarios[1].tokens_per_day = 200_000_000;

    let a = rescue(&first, Some(&path)).unwrap();
    let b = rescue(&second, Some(&path)).unwrap();
    assert_eq!(a, dir.path().join("plan.unsaved.toml"));
    assert_eq!(b, dir.path().join("plan.unsaved-2.toml"));
    assert_eq!(
        plan_file::load(&a).unwrap(),
        first,
        "the first rescue is intact"
    );
    assert_eq!(plan_file::load(&b).unwrap(), second);

    // A plan whose folder is gone: the rescue goes to the data folder.
    let gone = dir.path().join("no-such-folder").join("plan.toml");
    let c = rescue(&first, Some(&gone)).unwrap();
    assert!(c.starts_with(data.path()), "{}", c.display());
    assert_eq!(plan_file::load(&c).unwrap(), first);
}
