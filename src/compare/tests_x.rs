//! Cross-year rule tests (see [`crate::rules::testkit`]).

#[allow(unused_imports)]
use crate::rules::testkit::*;
