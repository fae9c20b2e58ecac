//! Bytes to text: BOMs, UTF-8, UTF-16, GB18030/GBK and other legacy
//! encodings (detected with chardetng), with replaced bytes counted and
//! binary files refused.

use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_8};

/// A decoded document.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `gb18030` …), `+BOM` when one was present.
    pub encoding: String,
    /// Bytes of the input that were not valid in the encoding (each became U+FFFD).
    pub replaced: u64,
}

/// Why a document could not be decoded: (encoding tried, reason).
pub type DecodeError = (Option<String>, String);

/// Share of a text's characters that may be control characters before it counts as binary.
const MAX_CONTROL_RATIO: f64 = 0.05;
/// Share of the input that may be replaced before it counts as undecodable.
const MAX_REPLACED_RATIO: f64 = 0.10;

/// `--encoding` values: any encoding_rs label.
pub fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| format!("unknown encoding {label:?}"))
}

/// Decodes `bytes`, detecting the encoding unless `forced`.
pub fn decode(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let total = bytes.len();
    let (encoding, bom, body): (&'static Encoding, bool, &[u8]) = match (forced, Encoding::for_bom(&bytes)) {
        (Some(f), Some((b, len))) if b == f || (f == UTF_8 && b == UTF_8) => (f, true, &bytes[len..]),
        (Some(f), _) => (f, false, &bytes[..]),
        (None, Some((b, len))) => (b, true, &bytes[len..]),
        (None, None) => {
            if let Some(nul) = memchr0(&bytes) {
                return Err((None, format!("binary: NUL byte at offset {nul}")));
            }
            let enc = if std::str::from_utf8(&bytes).is_ok() { UTF_8 } else { detect(&bytes) };
            (enc, false, &bytes[..])
        }
    };
    let name = if bom { format!("{}+BOM", encoding.name()) } else { encoding.name().to_string() };
    // Valid UTF-8 without a BOM: no copy.
    let (text, replaced) = if encoding == UTF_8 && !bom && std::str::from_utf8(body).is_ok() {
        (String::from_utf8(bytes).expect("checked"), 0)
    } else {
        decode_counting(encoding, body)
    };
    if total > 0 && replaced as f64 > MAX_REPLACED_RATIO * total as f64 {
        return Err((Some(name), format!("undecodable: {replaced} of {total} bytes invalid in {}", encoding.name())));
    }
    // C0 controls are single bytes in UTF-8: counted over bytes, a cheap pass.
    let controls = text.bytes().filter(|&b| is_binary_control(b)).count();
    if controls as f64 > MAX_CONTROL_RATIO * text.len() as f64 {
        return Err((Some(name), format!("binary: {controls} of {} bytes are control characters", text.len())));
    }
    Ok(Decoded { text, encoding: name, replaced })
}

fn memchr0(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)) || b == 0x7f
}

/// The encoding of BOM-less, NUL-free bytes: UTF-8 when it is UTF-8 (or
/// nearly: a few bad bytes in plenty of valid multi-byte characters), else
/// chardetng's guess, GBK read as its superset GB18030.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let (valid_multibyte, invalid) = utf8_stats(bytes);
    if valid_multibyte >= 20 * invalid {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    match det.guess(None, false) {
        e if e == GBK => GB18030,
        e => e,
    }
}

/// (valid multi-byte characters, invalid bytes) of `bytes` read as UTF-8.
fn utf8_stats(mut bytes: &[u8]) -> (usize, usize) {
    let (mut multi, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                multi += s.chars().filter(|c| !c.is_ascii()).count();
                return (multi, invalid);
            }
            Err(e) => {
                let good = e.valid_up_to();
                multi += std::str::from_utf8(&bytes[..good]).unwrap().chars().filter(|c| !c.is_ascii()).count();
                let bad = e.error_len().unwrap_or(bytes.len() - good);
                invalid += bad;
                bytes = &bytes[good + bad..];
            }
        }
    }
}

/// Decodes without BOM handling, each malformed sequence becoming one U+FFFD; returns the bytes replaced.
fn decode_counting(encoding: &'static Encoding, mut src: &[u8]) -> (String, u64) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let cap = |d: &encoding_rs::Decoder, n: usize| d.max_utf8_buffer_length_without_replacement(n).unwrap_or(n * 3) + 16;
    let mut out = String::with_capacity(cap(&decoder, src.len()));
    let mut replaced = 0u64;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut out, true);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => return (out, replaced),
            DecoderResult::OutputFull => out.reserve(cap(&decoder, src.len())),
            DecoderResult::Malformed(bad, _) => {
                replaced += u64::from(bad);
                out.push('\u{FFFD}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "全县今年新发展中药材11万亩，投入资金4076.57万元。\n";

    #[test]
    fn encodings_round_trip() {
        let utf8 = TEXT.repeat(5);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (utf8.as_bytes().to_vec(), "UTF-8"),
            ([b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat(), "UTF-8+BOM"),
            ([vec![0xFF, 0xFE], utf8.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()].concat(), "UTF-16LE+BOM"),
            ([vec![0xFE, 0xFF], utf8.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()].concat(), "UTF-16BE+BOM"),
            (GB18030.encode(&utf8).0.into_owned(), "gb18030"),
        ];
        for (bytes, enc) in cases {
            let d = decode(bytes, None).unwrap();
            assert_eq!(d.text, utf8, "{enc}");
            assert_eq!(d.encoding, enc);
            assert_eq!(d.replaced, 0);
        }
    }

    #[test]
    fn bad_bytes_counted_and_binary_refused() {
        let mut bytes = TEXT.repeat(5).into_bytes();
        bytes.insert(9, 0xFF);
        bytes.insert(19, 0xC3);
        let d = decode(bytes, None).unwrap();
        assert_eq!((d.encoding.as_str(), d.replaced), ("UTF-8", 2));
        assert!(decode(vec![1, 2, 3, 0, 5], None).unwrap_err().1.starts_with("binary"));
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8 | 1).collect();
        assert!(decode(junk, None).is_err());
        assert_eq!(decode(Vec::new(), None).unwrap().text, "");
    }
}
