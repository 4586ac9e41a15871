//! Any bytes given as an exchange package (.tianpkg) are refused with a
//! Chinese reason or opened, never a panic. Every key is trusted here, so
//! the fuzzer reaches the signature and part checks behind the trust check.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tian_sync::ExchangePackage::open(data, |_| tian_sync::KeyStanding::Trusted);
});
