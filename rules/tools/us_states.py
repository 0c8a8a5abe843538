#!/usr/bin/env python3
"""Generate the US state/territory and US federal breach rules of rules/default.json.

The compact table below (one row per jurisdiction) is the editing surface; the rule pack
`rules/default.json` stays the single source the engine reads. This script rewrites only the
rules it generates (a contiguous run of the pack's `rules` array; appended at the end the first
time) and leaves every other byte of the file alone, so hand-written rules (`us-ca.*`, `us-ny.*`,
`us-tx.*`, `us.hipaa.*`, other regimes) are untouched.

    python3 rules/tools/us_states.py          # rewrite rules/default.json
    python3 rules/tools/us_states.py --check  # exit 1 if the pack differs from the table
    python3 rules/tools/us_states.py --check --pack OTHER.json  # check another copy

`tests/breach_us_states.rs` runs `--check`, so the table and the pack cannot drift.

First written from the statutes as the author knew them, without access to primary texts: a
generated rule is `unverified` unless its row says `verification="confirmed"`, which it does only
where the statute or regulation text was read (the basis names where). Not legal advice.

Standard library only.
"""

import json
import os
import sys

PACK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "default.json")

# Data categories (docs/breach.md "Data categories") and how rule texts name them.
CAT = {
    "government_id": ("SSN or government ID number", "社会保障番号等の政府発行の識別番号"),
    "financial_account": ("financial account number", "金融口座番号"),
    "payment_card": ("payment card number", "クレジット・デビットカード番号"),
    "credentials": ("login credentials", "ログイン認証情報（ユーザー名／メールアドレスとパスワード）"),
    "health": ("medical information", "医療情報"),
    "health_insurance": ("health-insurance information", "健康保険情報"),
    "biometric": ("biometric data", "生体情報"),
    "genetic": ("genetic data", "遺伝情報"),
    "other": (
        "other listed elements (e.g. date of birth)",
        "その他の列挙項目（生年月日等）",
    ),
}
BASE = ["government_id", "financial_account", "payment_card"]

AG = ("Attorney General", "州司法長官")

# One row per jurisdiction. Keys:
#   code, en, ja, zone (IANA zone of the capital), statute (the section for the residents' notice)
#   cats: data categories that make the data "personal information" under the statute
#   res: residents' deadline: None = without unreasonable delay, N = N calendar days
#   res_note: the statutory wording of the deadline (English)
#   reg: regulator notice: dict(name=(en, ja), op="gt"|"ge", n=threshold, dl=None|days|("bd", N),
#        basis=..., from_="YYYY-MM-DD" if the duty is new, processor_too=True if a processor
#        notifies the regulator too)
#   owner_days: the processor's deadline to tell the owner (None = without unreasonable delay)
#   cra: consumer-reporting-agency threshold (more than N residents) or None
#   cra_op: "ge" where the statute says "N or more" (default "gt": more than N)
#   notes: extra (en, ja) notes
#   verification: "confirmed" only where the statute text was read (issue 26); then `text` says
#        which sections were read and where, and is added to the residents' and owner's basis
#        (the regulator rule takes its own `verification` and `basis` from `reg`);
#        owner_verification: the owner rule's, where the processor's duty was not read (default:
#        the row's)
#   (rows confirmed by the NE-WY reading use the key `src` instead of `text`, same meaning)
#   verification: "confirmed" where the statute text was read (residents, owner and, unless its
#     reg dict says otherwise, regulator rules); src: what was read and where (appended to the
#     residents' and owner's basis)
#   no_encryption: the statute has no encryption safe harbour (only redaction): no `encrypted`
#     exemption
#   vendor_reg: the processor's own regulator notice (a reg dict), scoped to processors
#   agency_reg: a public agency's own regulator notice (a reg dict with `rid`), scoped to US
#     public bodies (organisation.type public_body or local_government)
#   owner_verification: "unverified" where the processor's clause itself was not read
#   owner_text: where the processor's clause itself was read: its section, deciding words and where
#     (appended to the owner rule's basis)
#   owner_basis: the owner notice's basis where the statute has no vendor duty (then unverified)
#   holder_notifies: the statute puts the notice on whoever holds the data (custodian, processor),
#     not only its owner: no `processor` exemption on the residents' and regulator notices
#   tried / owner_tried: for a rule left `unverified`, what was searched and why it was not
#     enough (appended to the residents' / owner's basis as "not confirmed: ...", so the next
#     reader does not repeat it)
ROWS = [
    dict(code="AL", en="Alabama", ja="アラバマ州", zone="America/Chicago",
         statute="Ala. Code §8-38-5",
         cats=BASE + ["credentials", "health", "health_insurance"],
         res=45, res_note="without unreasonable delay, at most 45 days after determining a breach",
         reg=dict(name=AG, op="gt", n=1000, dl=45, verification="confirmed",
                  basis="Ala. Code §8-38-6(a): \"If the number of individuals a covered entity is required to notify under Section 8-38-5 exceeds 1,000\", written notice to the Attorney General within 45 days of the determination (or of the third-party agent's notice); text read (alisondb.legislature.state.al.us)"),
         owner_days=10, cra=1000, verification="confirmed",
         text="§8-38-5(a)-(b) at law.uslawyerdatabase.com: notice within 45 days of determining a breach reasonably likely to cause substantial harm; §8-38-7 (more than 1,000: consumer reporting agencies) and §8-38-8 (third-party agent within 10 days) at alisondb.legislature.state.al.us; §8-38-2(1)-(5) at law.justia.com, its element list (SSN or tax ID, government ID numbers, account number with a code, medical and health-insurance information, username or email with password) as quoted by DWT"),
    dict(code="AK", en="Alaska", ja="アラスカ州", zone="America/Juneau",
         statute="Alaska Stat. §45.48.010",
         cats=BASE + ["credentials"],
         res=None, res_note="in the most expeditious time possible and without unreasonable delay",
         reg=None, cra=1000, verification="confirmed", owner_verification="confirmed",
         owner_text="§45.48.070(a) in the Alaska Statutes as published in the public repository UniCourt/cic-code-ak (transforms/ak/ocak/r82/gov.ak.code.title.45.html; its §45.48.010 agrees word for word with law.justia.com): if the breach is of a system \"maintained by an information recipient\", the recipient \"is not required to comply with AS 45.48.010 — 45.48.030. However, immediately after the information recipient discovers the breach, the information recipient shall notify the information distributor who owns the personal information or who licensed the use of the personal information to the information recipient about the breach\"; §45.48.090(7) there: personal information is information \"that is not encrypted or redacted, or is encrypted and the encryption key has been accessed or acquired\" (so the encryption safe harbour applies); the Mintz Matrix (mintz.com/mintz-matrix/alaska) agrees: third parties maintaining personal information on behalf of a covered entity \"must notify covered entity about a breach\". The Ansvar-Systems/US-law-mcp copy (ak.json, which holds other text under these section numbers) is written by its populate-missing-states script, not scraped: not relied on",
         text="§45.48.010(a)-(c) at law.justia.com: disclosure in the most expeditious time possible; the no-harm exception only after written notification to the Attorney General; §45.48.090(1)-(7) at codes.findlaw.com: personal information is information not encrypted or redacted, or encrypted with the key accessed or acquired; §45.48.040(a) (more than 1,000: consumer reporting agencies) as listed at policyrisk.com; element list (incl. passwords, PINs or access codes for financial accounts) per DWT",
         notes=[("If you determine that no notice is needed (no reasonable likelihood of harm), the determination must be documented and sent to the Attorney General in writing (§45.48.010(c)).",
                 "通知不要（損害の合理的可能性なし）と判断した場合は、その判断を文書化し州司法長官に書面で送付する必要があります（§45.48.010(c)）。")]),
    dict(code="AZ", en="Arizona", ja="アリゾナ州", zone="America/Phoenix",
         statute="Ariz. Rev. Stat. §18-552",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "other"],
         notes=[("A private key unique to an individual and used to authenticate or sign an electronic record counts (§18-551); mamori has no category for it, so `other` triggers (conservative).",
                 "電子記録の認証・署名に使う個人固有の秘密鍵も対象です（§18-551）。mamori にはこの区分がないため、保守的に `other` でも通知対象とします。")],
         res=45, res_note="within 45 days after determining a breach",
         reg=dict(name=("Attorney General and Department of Homeland Security", "州司法長官および州国土安全保障局"),
                  op="gt", n=1000, dl=45, verification="confirmed",
                  basis="Ariz. Rev. Stat. §18-552(B) as amended by HB 2146 (2022): \"If the investigation results in a determination that there has been a security system breach, the person that owns or licenses the computerized data, within forty-five days after the determination, shall: 1. Notify the individuals affected ... 2. If the breach requires notification of more than one thousand individuals, notify both: (a) The three largest nationwide consumer reporting agencies. (b) The attorney general and the director of the Arizona department of homeland security, in writing\" (text read as quoted from azleg.gov/ars/18/00552.htm in the public dataset joelp22-maker/referencesource-data, data-breach-notification-clocks/data.json); the Arizona House's summary of HB 2146 (azleg.gov, 55th Legislature, 2nd Regular Session) agrees: the bill \"Includes the Director of the Arizona Department of Homeland Security (AZDOHS)\" among the recipients, the Attorney General being notified \"If the breach affects more than 1,000 individuals\" (the Klinedinst and Constangy summaries say the same); mamori counts the 45 days from awareness (cautious: the text counts from the determination)"),
         cra=1000, verification="confirmed", owner_verification="confirmed",
         owner_text="§18-552(C) as amended by HB 2154 (2018), quoted in the Mintz Matrix (mintz.com/mintz-matrix/arizona): \"A person that maintains unencrypted and unredacted computerized personal information it does not own or license shall notify, as soon as practicable, the owner or licensee of the information on discovering any security system breach and cooperate with the owner or the licensee\"; Sidley's Data Matters on the 2018 amendment (datamatters.sidley.com, 2018-05-11) agrees: entities that maintain but do not own or license the data \"must notify data-owners of a breach 'as soon as practicable' upon discovering a breach\" (the Ansvar-Systems/US-law-mcp copy, which reads \"immediately\", is written by its populate-missing-states script, not scraped: not relied on; mamori shows \"without undue delay\" for either wording); a security system breach concerns \"unencrypted and unredacted computerized personal information\" (§18-551(1), foundry.legal and cliclaw.com), so the encryption safe harbour applies",
         text="§18-552(B) as quoted from azleg.gov/ars/18/00552.htm in the public dataset joelp22-maker/referencesource-data (data-breach-notification-clocks/data.json, its source_quote; also published as huggingface.co/datasets/referencesource/data-breach-notification-clocks): \"If the investigation results in a determination that there has been a security system breach, the person that owns or licenses the computerized data, within forty-five days after the determination, shall: 1. Notify the individuals affected pursuant to subsection E of this section\"; the same period, counted from the determination, in the Klinedinst chart (\"within 45 days after determining there was a breach\") and the Constangy summary (\"within 45 days after the determination that a breach occurred\"); element list (incl. private key, passport, taxpayer ID, health insurance, medical, biometric, user name or e-mail with password) per DWT and recordinglaw.com; the vendor clause (C) as amended in 2018 reads \"as soon as practicable\" (owner clause below). The Ansvar-Systems/US-law-mcp copy (az.json, an older wording) is written by its populate-missing-states script, not scraped: not relied on (re-read in issue 26 session 10)"),
    dict(code="AR", en="Arkansas", ja="アーカンソー州", zone="America/Chicago",
         statute="Ark. Code §4-110-105",
         cats=BASE + ["health", "biometric"],
         res=None, res_note="in the most expedient time and manner possible and without unreasonable delay",
         reg=dict(name=AG, op="gt", n=1000, dl=45, verification="confirmed",
                  basis="Ark. Code §4-110-105(b)(2): more than 1,000 individuals, \"at the same time the security breach is disclosed to an affected individual or within forty-five (45) days after the person or business determines that there is a reasonable likelihood of harm to customers, whichever occurs first\"; text read (getpocketlaw.com); counted from awareness (cautious)"),
         cra=1000, verification="confirmed",
         text="§4-110-105(a)-(b) at getpocketlaw.com: disclosure in the most expedient time and manner possible; a maintainer tells the owner immediately; §4-110-103(1)-(7) at instalawyer.io; element list (medical information, biometric data) as quoted by Hyperproof; no consumer-reporting-agency duty was found in the text read"),
    dict(code="CO", en="Colorado", ja="コロラド州", zone="America/Denver",
         statute="Colo. Rev. Stat. §6-1-716",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric"],
         res=30, res_note="in the most expedient time possible, at most 30 days after determining a breach",
         reg=dict(name=AG, op="ge", n=500, dl=30, verification="confirmed",
                  basis="Colo. Rev. Stat. §6-1-716(2)(f): \"The covered entity that must notify Colorado residents of a data breach pursuant to this section shall provide notice of any security breach to the Colorado attorney general in the most expedient time possible and without unreasonable delay, but not later than thirty days after the date of determination that a security breach occurred, if the security breach is reasonably believed to have affected five hundred Colorado residents or more, unless the investigation determines that the misuse of information about a Colorado resident has not occurred and is not likely to occur\" (text read in the Colorado Revised Statutes title 6 as published in the public repository UniCourt/cic-code-co, transforms/co/occo/r80/gov.co.crs.title.06.html; the same period and \"five hundred Colorado residents or more\" in the dataset joelp22-maker/referencesource-data, taken from leg.colorado.gov's CRS 2023 title 6; the Attorney General's page coag.gov: \"if the breach affects 500 or more Coloradans\"); mamori counts the 30 days from awareness (cautious: the text counts from the determination) and does not model the no-misuse exception"),
         owner_days=None, cra=1000, cra_op="ge", verification="confirmed", owner_verification="confirmed",
         owner_text="§6-1-716(2)(b) (the same UniCourt/cic-code-co text): \"If a covered entity uses a third-party service provider to maintain computerized data that includes personal information, then the third-party service provider shall give notice to and cooperate with the covered entity in the event of a security breach that compromises such computerized data, including notifying the covered entity of any security breach in the most expedient time possible, and without unreasonable delay following discovery of a security breach, if misuse of personal information about a Colorado resident occurred or is likely to occur\"; (1)(h): a security breach is \"the unauthorized acquisition of unencrypted computerized data\" (so the encryption safe harbour applies); (1)(b): a covered entity \"does not include a person acting as a third-party service provider\" (so a processor does not notify the residents itself); csrps.com agrees (\"If vendor is breached, they must report it to the data owner\"); the misuse condition is not modelled (cautious)",
         text="§6-1-716(2)(a) in the Colorado Revised Statutes title 6 as published in the public repository UniCourt/cic-code-co (transforms/co/occo/r80/gov.co.crs.title.06.html, read in issue 26 session 10): a covered entity that \"maintains, owns, or licenses\" the data investigates promptly and \"shall give notice to the affected Colorado residents unless the investigation determines that the misuse of information about a Colorado resident has not occurred and is not reasonably likely to occur. Notice must be made in the most expedient time possible and without unreasonable delay, but not later than thirty days after the date of determination that a security breach occurred\"; the same words quoted from leg.colorado.gov (CRS 2023, title 6) in the dataset joelp22-maker/referencesource-data; (1)(g)(I) there: a name with an SSN, a student, military or passport ID number, a driver's licence or ID card number, medical information, a health-insurance ID number or biometric data; a username or e-mail address with a password or security questions and answers; an account or card number with any required code. The Ansvar-Systems/US-law-mcp copy (co.json) is written by its populate-missing-states script, not scraped: not relied on",
         notes=[("Consumer reporting agencies: §6-1-716(2)(d) as published in UniCourt/cic-code-co says \"more than one thousand Colorado residents\"; the Ansvar-Systems/US-law-mcp copy (written by its populate-missing-states script, not scraped: not relied on) and csrps.com say \"one thousand or more\": mamori uses 1,000 or more (cautious).",
                 "消費者信用情報機関: UniCourt/cic-code-co に掲載の§6-1-716(2)(d)は「1,000人を超えるコロラド州居住者」、Ansvar-Systems/US-law-mcp の写し（同リポジトリのスクリプトが作成したもので、条文の取得ではないため依拠しません）と csrps.com は「1,000人以上」としています。mamori は保守的に1,000人以上とします。")]),
    dict(code="CT", en="Connecticut", ja="コネチカット州", zone="America/New_York",
         statute="Conn. Gen. Stat. §36a-701b",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "other"],
         notes=[("Precise geolocation data is personal information since 2023-10-01 (2023 SB 1058, per DataGuidance and Practical Law; the amended text not read); mamori has no category for it, so `other` triggers (cautious, also for earlier incidents).",
                 "2023-10-01 以降、精密な位置情報も個人情報です（SB 1058。DataGuidance・Practical Law による。改正後の条文は未読）。mamori にはこの区分がないため、保守的に `other` でも通知対象とします（それ以前の事案にも適用）。")],
         res=60, res_note="without unreasonable delay, at most 60 days after discovery (since 2021-10-01; 90 days before)",
         reg=dict(name=AG, op="gt", n=0, dl=60, verification="confirmed",
                  basis="Conn. Gen. Stat. §36a-701b(b)(2): a person required to notify residents \"shall provide notice of the breach of security to the Attorney General not later than the time notice is provided to the residents\" (as quoted by Perkins Coie; the Attorney General's page portal.ct.gov says the same: \"no later than when residents are notified\"); residents within 60 days, so at the latest 60 days after discovery"),
         verification="confirmed",
         text="§36a-701b(a)-(b) before 2021 at statutes.laws.com (breach is \"unauthorized access to or acquisition of\" computerized data containing personal information \"when access to the personal information has not been secured by encryption or by any other method or technology that renders the personal information unreadable or unusable\"); (a)(2) as amended by Public Act 21-59 (in force 2021-10-01), quoted in full by SCC Online: a name with an SSN, taxpayer ID, IRS identity protection PIN, driver's licence, state ID, passport or military ID number, a credit or debit card number, a financial account number with its code, medical information, health-insurance numbers or biometric information, or a user name or e-mail address with a password or security question and answer; (b)(1) \"without unreasonable delay but not later than sixty days after the discovery of such breach\" and (c) a person maintaining data it does not own notifies the owner or licensee \"immediately following its discovery\" (as quoted by Perkins Coie; the Attorney General's page portal.ct.gov confirms the 60 days from 2021-10-01)"),
    dict(code="DE", en="Delaware", ja="デラウェア州", zone="America/New_York",
         statute="Del. Code tit. 6 §12B-102",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "genetic"],
         res=60, res_note="without unreasonable delay, at most 60 days after determining a breach",
         reg=dict(name=AG, op="gt", n=500, dl=60, verification="confirmed",
                  basis="Del. Code tit. 6 §12B-102(d): \"If the affected number of Delaware residents to be notified exceeds 500 residents, the person required to provide notice shall, not later than the time when notice is provided to the resident, also provide notice of the breach of security to the Attorney General\" (so at the latest the residents' 60 days); text read in the Ansvar-Systems/US-law-mcp repository's copy of §12B-102 (data/seed/states/de.json, naming delcode.delaware.gov; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: (d) stands between (c) (notice within 60 days) and (e) (SSN: credit monitoring) of §12B-102), agreeing with two other public GitHub state-law tables found with find_string (\"exceeds 500 residents\", \"not later than the time when notice is provided to the resident\", citing delcode.delaware.gov)"),
         cra=None, verification="confirmed",
         text="§12B-102(a)-(c) (casetext mirror): notice unless the breach is unlikely to result in harm; a maintainer tells the owner immediately; notice not later than 60 days after determination; §12B-101(1)-(4) at delcode.delaware.gov: encrypted data is not breached unless the key is acquired and could render it readable; element list (incl. DNA profile, taxpayer ID) per complianceiq"),
    dict(code="FL", en="Florida", ja="フロリダ州", zone="America/New_York",
         statute="Fla. Stat. §501.171",
         cats=BASE + ["credentials", "health", "health_insurance"],
         res=30, res_note="as expeditiously as practicable, at most 30 days after determining a breach",
         reg=dict(name=("Department of Legal Affairs", "州法務局（司法長官）"), op="ge", n=500, dl=30, rid="attorney_general",
                  verification="confirmed",
                  basis="Fla. Stat. §501.171(3)(a): notice to the Department of Legal Affairs \"of any breach of security affecting 500 or more individuals in this state\", \"as expeditiously as practicable, but no later than 30 days after the determination of the breach or reason to believe a breach occurred\" (both phrases quoted verbatim, the first in a public note citing flsenate.gov's text, the second in a public compliance table; the Snell & Wilmer, DWT and CSRPS charts agree: 500 or more, 30 days)"),
         owner_days=10, cra=1000, verification="confirmed",
         text="§501.171(1)(a)-(g) and (4)(a) (fl.elaws.us and a verbatim reproduction): breach is \"unauthorized access of data in electronic form containing personal information\"; personal information is a name with an SSN, a driver's licence, passport, military or similar government ID number, a financial account or card number with any required code, medical or health-insurance information, or a user name or e-mail address with its password or security question and answer, and excludes information \"encrypted, secured, or modified\" to be unusable; individuals are notified \"as expeditiously as practicable and without unreasonable delay\" and \"no later than 30 days after the determination of a breach or reason to believe a breach occurred\" (15 more days for good cause); §501.171(6)(a): a third-party agent tells the covered entity \"no later than 10 days following the determination of the breach of security or reason to believe the breach occurred\" (quoted from flsenate.gov's text in a public note; Snell & Wilmer quote the same)",
         notes=[("The 30-day and 10-day periods run from the determination of the breach (or reason to believe one occurred); mamori counts them from awareness (cautious).",
                 "30日・10日の期間は侵害の判断（または侵害を疑う理由）の時点から起算されますが、mamori は認識時点から数えます（慎重な扱い）。")]),
    dict(code="GA", en="Georgia", ja="ジョージア州", zone="America/New_York",
         statute="Ga. Code §10-1-912",
         cats=BASE + ["credentials"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, owner_days=("h", 24), cra=10000, verification="confirmed",
         text="§10-1-912(a)-(d) at law.justia.com and laws9.com: notice in the most expedient time possible; a maintainer tells the information broker or data collector within 24 hours; more than 10,000: consumer reporting agencies; §10-1-911 element list (incl. account passwords, PINs or other access codes) as quoted by twfg342.com and cliclaw",
         notes=[("The statute covers information brokers and data collectors; mamori applies it to every holder (conservative).",
                 "同法の対象は情報ブローカーおよびデータ収集者ですが、mamori は保守的にすべての保有者に適用します。")]),
    dict(code="HI", en="Hawaii", ja="ハワイ州", zone="Pacific/Honolulu",
         statute="Haw. Rev. Stat. §487N-2",
         cats=BASE + ["credentials"],
         res=None, res_note="without unreasonable delay",
         reg=dict(name=("Office of Consumer Protection", "消費者保護局"), op="ge", n=1000, dl=None,
                  basis="Haw. Rev. Stat. §487N-2(f) (subsection not read: the Perkins Coie chart and complianceiq.site say \"more than 1,000 persons\" notified at one time, csrps.com and tekrisq.com \"1,000 or more\"; without unreasonable delay per Perkins Coie); mamori counts from 1,000 (cautious) until the text is read",
                  notes=[("The sources disagree on the threshold (\"more than 1,000\" or \"1,000 or more\" persons notified at one time): mamori counts 1,000 or more (cautious) until §487N-2(f) is read.",
                          "閾値について資料の記載が分かれています（一度に通知する人数が「1,000人を超える」か「1,000人以上」か）。§487N-2(f)の条文を確認するまで、mamori は保守的に1,000人以上とします。")]),
         cra=1000, verification="confirmed",
         text="§487N-2(a)-(c) at policyrisk.com: notice without unreasonable delay; a maintainer tells the owner immediately; §487N-1 at proteuscyber.com: personal information is a name with an SSN, a driver's licence or Hawaii ID number, or an \"account number, credit or debit card number, access code, or password that would permit access to an individual's financial account\"; encrypted records acquired with the key are a security breach",
         notes=[("A password or access code that opens a financial account is an element on its own (§487N-1); mamori cannot tell which account a login opens, so `credentials` triggers (cautious).",
                 "金融口座にアクセスできるパスワード・アクセスコードはそれ自体が対象項目です（§487N-1）。mamori はログインがどの口座のものか判別できないため、保守的に `credentials` でも通知対象とします。")]),
    dict(code="ID", en="Idaho", ja="アイダホ州", zone="America/Boise",
         statute="Idaho Code §28-51-105",
         cats=BASE,
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, verification="confirmed", owner_verification="confirmed",
         agency_reg=dict(name=AG, rid="agency_attorney_general", op="gt", n=0, dl=("h", 24), processor_too=True,
                         verification="confirmed",
                         basis="Idaho Code §28-51-105(4) in the Idaho Code as published in the public repository UniCourt/cic-code-id (transforms/id/ocid/r70/idaho.title.28.1.html, release 70, 2020): \"When an agency becomes aware of a breach of the security of the system, it shall, within twenty-four (24) hours of such discovery, notify the office of the Idaho attorney general\"; an agency is a \"public agency\" as defined in section 74-101 (§28-51-104(1)); any number of residents; a breach is \"the illegal acquisition of unencrypted computerized data\" (§28-51-104(2)), so the encryption safe harbour applies",
                         notes=[("Only Idaho's own public agencies (city, county or state; §74-101) owe this notice, and a state agency also reports to the office of the chief information officer under the Idaho technology authority policies; mamori cannot tell an Idaho agency from another US public body, so it asks this of every US public body (organisation.type public_body or local_government) holding Idaho residents' data, and of one that holds the data for another (cautious).",
                                 "この通知義務を負うのはアイダホ州自身の公的機関（市・郡・州。§74-101）のみで、州機関は州技術局の方針に基づき最高情報責任者室にも報告します。mamori はアイダホ州の機関と他の米国公的機関を区別できないため、アイダホ州居住者のデータを保持するすべての米国公的機関（organisation.type が public_body または local_government）に、他者のために保持する場合も含めてこの通知を求めます（保守的な扱い）。")]),
         owner_text="§28-51-105(2) in the Idaho Code as published in the public repository UniCourt/cic-code-id (transforms/id/ocid/r70/idaho.title.28.1.html, release 70, 2020, its only release): \"An agency, individual or a commercial entity that maintains computerized data that includes personal information that the agency, individual or the commercial entity does not own or license shall give notice to and cooperate with the owner or licensee of the information of any breach of the security of the system immediately following discovery of a breach if misuse of personal information about an Idaho resident occurred or is reasonably likely to occur\" (the misuse condition is not modelled: cautious); a breach is \"the illegal acquisition of unencrypted computerized data\" (§28-51-104(2)), so the encryption safe harbour applies",
         text="§§28-51-104 and 28-51-105 in the Idaho Code as published in the public repository UniCourt/cic-code-id (transforms/id/ocid/r70/idaho.title.28.1.html, release 70, 2020): a breach of the security of the system \"means the illegal acquisition of unencrypted computerized data that materially compromises the security, confidentiality, or integrity of personal information for one (1) or more persons\" (§28-51-104(2)); personal information is a name with a Social Security number, a \"Driver's license number or Idaho identification card number\", or an \"Account number, or credit or debit card number, in combination with any required security code, access code, or password that would permit access to a resident's financial account\", \"when either the name or the data elements are not encrypted\" (§28-51-104(5)); §28-51-105(1): if misuse has occurred or is reasonably likely, notice \"in the most expedient time possible and without unreasonable delay\"; no Attorney General or consumer-reporting-agency notice for businesses (§28-51-105(4) binds agencies only: within twenty-four hours, the Idaho attorney general); 2025 S1066 (below) is not in this edition; the struck-through text of S1066 read earlier (legiplex.com) agrees",
         notes=[("2025 Senate Bill 1066 would widen the elements (passport number, username, medical history, biometric data) from 2025-07-01; legiplex.com lists only its introduced version as the latest draft (no amended, engrossed or enrolled text), so it was most likely not enacted — not confirmed from the session laws. Only the elements of §28-51-104 as it stands count here; check before relying on a `not_required` for those categories.",
                 "2025年上院法案1066号は2025-07-01から対象項目（旅券番号、ユーザー名、病歴、生体情報）を拡大する内容ですが、legiplex.com には提出時の版しかなく（修正・可決・成立版なし）、成立しなかった可能性が高いものの、会期法で確認はできていません。ここでは現行§28-51-104の項目のみを対象とします。これらの区分で `not_required` となる場合は確認してください。")]),
    dict(code="IL", en="Illinois", ja="イリノイ州", zone="America/Chicago",
         statute="815 ILCS 530/10",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=dict(name=AG, op="gt", n=500, dl=None, verification="confirmed",
                  basis="815 ILCS 530/10(e) (P.A. 101-343, from 2020-01-01): a data collector required to notify \"more than 500 Illinois residents as a result of a single breach\" notifies the Attorney General \"in the most expedient time possible and without unreasonable delay but in no event later than when the data collector provides notice to consumers\" (words quoted by Patterson Belknap and the WBK firm; P.A. 101-343's text at ilga.gov read for (a))"),
         verification="confirmed",
         text="815 ILCS 530/10(a) at ilga.gov: notice \"in the most expedient time possible and without unreasonable delay\"; 530/10(b) (P.A. 94-947 at ilga.gov): a data collector maintaining data it does not own or license notifies the owner or licensee \"immediately following discovery\"; 530/5 at ilga.gov and as reproduced by Privacy Rights Clearinghouse: personal information is a name with an SSN, a driver's licence or state ID number, an account or card number (alone, or with a code), medical or health-insurance information or unique biometric data, or a user name or e-mail address with a password or security question and answer, when not encrypted or redacted or when the keys were acquired"),
    dict(code="IN", en="Indiana", ja="インディアナ州", zone="America/Indiana/Indianapolis",
         statute="Ind. Code §24-4.9-3-3",
         cats=BASE + ["other"],
         notes=[("Information collected by an adult-oriented website operator under IC 24-4-23 (age verification) is personal information on its own (§24-4.9-2-10(3), P.L.98-2024); mamori has no category for it, so `other` triggers (cautious).",
                 "成人向けウェブサイト運営者が IC 24-4-23 に基づき収集した情報（年齢確認）もそれ自体が個人情報です（§24-4.9-2-10(3)、P.L.98-2024）。mamori にはこの区分がないため、保守的に `other` でも通知対象とします。")],
         res=45, res_note="without unreasonable delay, at most 45 days after discovery (since 2022-07-01)",
         reg=dict(name=AG, op="gt", n=0, dl=45, verification="confirmed",
                  basis="Ind. Code §24-4.9-3-1(c): \"If a data base owner makes a disclosure described in subsection (a), the data base owner shall also disclose the breach to the attorney general\" (text read at statutes.laws.com, laws9.com); §24-4.9-3-3(a) (P.L.171-2022): \"A person required to make a disclosure or notification under this chapter shall make the disclosure or notification without unreasonable delay, but not more than forty-five (45) days after the discovery of the breach\" (lawserver.com, courtgpt.ai)"),
         owner_days=45, cra=1000, verification="confirmed",
         text="§24-4.9-3-1(a)-(b) at in.gov and statutes.laws.com: the data base owner discloses to a resident whose unencrypted personal information (or encrypted personal information with access to the key) was or may have been acquired, if it could result in identity deception, identity theft or fraud; more than 1,000 consumers: consumer reporting agencies; §24-4.9-3-2: a person that maintains data but is not the data base owner \"shall notify the data base owner\" if personal information was or may have been acquired; §24-4.9-3-3(a) (P.L.171-2022, at lawserver.com and courtgpt.ai): every disclosure or notification under the chapter \"without unreasonable delay, but not more than forty-five (45) days after the discovery of the breach\"; §24-4.9-2-10 (P.L.98-2024, courtgpt.ai): an unencrypted SSN alone, or a name with a driver's licence or state ID number, a credit card number, or a financial account or debit card number with its code, or information collected by an adult-oriented website operator under IC 24-4-23"),
    dict(code="IA", en="Iowa", ja="アイオワ州", zone="America/Chicago",
         statute="Iowa Code §715C.2",
         cats=BASE + ["credentials", "biometric"],
         res=None, res_note="in the most expeditious manner possible and without unreasonable delay",
         verification="confirmed", owner_verification="confirmed",
         owner_text="§715C.2(2), quoted in McAfee's state summary (mcafee.com): \"Any person who maintains or otherwise possesses personal information on behalf of another person shall notify the owner or licensor of the information of any breach of security immediately following discovery of such breach of security if a consumer's personal information was included in the information that was breached\"; the Mintz Matrix (mintz.com/mintz-matrix/iowa) agrees: such a person \"must notify the owner or licensor of the information of any security breach of a consumer's personal information immediately following discovery of security breach\"; personal information is a name with elements \"not encrypted, redacted, or otherwise altered\" so as to be unreadable (§715C.1(11), McAfee), so the encryption safe harbour applies",
         text="§715C.2(1) at lawserver.com: notice following discovery, in the most expeditious manner possible; §715C.1(1)-(5) at courtgpt.ai; element list (unique electronic identifier or routing code with a code permitting access to a financial account; unique biometric data) as quoted by McAfee and DWT",
         notes=[("A unique electronic identifier or routing code with the code or password that opens a financial account is an element (§715C.1); mamori cannot tell which account a login opens, so `credentials` triggers (cautious).",
                 "金融口座にアクセスできる電子識別子・ルーティングコードとパスワード等の組合せは対象項目です（§715C.1）。mamori はログインがどの口座のものか判別できないため、保守的に `credentials` でも通知対象とします。")],
         reg=dict(name=("Attorney General (Consumer Protection Division)", "州司法長官（消費者保護部）"), op="ge", n=500, dl=("after_bd", 5),
                  verification="confirmed",
                  basis="Iowa Code §715C.2(8): a person that owns or licenses the data and \"that was subject to a breach of security requiring notification to more than five hundred residents of this state pursuant to this section shall give written notice of the breach of security to the director of the consumer protection division of the office of the attorney general within five business days after giving notice of the breach of security to any consumer pursuant to this section\"; text read in the Ansvar-Systems/US-law-mcp repository's copy of §715C.2 (data/seed/states/ia.json, naming legis.iowa.gov; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: subsection 8 stands between 7 (exemptions) and 9 (enforcement) with the section's history note (2008 Acts, ch 1154, §2 ... 2018 Acts, ch 1091, §9)), agreeing with a public GitHub state-law table that quotes the deciding words (AG notice \"within five business days after giving notice of the breach ... to any consumer\" when more than 500 residents are affected; find_string), agreeing with the DWT chart (\"YES, if >500 residents notified\", dwt.com) and complianceiq.site (\"if more than 500 Iowa residents are affected, written notice to the AG within 5 business days of consumer notification\"); the Attorney General's own page says \"at least 500 Iowa residents\" (iowaattorneygeneral.gov), so mamori counts 500 too (cautious beyond the text's \"more than five hundred\"); weekends only skipped as business days",
                  notes=[("Due 5 business days after the notice to Iowa residents (us-ia.residents); that notice has no fixed period, so act with it.",
                          "アイオワ州の住民への通知（us-ia.residents）から5営業日以内; その通知には固定の期間がないため、通知と併せて対応する。")])),
    dict(code="KS", en="Kansas", ja="カンザス州", zone="America/Chicago",
         statute="Kan. Stat. §50-7a02",
         cats=BASE,
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, cra=1000, verification="confirmed",
         text="§50-7a02(a)-(d) at getpocketlaw.com: a prompt investigation, then notice as soon as possible, in the most expedient time possible, where misuse has occurred or is reasonably likely; a maintainer tells the owner following discovery; element list (SSN, driver's licence or state ID, account or card number alone or with a code) per the Snell & Wilmer and cliclaw charts"),
    dict(code="KY", en="Kentucky", ja="ケンタッキー州", zone="America/New_York",
         statute="Ky. Rev. Stat. §365.732",
         cats=BASE,
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, cra=1000, verification="confirmed", owner_verification="unverified",
         owner_tried="round 6d (session 10): the Kentucky Revised Statutes as published in the public repository UniCourt/cic-code-ky hold chapter 365 (title 29) in none of their releases r78 to r87 (the title 29 files are listed but absent from the stored copy, and the public code index does not hold them); the search tool found only charts for subsection (3) (Perkins Coie: an entity that maintains personal information it does not own \"shall notify the owner or licensee\", the rest cut off) and copies of (1)-(2) (proteuscyber.com, wordsbywit.com); a public GitHub data file of state breach laws that reproduces the Perkins Coie chart's wording (find_string id 37204856777) reads \"shall notify the owner or licensee of the information of any breach of the security of the data as soon as reasonably practicable following discovery\" — one chart's wording, not the section (mamori shows \"without undue delay\", which that period does not shorten)",
         text="§365.732(1)-(2) at proteuscyber.com: personal information is a name with an SSN, a driver's licence number, or an account or card number with any required code; disclosure to residents whose unencrypted personal information was acquired, in the most expedient time possible"),
    dict(code="LA", en="Louisiana", ja="ルイジアナ州", zone="America/Chicago",
         statute="La. Rev. Stat. §51:3074",
         cats=BASE + ["biometric"],
         res=60, res_note="in the most expedient time possible, at most 60 days after discovery",
         verification="confirmed", owner_verification="confirmed",
         owner_text="§51:3074(D): \"Any agency or person that maintains computerized data that includes personal information that the agency or person does not own shall notify the owner or licensee of the information if the personal information was, or is reasonably believed to have been, acquired by an unauthorized person through a breach of security of the system containing such data, following discovery by the agency or person of a breach of security of the system\" (read in the legislature's text at legis.la.gov/Legis/Law.aspx?d=322030 (a search excerpt) and in the Ansvar-Systems/US-law-mcp repository's copy of §51:3074 (data/seed/states/la.json, naming legis.la.gov; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: (D) and (E) stand in §51:3074 there and (D) matches the legislature's excerpt word for word)); the latter's (E) reads \"The notification required pursuant to Subsections C and D of this Section shall be made in the most expedient time possible and without unreasonable delay but not later than sixty days from the discovery of the breach\"; mamori keeps this notice \"without unreasonable delay\" and does not show the 60-day outer limit (the words \"Subsections C and D\" were read in that one source only)",
         text="§51:3074(C)-(D) at legis.la.gov: a person that owns or licenses computerized personal information \"shall, following discovery of a breach in the security of the system containing such data, notify any resident of the state whose personal information was, or is reasonably believed to have been, acquired by an unauthorized person\"; a person maintaining data it does not own notifies the owner or licensee (the rest of (D) not reached); §51:3074(E): \"in the most expedient time possible and without unreasonable delay but not later than sixty days from the discovery of the breach\" (quoted in a public compliance table; Klinedinst's chart says the same); element list (incl. passport number and biometric data) per Lewis Brisbois",
         reg=dict(name=AG, op="gt", n=0, dl=("after", 10), verification="confirmed",
                  basis="La. Admin. Code tit. 16, pt. III, §701(A)-(B) (\"Notice to the attorney general shall be timely if received within 10 days of distribution of notice to Louisiana citizens\"; text read at ag.state.la.us)",
                  notes=[("Due 10 days after the notice to Louisiana residents (us-la.residents) is distributed; until then, the latest date is that notice's own deadline plus 10 days.",
                          "ルイジアナ州の住民への通知（us-la.residents）の送付から10日以内; 送付前は、その通知自体の期限に10日を加えた日が最終期限。")]),
         owner_days=None),
    dict(code="ME", en="Maine", ja="メイン州", zone="America/New_York",
         statute="Me. Rev. Stat. tit. 10 §1348",
         cats=BASE + ["credentials"],
         res=30, res_note="as expediently as possible, at most 30 days after becoming aware of the breach",
         reg=dict(name=("Attorney General or the primary state regulator", "州司法長官または所管の州規制当局"), op="gt", n=0, dl=30,
                  basis="Me. Rev. Stat. tit. 10 §1348(5) (the recipients as the Constangy summary gives them (constangy.com): when notice is given, \"the entity shall notify the appropriate state regulators within the Department of Professional and Financial Regulation, or if the person is not regulated by the department, the Attorney General\"; the same recipients in the cliclaw.com, csrps.com and reggi.ai summaries); any breach requiring notice; not confirmed: the subsection's own words were not reached in issue 26 session 10 — the pages corpus returns §1348(1)-(2) (jedwardknight.com), §1349 (docest.com) and the head of chapter 210-B (docslib.org) but not (5); find_string for its words finds only the Ansvar-Systems/US-law-mcp script and a chart paraphrase; no UniCourt/cic-code-me is held; the Ansvar-Systems/US-law-mcp copy (me.json) is written by its populate-missing-states script, not scraped: not relied on", verification="unverified",
                  notes=[("The subsection states no period; mamori uses the residents' 30 days (cautious).",
                          "同項は期限を定めていません。mamori は保守的に居住者への通知と同じ30日とします。")]),
         cra=1000, verification="confirmed", owner_verification="unverified",
         text="§1348(1) as enacted in 2005 (reproduced at jedwardknight.com: an information broker notifies residents whose personal information \"has been, or is reasonably believed to have been, acquired by an unauthorized person\"; any other person if misuse \"has occurred or if it is reasonably possible that misuse will occur\"), the 30-day limit as added by LD 696 (129th Legislature, amendment S-364 at mainelegislature.org: \"the notices must be made no more than 30 days after the person identified in paragraph A or B becomes aware of a breach of security and identifies its scope\"); the elements (account passwords, PINs or other access codes count by themselves, §1347(6)) and the consumer-reporting-agency notice for more than 1,000 persons as the Constangy, cliclaw.com and McAfee summaries give them (charts: the `credentials` trigger is kept as the cautious reading). mamori counts the 30 days from awareness, not from identifying the scope (cautious). The vendor clause (2) was seen only in summaries (Mintz). The Ansvar-Systems/US-law-mcp copy (me.json) is written by its populate-missing-states script, not scraped: not relied on"),
    dict(code="MD", en="Maryland", ja="メリーランド州", zone="America/New_York",
         statute="Md. Code Com. Law §14-3504",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "genetic"],
         res=45, res_note="as soon as reasonably practicable, at most 45 days after discovery (since 2022-10-01)",
         notes=[("A business maintaining data it does not own tells the owner \"as soon as reasonably practicable, but not later than 10 days after the business discovers or is notified of the breach\" (§14-3504(c)(2)).",
                 "所有していないデータを保持する事業者は「合理的に実行可能な限り速やかに、遅くとも侵害を発見し又は通知を受けてから10日以内に」所有者へ通知します（§14-3504(c)(2)）。")],
         verification="confirmed",
         text="§14-3504(a)-(b) at lexace.ai (current text): breach of the security of a system is \"the unauthorized acquisition of computerized data that compromises the security, confidentiality, or integrity of the personal information\"; the owner or licensee notifies the individual unless it reasonably determines there is no likelihood of misuse, \"as soon as reasonably practicable, but not later than 45 days after the business discovers or is notified of the breach of the security of a system\"; element list (incl. taxpayer ID, passport, health information, health-insurance numbers, biometric and genetic data, user name or e-mail with password) per the Mintz chart",
         reg=dict(name=AG, op="gt", n=0, dl=45, verification="confirmed",
                  basis="Md. Code Com. Law §14-3504(h)(1): \"Prior to giving the notification required under subsection (b) of this section and subject to subsection (d) of this section, a business shall provide notice of a breach of the security of a system to the Office of the Attorney General\" (any breach notified to residents; the residents' notice is due within 45 days, so this one at the latest then); text read in the Ansvar-Systems/US-law-mcp repository's copy of §14-3504 (data/seed/states/md.json, naming mgaleg.maryland.gov; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: (h)(1) follows the notice contents of (g) within §14-3504 there), agreeing with the Klinedinst summary (\"Notice to Attorney General must occur prior to consumer notice\", klinedinstlaw.com) and reggi.ai's summary of the section (\"provide notice to the Office of the Attorney General prior to notifying affected individuals\")"),
         owner_days=10, cra=1000, owner_verification="confirmed",
         owner_text="§14-3504(c)(1)-(2): a business that maintains computerized data it does not own or license \"shall notify, as soon as practicable, the owner or licensee\", and that notification \"shall be given as soon as reasonably practicable, but not later than 10 days after the business discovers or is notified of the breach of the security of a system\" (read in the Ansvar-Systems/US-law-mcp repository's copy of §14-3504 (data/seed/states/md.json, naming mgaleg.maryland.gov; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: (c)(1)-(3) follow (b) within §14-3504 there); the Mintz chart gives the same ten days: \"as soon as reasonably practicable but no later than ten (10) days after discovery\")"),
    dict(code="MA", en="Massachusetts", ja="マサチューセッツ州", zone="America/New_York",
         statute="Mass. Gen. Laws ch. 93H §3",
         cats=BASE,
         res=None, res_note="as soon as practicable and without unreasonable delay",
         reg=dict(name=("Attorney General and Office of Consumer Affairs and Business Regulation", "州司法長官および消費者・事業規制局"),
                  op="gt", n=0, dl=None, verification="confirmed",
                  basis="Mass. Gen. Laws ch. 93H §3(b): an owner or licensee \"shall provide notice, as soon as practicable and without unreasonable delay\" when it knows or has reason to know of a breach of security or of personal information acquired or used by an unauthorized person, \"to the attorney general, the director of consumer affairs and business regulation and to such resident\"; text read (getpocketlaw.com)"),
         verification="confirmed",
         text="ch. 93H §3(a)-(b) at getpocketlaw.com: a person maintaining or storing data it does not own notifies the owner or licensor \"as soon as practicable and without unreasonable delay\"; the owner or licensee notifies the attorney general, the director and the resident in the same terms; §1 at malegislature.gov: breach of security is the unauthorized acquisition or use of unencrypted data, or of encrypted data with its key, that creates a substantial risk of identity theft or fraud; encrypted means a 128-bit or higher algorithmic process; personal information (as quoted by mass.gov OCABR) is a name with an SSN, a driver's licence or state ID number, or a \"financial account number, or credit or debit card number, with or without any required security code\"",
         notes=[("Account and card numbers count without an access code.",
                 "口座番号・カード番号はアクセスコードがなくても対象です。")]),
    dict(code="MI", en="Michigan", ja="ミシガン州", zone="America/Detroit",
         statute="Mich. Comp. Laws §445.72",
         cats=BASE,
         res=None, res_note="without unreasonable delay",
         reg=None, cra=1000, verification="confirmed", owner_verification="unverified",
         text="§445.72(1) as quoted by McAfee's state summary (mcafee.com: unless the person or agency determines that the breach \"has not or is not likely to cause substantial loss or injury to, or result in identity theft\", a person or agency that owns or licenses data in a database \"shall provide a notice of the security breach to each resident\" whose unencrypted and unredacted personal information was accessed and acquired, or whose encrypted information was acquired with the key), (4) notice \"without unreasonable delay\" (reliclawpllc.com; Klinedinst and DWT: \"without unreasonable delay, consistent with any measures necessary to determine the scope of the breach and restore the reasonable integrity\"), (8) consumer reporting agencies over 1,000 (wordsbywit.com), §445.63(b) at wordsbywit.com; no Attorney General notice (Klinedinst, DWT: \"Government Notification Required: No\"). The vendor clause (2) was seen only in summaries"),
    dict(code="MN", en="Minnesota", ja="ミネソタ州", zone="America/Chicago",
         statute="Minn. Stat. §325E.61",
         cats=BASE,
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, cra=500, verification="confirmed",
         text="§325E.61 subd. 1(a) (most expedient time possible and without unreasonable delay; as printed in HF 3963 (2006) at revisor.mn.gov), subd. 1(b) as enacted by Laws 2005, ch. 167 (revisor.mn.gov: \"Any person or business that maintains data that includes personal information that the person or business does not own shall notify the owner or licensee of the information of any breach of the security of the data immediately following discovery\") and subd. 2 (more than 500 persons: consumer reporting agencies within 48 hours; reproduced in A Legal Guide to Privacy and Data Security 2024); element list per csrps",
         notes=[("Consumer reporting agencies: within 48 hours after notifying more than 500 residents.",
                 "500人を超える居住者に通知した場合、48時間以内に消費者信用情報機関へ通知します。")]),
    dict(code="MS", en="Mississippi", ja="ミシシッピ州", zone="America/Chicago",
         statute="Miss. Code §75-24-29",
         cats=BASE,
         res=None, res_note="without unreasonable delay",
         reg=None, verification="confirmed", holder_notifies=True,
         owner_text="§75-24-29(4): \"Any person who conducts business in this state that maintains computerized data which includes personal information that the person does not own or license shall notify the owner or licensee of the information of any breach of the security of the data as soon as practicable following its discovery\" (read as quoted from Lexis in the openagreements.org Mississippi practice note (CC BY 4.0 snapshot of 2026-06-18, footnote q3-vendor-notice; a public GitHub copy found with find_string); the Mintz chart (mintz.com/mintz-matrix/mississippi) and the Perkins Coie chart give the same duty, \"as soon as practicable\" (\"as soon as practical\") following discovery, \"if the personal information was, or is reasonably believed to have been, acquired by an unauthorized person for fraudulent purposes\"). mamori asks it without the \"for fraudulent purposes\" condition (cautious). The Ansvar-Systems/US-law-mcp copy of the section reads differently (\"immediately following discovery\"): that copy (ms.json) is written by its populate-missing-states script, not scraped: not relied on; either wording gives no fixed period",
         text="§75-24-29(1)-(2) at cliclaw.com and as printed in SB 2479 (2024) at billstatus.ls.state.ms.us (\"This section applies to any person who conducts business in this state and who, in the ordinary course of the person's business functions, owns, licenses or maintains personal information of any resident of this state\"; breach = acquisition of data whose access \"has not been secured by encryption or by any other method or technology that renders the personal information unreadable or unusable\"; name + SSN, driver's licence, state or tribal ID number, account/card number with any required code); (3) \"without unreasonable delay\" and the no-harm exception as quoted at wordsbywit.com; the maintainer's duty to tell the owner ((4)): see `us-ms.owner`",
         notes=[("The section applies to whoever \"owns, licenses or maintains\" the data (§75-24-29(1)) and puts the disclosure to affected individuals on \"a person who conducts business in this state\" (3): a processor is not exempt from the residents' notice (cautious; the owner's notice may cover it).",
                 "同条は個人情報を「所有し、ライセンスを受け又は保持する」者に適用され（§75-24-29(1)）、影響を受けた個人への開示を「州内で事業を行う者」に課しています（(3)）。受託者（processor）も居住者への通知を免除されません（保守的な扱い。所有者の通知で足りる場合があります）。")]),
    dict(code="MO", en="Missouri", ja="ミズーリ州", zone="America/Chicago",
         statute="Mo. Rev. Stat. §407.1500",
         cats=BASE + ["credentials", "health", "health_insurance"],
         notes=[("A unique electronic identifier or routing code with the code or password that opens a financial account is an element (§407.1500.1(9)); mamori cannot tell which account a login opens, so `credentials` triggers (cautious).",
                 "金融口座にアクセスできる電子識別子・ルーティングコードとパスワード等の組合せは対象項目です（§407.1500.1(9)）。mamori はログインがどの口座のものか判別できないため、保守的に `credentials` でも通知対象とします。")],
         res=None, res_note="without unreasonable delay",
         reg=dict(name=AG, op="gt", n=1000, dl=None, verification="confirmed",
                  basis="Mo. Rev. Stat. §407.1500.2(8): \"In the event an Entity provides notice to more than 1,000 consumers at one time pursuant to this section, the Entity shall notify, without unreasonable delay, the state Attorney General's office of the timing, distribution, and content of the notice\" (as quoted, with \"Entity\" for \"person\", at itechlaw.org; DWT: \"YES, if >1,000 residents notified\"; DataGuidance: more than 1,000 residents)"),
         cra=1000, verification="confirmed",
         text="§407.1500.2(1) as quoted by McAfee and the AICPA (any person that owns or licenses personal information of Missouri residents \"shall provide notice to the affected consumer that there has been a breach of security following discovery or notification of the breach\"), 2(1)(a) \"without unreasonable delay\" and 2(2) (a person that maintains or possesses data it does not own or license \"shall notify the owner or licensee of the information of any breach of security immediately following discovery of the breach\") as quoted at itechlaw.org; DWT: \"without unreasonable delay\"; element list (incl. unique electronic identifier with code, medical and health-insurance information) per McAfee and the AICPA"),
    dict(code="MT", en="Montana", ja="モンタナ州", zone="America/Denver",
         statute="Mont. Code §30-14-1704",
         cats=BASE + ["health", "health_insurance"],
         notes=[("Medical record information (§33-19-104: medical history, medical claims history, treatment) counts, so an insurer's member and claims data does: `health_insurance` triggers (cautious).",
                 "医療記録情報（§33-19-104: 病歴、医療費請求歴、治療）が対象のため、保険者の加入者・請求データも対象です。保守的に `health_insurance` でも通知対象とします。"),
                ("If the notice suggests that residents may obtain a copy of their credit file, coordinate with the consumer reporting agency on its timing, content and distribution (§30-14-1704).",
                 "通知で信用情報ファイルの写しを取得できると示す場合は、その時期・内容・配布について消費者信用情報機関と調整します（§30-14-1704）。")],
         res=None, res_note="without unreasonable delay",
         reg=dict(name=("Attorney General (Office of Consumer Protection)", "州司法長官（消費者保護局）"), op="gt", n=0, dl=None,
                  basis="Mont. Code §30-14-1704(8) (a copy of the residents' notice, at the same time): the subsection's words as quoted, with \"entity\" for the person or business, in a public GitHub data file of state breach laws (YAML front matter, 'verified_by: Foley & Lardner LLP', 'Last Verified: September 2025') that reproduces the Perkins Coie chart's wording, with \"Entity\" for the person (find_string id 37091151805): \"Any entity that is required to issue a notification shall simultaneously submit an electronic copy of the notification and a statement providing the date and method of distribution of the notification to the Attorney General's Consumer Protection office\"; the Attorney General's page dojmt.gov, independently: \"Any business that is required to issue any such a notice is also required to simultaneously submit an electronic copy of the notice to the Office of Consumer Protection\" (wordsbywit.com and complianceiq agree); the code's own page (leg.mt.gov) not reached", verification="confirmed"),
         verification="confirmed",
         owner_text="§30-14-1704(2) as quoted, with \"entity\" for the person or business, in a public GitHub data file of state breach laws (YAML front matter, 'verified_by: Foley & Lardner LLP', 'Last Verified: September 2025') that reproduces the Perkins Coie chart's wording, with \"Entity\" for the person (find_string id 37091151805): \"Any entity that maintains computerized data that includes personal information that the entity does not own shall notify the owner or licensee of the information of any breach of the security of the data system immediately following discovery if the personal information was or is reasonably believed to have been acquired by an unauthorized person\"; the Mintz chart (mintz.com/mintz-matrix/montana), independently: a person or business that maintains such data it does not own \"must notify the owner or licensee of the information of any security breach immediately following discovery of the breach\"; the code's own page not reached",
         text="§30-14-1704(1) as quoted by the AICPA (a business that owns or licenses computerized data including personal information \"shall disclose any breach of the security of the data system following discovery or notification of the breach to any resident of Montana whose unencrypted personal information was or is reasonably believed to have been acquired by an unauthorized person. The disclosure must be made without unreasonable delay\"); the Attorney General's page dojmt.gov and the DWT chart agree (\"without unreasonable delay\"); element list per DWT (incl. medical record information, taxpayer ID, IRS identity protection PIN)"),
    dict(code="NE", en="Nebraska", ja="ネブラスカ州", zone="America/Chicago",
         statute="Neb. Rev. Stat. §87-803",
         cats=BASE + ["credentials", "biometric"],
         res=None, res_note="as soon as possible and without unreasonable delay",
         reg=dict(name=AG, op="gt", n=0, dl=None, basis="Neb. Rev. Stat. §87-803(2) (\"not later than the time when notice is provided to the Nebraska resident, provide notice of the breach of security of the system to the Attorney General\"; text read at self-law.org)"),
         verification="confirmed",
         src="text read: §87-803(1)-(3) at self-law.org (investigation; notice if use for an unauthorized purpose has occurred or is reasonably likely; the maintainer notifies and cooperates with the owner), §87-802(3), (5) at legalfix.com (\"not ... encrypted if the confidential process or key was or is reasonably believed to have been acquired\"; name + SSN, licence or state ID, account/card number with code, unique electronic ID or routing code with code, biometric data; user name or e-mail with password); no consumer-reporting-agency notice"),
    dict(code="NV", en="Nevada", ja="ネバダ州", zone="America/Los_Angeles",
         statute="Nev. Rev. Stat. §603A.220",
         cats=BASE + ["credentials", "health", "health_insurance"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, cra=1000, verification="confirmed",
         src="text read: §603A.220(1)-(3) at casetext.com and instalawyer.io (unencrypted personal information acquired; the maintainer notifies the owner \"immediately following discovery\"), §603A.040 (name + SSN, licence, driver authorization card or ID number, account/card number with code, medical or health-insurance identification number; user name or e-mail with password); CRA notice above 1,000 persons from the Perkins Coie chart (§603A.220(6))"),
    dict(code="NH", en="New Hampshire", ja="ニューハンプシャー州", zone="America/New_York",
         statute="N.H. Rev. Stat. §359-C:20",
         cats=BASE,
         res=None, res_note="as soon as possible",
         reg=dict(name=("Attorney General or the primary regulator", "州司法長官または所管の規制当局"), op="gt", n=0, dl=None,
                  basis="N.H. Rev. Stat. §359-C:20(I)(b) (a person subject to RSA 358-A:3, I notifies its primary regulator, all others the Attorney General, with the anticipated date of the residents' notice and their number; text read at lawserver.com)"),
         cra=1000, verification="confirmed",
         src="text read: §359-C:20(I)(a)-(c) at lawserver.com (notify if misuse has occurred or is reasonably likely \"or if a determination cannot be made\"; the maintainer notifies the owner immediately), §359-C:19(II), (IV) at cliclaw.com (data acquired with its key is not encrypted; name + SSN, licence or other government ID, account/card number with code); CRA notice above 1,000 from doj.nh.gov"),
    dict(code="NJ", en="New Jersey", ja="ニュージャージー州", zone="America/New_York",
         statute="N.J. Stat. §56:8-163",
         cats=BASE + ["credentials"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=dict(name=("Division of State Police", "州警察局"), op="gt", n=0, dl=None,
                  basis="N.J. Stat. §56:8-163(c)(1) (\"in advance of the disclosure to the customer, report the breach of security ... to the Division of State Police\"; text quoted at adam.shostack.org)"),
         cra=1000, verification="confirmed",
         src="text read: §56:8-163(a)-(b) as printed in Assembly Bill 1329 (2014) at njleg.state.nj.us (b: \"Any business or public entity that compiles or maintains computerized records that include personal information on behalf of another business or public entity shall notify that business or public entity, who shall notify its New Jersey customers\"), §56:8-163(c)(1) (quoted), §56:8-161 as amended by P.L.2019, c.95 (bill S52 at legiscan.com: breach = access to personal information not secured by encryption or another method rendering it unreadable); the user-name/e-mail element and the \"misuse ... not reasonably possible\" exception (§56:8-163(a)) and the CRA notice above 1,000 (§56:8-163(f)) from summaries (mathe.com, klinedinstlaw.com)"),
    dict(code="NM", en="New Mexico", ja="ニューメキシコ州", zone="America/Denver",
         statute="N.M. Stat. §57-12C-6",
         cats=BASE + ["biometric"],
         res=45, res_note="in the most expedient time possible, at most 45 days after discovery",
         reg=dict(name=AG, op="gt", n=1000, dl=45, basis="N.M. Stat. §57-12C-10 (\"more than one thousand New Mexico residents ... shall notify the office of the attorney general and major consumer reporting agencies ... no later than forty-five calendar days\"; text read at codes.findlaw.com)"),
         owner_days=45, cra=1000, verification="confirmed", owner_verification="confirmed",
         owner_text="§57-12C-6(C): \"Any person that is licensed to maintain or possess computerized data containing personal identifying information of a New Mexico resident that the person does not own or license shall notify the owner or licensee of the information of any security breach in the most expedient time possible, but not later than forty-five calendar days following discovery of the breach\", unless it determines after an appropriate investigation that the breach gives no significant risk of identity theft or fraud (read in the Ansvar-Systems/US-law-mcp repository's copy of §57-12C-6 (data/seed/states/nm.json, naming nmonesource.com; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: (C) follows (A)-(B) of §57-12C-6 there); the caseguard.com article quotes the same duty: \"in the most expedient time possible, but no later than 45 days after discovery of a breach\"; the CSRPS chart: \"Vendors are required to notify the data owner within 45 days of discovery\"); mamori does not apply the no-significant-risk exception to this notice (cautious)",
         src="text read: §57-12C-10 and §57-12C-2 at codes.findlaw.com (security breach = acquisition of unencrypted data, or of encrypted data with the key; name + SSN, driver's licence, government ID, account/card number with code, biometric data); the service provider's 45 days (§57-12C-6(B)) and the significant-risk exception from the Mintz and Perkins Coie charts"),
    dict(code="NC", en="North Carolina", ja="ノースカロライナ州", zone="America/New_York",
         statute="N.C. Gen. Stat. §75-65",
         cats=BASE + ["credentials", "biometric", "other"],
         res=None, res_note="without unreasonable delay",
         reg=dict(name=("Attorney General (Consumer Protection Division)", "州司法長官（消費者保護部）"), op="gt", n=0, dl=None,
                  basis="N.C. Gen. Stat. §75-65(e1) in the General Statutes as published in the public repository UniCourt/cic-code-nc (transforms/nc/ocnc/r81/gov.nc.stat.title.075.html, release 81, 2022): \"In the event a business provides notice to an affected person pursuant to this section, the business shall notify without unreasonable delay the Consumer Protection Division of the Attorney General's Office of the nature of the breach, the number of consumers affected by the breach, steps taken to investigate the breach, steps taken to prevent a similar breach in the future, and information regarding the timing, distribution, and content of the notice\" (any number of residents; (f) adds the Division's notice of the timing, distribution and content above 1,000 persons)"),
         cra=1000, verification="confirmed",
         src="text read in the General Statutes as published in the public repository UniCourt/cic-code-nc (transforms/nc/ocnc/r81/gov.nc.stat.title.075.html, release 81, 2022): §75-65(a) a business that owns or licenses personal information \"in any form (whether computerized, paper, or otherwise)\" notifies the affected person; \"The disclosure notification shall be made without unreasonable delay\"; e-mail names or addresses, Internet account numbers, Internet identification names and passwords count only if they \"would permit access to a person's financial account or resources\" (mamori counts `credentials` whatever they open: cautious); (b) a business maintaining data it does not own \"shall notify the owner or licensee of the information of any security breach immediately following discovery of the breach\"; (f) \"In the event a business provides notice to more than 1,000 persons at one time\", the nationwide consumer reporting agencies; §75-61(14): a security breach is unauthorized access to and acquisition of \"unencrypted and unredacted records or data\", or of encrypted data \"along with the confidential process or key\"; §75-61(10): personal information is a name with identifying information as defined in G.S. 14-113.20(b) (title 14 is absent from the snapshot: its list — SSN, employer taxpayer ID, licence, state ID, passport, account and card numbers, PIN, digital signature, biometric data — from ncdoj.gov; law.onecle.com's copy of §75-65(a)-(c) read earlier agrees)",
         notes=[("Digital signatures and other numbers usable to access financial resources count; mamori has no category for them, so `other` triggers (conservative).",
                 "デジタル署名や金融資産へのアクセスに使える番号も対象です。mamori にはこれらの区分がないため、保守的に `other` でも通知対象とします。")]),
    dict(code="ND", en="North Dakota", ja="ノースダコタ州", zone="America/Chicago",
         statute="N.D. Cent. Code §51-30-02",
         cats=BASE + ["health", "health_insurance", "other"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=dict(name=AG, op="gt", n=250, dl=None, basis="N.D. Cent. Code §51-30-02 (\"disclose to the attorney general by mail or electronic mail any breach of the security system which exceeds two hundred fifty individuals\"; text read at lexace.ai)"),
         verification="confirmed",
         src="text read: §51-30-02 and §51-30-03 at lexace.ai (\"Any person that maintains computerized data that includes personal information that the person does not own shall notify the owner or licensee of the information of the breach of the security of the data immediately following the discovery\"), §51-30-01 at legalfix.com (breach = acquisition of data not secured by encryption; name + SSN, operator's licence, nondriver ID, account/card number with code, date of birth, mother's maiden name, medical information, health insurance information, employer ID number, electronic signature)",
         notes=[("Date of birth and mother's maiden name count; mamori has no category for them, so `other` triggers (conservative).",
                 "生年月日や母親の旧姓も対象です。mamori にはこれらの区分がないため、保守的に `other` でも通知対象とします。")]),
    dict(code="OH", en="Ohio", ja="オハイオ州", zone="America/New_York",
         statute="Ohio Rev. Code §1349.19",
         cats=BASE,
         res=45, res_note="in the most expedient time possible, at most 45 days after discovery",
         reg=None, owner_days=None, cra=1000, verification="confirmed",
         owner_text="§1349.19(C) as quoted, with \"Entity\" for the person, in a public GitHub data file of state breach laws (YAML front matter, 'verified_by: Foley & Lardner LLP', 'Last Verified: September 2025') that reproduces the Perkins Coie chart's wording, with \"Entity\" for the person (find_string id 37298511205): \"Any Entity that, on behalf of or at the direction of another Entity or on behalf of or at the direction of any governmental entity, is the custodian of or stores computerized data that includes personal information shall notify that other Entity or governmental entity of any breach of the security of the system in an expeditious manner, if the personal information was, or reasonably is believed to have been, accessed and acquired by an unauthorized person and if the access and acquisition by the unauthorized person causes or reasonably is believed will cause a material risk of identity theft or other fraud to a resident of Ohio\"; the Snell & Wilmer data-breach map (swlaw.com, Ohio), independently: a person that maintains covered information for someone else \"must notify them in expeditious manner following determination of breach\" (itechlaw.org agrees); no fixed period; the code's own page (codes.ohio.gov) not reached",
         src="text read: §1349.19(A) at instalawyer.io and cliclaw.com (breach = access and acquisition causing \"a material risk of identity theft or other fraud\"; name + SSN, licence or state ID, account/card number with code, unless encrypted, redacted or unreadable), (B)(2) (\"not later than forty-five days following its discovery or notification\", quoted at wordsbywit.com); no government notice; CRA notice above 1,000"),
    dict(code="OK", en="Oklahoma", ja="オクラホマ州", zone="America/Chicago",
         statute="Okla. Stat. tit. 24 §163",
         cats=BASE + ["credentials", "biometric"],
         res=None, res_note="without unreasonable delay",
         verification="confirmed", owner_verification="unverified",
         text="§163(A) before SB 626 as quoted by wordsbywit.com (notice \"...without unreasonable delay\") and the AICPA (an owner or licensee \"shall disclose any breach of the security of the system following discovery or notification\" to any resident whose unencrypted and unredacted personal information was or is reasonably believed to have been accessed and acquired); after SB 626 the DWT chart (\"Okla. Stat. § 24-161--166 (as amended by SB626, 2025)\": \"Deadline for Consumer Notice: Without unreasonable delay\") and insightsassociation.org (\"without 'unreasonable' delay\") agree; §162 definitions as amended in the verbatim text at regulon.ai. The enacted SB 626 §163 (Attorney General notice, vendor clause) not reached",
         owner_text="not settled, `us-ok.owner` stays unverified: §163(B)'s period reads \"immediately following discovery of the breach\" in the Ansvar-Systems/US-law-mcp copy (text written by its scripts/populate-missing-states.ts, not a scrape), \"immediately as soon as practicable following discovery\" in the Mintz chart and \"as s[oon as ...]\" in the Perkins Coie chart (cut off where the search index ends); SB 626's enacted §163 (regulon.ai, legiplex.com, tenaco.com hold the bill; the search index holds only their first pages) not reached (issue 26 round 6). Either reading gives no fixed period",
         reg=dict(name=AG, op="ge", n=500, dl=("after", 60), from_="2026-01-01", processor_too=True,
                  basis="Okla. Stat. tit. 24 §163 as amended by SB 626 (2025; from 2026-01-01): 500 or more residents; \"without unreasonable delay but in no event more than 60 days after\" the notice to residents (secondary sources: tenaco.com, insideprivacy.com, insightsassociation.org, rmaintl.org, DWT (\"YES, if >499 residents notified\"); the enacted text not reached: in issue 26 round 6 the bill's pages at regulon.ai (\"verbatim statutory text\"), legiplex.com (House floor version) and tenaco.com were found, but the search index holds only their first part (§162), not §163)",
                  notes=[("Due at most 60 days after the notice to Oklahoma residents (us-ok.residents); that notice has no fixed period, so act with it.",
                          "オクラホマ州の住民への通知（us-ok.residents）から60日以内; その通知には固定の期間がないため、通知と併せて対応する。"),
                         ("A summary of SB 626 (insightsassociation.org) reads the Attorney General notice as binding an entity that maintains data it does not own too; until the enacted text is read, mamori asks it of processors as well (conservative). The threshold is 1,000 for a credit bureau's system.",
                          "SB 626 の解説（insightsassociation.org）は、所有しないデータを保持する事業者にも州司法長官への通知義務があると読んでいます。成立条文を確認するまで、mamori は受託者（processor）にもこの通知を求めます（保守的な扱い）。信用情報機関のシステムの場合の基準は1,000人です。")]),
         notes=[("SB 626 (from 2026-01-01) adds, as quoted by Covington (insideprivacy.com): \"other unique identification numbers\" created or collected by a government entity; a \"unique electronic identifier or routing code in combination with any required security code, access code, or password that would permit access to an individual's financial account\" (mamori cannot tell a banking login from another one, so `credentials` trigger: conservative); \"unique biometric data\". The enacted text was not reached.",
                 "SB 626（2026-01-01施行）は、Covington（insideprivacy.com）の引用によれば、政府機関が作成・収集する「その他の固有識別番号」、金融口座へのアクセスを可能にするセキュリティコード等と組み合わされた「固有の電子識別子又はルーティングコード」（mamori は銀行のログイン情報を区別できないため保守的に `credentials` でも対象とします）、「固有の生体データ」を追加します。成立条文は確認できていません。")]),
    dict(code="OR", en="Oregon", ja="オレゴン州", zone="America/Los_Angeles",
         statute="Or. Rev. Stat. §646A.604",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric"],
         res=45, res_note="in the most expeditious manner possible, at most 45 days after discovery",
         reg=dict(name=AG, op="gt", n=250, dl=45, basis="Or. Rev. Stat. §646A.604(1)(b), (3)(a) (the Attorney General \"if the number of consumers ... exceeds 250\"; notice \"not later than 45 days after discovering\"; text read at oregonlaws.org)"),
         owner_days=10, cra=1000, verification="confirmed",
         src="text read: §646A.604(1)-(3) at oregonlaws.org and instalawyer.io (a vendor notifies the covered entity \"not later than 10 days\"); elements of §646A.602 from the DWT summary; CRA notice above 1,000 from csrps.com",
         vendor_reg=dict(name=AG, op="gt", n=250, dl=None, rid="vendor_attorney_general",
                         basis="Or. Rev. Stat. §646A.604(2)(c) (\"A vendor shall notify the Attorney General in writing or electronically if the vendor was subject to a breach of security that involved the personal information of more than 250 consumers or a number of consumers that the vendor could not determine\", unless the covered entity has notified the Attorney General; no period stated; text read at oregonlaws.org)",
                         notes=[("Not due if the covered entity has already notified the Attorney General (§646A.604(2)(c)); mamori cannot know that, so the notice stands (conservative). An unknown number of consumers is `possible` here; the statute requires the notice when the vendor could not determine the number.",
                                 "対象事業者が既に州司法長官へ通知している場合は不要です（§646A.604(2)(c)）。mamori はそれを知り得ないため、通知義務は残ります（保守的な扱い）。消費者数が不明の場合は `possible` と表示しますが、ベンダーが人数を特定できない場合も通知が必要です。")])),
    dict(code="PA", en="Pennsylvania", ja="ペンシルベニア州", zone="America/New_York",
         statute="73 Pa. Stat. §2303",
         cats=BASE + ["credentials", "health", "health_insurance"],
         res=None, res_note="without unreasonable delay",
         reg=dict(name=AG, op="gt", n=500, dl=None, from_="2024-09-26",
                  basis="73 Pa. Stat. §2303(c.1) as added by Act 33 of 2024 (\"When notice ... must be given to more than 500 affected individuals in this Commonwealth, notice shall be made concurrently to the Office of Attorney General\"; (c.2) entities under 40 Pa.C.S. Ch. 45 exempt; text quoted at databreaches.net and in SB 824 PN 899 at legis.state.pa.us)"),
         cra=500, verification="confirmed",
         owner_text="73 P.S. §2303(b) as quoted, with \"Entity\" for the vendor and the entity, in a public GitHub data file of state breach laws (YAML front matter, 'verified_by: Foley & Lardner LLP', 'Last Verified: September 2025') that reproduces the Perkins Coie chart's wording, with \"Entity\" for the person (find_string id 36903064485): \"An Entity that maintains, stores, or manages computerized data on behalf of another Entity shall provide notice of any breach of the security system following discovery to the Entity on whose behalf it maintains, stores or manages the data\"; the openagreements.org Pennsylvania practice note (CC BY 4.0 snapshot of 2026-06-19), independently: \"a vendor that holds data on another entity's behalf must notify that entity after discovering a breach, leaving the entity responsible for notifying residents\"; no fixed period. The Ansvar-Systems/US-law-mcp copy of §2303 (which adds \"as soon as reasonably practicable following discovery\") is text written by that repository's scripts/populate-missing-states.ts, not a scrape: not relied on",
         src="text read: SB 824 (Act 33 of 2024) at legis.state.pa.us (name + SSN, licence or state ID, account/card number with code, as amended in 2022 with medical, health-insurance and user-name/e-mail-with-password elements); the CRA threshold lowered from 1,000 to 500 (thewbkfirm.com)"),
    dict(code="RI", en="Rhode Island", ja="ロードアイランド州", zone="America/New_York",
         statute="R.I. Gen. Laws §11-49.3-4",
         cats=BASE + ["credentials", "health", "health_insurance"],
         res=45, res_note="in the most expedient time possible, at most 45 days after confirming a breach",
         reg=dict(name=AG, op="gt", n=500, dl=45, basis="R.I. Gen. Laws §11-49.3-4(a)(2): \"In the event that more than five hundred (500) Rhode Island residents are to be notified, the municipal agency, state agency, or person shall notify the attorney general and the major credit reporting agencies as to the timing, content, and distribution of the notices and the approximate number of affected individuals. Notification to the attorney general and the major credit reporting agencies shall be made without delaying notice to affected Rhode Island residents\" (text read at lawserver.com; the whole section, (a)(1) to (d), read again in issue 26 session 10 in the General Laws as published in the public repository UniCourt/cic-code-ri, transforms/ri/ocri/r74/gov.ri.code.title.11.html, history P.L. 2015, ch. 138 and 148): the attorney general is named only there and as a contact in the residents' notice ((d)); there is no copy of every notice to the attorney general. The Ansvar-Systems/US-law-mcp copy, which has every notifier \"simultaneously send a copy of the notification to the attorney general\" (its §11-49.3-3(e)), is written by its populate-missing-states script, not scraped: not relied on: those words are not in the section"),
         cra=500, verification="confirmed", holder_notifies=True,
         owner_basis="R.I. Gen. Laws §11-49.3-4 has no separate duty to tell the data's owner: whoever stores or processes the data notifies the residents itself (§11-49.3-4(a)(1), text read at lawserver.com; (a)(1)-(2) and the start of (b) read again in issue 26 round 6 at lawserver.com and global-regulation.com; the whole section, (a)(1) to (d), read in session 10 in UniCourt/cic-code-ri (r74): no clause for a person maintaining data for another; the Snell & Wilmer data-breach map (swlaw.com, Rhode Island): \"Third Party Notice: Not required\"; the repealed §11-49.2-3(b) had one, \"immediately, following discovery\" (statutes.laws-info.com); the Ansvar-Systems/US-law-mcp copy, which shows a vendor clause (b) under §11-49.3-3, is written by its populate-missing-states script, not scraped: not relied on); mamori keeps this notice to the owner so that the two notices are coordinated (cautious, not from the text)",
         src="text read: §11-49.3-4(a) at lawserver.com and global-regulation.com (any person that \"stores, owns, collects, processes, maintains, acquires, uses, or licenses\" the data notifies, where the breach \"poses a significant risk of identity theft\"; 45 calendar days after confirmation); elements of §11-49.3-3 (incl. medical, health-insurance, e-mail with password; paper records) from the Lewis Brisbois and Snell & Wilmer summaries",
         notes=[("Whoever stores or processes the data notifies the residents and the Attorney General itself: a processor is not exempt (§11-49.3-4(a)(1)).",
                 "データを保存・処理する者も自ら居住者と州司法長官に通知します。受託者（processor）も免除されません（§11-49.3-4(a)(1)）。")]),
    dict(code="SC", en="South Carolina", ja="サウスカロライナ州", zone="America/New_York",
         statute="S.C. Code §39-1-90",
         cats=BASE + ["credentials"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=dict(name=("Department of Consumer Affairs", "消費者局"), op="gt", n=1000, dl=None,
                  basis="S.C. Code §39-1-90(K) (notice to more than 1,000 persons: the Consumer Protection Division of the Department of Consumer Affairs and the CRAs, without unreasonable delay; subsections (A)-(B) read at cliclaw.com, (K) from the Perkins Coie chart)"),
         cra=1000, verification="confirmed",
         src="text read: §39-1-90(A)-(B) at cliclaw.com (computerized or other data not rendered unusable through encryption or redaction; notice when illegal use has occurred or is reasonably likely or creates a material risk of harm; the maintainer notifies the owner immediately); (D)(3) (name + SSN, licence or state ID, account/card number with code, \"other numbers or information which may be used to access a person's financial accounts\" or issued by a governmental or regulatory entity)",
         notes=[("Information usable to access a financial account counts; mamori cannot tell a banking login from another one, so `credentials` trigger (conservative).",
                 "金融口座へのアクセスに使える情報も対象です。mamori は銀行のログイン情報を他と区別できないため、保守的に `credentials` でも通知対象とします。")]),
    dict(code="SD", en="South Dakota", ja="サウスダコタ州", zone="America/Chicago",
         statute="S.D. Codified Laws §22-40-20",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric"],
         res=60, res_note="not later than 60 days from the discovery or notification of the breach",
         reg=dict(name=AG, op="gt", n=250, dl=60,
                  basis="S.D. Codified Laws §22-40-20 (\"Any information holder that experiences a breach of system security under this section shall disclose to the attorney general by mail or electronic mail any breach of system security that exceeds two hundred fifty residents of this state\"; text read at self-law.org); the sentence states no period: mamori gives it the residents' 60 days"),
         cra=0, verification="confirmed", owner_verification="unverified",
         owner_basis="S.D. Codified Laws §§22-40-19 to 22-40-26 have no duty to tell the data's owner: the duties fall on the \"information holder\", one that \"owns or licenses\" the data (§22-40-19), and no section speaks of a person maintaining data for another (all eight sections read in the Ansvar-Systems/US-law-mcp repository's data/seed/states/sd.json, naming sdlegislature.gov, and re-read in issue 26 round 6: that text is written by the repository's scripts/populate-missing-states.ts, not scraped, so it shows what its author read, not the code itself; the words of §22-40-19 (instalawyer.io) and §22-40-20 (self-law.org) quoted from the fourth reading in this row's text agree with it; the CIAB summary of SB 62: \"Is there a requirement for service providers? No.\", ciab.com); mamori keeps this notice to the owner so that the two notices are coordinated (cautious, not from the text; stays unverified because the duty it states is not in the law)",
         src="text read: §22-40-19 at instalawyer.io (breach = \"unauthorized acquisition of unencrypted computerized data or encrypted computerized data and the encryption key\"; information holder = one that \"owns or licenses\" the data; personal information = name + SSN, licence or other government ID, account/card number with any code, \"health information as defined in 45 CFR 160.103\", employer ID with a code, password or biometric data; protected information = user name or e-mail with password), §22-40-20 at self-law.org (disclosure \"not later than sixty days from the discovery or notification\"; no disclosure if, \"following an appropriate investigation and notice to the attorney general\", harm is not likely); the vendor's duty to tell the owner from the Mintz summary, not the text",
         notes=[("Health information as defined in 45 CFR 160.103 covers payment for health care, so health-insurance data counts (§22-40-19(4)(d)).",
                 "45 CFR 160.103 の健康情報には医療費の支払に関する情報も含まれるため、健康保険情報も対象です（§22-40-19(4)(d)）。"),
                ("Biometric data counts in the statute with an employer-assigned ID number (§22-40-19(4)(e)); mamori counts `biometric` alone (cautious).",
                 "生体情報は雇用者が付与した識別番号との組合せで対象となります（§22-40-19(4)(e)）。mamori は保守的に `biometric` 単独でも対象とします。"),
                ("Deciding that no notice is needed (harm not likely) requires an appropriate investigation and notice to the Attorney General first, documented and kept for three years (§22-40-20).",
                 "通知不要（損害のおそれなし）と判断するには、適切な調査と州司法長官への通知が先に必要で、その判断は文書化して3年間保存します（§22-40-20）。")]),
    dict(code="TN", en="Tennessee", ja="テネシー州", zone="America/Chicago",
         statute="Tenn. Code §47-18-2107",
         cats=BASE,
         res=45, res_note="immediately, at most 45 days after discovery",
         reg=None, owner_days=45, cra=1000, verification="confirmed",
         owner_text="§47-18-2107(c) as quoted, with \"Entity\" for the information holder, in a public GitHub data file of state breach laws (YAML front matter, 'verified_by: Foley & Lardner LLP', 'Last Verified: September 2025') that reproduces the Perkins Coie chart's wording, with \"Entity\" for the person (find_string id 37556698548): \"Any Entity that maintains computerized data that includes personal information that the Entity does not own shall notify the owner or licensee of the information of any breach of the security of the data if the personal information was, or is reasonably believed to have been, acquired by an unauthorized person. The disclosure must be made no later than 45 days from the discovery or notification of the breach, unless a longer period of time is required due to the legitimate needs of law enforcement\"; the Mintz chart (mintz.com/mintz-matrix/tennessee), independently: the maintainer \"must notify the owner or licensee of the information of any security breach immediately following discovery of the breach but no later than forty-five (45) days\" (ttaprivacy.club agrees: \"no later than 45 days after discovery\"); the code's own text not reached: in round 6d the Tennessee Code as published in the public repository UniCourt/cic-code-tn was searched too, but its title 47 is absent from the stored copy in all of its releases (r72 to r76) and from the public code index, so the basis still rests on the two quotations. mamori gives the processor's notice the 45 days (before this reading: without a fixed period)",
         src="text read: §47-18-2107(a) at law.justia.com (2020) (breach = acquisition of unencrypted data, or of encrypted data with the key; \"encrypted\" per FIPS 140-2; name + SSN, driver licence, account/card number with code); (b) \"immediately, but no later than forty-five (45) days\" quoted at wordsbywit.com; CRA notice above 1,000 (Perkins Coie)"),
    dict(code="UT", en="Utah", ja="ユタ州", zone="America/Denver",
         statute="Utah Code §13-44-202",
         cats=BASE,
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=dict(name=("Attorney General and Utah Cyber Center", "州司法長官およびユタ州サイバーセンター"), op="ge", n=500, dl=None,
                  from_="2023-05-03", verification="unverified",
                  basis="Utah Code §13-44-202 as amended by SB 127 (2023) (500 or more residents; the amended subsections were not reached in the text: Perkins Coie chart: \"If an Entity must notify 500 or more UT residents, it must also notify the Office of the Attorney General, and the Utah Cyber Center\"; Sheppard Mullin (eyeonprivacy.com): \"notify the Attorney General for a breach involving 500 or more state residents\", from 2023-05-03); not confirmed: session 10 (issue 26) searched for the amended §13-44-202 text (le.utah.gov, lexace.ai, findlaw) and reached only the governmental-entity section §63A-19-405 (500 or more individuals, within five days), summaries, and a public GitHub study note quoting the 2023 bill's words (reporting breaches affecting \"500 or more Utah residents\" to the \"Office of the Attorney General\" and the \"Utah Cyber Center\"), which agree with the rule but state no period; the Ansvar-Systems/US-law-mcp copy of chapter 13-44 holds only headings; no period is stated in the summaries, so none is shown (without unreasonable delay)"),
         cra=1000, cra_op="ge", verification="confirmed",
         src="text read: §13-44-202(1)-(4) at statutes.laws.com (investigation; notice if misuse for identity theft or fraud has occurred or is reasonably likely; the maintainer notifies the owner immediately), §13-44-102 at lexace.ai (name + SSN, account/card number with code, licence or state ID, unless encrypted or otherwise unreadable); the CRA notice at 1,000 or more (SB 127) from the Perkins Coie chart"),
    dict(code="VT", en="Vermont", ja="バーモント州", zone="America/New_York",
         statute="Vt. Stat. tit. 9 §2435",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "genetic"],
         res=45, res_note="in the most expedient time possible, at most 45 days after discovery",
         reg=dict(name=("Attorney General or the Department of Financial Regulation", "州司法長官または州金融規制局"), op="gt", n=0,
                  dl=("bd", 14), processor_too=True, verification="confirmed",
                  basis="Vt. Stat. tit. 9 §2435(b)(3) in the Vermont Statutes as published in the public repository UniCourt/cic-code-vt (transforms/vt/ocvt/r85/gov.vt.vsa.title.09.html, the latest release): \"A data collector or other entity subject to this subchapter shall provide notice of a breach to the Attorney General or to the Department of Financial Regulation, as applicable\"; (3)(A): an entity regulated by the Department notifies the Department, \"All other data collectors or other entities subject to this subchapter shall provide notice of a breach to the Attorney General\"; (3)(B)(i): \"The data collector shall notify the Attorney General or the Department, as applicable, of the date of the security breach and the date of discovery of the breach and shall provide a preliminary description of the breach within 14 business days, consistent with the legitimate needs of the law enforcement agency ..., of the data collector’s discovery of the security breach or when the data collector provides notice to consumers pursuant to this section, whichever is sooner\" (no threshold: any breach); mamori counts the 14 business days from awareness and skips weekends only (cautious: state holidays count as business days); a consumers' notice sent sooner makes this notice due with it (said in the notes); (3)(D) (a breach of login credentials only needs this notice if they \"were acquired directly from the data collector or its agent\") is not narrowed, as a request cannot say where credentials were taken (cautious). Earlier readings reached (3)(A) only (legislature.vermont.gov; the Klinedinst summary and dfr.vermont.gov for the 14 business days)",
                  notes=[("§2435(b)(3) binds \"a data collector or other entity subject to this subchapter\", and a data collector that maintains data it does not own is one (§2435(b)(2)): mamori asks this notice of processors too (cautious; the owner's own notice may cover it).",
                          "§2435(b)(3) は「本節の適用を受けるデータ収集者その他の主体」に通知を義務付けており、所有しないデータを保持するデータ収集者も含まれます（§2435(b)(2)）。mamori は受託者（processor）にもこの通知を求めます（保守的な扱い。所有者の通知で足りる場合があります）。"),
                         ("If you notify consumers before the 14 business days are over, this preliminary notice is due no later than that notice (§2435(b)(3)(B)(i): \"whichever is sooner\"); when consumers are notified, also send the number of Vermont consumers affected and a copy of their notice ((3)(C)(i)). A data collector that swore its breach policies to the Attorney General before the breach notifies the Attorney General before the consumers instead ((3)(B)(ii)).",
                          "14営業日が経過する前に消費者へ通知する場合、この予備通知は遅くともその通知の時までに必要です（§2435(b)(3)(B)(i)「いずれか早い方」）。消費者への通知の際には、影響を受けたバーモント州消費者の数と通知の写しも送付します（(3)(C)(i)）。侵害前に司法長官へ侵害対応方針を宣誓していたデータ収集者は、代わりに消費者への通知より前に司法長官へ通知します（(3)(B)(ii)）。")]),
         cra=1000, verification="confirmed",
         src="text read in the Vermont Statutes as published in the public repository UniCourt/cic-code-vt (transforms/vt/ocvt/r85/gov.vt.vsa.title.09.html, the latest release): §2435(b)(1) \"any data collector that owns or licenses computerized personally identifiable information or login credentials shall notify the consumer that there has been a security breach\", \"in the most expedient time possible and without unreasonable delay, but not later than 45 days after the discovery or notification\"; (b)(2) a data collector that maintains or possesses such data it does not own or license \"shall notify the owner or licensee of the information of any security breach immediately following discovery of the breach\"; (c) \"In the event a data collector provides notice to more than 1,000 consumers at one time\", it notifies the nationwide consumer reporting agencies (not a person licensed or registered under Title 8); §2430(10)(A): a name with a Social Security number, a driver license, nondriver State identification card, individual taxpayer identification, passport or military identification card number or other government identification number, a financial account or credit or debit card number usable without additional information, a password or PIN for a financial account, unique biometric data, genetic information, health records, a health care professional's diagnosis or treatment, or a health insurance policy number, \"when the data elements are not encrypted, redacted, or protected by another method that renders them unreadable or unusable by unauthorized persons\"; §2430(9): login credentials are a user name or e-mail address with a password or security answer; §2430(13)(A): a security breach is an \"unauthorized acquisition of electronic data, or a reasonable belief of an unauthorized acquisition\" (the legislature.vermont.gov page read earlier agrees)"),
    dict(code="VA", en="Virginia", ja="バージニア州", zone="America/New_York",
         statute="Va. Code §18.2-186.6",
         cats=BASE + ["health", "health_insurance"],
         res=None, res_note="without unreasonable delay",
         reg=dict(name=AG, op="gt", n=0, dl=None, basis="Va. Code §18.2-186.6(B) (the Office of the Attorney General and any affected resident, without unreasonable delay; text read at instalawyer.io)"),
         cra=1000, verification="confirmed",
         src="text read: §18.2-186.6(A)-(E) at instalawyer.io (breach = access and acquisition of unencrypted and unredacted data that causes or is reasonably believed to cause identity theft or other fraud; encrypted data acquired with its key must be notified; name + SSN, licence, state or military ID, passport, account/card number with code; the maintainer notifies the owner without unreasonable delay; more than 1,000 residents: the Attorney General and the CRAs)",
         notes=[("Medical and health-insurance information fall under Va. Code §32.1-127.1:05 (a separate statute with its own notices).",
                 "医療情報・健康保険情報は別法 Va. Code §32.1-127.1:05 の対象です（独自の通知義務があります）。")]),
    dict(code="WA", en="Washington", ja="ワシントン州", zone="America/Los_Angeles",
         statute="Wash. Rev. Code §19.255.010",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "other"],
         res=30, res_note="in the most expedient time possible, at most 30 days after discovery (since 2020-03-01)",
         reg=dict(name=AG, op="gt", n=500, dl=30, verification="unverified",
                  basis="Wash. Rev. Code §19.255.010(7) (more than 500 residents, within 30 days): the Attorney General's page atg.wa.gov: \"If a data breach affects more than 500 Washington residents, notification must also be provided to the Attorney General's Office ... This notice is also due within 30 days of discovery of the breach\"; terms.law: notify the Attorney General \"no more than 30 days after the breach was discovered\" when more than 500 residents are affected; the subsection's own text not reached; not confirmed: session 10 (issue 26): RCW 19.255.010 itself was searched again and not reached — the search index holds the Attorney General's pages (atg.wa.gov, HB 1071 FAQ), the final bill report of SHB 1071 (lawfilesext.leg.wa.gov, C 241 L 19: a summary, not the text), RCW 19.255.005 (definitions, self-law.org and instalawyer.io) and RCW 42.56.590 (the agencies' section, lawserver.com), but no reproduction of 19.255.010 (app.leg.wa.gov, instalawyer.io, self-law.org, lawserver.com, law.justia.com: not in the index; find_string on \"more than five hundred Washington\", \"single breach shall notify the attorney general\": no public file); the Ansvar-Systems/US-law-mcp copy holds unrelated text (session 9)"),
         verification="unverified", owner_verification="unverified",
         tried="session 10 (issue 26): RCW 19.255.010 itself was searched again and not reached — the search index holds the Attorney General's pages (atg.wa.gov, HB 1071 FAQ), the final bill report of SHB 1071 (lawfilesext.leg.wa.gov, C 241 L 19: a summary, not the text), RCW 19.255.005 (definitions, self-law.org and instalawyer.io) and RCW 42.56.590 (the agencies' section, lawserver.com), but no reproduction of 19.255.010 (app.leg.wa.gov, instalawyer.io, self-law.org, lawserver.com, law.justia.com: not in the index; find_string on \"more than five hundred Washington\", \"single breach shall notify the attorney general\": no public file); the Ansvar-Systems/US-law-mcp copy holds unrelated text (session 9)",
         owner_tried="the vendor clause (RCW 19.255.010(2): a person maintaining data it does not own notifies the owner or licensee \"immediately following discovery\") was seen only in the 2005 text as summarised by Perkins Coie and in the agencies' parallel RCW 42.56.590(2) (lawserver.com), not in 19.255.010 itself; session 10 (issue 26): RCW 19.255.010 itself was searched again and not reached — the search index holds the Attorney General's pages (atg.wa.gov, HB 1071 FAQ), the final bill report of SHB 1071 (lawfilesext.leg.wa.gov, C 241 L 19: a summary, not the text), RCW 19.255.005 (definitions, self-law.org and instalawyer.io) and RCW 42.56.590 (the agencies' section, lawserver.com), but no reproduction of 19.255.010 (app.leg.wa.gov, instalawyer.io, self-law.org, lawserver.com, law.justia.com: not in the index; find_string on \"more than five hundred Washington\", \"single breach shall notify the attorney general\": no public file); the Ansvar-Systems/US-law-mcp copy holds unrelated text (session 9)",
         text="§19.255.010 through the Attorney General's page atg.wa.gov (notification \"in the most expedient time possible\" and within 30 days after the breach was discovered) and terms.law (\"thirty days from discovery of a breach to notify affected consumers\"); the 2005 text of (1) as quoted by the AICPA (\"The disclosure shall be made in the most expedient time possible and without unreasonable delay\"; the 30 days were added later: 45 days from 2015 per wordsbywit.com and Alston & Bird, 30 days from 2020-03-01); the current section's own text not reached; definitions (§19.255.005) read in an earlier round; since 2015 the statute is not limited to computerized data (Alston & Bird, alstonprivacy.com). The vendor clause not read",
         notes=[("Full date of birth and student, military or passport ID numbers count; mamori has no date-of-birth category, so `other` triggers (conservative).",
                 "生年月日や学籍番号・軍人ID・旅券番号も対象です。mamori には生年月日の区分がないため、保守的に `other` でも通知対象とします。")]),
    dict(code="WV", en="West Virginia", ja="ウェストバージニア州", zone="America/New_York",
         statute="W. Va. Code §46A-2A-102",
         cats=BASE,
         res=None, res_note="without unreasonable delay",
         reg=None, cra=1000, verification="confirmed",
         src="text read: §46A-2A-101, -102(a)-(c) at lexace.ai (unencrypted and unredacted data whose breach causes or is reasonably believed to cause identity theft or other fraud; encrypted data acquired unencrypted or by a person with access to the key must be notified; the maintainer notifies the owner as soon as practicable; name + SSN, licence or state ID, account/card number with code); CRA notice above 1,000"),
    dict(code="WI", en="Wisconsin", ja="ウィスコンシン州", zone="America/Chicago",
         statute="Wis. Stat. §134.98",
         cats=BASE + ["credentials", "biometric", "genetic"],
         res=45, res_note="within a reasonable time, at most 45 days after learning of the breach",
         reg=None, cra=1000, cra_op="ge", verification="confirmed", owner_verification="unverified",
         owner_tried="session 10 (issue 26): the storer's clause (§134.98(2)(bm) in the summaries: a person storing data it does not own notifies the owner \"as soon as practicable\", per recordinglaw.com) was not read in the text — docs.legis.wisconsin.gov's pages for chapter 134 are indexed only for §§134.93-134.97; the Ansvar-Systems/US-law-mcp copy (data/seed/states/wi.json) gives an agent 45 days in a \"(5) Timing\" subsection that no other source has, so it is not used",
         src="text read: §134.98(1)(b) and (3)(a) quoted at wordsbywit.com (name + SSN, licence or state ID, \"financial account number ... or any security code, access code, or password that would permit access to the individual's financial account\", DNA profile, biometric data, unless encrypted, redacted or unreadable; \"within a reasonable time, not to exceed 45 days after the entity learns of the acquisition\"); CRA notice at 1,000 or more (coulee.tech; \"over 1,000\" elsewhere: the cautious reading)",
         notes=[("A password that permits access to a financial account counts by itself; mamori cannot tell a banking login from another one, so `credentials` trigger (conservative).",
                 "金融口座へのアクセスを可能にするパスワードもそれだけで対象です。mamori は銀行のログイン情報を他と区別できないため、保守的に `credentials` でも通知対象とします。")]),
    dict(code="WY", en="Wyoming", ja="ワイオミング州", zone="America/Denver",
         statute="Wyo. Stat. §40-12-502",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "other"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, verification="confirmed", owner_verification="confirmed", no_encryption=True,
         owner_text="§40-12-502(g) in the Wyoming Statutes as published in the public repository UniCourt/cic-code-wy (transforms/wy/ocwy/r84/gov.wy.code.title.40.html, the latest release): \"Any person who maintains computerized data that includes personal identifying information on behalf of another business entity shall disclose to the business entity for which the information is maintained any breach of the security of the system as soon as practicable following the determination that personal identifying information was, or is reasonably believed to have been, acquired by an unauthorized person\"; the two may agree which of them gives the residents' notice, \"provided only a single notice for each breach of the security of the system shall be required\", and failing agreement \"the person who has the direct business relationship with the resident of this state shall provide notice\" (mamori leaves the residents' notice with the owner); no encryption safe harbour here either (only data elements that are \"not redacted\" count, §40-12-501(a)(vii)). Earlier sources: the Perkins Coie chart (\"as soon as practicable following the determination\") agrees; the Ansvar-Systems/US-law-mcp copy, which puts a vendor clause in (b), does not: it is written by its populate-missing-states script, not scraped: not relied on",
         src="text read in the Wyoming Statutes as published in the public repository UniCourt/cic-code-wy (transforms/wy/ocwy/r84/gov.wy.code.title.40.html and gov.wy.code.title.06.html): §40-12-501(a)(i) a breach is \"unauthorized acquisition of computerized data that materially compromises the security, confidentiality or integrity of personal identifying information maintained by a person or business and causes or is reasonably believed to cause loss or injury to a resident of this state\"; (a)(vii) personal identifying information is a name \"in combination with one (1) or more of the data elements specified in W.S. 6-3-901(b)(iii) through (xiv), when the data elements are not redacted\" (no encryption term); §6-3-901(b)(iii)-(xiv): Social Security number, driver's license number, account, credit or debit card number \"in combination with any security code, access code or password\", tribal or government identification card, shared secrets or security tokens, a username or e-mail address with a password or security question and answer, a birth or marriage certificate, medical information, health insurance information, unique biometric data, individual taxpayer identification number (mamori counts an account or card number even without its code: cautious); §40-12-502(a): after a prompt investigation, if misuse \"has occurred or is reasonably likely to occur\", notice \"in the most expedient time possible and without unreasonable delay\"; no Attorney General or consumer-reporting-agency notice in §40-12-502 ((f) gives the Attorney General an action only)",
         notes=[("No encryption safe harbour: the statute exempts only redacted data elements, so encrypted data is treated as personal information (whether its acquisition \"materially compromises\" it is your judgement).",
                  "暗号化のセーフハーバーはありません。同法が除外するのは墨消し（redact）されたデータ項目のみのため、暗号化データも個人情報として扱います（その取得が「重大な侵害」に当たるかはご判断ください）。"),
                 ("Birth or marriage certificates and shared secrets or security tokens count; mamori has no category for certificates, so `other` triggers (conservative).",
                  "出生・婚姻証明書や共有秘密・セキュリティトークンも対象です。証明書の区分がないため、保守的に `other` でも通知対象とします。")]),
    dict(code="DC", en="District of Columbia", ja="コロンビア特別区（ワシントンD.C.）", zone="America/New_York",
         statute="D.C. Code §28-3852",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric", "genetic"],
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=dict(name=AG, op="ge", n=50, dl=None, verification="confirmed",
                  basis="D.C. Code §28-3852(b-1), added by the Security Breach Protection Amendment Act of 2020 (D.C. Law 23-98), read in the Council's own repository DCCouncil/law-xml (us/dc/council/periods/23/laws/23-98.xml, the source of code.dccouncil.gov; issue 26 session 10): \"In addition to giving the notification required under subsection (a) of this section, and subject to subsection (d) of this section, the person or entity required to give notice shall promptly provide written notice of the breach of the security of the system to the Office of the Attorney General for the District of Columbia if the breach affects 50 or more District residents. This notice shall be made in the most expedient manner possible, without unreasonable delay, and in no event later than when notice is provided under subsection (a) of this section\"; (b-2): it \"shall not be delayed on the grounds that the total number of District residents affected by the breach has not yet been ascertained\"; (g) as rewritten there: an entity deemed compliant through its GLBA or HIPAA notices \"shall, in all cases, provide written notice of the breach of the security of the system to the Office of the Attorney General\"; the CSRPS chart and Buckley's summary of Act 23-268 agree on \"50 or more\"; the Ansvar-Systems/US-law-mcp copy (dc.json), which lacks the \"in no event later than\" sentence, is written by its populate-missing-states script, not scraped: not relied on; no fixed period (at the latest with the residents' notice)",
                  notes=[("Secondary charts read (b-1) as also requiring this notice when the number of District residents cannot be determined; mamori answers `possible` for an unknown head count, so treat it as due.",
                          "二次資料は、コロンビア特別区の居住者数を特定できない場合にもこの通知が必要と読んでいます。人数不明のとき mamori は `possible` と答えるため、通知が必要なものとして扱ってください。"),
                         ("The notice is due \"in no event later than when notice is provided\" to the residents (§28-3852(b-1)) and may not wait for the head count ((b-2)): send it before or with the residents' notice. An entity that notifies residents under GLBA or HIPAA procedures still sends it ((g)).",
                          "この通知は居住者への通知より遅れてはならず（§28-3852(b-1)「in no event later than」）、人数の確定を待つこともできません（(b-2)）。居住者への通知の前か同時に送付してください。GLBA・HIPAA の手続で居住者に通知する事業者も送付が必要です（(g)）。")]),
         cra=1000, verification="confirmed", owner_verification="confirmed",
         owner_text="§28-3852(b): \"Any person or entity who maintains, handles, or otherwise possesses computerized or other electronic data that includes personal information that the person or entity does not own shall notify the owner or licensee of the information of any breach of the security of the system in the most expedient time possible following discovery\" (read in issue 26 session 10 in the Council's repository DCCouncil/law-xml, us/dc/council/code/titles/28/sections/28-3852.xml (D.C. Law 16-237); D.C. Law 23-98 (us/dc/council/periods/23/laws/23-98.xml) adds (a-1), (a-2), (b-1) and (b-2), repeals (e) and rewrites (g), and leaves (b) as it was; the same words are quoted in two other public GitHub state-law tables found with find_string; the Ansvar-Systems/US-law-mcp copy (dc.json) is written by its populate-missing-states script, not scraped: not relied on)",
         text="§28-3851(1), (1A), (1B) at cliclaw.com: breach of the security of the system is unauthorized acquisition of computerized or other electronic data that compromises personal information, and \"Acquisition of data that has been rendered secure, so as to be unusable by an unauthorized third party, shall not be deemed to be a breach\"; personal information (§28-3851(3), as listed by cliclaw.com's summary and seancgriffin.com) is a name, phone number, address or other identifier with an SSN, taxpayer ID, passport, driver's licence, military or other government ID number, an account or card number or any code that gives access to a financial account, medical information, genetic information and DNA profile, health-insurance information or biometric data, or a user name or e-mail address with a password or security question and answer; §28-3852(a): notice \"in the most expedient time possible and without unreasonable delay\" (quoted by wordsbywit.com); §28-3852(a) also in DCCouncil/law-xml (\"shall promptly notify any District of Columbia resident whose personal information was included in the breach\"); the processor's clause (b) and the Attorney General's (b-1) were read there in session 10 (see `us-dc.owner` and `us-dc.attorney_general`)"),
    dict(code="PR", en="Puerto Rico", ja="プエルトリコ", zone="America/Puerto_Rico",
         statute="P.R. Laws tit. 10 §4052",
         cats=BASE + ["credentials", "health", "other"],
         notes=[("Tax information and work-related evaluations also count; mamori has no category for them, so `other` triggers (conservative).",
                 "税務情報や職務評価も対象です。mamori にはこれらの区分がないため、保守的に `other` でも通知対象とします。"),
                ("The owner or custodian of the database notifies the citizens and DACO itself: a processor holding it is not exempt (§4052).",
                 "データベースの所有者または管理者（custodian）が自ら市民と DACO に通知します。これを保有する受託者（processor）も免除されません（§4052）。")],
         res=None, res_note="as expeditiously as possible",
         reg=dict(name=("Department of Consumer Affairs (DACO)", "消費者局（DACO）"), op="gt", n=0, dl=10,
                  basis="P.R. Laws tit. 10 §4052 (Act 111-2005: \"Within a non-extendable term of ten (10) days after the violation of the system's security has been detected, the parties responsible shall inform the Department\"; text read at casetext.com)"),
         verification="confirmed", holder_notifies=True,
         src="text read: §4052 at casetext.com (\"Any entity that is the owner or custodian of a database\" notifies, when the files are \"not protected by an encrypted code but only by a password\"; a reseller notifies the proprietor or custodian), §4051 at aicpa.org (name + SSN, licence, voter or official ID, bank or financial account numbers with or without password, \"names of users and passwords or access codes to public or private information systems\", HIPAA medical information, tax information, work-related evaluations)"),
    dict(code="GU", en="Guam", ja="グアム", zone="Pacific/Guam",
         statute="9 Guam Code Ann. §48.30",
         cats=BASE,
         res=None, res_note="without unreasonable delay",
         reg=None, verification="confirmed", owner_verification="unverified",
         src="text read: 9 GCA ch. 48 (P.L. 30-004) at proteuscyber.com, §48.20(a) (breach = access and acquisition of unencrypted and unredacted data that causes or is reasonably believed to cause identity theft or other fraud); elements (name + SSN, licence or Guam ID, account/card number with code) and the key exception from the Lewis Brisbois and cliclaw.com summaries; no government or CRA notice"),
    dict(code="VI", en="US Virgin Islands", ja="米領バージン諸島", zone="America/St_Thomas",
         statute="V.I. Code tit. 14 §2209",
         cats=BASE,
         res=None, res_note="in the most expedient time possible and without unreasonable delay",
         reg=None, verification="confirmed", owner_verification="unverified",
         owner_tried="session 10 (issue 26): the vendor clause of §2209 was not reached — cliclaw.com's library page holds §§2201-2212 but the index stops inside §2201's definitions; constangy.com and caseguard.com summarise only the residents' notice; the Ansvar-Systems/US-law-mcp copy (data/seed/states/vi.json) puts a vendor clause \"immediately following discovery\" in §2208(b) with a business-entity wording that contradicts the agency wording of §2208 quoted by the AICPA, so it is not used",
         src="text read: 14 V.I.C. §2201 at cliclaw.com and §2208's operative sentence quoted at aicpa.org (unencrypted personal information acquired; name + SSN, driver's licence, account/card number with code; \"in the most expedient time possible and without unreasonable delay\"); §2208 binds agencies, §2209 persons and businesses in the same terms (cliclaw.com table of sections and summary); no government or CRA notice"),
]

# New York and Texas have hand-written residents and AG rules; only their processor's notice to
# the data's owner is generated (California's `us-ca.owner` is hand-written too).
OWNER_ONLY = [
    dict(code="NY", en="New York", ja="ニューヨーク州", zone="America/New_York",
         statute="N.Y. Gen. Bus. Law §899-aa(3)",
         cats=BASE + ["credentials", "health", "health_insurance", "biometric"], owner_days=None,
         verification="confirmed",
         src="text read: §899-aa(3) (\"Any person or business which maintains computerized data which includes private information which such person or business does not own shall notify the owner or licensee of the information of any breach of the security of the system immediately following discovery, if the private information was, or is reasonably believed to have been, accessed or acquired by a person without valid authorization\") and (1)(b) (private information: data elements \"not encrypted, or ... encrypted with an encryption key that has also been accessed or acquired\"), SHIELD Act text (2019) in the Ansvar-Systems/US-law-mcp repository's copy of §899-aa (data/seed/states/ny.json, naming nysenate.gov; scraped from lawserver.com, a legal database, by its scripts/fetch-states-lawserver.ts: not one of the 16 states its populate-missing-states script writes; checked in issue 26 session 10: the whole of §899-aa, subdivisions 1 to 10 in order); (1)(b) also at nysenate.gov; the Mintz and Perkins Coie charts give the same duty \"immediately following discovery\" (paraphrases)"),
    dict(code="TX", en="Texas", ja="テキサス州", zone="America/Chicago",
         statute="Tex. Bus. & Com. Code §521.053(c)",
         # §521.002(a)(2): SSN, driver's licence/government ID, account/card number with any
         # required code, or health information (payment for health care included); login
         # credentials and biometric data are not listed (text read).
         cats=BASE + ["health", "health_insurance"], owner_days=None, verification="confirmed",
         owner_text="§521.053(c) as quoted, with \"Entity\" for the person, in a public GitHub data file of state breach laws (YAML front matter, 'verified_by: Foley & Lardner LLP', 'Last Verified: September 2025') that reproduces the Perkins Coie chart's wording, with \"Entity\" for the person (find_string id 37096837948): \"Any Entity that maintains computerized data that includes sensitive PI that the Entity does not own shall notify the owner or license holder of the information of any breach of system security immediately after discovering the breach, if the sensitive PI was, or is reasonably believed to have been, acquired by an unauthorized person\"; a public GitHub compliance register that quotes the statutes from their official sources (find_string id 69264454048), independently: \"Vendor to owner: 'immediately after discovering the breach.'\"; §521.053(a): a breach of system security includes encrypted data only \"if the person accessing the data has the key required to decrypt the data\" (lawserver.com); statutes.capitol.texas.gov not reached"),
]

# California, New York and Texas have hand-written rules in the pack (not generated here).
HAND_WRITTEN = {"CA", "NY", "TX"}
ALL_CODES = sorted([r["code"] for r in ROWS] + list(HAND_WRITTEN))


def t(en, ja):
    return {"en": en, "ja": ja}


def join_en(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def cats_pred(cats):
    return {"any": [{"fact": f"data.categories.{c}", "is": True} for c in cats]}


def deadline(dl, code=None):
    if dl is None:
        return {"kind": "without_undue_delay"}
    if isinstance(dl, tuple) and dl[0] in ("after", "after_bd"):
        # N (business) days after the notice to the residents (docs/breach.md, "Deadlines that
        # run from another obligation").
        d = {"kind": "after_obligation", "obligation": f"us-{code.lower()}.residents", "days": dl[1]}
        if dl[0] == "after_bd":
            d["calendar"] = "weekends"
        return d
    if isinstance(dl, tuple) and dl[0] == "h":
        return {"kind": "hours", "hours": dl[1]}
    if isinstance(dl, tuple):
        return {"kind": "business_days", "days": dl[1], "calendar": "weekends"}
    return {"kind": "calendar_days", "days": dl, "first_day_inclusive": False}


def exemptions(r, processor=True):
    st = r["statute"]
    owner = f"us-{r['code'].lower()}.owner"
    processor = processor and not r.get("holder_notifies")
    out = [] if r.get("no_encryption") else [
        {
            "id": "encrypted",
            "when": {"fact": "data.protection.unintelligible", "is": True},
            "reason": t(
                f"Exempt: encrypted ({{data.protection.algorithm}}) with the key kept separately{{data.protection.key_summary}} ({st}).",
                f"適用除外: 暗号化済み（{{data.protection.algorithm}}）で鍵は別に管理されています{{data.protection.key_summary}}（{st}）。",
            ),
            "reason_unknown": t(
                f"Exemption undetermined: {{data.protection.algorithm}} is recognised but data.protection.key_separated is unknown ({st}).",
                f"適用除外は未確定: {{data.protection.algorithm}} は認められた方式ですが、data.protection.key_separated が不明です（{st}）。",
            ),
        },
    ]
    out.append(
        {
            "id": "recovered_unviewed",
            "when": {"fact": "incident.recovered_unviewed", "is": True, "unknown_as": False},
            "reason": t(
                "Recovered before anyone viewed it: incident.recovered_unviewed = true.",
                "第三者が閲覧する前に回収済み: incident.recovered_unviewed = true。",
            ),
        }
    )
    if processor:
        out.append(
            {
                "id": "processor",
                "when": {"fact": "organisation.role", "eq": "processor"},
                "reason": t(
                    f"A processor notifies the owner or licensee of the data instead ({owner}): organisation.role = processor.",
                    f"受託者（processor）は代わりにデータの所有者・ライセンシーに通知します（{owner}）: organisation.role = processor。",
                ),
            }
        )
    return out


def common_notes(r):
    notes = [
        t(
            "The statute's risk-of-harm exception (where it has one) is not modelled: mamori assumes notice is due; a decision not to notify usually has to be documented.",
            "同法に損害のおそれに基づく例外がある場合も mamori はこれを考慮せず、通知が必要と扱います。通知しない判断は通常、文書化が必要です。",
        )
    ]
    if r.get("cra") is not None:
        n = r["cra"]
        if n == 0:
            notes.append(t("Also notify the nationwide consumer reporting agencies (any number of residents).",
                           "全国的な消費者信用情報機関にも通知します（居住者数を問いません）。"))
        elif r.get("cra_op") == "ge":
            notes.append(t(f"{n:,} or more residents: also notify the nationwide consumer reporting agencies.",
                           f"居住者が{n:,}人以上の場合、全国的な消費者信用情報機関にも通知します。"))
        else:
            notes.append(t(f"More than {n:,} residents: also notify the nationwide consumer reporting agencies.",
                           f"居住者が{n:,}人を超える場合、全国的な消費者信用情報機関にも通知します。"))
    for en, ja in r.get("notes", []):
        notes.append(t(en, ja))
    return notes


def pi_trigger(r):
    st = r["statute"]
    en_list = join_en([CAT[c][0] for c in r["cats"]])
    ja_list = "、".join(CAT[c][1] for c in r["cats"])
    return {
        "id": "data_elements",
        "when": cats_pred(r["cats"]),
        "reason": t(
            f"Personal information under {st}: data.categories include one of: {en_list}.",
            f"{st} の個人情報に該当: data.categories に{ja_list}のいずれかが含まれます。",
        ),
        "reason_unknown": t(
            f"Undetermined: data.categories is not given; under {st} only a name with one of {en_list} triggers a notice — names and contact details alone do not.",
            f"未確定: data.categories が指定されていません。{st} では氏名と{ja_list}の組合せのみが通知対象で、氏名・連絡先だけでは対象になりません。",
        ),
        "reason_false": t(
            f"No data element of {st}: names, phone numbers and other contact details alone do not trigger a notice.",
            f"{st} の対象データ項目はありません: 氏名・電話番号などの連絡先だけでは通知は不要です。",
        ),
    }


def text_read(r, key="verification"):
    """`; text read (…)` for a rule whose statute text was read (issue 26), else nothing."""
    if r.get(key, r.get("verification")) == "confirmed" and r.get("text"):
        return f"; text read ({r['text']})"
    return ""


def residents(r):
    code, st, fact = r["code"], r["statute"], f"data.persons.US-{r['code']}"
    res = r["res"]
    dl_ja = f"発見から{res}日以内" if res else "不当な遅滞なく"
    return {
        "id": f"us-{code.lower()}.residents",
        "jurisdiction": f"US-{code}",
        "recipient": "individuals",
        "title": t(f"Notice to {r['en']} residents", f"{r['ja']}居住者への通知"),
        "zone": r["zone"],
        "scope": {"fact": fact, "gt": 0},
        "scope_reason": t(
            f"{r['en']} residents affected: {fact} = {{{fact}}}.",
            f"{r['ja']}の居住者が影響を受けています: {fact} = {{{fact}}}。",
        ),
        "triggers": [pi_trigger(r)],
        "exemptions": exemptions(r),
        "deadline": deadline(res),
        "basis": f"{st} ({r['res_note']})" + text_read(r) + (f"; {r['src']}" if r.get("src") else "")
        + (f"; not confirmed: {r['tried']}" if r.get("tried") else ""),
        "verification": r.get("verification", "unverified"),
        "notes": common_notes(r)
        + [t(f"Deadline to residents: {r['res_note']}.", f"居住者への通知期限: {dl_ja}（{st}）。")],
    }


def regulator(r):
    g = r["reg"]
    code, st, fact = r["code"], r["statute"], f"data.persons.US-{r['code']}"
    name_en, name_ja = g["name"]
    n, op = g["n"], g["op"]
    if n == 0:
        when = cats_pred(r["cats"])
        thr_en, thr_ja = "Any number of", "人数を問わず"
        below_en = "No personal information of the statute"
        below_ja = "同法の個人情報は含まれていません"
    else:
        # A range across the threshold is undetermined (`possible`), not "above": a statute's
        # head count, not the PPC's suspected-case reading.
        when = {"all": [{"fact": fact, op: n, "range": "bounds"}, cats_pred(r["cats"])]}
        thr_en = f"More than {n:,}" if op == "gt" else f"{n:,} or more"
        thr_ja = f"{n:,}人を超える" if op == "gt" else f"{n:,}人以上の"
        below_en = f"{'At most' if op == 'gt' else 'Fewer than'} {n:,} residents or no personal information of the statute"
        below_ja = f"居住者が{n:,}人{'以下' if op == 'gt' else '未満'}、または同法の個人情報が含まれていません"
    rule = {
        "id": f"us-{code.lower()}." + g.get("rid", "attorney_general" if name_en.startswith("Attorney General") else "regulator"),
        "jurisdiction": f"US-{code}",
        "recipient": "regulator",
        "title": t(f"Notice to the {r['en']} {name_en}", f"{r['ja']}の{name_ja}への通知"),
        "zone": r["zone"],
    }
    if g.get("from_"):
        rule["effective_from"] = g["from_"]
    rule.update({
        "scope": {"fact": fact, "gt": 0},
        "scope_reason": t(
            f"{r['en']} residents affected: {fact} = {{{fact}}}.",
            f"{r['ja']}の居住者が影響を受けています: {fact} = {{{fact}}}。",
        ),
        "triggers": [
            {
                "id": "threshold",
                "when": when,
                "reason": t(
                    f"{thr_en} {r['en']} residents ({fact} = {{{fact}}}) with personal information under {st}.",
                    f"{thr_ja}{r['ja']}居住者（{fact} = {{{fact}}}）の {st} 上の個人情報が含まれます。",
                ),
                "reason_unknown": t(
                    f"Undetermined: {thr_en.lower()} {r['en']} residents with personal information under {st} require this notice ({fact} = {{{fact}}}).",
                    f"未確定: {thr_ja}{r['ja']}居住者の {st} 上の個人情報が含まれる場合に通知が必要です（{fact} = {{{fact}}}）。",
                ),
            }
        ],
        "no_trigger_reason": t(
            f"No notice: {below_en} ({fact} = {{{fact}}}).",
            f"通知不要: {below_ja}（{fact} = {{{fact}}}）。",
        ),
        "exemptions": exemptions(r, processor=not g.get("processor_too")),
        "deadline": deadline(g["dl"], code),
        "basis": g["basis"],
        # A/B-M rows (`text`) confirm the regulator notice only in its own `reg` dict; N-Z rows
        # (`src`) read the whole statute, so their regulator notice follows the row.
        "verification": g.get(
            "verification", r.get("verification", "unverified") if r.get("src") else "unverified"
        ),
    })
    if g.get("notes"):
        rule["notes"] = [t(en, ja) for en, ja in g["notes"]]
    return rule


def vendor_regulator(r):
    """The processor's own notice to the regulator (Oregon §646A.604(2)(c))."""
    code, fact = r["code"], f"data.persons.US-{r['code']}"
    rule = regulator(dict(r, reg=r["vendor_reg"]))
    rule["title"] = t(f"Vendor's notice to the {r['en']} Attorney General", f"ベンダーから{r['ja']}司法長官への通知")
    rule["scope"] = {"all": [{"fact": fact, "gt": 0}, {"fact": "organisation.role", "eq": "processor"}]}
    rule["scope_reason"] = t(
        f"A vendor holding data of {r['en']} residents: organisation.role = processor; {fact} = {{{fact}}}.",
        f"{r['ja']}居住者のデータを保持するベンダー: organisation.role = processor、{fact} = {{{fact}}}。",
    )
    rule["exemptions"] = exemptions(r, processor=False)
    return rule


def agency_regulator(r):
    """A public agency's own notice to the regulator (Idaho Code §28-51-105(4)): scoped to US
    public bodies (mamori cannot tell a state's own agencies from other US public bodies, so it
    asks it of every US public body holding the state's residents' data: cautious)."""
    g = r["agency_reg"]
    code, fact = r["code"], f"data.persons.US-{r['code']}"
    rule = regulator(dict(r, reg=g))
    rule["title"] = t(f"Public agency's notice to the {r['en']} Attorney General", f"公的機関から{r['ja']}司法長官への通知")
    rule["scope"] = {"all": [
        {"fact": fact, "gt": 0},
        {"fact": "organisation.type", "in": ["public_body", "local_government"]},
        {"fact": "organisation.established_in", "contains": "US"},
    ]}
    rule["scope_reason"] = t(
        f"A US public body holding data of {r['en']} residents: organisation.type = {{organisation.type}}; {fact} = {{{fact}}}.",
        f"{r['ja']}居住者のデータを保持する米国の公的機関: organisation.type = {{organisation.type}}、{fact} = {{{fact}}}。",
    )
    return rule


def owner_span(days):
    if isinstance(days, tuple):
        return f"{days[1]} hours"
    return f"{days} days"


def owner(r):
    code, st, fact = r["code"], r["statute"], f"data.persons.US-{r['code']}"
    days = r.get("owner_days")
    return {
        "id": f"us-{code.lower()}.owner",
        "jurisdiction": f"US-{code}",
        "recipient": "controller",
        "title": t("Notice to the owner or licensee of the data", f"データの所有者・ライセンシーへの通知（{r['ja']}）"),
        "zone": r["zone"],
        "scope": {"all": [{"fact": fact, "gt": 0}, {"fact": "organisation.role", "eq": "processor"}]},
        "scope_reason": t(
            f"Data of {r['en']} residents maintained for its owner: organisation.role = processor; {fact} = {{{fact}}}.",
            f"所有者のために保持する{r['ja']}居住者のデータ: organisation.role = processor、{fact} = {{{fact}}}。",
        ),
        "triggers": [pi_trigger(r)],
        # The vendor's duty attaches to a breach of the security of the system: acquisition of
        # unencrypted data, or of encrypted data with its key (e.g. S.D. §22-40-19(1), Tex.
        # §521.053(a)); so the encryption safe harbour applies as for the residents.
        "exemptions": exemptions(r, processor=False),
        "deadline": deadline(days),
        "basis": r.get("owner_basis") or (
            f"{st} (a person maintaining data it does not own notifies the owner or licensee"
            + (f", within {owner_span(days)})" if days else ", immediately or without unreasonable delay)")
            + text_read(r, "owner_verification")
            + (f"; {r['src']}" if r.get("src") else "")
            + (f"; the owner clause read: {r['owner_text']}" if r.get("owner_text") else "")
            + (f"; not confirmed: {r['owner_tried']}" if r.get("owner_tried") else "")
        ),
        "verification": "unverified"
        if r.get("owner_basis")
        else r.get("owner_verification", r.get("verification", "unverified")),
    }


def federal():
    ny = "America/New_York"
    recovered = {
        "id": "recovered_unviewed",
        "when": {"fact": "incident.recovered_unviewed", "is": True, "unknown_as": False},
        "reason": t("Recovered before anyone viewed it: incident.recovered_unviewed = true.",
                    "第三者が閲覧する前に回収済み: incident.recovered_unviewed = true。"),
    }
    encrypted = {
        "id": "encrypted",
        "when": {"fact": "data.protection.unintelligible", "is": True},
        "reason": t("Exempt: encrypted ({data.protection.algorithm}) with the key kept separately{data.protection.key_summary} (only unencrypted customer information is a notification event).",
                    "適用除外: 暗号化済み（{data.protection.algorithm}）で鍵は別に管理されています{data.protection.key_summary}（暗号化されていない顧客情報のみが通知事由です）。"),
        "reason_unknown": t("Exemption undetermined: {data.protection.algorithm} is recognised but data.protection.key_separated is unknown.",
                            "適用除外は未確定: {data.protection.algorithm} は認められた方式ですが、data.protection.key_separated が不明です。"),
    }
    core = ["government_id", "financial_account", "payment_card", "credentials", "health", "health_insurance", "biometric"]
    ftc = {
        "id": "us.ftc.safeguards",
        "jurisdiction": "US",
        "recipient": "regulator",
        "title": t("Notice to the Federal Trade Commission (Safeguards Rule)", "連邦取引委員会（FTC）への通知（セーフガード規則）"),
        "zone": ny,
        "effective_from": "2024-05-13",
        "scope": {"fact": "organisation.us_financial_institution", "is": True, "unknown_as": False},
        "scope_reason": t(
            "A financial institution under the FTC Safeguards Rule: organisation.us_financial_institution = {organisation.us_financial_institution}.",
            "FTC セーフガード規則の対象となる金融機関: organisation.us_financial_institution = {organisation.us_financial_institution}。",
        ),
        "triggers": [
            {
                "id": "over_500_consumers",
                "when": {"fact": "data.persons.*", "ge": 500, "range": "bounds"},
                "reason": t("Customer information of at least 500 consumers (data.persons.* = {data.persons.*}) (16 CFR 314.4(j)(1)).",
                            "500人以上の消費者の顧客情報（data.persons.* = {data.persons.*}）（16 CFR 314.4(j)(1)）。"),
                "reason_unknown": t("Undetermined: at least 500 consumers require a notice to the FTC (data.persons.* = {data.persons.*}).",
                                    "未確定: 500人以上の消費者が影響を受ける場合は FTC への通知が必要です（data.persons.* = {data.persons.*}）。"),
            }
        ],
        "no_trigger_reason": t("Fewer than 500 consumers (data.persons.* = {data.persons.*}).",
                               "消費者が500人未満です（data.persons.* = {data.persons.*}）。"),
        "exemptions": [
            encrypted, recovered,
            {
                "id": "processor",
                "when": {"fact": "organisation.role", "eq": "processor"},
                "reason": t("A service provider tells the financial institution; the institution notifies the FTC: organisation.role = processor.",
                            "サービス提供者は金融機関に伝え、金融機関が FTC に通知します: organisation.role = processor。"),
            },
        ],
        "deadline": {"kind": "calendar_days", "days": 30, "first_day_inclusive": False},
        "basis": "16 CFR 314.4(j)(1) (if a notification event \"involves the information of at least 500 consumers\", the institution must notify the FTC \"as soon as possible, and no later than 30 days after discovery of the event\"; \"notification event\" = \"acquisition of unencrypted customer information without the authorization of the individual to which the information pertains. Customer information is considered unencrypted for this purpose if the encryption key was accessed by an unauthorized person. Unauthorized acquisition will be presumed to include unauthorized access to unencrypted customer information unless you have reliable evidence showing that there has not been, or could not reasonably have been, unauthorized acquisition of such information\") — the rule's words read as quoted from the FTC's own guidance (business blog 'Safeguards Rule notification requirement now in effect', https://www.ftc.gov/business-guidance/blog/2024/05/safeguards-rule-notification-requirement-now-effect, quoted at https://simpleonlinesecurity.com/new-provision-for-ftc-safeguards-rule/) and the Federal Register summary read at https://www.govinfo.gov/content/pkg/FR-2023-11-13/html/2023-24412.htm (88 FR 77499: \"notification event where unencrypted customer information involving 500 or more consumers is acquired without authorization\"; \"The amendments are effective May 13, 2024\") (session 9)",
        "verification": "confirmed",
        "notes": [
            t("Assessed only when the host declares organisation.us_financial_institution = true (non-bank financial institutions under the FTC's jurisdiction); nothing is asked of other organisations.",
              "ホストが organisation.us_financial_institution = true を宣言した場合（FTC 所管の銀行以外の金融機関）にのみ評価します。それ以外の組織には何も尋ねません。"),
            t("mamori counts every affected person as a consumer (conservative).",
              "mamori は影響を受けたすべての人を消費者として数えます（保守的な扱い）。"),
        ],
    }
    sec = {
        "id": "us.sec.form_8k",
        "jurisdiction": "US",
        "recipient": "regulator",
        "title": t("Materiality determination and SEC Form 8-K Item 1.05", "重要性の判断と SEC Form 8-K Item 1.05 の提出"),
        "zone": ny,
        "effective_from": "2023-12-18",
        "scope": {"fact": "organisation.sec_registrant", "is": True, "unknown_as": False},
        "scope_reason": t(
            "An SEC registrant: organisation.sec_registrant = {organisation.sec_registrant}. Determine without unreasonable delay whether the incident is material; if it is, file Form 8-K Item 1.05.",
            "SEC 登録企業: organisation.sec_registrant = {organisation.sec_registrant}。インシデントが重要（material）かを不当な遅滞なく判断し、重要であれば Form 8-K Item 1.05 を提出します。",
        ),
        "triggers": [],
        "exemptions": [],
        "deadline": {"kind": "business_days", "days": 4, "calendar": "weekends", "anchor": "assessed_at"},
        "basis": "SEC Form 8-K Item 1.05(a) (\"If the registrant experiences a cybersecurity incident that is determined by the registrant to be material, describe the material aspects of the nature, scope, and timing of the incident, and the material impact or reasonably likely material impact on the registrant\"), Instruction 1 (the materiality determination is made \"without unreasonable delay after discovery of the incident\"); Release 33-11216 (\"An Item 1.05 Form 8-K must be filed within four business days of determining an incident was material. A registrant may delay filing ... if the United States Attorney General ... determines immediate disclosure would pose a substantial risk to national security or public safety\"; effective 2023-12-18, smaller reporting companies from 2024-06-15) — Form text read as quoted at https://mktbolt.com/articles/what-is-an-8-k-filing-item-1-05-cybersecurity-explainer-2026-06-22 and https://themonitor.gibsondunn.com/?p=6024, the Release at https://breachdocket.com/articles/sec-8k-item-1-05-meaning-explainer-2026-06-22 (issue 26)",
        "verification": "confirmed",
        "notes": [
            t("Give the materiality determination as incident.assessed_at; without it mamori counts from incident.aware_at (the earliest possible day).",
              "重要性を判断した日時を incident.assessed_at に指定してください。指定がない場合、mamori は incident.aware_at（最も早い日）から数えます。"),
            t("Only weekends are skipped, not US federal holidays: the date shown may be earlier than the legal one (conservative).",
              "土日のみを除外し、米国連邦祝日は除外しません。表示される期限は法定の期限より早いことがあります（保守的な扱い）。"),
            t("mamori has no materiality fact: this obligation stands until the registrant determines the incident is not material. A delay is possible only on the US Attorney General's request (national security or public safety).",
              "mamori には重要性の事実項目がないため、登録企業が重要でないと判断するまでこの義務は残ります。延期は米国司法長官の要請（国家安全保障・公共の安全）がある場合に限られます。"),
        ],
    }
    dfs = {
        "id": "us-ny.dfs",
        "jurisdiction": "US-NY",
        "recipient": "regulator",
        "title": t("Notice to the New York Department of Financial Services (23 NYCRR 500.17)", "ニューヨーク州金融サービス局（NYDFS）への通知（23 NYCRR 500.17）"),
        "zone": ny,
        "scope": {"fact": "organisation.nydfs_covered", "is": True, "unknown_as": False},
        "scope_reason": t(
            "A covered entity under 23 NYCRR 500: organisation.nydfs_covered = {organisation.nydfs_covered}.",
            "23 NYCRR 500 の対象事業者: organisation.nydfs_covered = {organisation.nydfs_covered}。",
        ),
        "triggers": [
            {
                "id": "government_notice",
                # 500.1(g)(1) names "any government body", not only US states: persons of any
                # country count (a state notice, the PPC, an EU authority, ...), and My Number is
                # a government ID (issue 26, session 10).
                "when": {"all": [{"fact": "data.persons.*", "gt": 0}, cats_pred(core + ["my_number"])]},
                "reason": t("The incident requires notice to a government body (a breach notice for personal information — a US state's, or another country's regulator; data.persons.* = {data.persons.*}) (500.1(g)(1)).",
                            "政府機関への通知が必要なインシデントです（個人情報の漏えい通知。米国の州または他国の規制当局への通知。data.persons.* = {data.persons.*}）（500.1(g)(1)）。"),
                "reason_unknown": t("Undetermined: an incident requiring notice to any government body (e.g. a state breach notice or another country's regulator) must be reported to DFS (data.persons.* = {data.persons.*}).",
                                    "未確定: 政府機関への通知（州の漏えい通知や他国の規制当局への報告等）が必要なインシデントは DFS への報告が必要です（data.persons.* = {data.persons.*}）。"),
                "reason_false": t("No personal information of a kind that would require a breach notice to a government body.",
                                  "政府機関への漏えい通知が必要となる種類の個人情報は含まれていません。"),
            },
            {
                "id": "ransomware",
                "when": {"fact": "incident.kind", "eq": "malware"},
                "reason": t("Malware: ransomware deployment or a reasonable likelihood of material harm to operations must be reported (500.1(g)(2)–(3)).",
                            "マルウェア: ランサムウェアの展開や業務に重大な損害を与える合理的な可能性がある場合は報告が必要です（500.1(g)(2)–(3)）。"),
                "reason_false": t("Not a malware incident.", "マルウェアによるインシデントではありません。"),
            },
        ],
        "no_trigger_reason": t("No notice to a government body is due and no malware was involved.",
                               "政府機関への通知は不要で、マルウェアも関与していません。"),
        "exemptions": [recovered],
        "deadline": {"kind": "hours", "hours": 72},
        "basis": "23 NYCRR 500.17(a)(1) as amended 2023-11-01: \"Each covered entity shall notify the superintendent electronically in the form set forth on the department's website as promptly as possible but in no event later than 72 hours after determining that a cybersecurity incident has occurred at the covered entity, its affiliates, or a third-party service provider\" (text read at law.cornell.edu/regulations/new-york/23-NYCRR-500.17, the LII reproduction of the NYCRR); 500.1(g): a cybersecurity incident is a cybersecurity event that \"(1) impacts the covered entity and requires the covered entity to notify any government body, self-regulatory agency or any other supervisory body; (2) has a reasonable likelihood of materially harming any material part of the normal operation(s) of the covered entity; or (3) results in the deployment of ransomware within a material part of the covered entity's information systems\" (the same three limbs quoted in two independent public sources: a NYDFS compliance guide (65ac18c00b4c8.site123.me) and a public GitHub compliance table citing the amended Part 500 at dfs.ny.gov); 500.17(c): an extortion payment within 24 hours, its justification within 30 days (the same public tables). The 2017 text (radarfirst.com) already gave 72 hours \"from a determination\" that a cybersecurity event occurred, so earlier incidents get the same period (session 10, issue 26)",
        "verification": "confirmed",
        "notes": [
            t("Assessed only when the host declares organisation.nydfs_covered = true; nothing is asked of other organisations.",
              "ホストが organisation.nydfs_covered = true を宣言した場合にのみ評価します。それ以外の組織には何も尋ねません。"),
            t("An extortion payment must be reported within 24 hours, with a written explanation within 30 days (500.17(c)).",
              "身代金を支払った場合は24時間以内に報告し、30日以内に書面で説明します（500.17(c)）。"),
            t("The 72 hours run from determining that a cybersecurity incident occurred; mamori counts them from incident.aware_at (the earliest possible moment, cautious).",
              "72時間はサイバーセキュリティインシデントの発生を判断した時点から起算されますが、mamori は incident.aware_at（最も早い時点）から数えます（慎重な扱い）。"),
            t("Not modelled (no fact for them): material harm to normal operations without malware (500.1(g)(2)), and a notice another rule of this answer requires for data outside the listed categories (e.g. a Japanese PPC report for contact data of more than 1,000 persons, or for a malicious act) — if either applies, this notice is due too.",
              "事実項目がないため次は判定していません: マルウェアによらない通常業務への重大な損害（500.1(g)(2)）、および列挙区分以外のデータについてこの回答の他の規則が求める通知（例: 1,000人を超える連絡先データや不正の目的による行為に関する日本の個人情報保護委員会への報告）。いずれかに当たる場合は、この通知も必要です。"),
        ],
    }
    return [ftc, sec, dfs]


def generate():
    rules = []
    for r in sorted(ROWS, key=lambda r: r["code"]):
        rules.append(residents(r))
        if r["reg"]:
            rules.append(regulator(r))
        rules.append(owner(r))
        if r.get("vendor_reg"):
            rules.append(vendor_regulator(r))
        if r.get("agency_reg"):
            rules.append(agency_regulator(r))
    rules += [owner(r) for r in OWNER_ONLY]
    return rules + federal()


def owned(rule_id, gen_ids):
    """Whether the generator owns this rule id (also stale ids it no longer generates)."""
    prefixes = tuple(f"us-{r['code'].lower()}." for r in ROWS) + ("us.ftc.", "us.sec.")
    return rule_id in gen_ids or rule_id.startswith(prefixes)


def rule_spans(text):
    """(start, end, rule) for each element of the pack's top-level `rules` array."""
    dec = json.JSONDecoder()
    i = text.index('"rules": [') + len('"rules": [')
    spans = []
    while True:
        while text[i] in " \n\r\t,":
            i += 1
        if text[i] == "]":
            return spans, i
        rule, end = dec.raw_decode(text, i)
        spans.append((i, end, rule))
        i = end


def render(rules):
    blocks = []
    for r in rules:
        s = json.dumps(r, indent=2, ensure_ascii=False)
        blocks.append("\n".join("    " + line for line in s.split("\n")))
    return ",\n".join(blocks)


def splice(text):
    gen = generate()
    gen_ids = {r["id"] for r in gen}
    spans, close = rule_spans(text)
    mine = [k for k, (_, _, r) in enumerate(spans) if owned(r.get("id", ""), gen_ids)]
    body = render(gen)
    if not mine:
        last_end = spans[-1][1]
        return text[:last_end] + ",\n" + body + text[last_end:]
    if mine != list(range(mine[0], mine[-1] + 1)):
        sys.exit("generated rules are not contiguous in rules/default.json")
    start, end = spans[mine[0]][0], spans[mine[-1]][1]
    return text[:start] + body.lstrip() + text[end:]


def main():
    pack = PACK
    if "--pack" in sys.argv:
        pack = sys.argv[sys.argv.index("--pack") + 1]
    with open(pack, encoding="utf-8") as f:
        text = f.read()
    new = splice(text)
    json.loads(new)  # still valid JSON
    if "--check" in sys.argv:
        if new != text:
            print("rules/default.json differs from rules/tools/us_states.py; run python3 rules/tools/us_states.py", file=sys.stderr)
            sys.exit(1)
        return
    with open(pack, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    main()
