//! A fast hasher for maps keyed by term hashes: the keys are already
//! well-mixed 64-bit hashes, so SipHash's protection buys nothing here.

use std::hash::{BuildHasherDefault, Hasher};

/// Passes a `u64` key through one multiply; other input is folded in bytewise.
#[derive(Default, Clone, Copy)]
pub struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A `HashMap` keyed by term hashes or small integers.
pub type TermMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<TermHasher>>;
/// A `HashSet` of term hashes.
pub type TermSet<K> = std::collections::HashSet<K, BuildHasherDefault<TermHasher>>;
