//! Fuzz target: any bytes, read as (lossy) UTF-8, must extract without a
//! panic, with every fact's offsets slicing the text back to its quantity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhfacts::Extractor;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for f in EXTRACTOR.get_or_init(Extractor::new).extract(&text) {
        assert_eq!(&text[f.byte_start..f.byte_end], f.quantity);
    }
    for n in zhfacts::numbers::find_numbers(&text) {
        assert_eq!(&text[n.start..n.end], n.text);
    }
});
