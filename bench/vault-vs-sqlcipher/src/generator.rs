//! Deterministic generator of synthetic Japanese contacts (splitmix64, fixed seed).
//!
//! Mirrors the workload of `shared/reference/peer-measurements.md` §3: a Japanese name (kanji,
//! plus its kana reading), a company, an e-mail address, a note and 1–3 mobile numbers
//! `+8190` / `+8180` / `+8170` + 8 digits (one number for 50 % of contacts, two for 35 %, three
//! for 15 %), every number distinct across the whole set.

use std::collections::HashSet;

/// The seed of the reference workload (`sqlbench`): `0x5EEDC0FFEE2024`.
pub const SEED: u64 = 0x005E_EDC0_FFEE_2024;

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (n > 0; the modulo bias is irrelevant for a workload generator).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A random element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One synthetic contact.
#[derive(Clone, Debug)]
pub struct GenContact {
    /// 1-based id (also the SQLite rowid).
    pub id: u64,
    /// Full name in kanji, family name first, e.g. `山田 太郎`.
    pub name: String,
    /// Reading in katakana, e.g. `ヤマダ タロウ`.
    pub reading: String,
    /// Company name.
    pub company: String,
    /// E-mail address.
    pub email: String,
    /// Free-text note.
    pub notes: String,
    /// Mobile numbers in E.164 (`+819012345678`).
    pub phones: Vec<String>,
}

impl GenContact {
    /// Bytes of field data (UTF-8), as the reference workload counts it.
    pub fn field_bytes(&self) -> usize {
        self.name.len()
            + self.reading.len()
            + self.company.len()
            + self.email.len()
            + self.notes.len()
            + self.phones.iter().map(String::len).sum::<usize>()
    }
}

// (kanji, katakana, romaji)
const FAMILY: &[(&str, &str, &str)] = &[
    ("佐藤", "サトウ", "sato"),
    ("鈴木", "スズキ", "suzuki"),
    ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"),
    ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"),
    ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"),
    ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"),
    ("清水", "シミズ", "shimizu"),
    ("山崎", "ヤマザキ", "yamazaki"),
    ("森", "モリ", "mori"),
    ("池田", "イケダ", "ikeda"),
    ("橋本", "ハシモト", "hashimoto"),
    ("阿部", "アベ", "abe"),
    ("石川", "イシカワ", "ishikawa"),
    ("山下", "ヤマシタ", "yamashita"),
    ("中島", "ナカジマ", "nakajima"),
    ("石井", "イシイ", "ishii"),
    ("小川", "オガワ", "ogawa"),
    ("前田", "マエダ", "maeda"),
    ("岡田", "オカダ", "okada"),
    ("長谷川", "ハセガワ", "hasegawa"),
    ("藤田", "フジタ", "fujita"),
    ("後藤", "ゴトウ", "goto"),
    ("近藤", "コンドウ", "kondo"),
    ("村上", "ムラカミ", "murakami"),
    ("遠藤", "エンドウ", "endo"),
    ("青木", "アオキ", "aoki"),
    ("坂本", "サカモト", "sakamoto"),
];

const GIVEN: &[(&str, &str, &str)] = &[
    ("太郎", "タロウ", "taro"),
    ("健一", "ケンイチ", "kenichi"),
    ("大輔", "ダイスケ", "daisuke"),
    ("翔太", "ショウタ", "shota"),
    ("誠", "マコト", "makoto"),
    ("直樹", "ナオキ", "naoki"),
    ("拓也", "タクヤ", "takuya"),
    ("浩二", "コウジ", "koji"),
    ("隆", "タカシ", "takashi"),
    ("蓮", "レン", "ren"),
    ("悠真", "ユウマ", "yuma"),
    ("陽翔", "ハルト", "haruto"),
    ("花子", "ハナコ", "hanako"),
    ("陽子", "ヨウコ", "yoko"),
    ("美咲", "ミサキ", "misaki"),
    ("恵", "メグミ", "megumi"),
    ("由美", "ユミ", "yumi"),
    ("直美", "ナオミ", "naomi"),
    ("愛", "アイ", "ai"),
    ("さくら", "サクラ", "sakura"),
    ("結衣", "ユイ", "yui"),
    ("葵", "アオイ", "aoi"),
    ("真由美", "マユミ", "mayumi"),
    ("裕子", "ユウコ", "yuko"),
];

const COMPANY_STEM: &[&str] = &[
    "東京",
    "大阪",
    "名古屋",
    "横浜",
    "札幌",
    "福岡",
    "京都",
    "神戸",
    "仙台",
    "広島",
    "日本",
    "東洋",
    "大和",
    "富士",
    "三協",
    "中央",
    "北斗",
    "桜",
    "旭",
    "みらい",
];
const COMPANY_TRADE: &[&str] = &[
    "商事",
    "物産",
    "電機",
    "精工",
    "建設",
    "運輸",
    "食品",
    "化学",
    "製薬",
    "不動産",
    "システム",
    "ソフトウェア",
    "印刷",
    "工業",
    "通信",
    "保険",
];
const COMPANY_FORM: &[(&str, bool)] = &[
    ("株式会社", true),
    ("株式会社", false),
    ("有限会社", true),
    ("合同会社", false),
];
const DOMAINS: &[&str] = &[
    "example.co.jp",
    "example.jp",
    "example.com",
    "mail.example.ne.jp",
    "corp.example.co.jp",
];
const NOTES: &[&str] = &[
    "展示会で名刺交換。",
    "来月の定例で見積もりを提出予定。",
    "担当者変更あり、後任は未定。",
    "午前中の連絡を希望。",
    "新製品の資料を送付済み。",
    "年末に訪問予定。",
    "紹介元：営業二課。",
    "支払条件は月末締め翌月末払い。",
    "メールより電話を好む。",
    "キーパーソン。決裁権あり。",
    "先方都合で打ち合わせ延期。",
    "",
];

/// Generates `n` contacts from `seed`, deterministically. All phone numbers are distinct.
pub fn generate(n: usize, seed: u64) -> Vec<GenContact> {
    let mut rng = SplitMix64::new(seed);
    let mut seen: HashSet<u64> = HashSet::with_capacity(n * 2);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let id = i as u64 + 1;
        let fam = *rng.pick(FAMILY);
        let giv = *rng.pick(GIVEN);
        let name = format!("{} {}", fam.0, giv.0);
        let reading = format!("{} {}", fam.1, giv.1);
        let (form, before) = *rng.pick(COMPANY_FORM);
        let stem = *rng.pick(COMPANY_STEM);
        let trade = *rng.pick(COMPANY_TRADE);
        let company = if before {
            format!("{form}{stem}{trade}")
        } else {
            format!("{stem}{trade}{form}")
        };
        let email = format!(
            "{}.{}{}@{}",
            giv.2,
            fam.2,
            rng.below(100),
            rng.pick(DOMAINS)
        );
        let mut notes = String::new();
        for _ in 0..2 + rng.below(2) {
            let phrase: &&str = rng.pick(NOTES);
            notes.push_str(phrase);
        }
        let count = match rng.below(100) {
            0..50 => 1,
            50..85 => 2,
            _ => 3,
        };
        let mut phones = Vec::with_capacity(count);
        while phones.len() < count {
            let num = random_mobile(&mut rng);
            if seen.insert(num) {
                phones.push(format!("+81{num}"));
            }
        }
        out.push(GenContact {
            id,
            name,
            reading,
            company,
            email,
            notes,
            phones,
        });
    }
    out
}

/// A random national significant number `90xxxxxxxx` / `80…` / `70…` (10 digits) as an integer.
fn random_mobile(rng: &mut SplitMix64) -> u64 {
    let prefix = [90u64, 80, 70][rng.below(3) as usize];
    prefix * 100_000_000 + rng.below(100_000_000)
}

/// `+819012345678` → `090-1234-5678` (Japanese national format of a mobile number).
pub fn national(e164: &str) -> String {
    let nsn = &e164[3..]; // "9012345678"
    format!("0{}-{}-{}", &nsn[..2], &nsn[2..6], &nsn[6..])
}

/// A lookup workload: numbers in E.164 and national format, and the expected contact id
/// (`None` for a miss).
pub struct Lookups {
    /// `+819012345678`.
    pub e164: Vec<String>,
    /// `090-1234-5678`.
    pub national: Vec<String>,
    /// The contact that owns the number, or `None` (a number that is in no contact).
    pub expected: Vec<Option<u64>>,
}

/// `count` random lookups, `hit_percent` % of them numbers that exist, the rest numbers that do
/// not (drawn from the same prefixes).
pub fn lookups(contacts: &[GenContact], count: usize, hit_percent: u64, seed: u64) -> Lookups {
    let mut rng = SplitMix64::new(seed);
    let existing: HashSet<&str> = contacts
        .iter()
        .flat_map(|c| c.phones.iter().map(String::as_str))
        .collect();
    let mut l = Lookups {
        e164: Vec::with_capacity(count),
        national: Vec::with_capacity(count),
        expected: Vec::with_capacity(count),
    };
    while l.e164.len() < count {
        if rng.below(100) < hit_percent {
            let c = &contacts[rng.below(contacts.len() as u64) as usize];
            let p = rng.pick(&c.phones).clone();
            l.national.push(national(&p));
            l.e164.push(p);
            l.expected.push(Some(c.id));
        } else {
            let p = format!("+81{}", random_mobile(&mut rng));
            if existing.contains(p.as_str()) {
                continue;
            }
            l.national.push(national(&p));
            l.e164.push(p);
            l.expected.push(None);
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_distinct_and_distributed() {
        let a = generate(20_000, SEED);
        let b = generate(20_000, SEED);
        assert_eq!(a.len(), 20_000);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.name, y.name);
            assert_eq!(x.phones, y.phones);
        }
        let all: Vec<&String> = a.iter().flat_map(|c| &c.phones).collect();
        let set: HashSet<&&String> = all.iter().collect();
        assert_eq!(all.len(), set.len(), "numbers must be distinct");
        let ones = a.iter().filter(|c| c.phones.len() == 1).count() as f64 / 20_000.0;
        assert!((0.47..0.53).contains(&ones), "{ones}");
        assert!(all.iter().all(|p| p.len() == 13 && p.starts_with("+81")));
        assert_eq!(national("+819012345678"), "090-1234-5678");
    }
}
