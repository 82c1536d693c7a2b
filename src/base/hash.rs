//! A fast hash map for keys from the user's own plan and files: names,
//! table cells, spans. SipHash's resistance to crafted collisions buys a
//! local tool nothing, and a plan of 100,000 scenarios hashes millions.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map hashed by `NameHasher`.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<NameHasher>>;

/// A set hashed by `NameHasher`.
pub type FastSet<K> = HashSet<K, BuildHasherDefault<NameHasher>>;

/// A fast, non-cryptographic hasher for names from the user's own plan
/// (FxHash's multiply-rotate): SipHash's DoS resistance buys nothing here.
#[derive(Default)]
pub struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
