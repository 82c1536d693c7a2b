//! Reading a text file the user named without trusting what it is: a FIFO
//! would block forever and `/dev/zero` would be read until memory runs out.
//! Only regular files are read, and only up to a cap.

use std::io::{self, Read};
use std::path::Path;

/// Most bytes read from one file: 64 MiB. A plan of 5,000 models is about
/// 2 MB; the cap leaves room for far larger ones and stops a runaway read.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The file's text, if it is a regular file of UTF-8 within `MAX_BYTES`;
/// otherwise an error that says what it is instead.
pub fn read(path: &Path) -> io::Result<String> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a regular file", kind(&meta)),
        ));
    }
    let too_big = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "larger than inferplan reads ({} MiB at most)",
                MAX_BYTES / 1024 / 1024
            ),
        )
    };
    if meta.len() > MAX_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a text (UTF-8) file: {e}"),
        )
    })
}

/// What a path that is not a regular file is, in words.
pub fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "it"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_devices_are_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("a folder is not a regular file"),
            "{e}"
        );
        #[cfg(unix)]
        {
            let e = read(Path::new("/dev/zero")).unwrap_err();
            assert!(e.to_string().contains("a device"), "{e}");
        }
        let file = dir.path().join("p.toml");
        std::fs::write(&file, "schema = 1").unwrap();
        assert_eq!(read(&file).unwrap(), "schema = 1");
    }

    #[test]
    fn a_file_over_the_cap_or_not_utf8_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        // Sparse: nothing is written, the size alone refuses it.
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_BYTES + 1)
            .unwrap();
        let e = read(&big).unwrap_err();
        assert!(e.to_string().contains("64 MiB at most"), "{e}");
        let binary = dir.path().join("bin.toml");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
        let e = read(&binary).unwrap_err();
        assert!(e.to_string().contains("not a text (UTF-8) file"), "{e}");
    }
}
