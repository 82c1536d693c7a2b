//! Writing a file so that nothing is lost: the new text goes to a temporary
//! file beside the target, flushed to disk, then renamed over it, and the
//! folder is flushed too, so a crash leaves the old file or the new one,
//! never half of either. The file the user meant is the one written: a
//! symbolic link is followed to its target (the link stays a link), a file
//! with other hard links is written in place (the links stay one file), and
//! the file keeps its permissions and, where allowed, its owner.

use std::fs::{self, File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written: the file as the user named it, and what
/// failed in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// The file as the user named it.
    pub file: String,
    /// What failed, e.g. `cannot save (writing): No space left on device`.
    pub message: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for WriteError {}

/// What a write could not keep as it was, in words for the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// E.g. that the file now belongs to whoever saved it.
    pub notes: Vec<String>,
}

/// Writes `text` to `path` (see the module's docs). What is not a regular
/// file is never replaced: a pipe or a character device (`/dev/stdout`) gets
/// the bytes written into it, a folder, a disk or a socket is refused.
pub fn write_atomic(path: &Path, text: &str) -> Result<Written, WriteError> {
    let name = path.display().to_string();
    let fail = |what: &str, e: &dyn std::fmt::Display| WriteError {
        file: name.clone(),
        message: format!("cannot save ({what}): {e}"),
    };
    // What the path is as the kernel follows it (`/dev/stdout` is a link
    // through /proc to a pipe or a terminal).
    if let Some(special) = fs::metadata(path).ok().filter(|m| !m.is_file()) {
        return write_into(path, &special, text)
            .map(|()| Written::default())
            .map_err(|e| WriteError {
                file: name.clone(),
                message: e,
            });
    }
    let target = followed(path);
    let old = fs::metadata(&target).ok();
    let dir = folder_of(&target);
    let mut tmp = temporary_in(dir).map_err(|e| fail("creating a temporary file beside it", &e))?;
    let mut notes = Vec::new();
    if let Some(old) = &old {
        tmp.as_file()
            .set_permissions(old.permissions())
            .map_err(|e| fail("keeping the file's permissions", &e))?;
        notes.extend(keep_owner(tmp.as_file(), old));
    }
    tmp.write_all(text.as_bytes())
        .map_err(|e| fail("writing", &e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("flushing to disk", &e))?;
    if let Some(links) = other_hard_links(old.as_ref()) {
        // A rename would leave the other names on the old text. The new text
        // is safe on disk in the temporary file until this is done.
        match write_in_place(&target, text) {
            Ok(()) => {}
            Err((e, true)) => {
                return Err(fail(
                    "writing in place",
                    &format!("{e}; the file was put back as it was"),
                ));
            }
            Err((e, false)) => {
                // The old text could not be put back: keep the new one.
                let kept = tmp.keep().map(|(_, p)| p.display().to_string());
                let kept = kept.unwrap_or_else(|_| "nowhere".into());
                return Err(fail(
                    "writing in place",
                    &format!("{e}; the file could not be put back; the new text is in {kept}"),
                ));
            }
        }
        drop(tmp);
        notes.push(format!(
            "written in place to keep its {links} other hard link{}",
            if links == 1 { "" } else { "s" }
        ));
    } else {
        tmp.persist(&target)
            .map_err(|e| fail("replacing the file", &e.error))?;
    }
    sync_folder(dir).map_err(|e| fail("flushing the folder", &e))?;
    Ok(Written { notes })
}

/// Writes into what is not a regular file, when that can be done without
/// replacing it or waiting forever: a character device, or a pipe something
/// reads. Says what it is otherwise.
fn write_into(target: &Path, meta: &Metadata, text: &str) -> Result<(), String> {
    let kind = super::textfile::kind(meta);
    let refused = |why: &str| format!("cannot save: it is {kind}{why}; give a file's name");
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if !(t.is_fifo() || t.is_char_device()) {
            let why = if t.is_block_device() {
                " (a disk: inferplan never writes into one)"
            } else {
                ""
            };
            return Err(refused(why));
        }
        use rustix::fs::{Mode, OFlags};
        // Without a reader a pipe's open would wait forever: open it
        // without waiting, then write as usual.
        let flags = OFlags::WRONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::open(target, flags, Mode::empty()).map_err(|e| {
            if e == rustix::io::Errno::NXIO {
                refused(" that nothing reads")
            } else {
                format!("cannot save (opening {kind}): {e}")
            }
        })?;
        rustix::fs::fcntl_setfl(&fd, OFlags::WRONLY)
            .map_err(|e| format!("cannot save (opening {kind}): {e}"))?;
        let mut file = File::from(fd);
        file.write_all(text.as_bytes())
            .map_err(|e| format!("cannot save (writing into {kind}): {e}"))
    }
    #[cfg(not(unix))]
    {
        let _ = (target, text);
        Err(refused(""))
    }
}

/// The file a path names: a symbolic link followed (however many) to its
/// target, even a target that does not exist yet.
fn followed(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A loop of links ends here rather than forever.
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(next) => current = folder_of(&current).join(next),
            Err(_) => return current,
        }
    }
    current
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temporary_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".inferplan-").suffix(".tmp");
    // A temporary file is owner-only (0600); the saved file should not be. A
    // new file gets the usual 0666 less the umask, a replaced one keeps its own.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir)
}

/// Gives the new file the old one's owner and group; says so when that is
/// not allowed (saving someone else's file in a folder one may write).
#[cfg(unix)]
fn keep_owner(new: &File, old: &Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let mine = new.metadata().ok()?;
    if (mine.uid(), mine.gid()) == (old.uid(), old.gid()) {
        return None;
    }
    match std::os::unix::fs::fchown(new, Some(old.uid()), Some(old.gid())) {
        Ok(()) => None,
        Err(_) if mine.uid() != old.uid() => Some(format!(
            "it now belongs to user {} (was {}): not allowed to keep its owner",
            mine.uid(),
            old.uid()
        )),
        Err(_) => Some(format!(
            "its group is now {} (was {}): not allowed to keep it",
            mine.gid(),
            old.gid()
        )),
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) -> Option<String> {
    None
}

/// How many other names the file has, if any.
#[cfg(unix)]
fn other_hard_links(old: Option<&Metadata>) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    old.map(|m| m.nlink().saturating_sub(1)).filter(|n| *n > 0)
}

#[cfg(not(unix))]
fn other_hard_links(_: Option<&Metadata>) -> Option<u64> {
    None
}

/// Writes over the file without truncating it first, so it is never
/// shorter than the old text while the new one goes in; when that fails
/// part way (a full disk), the old text is put back, which needs no space
/// the file did not already have. The error says whether it was.
fn write_in_place(target: &Path, text: &str) -> Result<(), (std::io::Error, bool)> {
    let old = fs::read(target).map_err(|e| (e, true))?;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| (e, true))?;
    match overwrite(&mut file, text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) => Err((e, overwrite(&mut file, &old).is_ok())),
    }
}

/// The file's bytes become `bytes`, from the start, flushed.
fn overwrite(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Flushes a folder, so the rename itself survives a crash.
#[cfg(unix)]
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.toml", &link).unwrap();
        let written = write_atomic(&link, "new").unwrap();
        assert!(written.notes.is_empty());
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn a_dangling_symlink_creates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink("sub-target.toml", &link).unwrap();
        write_atomic(&link, "made").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            fs::read_to_string(dir.path().join("sub-target.toml")).unwrap(),
            "made"
        );
    }

    #[test]
    fn hard_links_stay_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, &b).unwrap();
        let written = write_atomic(&a, "new").unwrap();
        assert_eq!(fs::read_to_string(&b).unwrap(), "new");
        assert_eq!(
            written.notes,
            ["written in place to keep its 1 other hard link"]
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".inferplan-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn the_owner_is_kept_where_allowed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        fs::write(&file, "old").unwrap();
        // Only root may give a file away; elsewhere there is nothing to test.
        if std::os::unix::fs::chown(&file, Some(4242), Some(4242)).is_err() {
            return;
        }
        let written = write_atomic(&file, "new").unwrap();
        assert!(written.notes.is_empty(), "{:?}", written.notes);
        let meta = fs::metadata(&file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4242, 4242));
    }

    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        fs::write(&file, "old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&file, "new").unwrap();
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}
