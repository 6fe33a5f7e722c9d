//! One-byte font encodings (WinAnsi, MacRoman, Standard) and glyph names.

/// Which base table a simple font starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Standard,
    WinAnsi,
    MacRoman,
    /// Symbolic fonts with no usable encoding: codes are not text.
    None,
}

impl Base {
    pub fn from_name(name: &[u8]) -> Option<Base> {
        match name {
            b"WinAnsiEncoding" => Some(Base::WinAnsi),
            b"MacRomanEncoding" => Some(Base::MacRoman),
            b"StandardEncoding" => Some(Base::Standard),
            b"PDFDocEncoding" => Some(Base::WinAnsi),
            _ => None,
        }
    }

    /// The 256-entry table of this base encoding.
    pub fn table(self) -> [Option<char>; 256] {
        let mut t = [None; 256];
        match self {
            Base::None => {}
            Base::WinAnsi => {
                for (b, slot) in t.iter_mut().enumerate().skip(0x20) {
                    let byte = [b as u8];
                    let (s, _, bad) = encoding_rs::WINDOWS_1252.decode(&byte);
                    if !bad {
                        *slot = s.chars().next().filter(|c| !c.is_control());
                    }
                }
            }
            Base::MacRoman => {
                for (b, slot) in t.iter_mut().enumerate().skip(0x20) {
                    let byte = [b as u8];
                    let (s, _, bad) = encoding_rs::MACINTOSH.decode(&byte);
                    if !bad {
                        *slot = s.chars().next().filter(|c| !c.is_control());
                    }
                }
            }
            Base::Standard => {
                for (b, slot) in t.iter_mut().enumerate().take(0x7F).skip(0x20) {
                    *slot = Some(b as u8 as char);
                }
                t[0x27] = Some('\u{2019}');
                t[0x60] = Some('\u{2018}');
                for &(b, c) in STANDARD_HIGH {
                    t[b as usize] = Some(c);
                }
            }
        }
        t
    }
}

const STANDARD_HIGH: &[(u8, char)] = &[
    (0xA1, '¡'),
    (0xA2, '¢'),
    (0xA3, '£'),
    (0xA4, '⁄'),
    (0xA5, '¥'),
    (0xA7, '§'),
    (0xA9, '\''),
    (0xAA, '“'),
    (0xAB, '«'),
    (0xAE, 'ﬁ'),
    (0xAF, 'ﬂ'),
    (0xB1, '–'),
    (0xB2, '†'),
    (0xB3, '‡'),
    (0xB4, '·'),
    (0xB6, '¶'),
    (0xB7, '•'),
    (0xBA, '”'),
    (0xBB, '»'),
    (0xBC, '…'),
    (0xBD, '‰'),
    (0xBF, '¿'),
    (0xD0, '—'),
    (0xE1, 'Æ'),
    (0xE8, 'Ł'),
    (0xE9, 'Ø'),
    (0xEA, 'Œ'),
    (0xF1, 'æ'),
    (0xF5, 'ı'),
    (0xF8, 'ł'),
    (0xF9, 'ø'),
    (0xFA, 'œ'),
    (0xFB, 'ß'),
];

/// The character a glyph name stands for: the common Adobe Glyph List names,
/// `uniXXXX`, `uXXXX[XX]`, and single letters and digits.
pub(crate) fn glyph_name_to_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    // "a.sc", "one.oldstyle", "f_i": take the base.
    let base = name.split('.').next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() >= 4
    {
        return u32::from_str_radix(&hex[..4], 16)
            .ok()
            .and_then(char::from_u32);
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if base.len() == 1 {
        let c = base.chars().next()?;
        if c.is_ascii_alphabetic() {
            return Some(c);
        }
    }
    GLYPH_NAMES
        .binary_search_by(|(n, _)| n.cmp(&base))
        .ok()
        .map(|i| GLYPH_NAMES[i].1)
}

/// Sorted by name.
const GLYPH_NAMES: &[(&str, char)] = &[
    ("AE", 'Æ'),
    ("Eacute", 'É'),
    ("Euro", '€'),
    ("OE", 'Œ'),
    ("acute", '´'),
    ("ae", 'æ'),
    ("agrave", 'à'),
    ("ampersand", '&'),
    ("asciicircum", '^'),
    ("asciitilde", '~'),
    ("asterisk", '*'),
    ("at", '@'),
    ("backslash", '\\'),
    ("bar", '|'),
    ("braceleft", '{'),
    ("braceright", '}'),
    ("bracketleft", '['),
    ("bracketright", ']'),
    ("bullet", '•'),
    ("ccedilla", 'ç'),
    ("cent", '¢'),
    ("colon", ':'),
    ("comma", ','),
    ("copyright", '©'),
    ("currency", '¤'),
    ("dagger", '†'),
    ("degree", '°'),
    ("divide", '÷'),
    ("dollar", '$'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("eight", '8'),
    ("ellipsis", '…'),
    ("emdash", '—'),
    ("endash", '–'),
    ("equal", '='),
    ("exclam", '!'),
    ("fi", 'ﬁ'),
    ("five", '5'),
    ("fl", 'ﬂ'),
    ("four", '4'),
    ("grave", '`'),
    ("greater", '>'),
    ("guillemotleft", '«'),
    ("guillemotright", '»'),
    ("hyphen", '-'),
    ("less", '<'),
    ("minus", '−'),
    ("multiply", '×'),
    ("nbspace", '\u{a0}'),
    ("nine", '9'),
    ("numbersign", '#'),
    ("oe", 'œ'),
    ("one", '1'),
    ("onehalf", '½'),
    ("ordfeminine", 'ª'),
    ("paragraph", '¶'),
    ("parenleft", '('),
    ("parenright", ')'),
    ("percent", '%'),
    ("period", '.'),
    ("periodcentered", '·'),
    ("perthousand", '‰'),
    ("plus", '+'),
    ("plusminus", '±'),
    ("question", '?'),
    ("quotedbl", '"'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotesingle", '\''),
    ("registered", '®'),
    ("section", '§'),
    ("semicolon", ';'),
    ("seven", '7'),
    ("six", '6'),
    ("slash", '/'),
    ("space", ' '),
    ("sterling", '£'),
    ("three", '3'),
    ("trademark", '™'),
    ("two", '2'),
    ("underscore", '_'),
    ("yen", '¥'),
    ("zero", '0'),
];

/// Kangxi radicals U+2F00..=U+2FD5 in order: their NFKC ideographs.
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// CJK Radicals Supplement code points that fonts map their simplified
/// ideograph glyphs to (sorted).
const RADICALS_SUPPLEMENT: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺇', '几'),
    ('⺊', '卜'),
    ('⺌', '小'),
    ('⺗', '心'),
    ('⺝', '月'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺦', '丬'),
    ('⺨', '犭'),
    ('⺮', '竹'),
    ('⺶', '羊'),
    ('⺼', '肉'),
    ('⻁', '虎'),
    ('⻂', '衤'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻊', '足'),
    ('⻋', '车'),
    ('⻌', '辶'),
    ('⻏', '阝'),
    ('⻐', '钅'),
    ('⻑', '長'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻕', '阝'),
    ('⻗', '雨'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻠', '饣'),
    ('⻡', '首'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// Fonts (WPS, Chromium and others) often map a glyph shared by an ideograph
/// and a radical to the radical's code point (⼈ for 人, ⻓ for 长): give the
/// ideograph instead.
pub(crate) fn normalize_radical(c: char) -> char {
    match c as u32 {
        // Simplified Chinese fonts draw these two with the simplified shape.
        0x2F3E => '户',
        0x2FAD => '青',
        0x2F00..=0x2FD5 => KANGXI.chars().nth(c as usize - 0x2F00).unwrap_or(c),
        0x2E80..=0x2EFF => RADICALS_SUPPLEMENT
            .binary_search_by(|(r, _)| r.cmp(&c))
            .map(|i| RADICALS_SUPPLEMENT[i].1)
            .unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_sorted_and_resolved() {
        assert!(GLYPH_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(glyph_name_to_char(b"zero"), Some('0'));
        assert_eq!(glyph_name_to_char(b"uni5E74"), Some('年'));
        assert_eq!(glyph_name_to_char(b"u20000"), Some('\u{20000}'));
        assert_eq!(glyph_name_to_char(b"A"), Some('A'));
        assert_eq!(glyph_name_to_char(b"g123"), None);
        assert_eq!(Base::WinAnsi.table()[0x93], Some('“'));
        assert_eq!(Base::Standard.table()[0x27], Some('’'));
        assert!(RADICALS_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(normalize_radical('\u{2F08}'), '人');
        assert_eq!(normalize_radical('\u{2FD5}'), '龠');
        assert_eq!(normalize_radical('⻓'), '长');
        assert_eq!(normalize_radical('⺠'), '民');
        assert_eq!(normalize_radical('年'), '年');
    }
}
