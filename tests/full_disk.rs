//! A full disk never truncates a plan: on a small filesystem filled to every
//! level, a save either writes the whole new plan or leaves the old text
//! exactly as it was, through a plain file and through a hard link (which
//! is written in place, so both names stay one file). Needs a tmpfs the test
//! can mount (root); elsewhere it says so and passes.

use inferplan::plan::DEFAULT_PLAN_TOML;
use inferplan::store::plan_file;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A 64 KiB tmpfs mounted for the test's length.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then_some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Everything on it removed.
    fn clear(&self) {
        for entry in std::fs::read_dir(self.path()).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// A plan whose text is about twice the built-in one's.
fn a_bigger_plan() -> inferplan::plan::Plan {
    let mut plan = plan_file::default_plan();
    for (i, s) in plan.scenarios.iter_mut().enumerate() {
        s.note = format!("scenario {i}: {}", "a longer note. ".repeat(60));
    }
    plan
}

/// Fills the disk but `free` bytes (as near as its pages allow).
fn fill(disk: &SmallDisk, free: u64) {
    let filler = disk.path().join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 1024];
    let total = 64 * 1024 - free.min(64 * 1024);
    let mut written = 0;
    use std::io::Write;
    while written + 1024 <= total {
        if file.write_all(&chunk).is_err() {
            break;
        }
        written += 1024;
    }
    let _ = file.sync_all();
}

/// Saves the bigger plan onto `plan.toml` (and, with `linked`, a hard link
/// to it) at every level of free space; the file is the old text or the
/// whole new plan, never anything else. Returns (saved, refused).
fn save_at_every_level(disk: &SmallDisk, linked: bool) -> (usize, usize) {
    let bigger = a_bigger_plan();
    let (mut saved, mut refused) = (0, 0);
    for free_kib in (0..=40).step_by(2) {
        disk.clear();
        let plan = disk.path().join("plan.toml");
        let link: PathBuf = disk.path().join("link.toml");
        std::fs::write(&plan, DEFAULT_PLAN_TOML).unwrap();
        if linked {
            std::fs::hard_link(&plan, &link).unwrap();
        }
        fill(disk, free_kib * 1024);

        let result = plan_file::save(&bigger, &plan);
        let text = std::fs::read_to_string(&plan).unwrap();
        match &result {
            Ok(_) => {
                saved += 1;
                assert_eq!(
                    plan_file::load(&plan).unwrap(),
                    bigger,
                    "{free_kib} KiB free: saved, so the file is the new plan"
                );
            }
            Err(e) => {
                refused += 1;
                assert!(
                    text == DEFAULT_PLAN_TOML,
                    "{free_kib} KiB free: refused ({e}), so the file is as it was, \
                     yet it holds {} bytes of another text (was {})",
                    text.len(),
                    DEFAULT_PLAN_TOML.len()
                );
                assert!(
                    e.to_string().contains("No space left on device"),
                    "says why: {e}"
                );
            }
        }
        if linked {
            assert_eq!(
                std::fs::read_to_string(&link).unwrap(),
                text,
                "{free_kib} KiB free: both names are one file"
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(disk.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".inferplan-"))
            .collect();
        assert!(leftovers.is_empty(), "{free_kib} KiB free: {leftovers:?}");
    }
    (saved, refused)
}

#[test]
fn a_full_disk_never_truncates_a_plan() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("note: cannot mount a tmpfs here (needs root); skipping the full-disk test");
        return;
    };
    for linked in [false, true] {
        let (saved, refused) = save_at_every_level(&disk, linked);
        // Both outcomes happen: the levels span "no room" to "room to spare".
        assert!(
            saved > 0 && refused > 0,
            "linked {linked}: saved {saved}, refused {refused}"
        );
    }
}
