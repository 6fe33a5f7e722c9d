//! A small seeded generator for property tests (no rand crate).

pub struct Rng(pub u64);

impl Rng {
    /// xorshift64: a number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// Up to `max - 1` pieces, each chosen by `pick` from a number below `n`.
    pub fn text<'a>(&mut self, max: u64, n: u64, pick: impl Fn(usize) -> &'a str) -> String {
        let len = self.below(max);
        (0..len).map(|_| pick(self.below(n) as usize)).collect()
    }
}

/// Strings of up to `max - 1` characters drawn from `alphabet` (proptest).
pub fn strings_from(
    alphabet: &str,
    max: usize,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy;
    let chars: Vec<char> = alphabet.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), 0..max)
        .prop_map(|v| v.into_iter().collect())
}
