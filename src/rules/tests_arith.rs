//! Rule tests (see [`super::testkit`]).

#[allow(unused_imports)]
use super::testkit::*;
