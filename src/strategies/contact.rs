//! Contacts and phone-number formats for the vault's generators.

use super::*;

/// The default region the phone generators assume (the vault's default, `JP`): numbers written
/// in national format are Japanese; every other country's numbers are written internationally.
pub const PHONE_REGION: &str = "JP";

/// The most phones, e-mails or tags a contact may hold (`Vault::put` refuses more).
pub const MAX_CONTACT_ITEMS: usize = 64;

/// Surnames: (kanji, hiragana reading, romaji).
pub const SURNAMES: [(&str, &str, &str); 10] = [
    ("山田", "やまだ", "Yamada"),
    ("佐藤", "さとう", "Sato"),
    ("鈴木", "すずき", "Suzuki"),
    ("高橋", "たかはし", "Takahashi"),
    ("田中", "たなか", "Tanaka"),
    ("渡辺", "わたなべ", "Watanabe"),
    ("伊藤", "いとう", "Ito"),
    ("中村", "なかむら", "Nakamura"),
    ("小林", "こばやし", "Kobayashi"),
    ("齋藤", "さいとう", "Saito"),
];

/// Given names: (kanji, hiragana reading, romaji).
pub const GIVEN_NAMES: [(&str, &str, &str); 8] = [
    ("太郎", "たろう", "Taro"),
    ("花子", "はなこ", "Hanako"),
    ("一郎", "いちろう", "Ichiro"),
    ("美咲", "みさき", "Misaki"),
    ("翔", "しょう", "Sho"),
    ("陽子", "ようこ", "Yoko"),
    ("健", "けん", "Ken"),
    ("さくら", "さくら", "Sakura"),
];

/// Companies (including the empty string, which the vault stores as given).
pub const COMPANIES: [&str; 8] = [
    "山田商事株式会社",
    "株式会社ACME",
    "(株)サンプル",
    "Example K.K.",
    "ＡＢＣ物産",
    "合同会社みらい",
    "O'Brien & Sons",
    "",
];

/// E-mail domains (including an internationalised one and upper case).
pub const EMAIL_DOMAINS: [&str; 6] = [
    "example.jp",
    "example.com",
    "mail.example.co.jp",
    "EXAMPLE.NET",
    "例え.テスト",
    "docomo.ne.jp",
];

/// Contact tags (counted per tag in the manifest).
pub const CONTACT_TAGS: [&str; 8] = [
    "顧客",
    "vip",
    "取引先",
    "家族",
    "要注意",
    "newsletter",
    "ＶＩＰ",
    "",
];

/// Postal addresses.
pub const ADDRESSES: [&str; 5] = [
    "東京都千代田区千代田1-1",
    "〒530-0001 大阪府大阪市北区梅田3-1-1",
    "神奈川県横浜市西区みなとみらい２－２－１",
    "1 Infinite Loop, Cupertino, CA",
    "",
];

/// Notes.
pub const CONTACT_NOTES: [&str; 5] = [
    "折り返し希望",
    "VIP対応（要配慮）",
    "line one\nline two",
    "quote \" and backslash \\",
    "",
];

/// Strings that are not phone numbers: the vault stores them trimmed and never indexes them.
pub const NOT_PHONES: [&str; 8] = ["内線 123", "", "   ", "n/a", "非通知", "+", "tel:", "#"];

/// Milliseconds of 2000-01-01T00:00:00Z.
pub(super) const FIRST_MS: i64 = 946_684_800_000;
/// Milliseconds from [`FIRST_MS`] to 2041-01-01T00:00:00Z.
pub(super) const SPAN_MS: u64 = DAYS as u64 * 86_400_000;

/// A phone number the generators draw: what kind of number, its digits, how it is written.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PhoneSpec {
    pub(super) kind: u8,
    pub(super) digits: u64,
    pub(super) format: u8,
}

impl PhoneSpec {
    /// The number in E.164: Japanese mobile (070/080/090), Tokyo, Osaka and Yokohama fixed
    /// lines, a US number, a London number and a UK mobile.
    pub(super) fn e164(self) -> String {
        let d = self.digits;
        let low = |k: u32| d % 10u64.pow(k);
        let lead = 2 + (d >> 40) % 8; // a subscriber number's first digit: 2–9
        match self.kind % 10 {
            0..=3 => format!("+81{}0{:08}", 7 + d % 3, (d / 3) % 100_000_000),
            4 => format!("+813{lead}{:07}", low(7)),
            5 => format!("+816{lead}{:07}", low(7)),
            6 => format!("+8145{lead}{:06}", low(6)),
            7 => format!(
                "+1{}{:02}{}{:02}{:04}",
                lead,
                (d >> 20) % 100,
                2 + (d >> 48) % 8,
                (d >> 30) % 100,
                low(4)
            ),
            8 => format!("+4420{}{:07}", [3, 7, 8][(d >> 44) as usize % 3], low(7)),
            _ => format!(
                "+447{}{:08}",
                [4, 5, 7, 8, 9][(d >> 44) as usize % 5],
                low(8)
            ),
        }
    }

    pub(super) fn render(self) -> String {
        let e = self.e164();
        let all = phone_formats(&e);
        all[usize::from(self.format) % all.len()].clone()
    }
}

/// (country calling code, national significant number, digit groups) of the numbers the
/// generators produce.
pub(super) fn phone_parts(e164: &str) -> Option<(&'static str, &str, Vec<usize>)> {
    let d = e164.strip_prefix('+')?;
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (cc, nsn) = if let Some(n) = d.strip_prefix("81") {
        ("81", n)
    } else if let Some(n) = d.strip_prefix("44") {
        ("44", n)
    } else if let Some(n) = d.strip_prefix('1') {
        ("1", n)
    } else {
        return None;
    };
    let groups = match (cc, nsn.len()) {
        ("81", 10) if ["70", "80", "90"].iter().any(|p| nsn.starts_with(p)) => vec![2, 4, 4],
        ("81", 9) if nsn.starts_with("45") => vec![2, 3, 4],
        ("81", 9) if nsn.starts_with('3') || nsn.starts_with('6') => vec![1, 4, 4],
        ("1", 10) => vec![3, 3, 4],
        ("44", 10) if nsn.starts_with("20") => vec![2, 4, 4],
        ("44", 10) if nsn.starts_with('7') => vec![4, 6],
        _ => return None,
    };
    Some((cc, nsn, groups))
}

pub(super) fn grouped(nsn: &str, groups: &[usize], sep: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&nsn[at..at + g]);
        at += g;
    }
    out
}

/// Full-width forms of ASCII (`０９０－１２３４`), the ideographic space for a space.
pub(super) fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => '\u{3000}',
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Every way the generators write the number `e164` (itself included), for numbers of the
/// kinds they draw (Japanese mobile and fixed lines, US, UK); just `[e164]` for any other
/// input. With the default region `JP` each of them normalises to `e164`, so a contact stored
/// with one of them is found by caller-ID lookup with any other:
///
/// - Japanese numbers: `+819012345678`, `090-1234-5678`, `09012345678`, `+81 90 1234 5678`,
///   `+81-90-1234-5678`, `00819012345678`, `0081 90 1234 5678`, `０９０－１２３４－５６７８`,
///   `＋８１　９０　１２３４　５６７８`, `090ー1234ー5678`, `(090) 1234 5678`,
///   `  090 1234 5678  `, `+81 090 1234 5678`, `090‐1234‐5678` (U+2010);
/// - other countries: `+14155550123`, `+1 415 555 0123`, `+1-415-555-0123`, `0014155550123`,
///   `001 415 555 0123`, `＋１　４１５－５５５－０１２３`, `+1 (415) 555-0123`.
pub fn phone_formats(e164: &str) -> Vec<String> {
    let Some((cc, nsn, groups)) = phone_parts(e164) else {
        return vec![e164.to_string()];
    };
    let g = |sep: &str| grouped(nsn, &groups, sep);
    let first = &nsn[..groups[0]];
    let rest = grouped(&nsn[groups[0]..], &groups[1..], " ");
    let mut v = vec![
        format!("+{cc}{nsn}"),
        format!("+{cc} {}", g(" ")),
        format!("+{cc}-{}", g("-")),
        format!("00{cc}{nsn}"),
        format!("00{cc} {}", g(" ")),
    ];
    if cc == "81" {
        v.extend([
            format!("0{}", g("-")),
            format!("0{nsn}"),
            full_width(&format!("0{}", g("-"))),
            full_width(&format!("+81 {}", g(" "))),
            format!("0{}", g("ー")),
            format!("(0{first}) {rest}"),
            format!("  0{}  ", g(" ")),
            format!("+81 0{}", g(" ")),
            format!("0{}", g("\u{2010}")),
        ]);
    } else {
        v.extend([
            full_width(&format!("+{cc} {}", g("-"))),
            format!(
                "+{cc} ({first}) {}",
                grouped(&nsn[groups[0]..], &groups[1..], "-")
            ),
        ]);
    }
    v
}

/// A phone entry of a generated contact.
#[derive(Debug, Clone)]
pub(super) enum PhoneChoice {
    Number(PhoneSpec),
    NotPhone(u8),
    Custom(String),
}

/// The choices that make up one contact.
#[derive(Debug, Clone, Default)]
pub(super) struct ContactSpec {
    pub(super) id: Option<u64>,
    /// (style, surname, given name).
    pub(super) name: (u8, u8, u8),
    pub(super) custom_name: Option<String>,
    pub(super) reading: u8,
    pub(super) company: Option<u8>,
    pub(super) phones: Vec<PhoneChoice>,
    /// (style, domain, number).
    pub(super) emails: Vec<(u8, u8, u8)>,
    pub(super) custom_email: Option<String>,
    pub(super) address: Option<u8>,
    pub(super) notes: Option<(u8, Option<String>)>,
    pub(super) tags: Vec<u8>,
    pub(super) sensitive: bool,
    pub(super) created: Option<u64>,
    /// Seconds after `created` (or after 2000-01-01).
    pub(super) updated: Option<u32>,
}

/// At most `n` bytes of `s`, cut at a character boundary.
pub(super) fn cap(mut s: String, n: usize) -> String {
    if s.len() > n {
        let mut end = n;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// `s`, made non-blank (a field the library requires to be non-empty after trimming).
pub(super) fn nonblank(s: &str, fallback: &str) -> String {
    let s = cap(s.to_string(), 256);
    if s.trim().is_empty() {
        format!("{s}{fallback}")
    } else {
        s
    }
}

pub(super) fn katakana(hiragana: &str) -> String {
    hiragana
        .chars()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            c => c,
        })
        .collect()
}

pub(super) fn pick<T: Copy>(pool: &[T], i: impl Into<u64>) -> T {
    pool[(i.into() % pool.len() as u64) as usize]
}

pub(super) fn millis(ms: i64) -> Option<DateTime<chrono::Utc>> {
    DateTime::from_timestamp_millis(ms)
}

impl ContactSpec {
    pub(super) fn contact(&self) -> Contact {
        let (style, s, g) = self.name;
        let (sk, sr, sl) = pick(&SURNAMES, s);
        let (gk, gr, gl) = pick(&GIVEN_NAMES, g);
        let name = match &self.custom_name {
            Some(c) => nonblank(c, "名無し"),
            None => match style % 12 {
                0 => format!("{sk} {gk}"),
                1 => format!("{sk}\u{3000}{gk}"),
                2 => format!("{sk}{gk}"),
                3 => katakana(&format!("{sr} {gr}")),
                4 => format!("{gl} {sl}"),
                5 => format!("{} {gl}", sl.to_uppercase()),
                6 => full_width(&format!("{} {gl}", sl.to_uppercase())),
                7 => format!("{sr} {gr}"),
                8 => format!("{sk}商事 受付"),
                9 => format!("{sk} {gk} 📱"),
                10 => sk.to_string(),
                _ => format!("  {sk} {gk} "),
            },
        };
        let reading = match self.reading % 5 {
            0 => None,
            1 | 2 => Some(format!("{sr} {gr}")),
            3 => Some(katakana(&format!("{sr} {gr}"))),
            _ => Some(String::new()),
        };
        let phones = self
            .phones
            .iter()
            .take(MAX_CONTACT_ITEMS)
            .map(|p| match p {
                PhoneChoice::Number(n) => n.render(),
                PhoneChoice::NotPhone(i) => pick(&NOT_PHONES, *i).to_string(),
                PhoneChoice::Custom(c) => cap(c.clone(), 64),
            })
            .collect();
        let mut emails: Vec<String> = self
            .emails
            .iter()
            .map(|(st, dom, n)| {
                let d = pick(&EMAIL_DOMAINS, *dom);
                let local = match st % 5 {
                    0 => format!("{}.{}", gl.to_lowercase(), sl.to_lowercase()),
                    1 => format!("{}-{}", &gl[..1].to_lowercase(), sl.to_lowercase()),
                    2 => format!("{}{n}", sl.to_lowercase()),
                    3 => sl.to_uppercase(),
                    _ => format!("{}+crm", gl.to_lowercase()),
                };
                format!("{local}@{d}")
            })
            .collect();
        if let Some(e) = &self.custom_email {
            emails.push(cap(e.clone(), 128));
        }
        emails.truncate(MAX_CONTACT_ITEMS);
        let created = self
            .created
            .map(|c| FIRST_MS + (c % SPAN_MS) as i64)
            .and_then(millis);
        let updated = self.updated.and_then(|secs| {
            let from = created.map_or(FIRST_MS, |c| c.timestamp_millis());
            millis((from + i64::from(secs) * 1000).min(FIRST_MS + SPAN_MS as i64 - 1))
        });
        let mut c = Contact::new(name, &[]);
        c.id = self.id.map(|v| ContactId::from_u64(v.max(1)));
        c.reading = reading;
        c.company = self.company.map(|i| pick(&COMPANIES, i).to_string());
        c.phones = phones;
        c.emails = emails;
        c.address = self.address.map(|i| pick(&ADDRESSES, i).to_string());
        c.notes = self.notes.as_ref().map(|(i, custom)| match custom {
            Some(t) => cap(t.clone(), 1024),
            None => pick(&CONTACT_NOTES, *i).to_string(),
        });
        c.tags = self
            .tags
            .iter()
            .take(MAX_CONTACT_ITEMS)
            .map(|t| pick(&CONTACT_TAGS, *t).to_string())
            .collect();
        c.sensitive = self.sensitive;
        c.created_at = created;
        c.updated_at = updated;
        c
    }
}
