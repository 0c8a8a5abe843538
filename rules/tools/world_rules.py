#!/usr/bin/env python3
"""Writes the `world` rules (China, Thailand, Vietnam, Malaysia, Philippines, Indonesia, India
CERT-In, Canada, Quebec, Brazil, New Zealand, EU NIS2) at the end of rules/default.json.

Idempotent: rules whose id starts with one of PREFIXES are removed first, then appended in the
order below. rules/default.json stays the source of truth (json.dumps, indent 2); run
`python3 rules/tools/world_rules.py` from the repository root, then regenerate the docs table
(`MAMORI_BLESS=1 cargo test --test breach_docs_table`).
"""
import json
import pathlib

PACK = pathlib.Path(__file__).resolve().parents[1] / "default.json"
PREFIXES = ("cn.pipl.", "cn.cac.", "th.pdpa.", "vn.pdp.", "my.pdpa.", "ph.dpa.", "id.pdp.",
            "in.certin.", "ca.pipeda.", "ca-qc.law25.", "br.lgpd.", "nz.privacy.", "eu.nis2.")


def T(en, ja):
    return {"en": en, "ja": ja}


def in_scope(code, persons=None):
    persons = persons or code
    return {"any": [{"fact": "organisation.established_in", "contains": code},
                    {"fact": f"data.persons.{persons}", "gt": 0}]}


def controller_scope(code, persons=None):
    return {"all": [in_scope(code, persons), {"fact": "organisation.role", "eq": "processor"}]}


def recovered():
    return {"id": "recovered_unviewed",
            "when": {"fact": "incident.recovered_unviewed", "is": True, "unknown_as": False},
            "reason": T("Recovered before anyone viewed it: incident.recovered_unviewed = true.",
                        "第三者が閲覧する前に回収済み（incident.recovered_unviewed = true）。")}


def processor(ctrl_id):
    return {"id": "processor", "when": {"fact": "organisation.role", "eq": "processor"},
            "reason": T(f"The controller's duty: organisation.role = processor (see {ctrl_id}).",
                        f"本人・当局への通知は管理者の義務です（organisation.role = processor。{ctrl_id} を参照）。")}


def risk_trigger(tid, values, en, ja, en_unknown, ja_unknown):
    return {"id": tid, "when": {"fact": "data.risk", "in": values},
            "reason": T(en, ja), "reason_unknown": T(en_unknown, ja_unknown)}


def bool_trigger(tid, fact, en, ja):
    return {"id": tid, "when": {"fact": fact, "is": True}, "reason": T(en, ja)}


def rule(id, juris, recipient, title, where, frm, to, scope, scope_reason, deadline, basis,
         notes, triggers=None, no_trigger=None, exemptions=None, overrides=None,
         verification="unverified"):
    r = {"id": id, "jurisdiction": juris, "recipient": recipient, "title": title}
    r["zone" if "/" in where else "offset"] = where
    if frm:
        r["effective_from"] = frm
    if to:
        r["effective_to"] = to
    r["scope"] = scope
    r["scope_reason"] = scope_reason
    if triggers:
        r["triggers"] = triggers
    if no_trigger:
        r["no_trigger_reason"] = no_trigger
    if exemptions:
        r["exemptions"] = exemptions
    r["deadline"] = deadline
    if overrides:
        r["overrides"] = overrides
    r["basis"] = basis
    r["verification"] = verification
    r["notes"] = notes
    return r


UNDUE = {"kind": "without_undue_delay"}


def hours(n):
    return {"kind": "hours", "hours": n}


def days(n):
    return {"kind": "calendar_days", "days": n, "first_day_inclusive": False}


def controller_rule(id, juris, where, frm, code, persons, basis, en_law, ja_law, notes):
    return rule(id, juris, "controller",
                T(f"Processor's notice to its controller ({en_law})",
                  f"委託先から委託元（管理者）への通知（{ja_law}）"),
                where, frm, None, controller_scope(code, persons),
                T(f"A processor of data of persons covered by {en_law}: organisation.role = processor; data.persons.{persons} = {{data.persons.{persons}}}.",
                  f"{ja_law} の対象者のデータを取り扱う委託先です（organisation.role = processor、data.persons.{persons} = {{data.persons.{persons}}}）。"),
                UNDUE, basis, notes, exemptions=[recovered()])


rules = []

# --- China --------------------------------------------------------------------------------
CN_READ = ("text read: English translation at https://personalinformationprotectionlaw.com/PIPL/article-57/ "
           "and the Chinese wording quoted in the NPC-law commentary at http://ahdhf.com/law/twsy/15115.html (issue 26)")
CN_SCOPE_R = T("PIPL applies: organisation.established_in = {organisation.established_in}; data.persons.CN = {data.persons.CN} (Art. 3: processing in China, or of persons in China to provide them products or services).",
               "中国個人情報保護法（PIPL）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.CN = {data.persons.CN}（第3条：中国国内での取扱い、又は中国国内の個人に商品・サービスを提供するための取扱い）。")
rules.append(rule(
    "cn.pipl.authority", "CN", "regulator",
    T("Notification of the personal information protection authority (China)",
      "中国の個人情報保護職責履行部門（履行个人信息保护职责的部门）への通知"),
    "Asia/Shanghai", "2021-11-01", None, in_scope("CN"), CN_SCOPE_R, UNDUE,
    "PIPL Art. 57(1) (\"发生或者可能发生个人信息泄露、篡改、丢失的，个人信息处理者应当立即采取补救措施，并通知履行个人信息保护职责的部门和个人\": where personal information has been or may be leaked, falsified or lost, the handler shall immediately take remedial measures and inform the department performing personal information protection duties and the individuals; no head-count, risk or time figure) — " + CN_READ,
    [T("Art. 57 covers leaks, tampering and loss that occurred or may have occurred; there is no head-count or risk threshold. 'Immediately' (立即) is stricter than 'without undue delay': act at once.",
       "第57条は漏えい・改ざん・紛失が発生した場合又は発生するおそれがある場合を対象とし、人数やリスクの閾値はありません。「立即」（直ちに）は「遅滞なく」より厳しい要件です：直ちに対応してください。"),
     T("Loss (丢失) is itself covered: data recovered before anyone viewed it was still lost, so the authority is notified anyway; the recovery can make the individuals' notice unnecessary (Art. 57(2), cn.pipl.individuals).",
       "紛失（丢失）自体が対象です：第三者が閲覧する前に回収したデータも紛失はしているため、当局への通知は必要です。回収により本人への通知は不要となり得ます（第57条第2項、cn.pipl.individuals）。")],
    exemptions=[processor("cn.pipl.controller")], verification="confirmed"))
rules.append(rule(
    "cn.pipl.individuals", "CN", "individuals",
    T("Notice to affected individuals (China)", "本人への通知（中国 PIPL）"),
    "Asia/Shanghai", "2021-11-01", None, in_scope("CN"), CN_SCOPE_R, UNDUE,
    "PIPL Art. 57(1), 57(2) (\"If the personal information processor has taken measures to effectively avoid harm caused by information leakage, falsification, or loss, it may opt not to notify the individuals; however, if the department ... believes harm shall be caused, it may require the personal information processor to notify the individuals\") — " + CN_READ,
    [T("The exemption needs measures that effectively avoid harm; mamori accepts only 高度な暗号化-grade protection (recognised algorithm and key kept separately or remotely erasable). The authority may still order notice (Art. 57(2)).",
       "免除には損害を有効に回避できる措置が必要です。mamori は高度な暗号化に相当する保護（推奨アルゴリズムかつ鍵の分別管理又は遠隔消去）のみを認めます。当局は通知を命じることができます（第57条第2項）。")],
    exemptions=[
        {"id": "harm_avoided",
         "when": {"fact": "data.protection.advanced_encryption", "is": True},
         "reason": T("Notice may be omitted: measures effectively avoid harm ({data.protection.algorithm}, key separated or remotely erasable) (PIPL Art. 57(2)); the authority may still require notice.",
                     "通知を省略できます：損害を有効に回避できる措置（{data.protection.algorithm}、鍵の分別管理又は遠隔消去）（PIPL 第57条第2項）。ただし当局は通知を求めることができます。"),
         "reason_unknown": T("Exemption undetermined: {data.protection.algorithm} is recognised but key_separated / remote_wipe are unknown (PIPL Art. 57(2)).",
                             "免除の可否は未確定です：{data.protection.algorithm} は推奨アルゴリズムですが、key_separated / remote_wipe が不明です（PIPL 第57条第2項）。")},
        recovered(), processor("cn.pipl.controller")], verification="confirmed"))
rules.append(controller_rule(
    "cn.pipl.controller", "CN", "Asia/Shanghai", "2021-11-01", "CN", "CN",
    "PIPL Art. 21 (\"个人信息处理者委托处理个人信息的，应当与受托人约定委托处理的目的、期限、处理方式、个人信息的种类、保护措施以及双方的权利和义务等，并对受托人的个人信息处理活动进行监督\"; the entrusted party processes as agreed) read in the reproduction at https://m.xihuan.qq.com/read/1044618371/30 (issue 26); Art. 59 read in an English rendering (\"An entrusted party that accepts entrusted processing of personal information shall ... take necessary measures to ensure the security of the personal information processed, and assist the personal information processor in performing the obligations provided for in this Law\") in a public repository's PIPL article table (session 10; the Chinese wording of Art. 59 not reached); no article requires the entrusted party to notify the handler of a leak: the notice is a reading of Art. 21 and 59 (assisting with the handler's Art. 57 duty), kept as a cautious addition (unverified); the Data Security Law Art. 29 (\"发生数据安全事件时，应当立即采取处置措施，按照规定及时告知用户并向有关主管部门报告\", binding whoever carries out data processing activities, entrusted parties included) read as quoted from npc.gov.cn in a research note in the public code index supports it (for an entrusted party the handler is among its users: a reading)",
    "China PIPL", "中国 PIPL",
    [T("PIPL puts the Art. 57 duty on the personal information handler; the entrusted party's duty to tell it is a reading (Art. 21 contract, Art. 59: the entrusted party assists the handler in performing its obligations). mamori keeps the notice as a cautious addition. A processor that is itself a network operator in China also reports its own incidents under the CAC measures (cn.cac.incident applies to processors too).",
       "第57条の義務は個人情報取扱者にあります。受託者から取扱者への通知義務は解釈です（第21条の委託契約、第59条：受託者は取扱者の義務の履行を補助する）。mamori は慎重を期して通知を残しています。中国国内のネットワーク運営者である受託者は、CAC のネットワーク安全事件報告管理弁法により自らのインシデントも報告します（cn.cac.incident は受託者にも適用されます）。")]))
rules.append(rule(
    "cn.cac.incident", "CN", "regulator",
    T("Cybersecurity incident report to the CAC (China)",
      "中国国家インターネット情報弁公室（CAC、网信部门）へのネットワーク安全事件報告"),
    "Asia/Shanghai", "2025-11-01", None, in_scope("CN"),
    T("The CAC incident reporting measures (国家网络安全事件报告管理办法) may apply: organisation.established_in = {organisation.established_in}; data.persons.CN = {data.persons.CN}.",
      "CAC のネットワーク安全事件報告管理弁法（国家网络安全事件报告管理办法）が適用される可能性があります：organisation.established_in = {organisation.established_in}、data.persons.CN = {data.persons.CN}。"),
    hours(4),
    "国家网络安全事件报告管理办法 (CAC, 2025-09-11, in force 2025-11-01) Art. 2 (network operators that build or operate networks, or provide services through networks, within the PRC) and Art. 4 (较大 or above, judged by the annexed grading guide: CII operators report to the protection department and public security within 1 hour, central state bodies within 2 hours, \"其他网络运营者应当及时向属地省级网信部门报告，最迟不得超过4小时\") — Art. 2 and 4 text read (Chinese, as published by 网信中国, reproduced at http://www.qdubb.cn/html/2025/yunlingyaowen_0916/141638.html); annex 网络安全事件分级指南, 三、较大网络安全事件, \"通常情况下\" item 5 \"泄露100万人以上公民个人信息\" (重大: 1000万人以上; 特别重大: 1亿人以上) and the closing note \"注：本指南中的'以上'均包括本数\" (1 million counts) read as quoted verbatim, with its source https://www.cac.gov.cn/2025-09/15/c_1759583017717009.htm, in a research note in the public code index; 较大 item 2 (\"重要数据、较大量公民个人信息丢失或被窃取、篡改、假冒，对国家安全和社会稳定构成较严重威胁\") has no figure (issue 26)",
    [T("Operators of critical information infrastructure report within 1 hour, central state bodies within 2 hours: mamori shows the 4-hour deadline of other network operators; a CII operator must use 1 hour.",
       "重要情報インフラ（CII）運営者は1時間以内、中央国家機関は2時間以内に報告します。mamori はその他のネットワーク運営者の4時間を表示します。CII 運営者は1時間で対応してください。"),
     T("Only the head-count criterion of a 较大 (relatively major) incident is modelled (annex III, item 5 of the usual cases: personal information of 1 million persons or more, 1 million included); incidents that disrupt services, or a loss or theft of a 'relatively large amount' of personal information that seriously threatens national security or social stability (annex III, item 2, no figure), can be reportable with fewer persons. A summary report is due within 30 days after handling ends (Art. 8, not modelled).",
       "「较大」（比較的重大）事件の人数基準のみをモデル化しています（附属書三の通常の場合の第5項：100万人以上の個人情報の漏えい。100万人を含む）。サービス障害を伴う事件や、国家安全・社会の安定に比較的重大な脅威となる「比較的大量」の個人情報の紛失・窃取（附属書三第2項、数値なし）は、人数が少なくても報告対象になり得ます。処理終了後30日以内の総括報告（第8条）はモデル化していません。"),
     T("Scope: the measures bind network operators in China; persons in China alone bring a foreign company in scope here (cautious reading).",
       "適用範囲：本弁法は中国国内のネットワーク運営者を対象としますが、mamori は中国国内の本人がいれば外国企業も対象とみなします（慎重な読み方）。")],
    triggers=[{"id": "major_leak", "when": {"fact": "data.persons.CN", "ge": 1000000},
               "reason": T("A 较大 incident: personal information of data.persons.CN = {data.persons.CN} persons (1 million or more; annex).",
                           "「较大」事件：data.persons.CN = {data.persons.CN} 人の個人情報（100万人以上、附属書）。"),
               "reason_unknown": T("data.persons.CN is unknown: 1 million or more makes it a 较大 incident (annex).",
                                   "data.persons.CN が不明です：100万人以上なら「较大」事件です（附属書）。")}],
    no_trigger=T("Below the 较大 head-count criterion: data.persons.CN = {data.persons.CN} (under 1 million); other criteria (service disruption) are for the host to check.",
                 "「较大」の人数基準未満です：data.persons.CN = {data.persons.CN}（100万人未満）。その他の基準（サービス障害等）は別途確認してください。"),
    exemptions=[recovered()], verification="confirmed"))

# --- Thailand ------------------------------------------------------------------------------
TH_SCOPE_R = T("Thailand's PDPA applies: organisation.established_in = {organisation.established_in}; data.persons.TH = {data.persons.TH} (s5).",
               "タイ個人情報保護法（PDPA）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.TH = {data.persons.TH}（第5条）。")
rules.append(rule(
    "th.pdpa.office", "TH", "regulator",
    T("Notification of the PDPC Office (Thailand)", "タイ個人情報保護委員会事務局（Office of the PDPC）への通知"),
    "Asia/Bangkok", "2022-06-01", None, in_scope("TH"), TH_SCOPE_R, hours(72),
    "PDPA B.E. 2562 s37(4) (\"notify the Office of any Personal Data breach without delay and, where feasible, within 72 hours after having become aware of it, unless such Personal Data breach is unlikely to result in a risk to the rights and freedoms of the Persons\") — English translation read as quoted at https://www.vinarcopdpa.com/2021/05/03/data-breach-reporting-under-the-thailand-pdpa/ (issue 26); PDPC Notification on breach notification criteria (B.E. 2565, in force 2022-12-15; not read)",
    [T("s37(4)'s notice to the Office was read in an English translation (issue 26); the Thai original and the PDPC Notification of 2022 were not.",
       "第37条(4)の事務局への通知は英訳で確認しました（issue 26）。タイ語原文と2022年の PDPC 告示は確認していません。")],
    triggers=[risk_trigger("risk", ["risk", "high"],
                           "Risk to the rights and freedoms of persons: data.risk = {data.risk} (s37(4)).",
                           "本人の権利・自由へのリスクがあります：data.risk = {data.risk}（第37条(4)）。",
                           "data.risk is unknown: notify unless the breach is unlikely to result in a risk (s37(4)).",
                           "data.risk が不明です：リスクが生じるおそれがないと判断できない限り通知してください（第37条(4)）。")],
    no_trigger=T("Unlikely to result in a risk: data.risk = {data.risk} (s37(4)).",
                 "リスクが生じるおそれはありません：data.risk = {data.risk}（第37条(4)）。"),
    exemptions=[recovered(), processor("th.pdpa.controller")], verification="confirmed"))
rules.append(rule(
    "th.pdpa.individuals", "TH", "individuals",
    T("Notice to affected individuals (Thailand)", "本人への通知（タイ PDPA）"),
    "Asia/Bangkok", "2022-06-01", None, in_scope("TH"), TH_SCOPE_R, UNDUE,
    "PDPA B.E. 2562 s37(4) (\"ในกรณีที่การละเมิดมีความเสี่ยงสูงที่จะมีผลกระทบต่อสิทธิและเสรีภาพของบุคคล ให้แจ้งเหตุการละเมิดให้เจ้าของข้อมูลส่วนบุคคลทราบพร้อมกับแนวทางการเยียวยาโดยไม่ชักช้าด้วย\": where the breach has a high risk of affecting the rights and freedoms of persons, notify the data subject of the breach together with the remedial measures without delay) — Thai original read as quoted at https://pdpathailand.com/2022/09/29/ (to \"ให้แจ้งเหตุการละเมิดให้เ…\") and in full in a public repository's statute notes (session 9); PDPC Notification B.E. 2565 (in force 2022-12-15) not read clause by clause",
    [T("s37(4)'s second sentence was read in the Thai original (session 9): high risk = notice to the data subjects without delay, with the remedial measures. mamori reads 'high risk' as data.risk = high.",
       "第37条(4)後段はタイ語原文で確認しました（session 9）：高いリスクがある場合、救済措置とともに遅滞なく本人へ通知します。mamori は「高いリスク」を data.risk = high と読みます。")],
    triggers=[risk_trigger("high_risk", ["high"],
                           "High risk to the rights and freedoms of persons: data.risk = high (s37(4)).",
                           "本人の権利・自由への高いリスクがあります：data.risk = high（第37条(4)）。",
                           "data.risk is unknown: a high risk requires notice to the data subjects (s37(4)).",
                           "data.risk が不明です：高いリスクがある場合は本人への通知が必要です（第37条(4)）。")],
    no_trigger=T("No high risk: data.risk = {data.risk} (s37(4)).", "高いリスクはありません：data.risk = {data.risk}（第37条(4)）。"),
    exemptions=[recovered(), processor("th.pdpa.controller")], verification="confirmed"))
rules.append(controller_rule(
    "th.pdpa.controller", "TH", "Asia/Bangkok", "2022-06-01", "TH", "TH",
    "PDPA B.E. 2562 s40(2) (processor notifies the controller of a breach) — per secondary sources only: s40's own words (Thai or English) were not reached in session 10 (searched: the Thai phrases of s40 in the public code index, the English translation's \"duties\" clause, law-firm and PDPC pages; the statute notes that hold s37(4) in Thai do not include s40); the PDPC Notification B.E. 2565 counts breaches caused by processors among the controller's (HSF, Mondaq summaries) (unverified)",
    "Thailand PDPA", "タイ PDPA",
    [T("Secondary sources only: s40(2) was not read.", "二次資料のみで確認（第40条(2)は未読）。")]))

# --- Vietnam -------------------------------------------------------------------------------
VN_SCOPE_R = T("Vietnam's personal data protection rules apply: organisation.established_in = {organisation.established_in}; data.persons.VN = {data.persons.VN}.",
               "ベトナムの個人データ保護規則が適用されます：organisation.established_in = {organisation.established_in}、data.persons.VN = {data.persons.VN}。")
VN_TITLE = T("Notification of the Ministry of Public Security (Vietnam)",
             "ベトナム公安省（Ministry of Public Security、A05 サイバーセキュリティ・ハイテク犯罪防止局）への通知")
VN_OCC = T("Decree 13 counts the 72 hours from the occurrence of the violation; mamori counts from incident.aware_at, so when the violation happened earlier the legal deadline is earlier than shown.",
           "政令13号は違反の発生時から72時間を数えます。mamori は incident.aware_at から数えるため、違反がそれより前に発生していれば法定期限は表示より早くなります。")
rules.append(rule(
    "vn.pdp.authority", "VN", "regulator", VN_TITLE, "Asia/Ho_Chi_Minh", "2023-07-01", "2026-01-01",
    in_scope("VN"), VN_SCOPE_R, hours(72),
    "Decree 13/2023/ND-CP Art. 23(1) (\"Trường hợp phát hiện xảy ra vi phạm quy định bảo vệ dữ liệu cá nhân, Bên Kiểm soát dữ liệu cá nhân, Bên Kiểm soát và xử lý dữ liệu cá nhân thông báo cho Bộ Công an (Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao) chậm nhất 72 giờ sau khi xảy ra hành vi vi phạm\": the controller notifies the Ministry of Public Security (A05) no later than 72 hours after the violation occurs, on Form 03; no risk or head-count threshold) — text read as quoted at https://thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/ho-tro-phap-luat/tu-van-phap-luat/64996/huong-dan-thong-bao-vi-pham-quy-dinh-ve-bao-ve-du-lieu-ca-nhan (issue 26)",
    [VN_OCC, T("Replaced by Law 91/2025/QH15 and Decree 356/2025 from 2026-01-01.", "2026-01-01 から法律91/2025/QH15 及び政令356/2025 に置き換えられました。")],
    exemptions=[recovered(), processor("vn.pdp.controller")], verification="confirmed"))
rules.append(rule(
    "vn.pdp.authority", "VN", "regulator", VN_TITLE, "Asia/Ho_Chi_Minh", "2026-01-01", None,
    in_scope("VN"), VN_SCOPE_R, hours(72),
    "Law 91/2025/QH15 on Personal Data Protection (in force 2026-01-01) Art. 23(1) and Decree 356/2025/ND-CP Art. 8(3), 28 as summarised in agreeing Vietnamese compliance texts (notice to the specialised personal data protection agency of the Ministry of Public Security \"chậm nhất 72 giờ kể từ khi phát hiện hành vi vi phạm\" where the violation may harm national defence, security, public order or the life, health, honour, dignity or property of data subjects; the processor tells the controller promptly; a record of the violation is drawn up); the Law's own text was not reached (issue 26): unverified",
    [T("Per the summaries, Law 91/2025 Art. 23(1) counts the 72 hours from detection of the violation (mamori: incident.aware_at) and limits the notice to violations that may cause harm; mamori lists every violation (cautious). The Law's own wording was not read: check it before relying on this.",
       "要約によれば、法律91/2025 第23条第1項は違反の発見時から72時間を数え（mamori は incident.aware_at）、損害を生じ得る違反に限って通知を求めます。mamori はすべての違反を対象とします（慎重な読み方）。法律の原文は確認できていません。利用前に確認してください。"),
     T("Per the same summaries the Law has no general notice to data subjects; Decree 356/2025 Art. 8(3) requires notice to the agency and the data subjects within 72 hours for sensitive data in finance, banking and credit information (not modelled: the request has no sector fact).",
       "同じ要約によれば、法律に本人への一般的な通知義務はありません。政令356/2025 第8条第3項は、金融・銀行・信用情報分野の機微データについて、当局と本人への72時間以内の通知を求めます（リクエストに業種の事実がないためモデル化していません）。")],
    exemptions=[recovered(), processor("vn.pdp.controller")]))
# Decree 356/2025 Art. 29 (session 10): incidents with location or biometric data are told to the
# data subjects within 72 hours. Read only in summaries: a cautious addition, unverified.
rules.append(rule(
    "vn.pdp.individuals", "VN", "individuals",
    T("Notice to affected data subjects: biometric or location data (Vietnam)",
      "本人への通知：生体データ又は位置データ（ベトナム）"),
    "Asia/Ho_Chi_Minh", "2026-01-01", None, in_scope("VN"), VN_SCOPE_R, hours(72),
    "Decree 356/2025/ND-CP Art. 29(1)-(3) as summarised in agreeing Vietnamese compliance texts in the public code index (an incident involving location or biometric data: the controller notifies the affected data subjects within 72 hours of detecting it, with at least six items; public notice on its website or app where not all can be reached in time; the violation file kept at least 5 years; Decree 330/2025 Art. 70(1) fines a failure to notify \"cơ quan chuyên trách và chủ thể\" within 72 hours); Law 91/2025/QH15 Art. 31(4)(b) (biometric data processing causing damage: notice to the data subject) — the Decree's own text was not reached in session 10 (wincolaw.com.vn and thuvienphapluat hold it, beyond the part the search index keeps): unverified, a cautious addition",
    [T("Read only in summaries of Decree 356/2025 Art. 29 (session 10): an incident with biometric or location data is notified to the affected data subjects within 72 hours of detection (mamori: incident.aware_at). Location data determined by positioning services cannot be expressed in a request (data.categories has no location kind): check it yourself.",
       "政令356/2025 第29条は要約のみで確認しました（session 10）：生体データ又は位置データに関するインシデントは、発見から72時間以内に影響を受けた本人へ通知します（mamori は incident.aware_at から数えます）。測位サービスで特定された位置データはリクエストで表せません（data.categories に位置の種別はありません）：別途確認してください。")],
    triggers=[{"id": "biometric", "when": {"fact": "data.categories.biometric", "is": True},
               "reason": T("Biometric data involved: data.categories includes biometric (Decree 356/2025 Art. 29).",
                           "生体データを含みます：data.categories に biometric を含みます（政令356/2025 第29条）。"),
               "reason_unknown": T("data.categories is unknown: biometric (or location) data would require notice to the data subjects within 72 hours (Decree 356/2025 Art. 29).",
                                   "data.categories が不明です：生体データ（又は位置データ）を含めば、72時間以内に本人への通知が必要です（政令356/2025 第29条）。")}],
    no_trigger=T("No biometric data: data.categories.biometric = {data.categories.biometric} (Decree 356/2025 Art. 29 also covers location data, which a request cannot express: check it yourself).",
                 "生体データは含まれません：data.categories.biometric = {data.categories.biometric}（政令356/2025 第29条は位置データも対象としますが、リクエストでは表せません：別途確認してください）。"),
    exemptions=[recovered(), processor("vn.pdp.controller")]))


def until(r, to):
    """`r` with an `effective_to`, in the key order `rule` writes."""
    out = {}
    for k, v in r.items():
        out[k] = v
        if k == "effective_from":
            out["effective_to"] = to
    return out


VN_D13 = ("Decree 13/2023/ND-CP Art. 23(2) (\"Bên Xử lý dữ liệu cá nhân phải thông báo cho Bên Kiểm soát dữ liệu cá nhân một cách nhanh nhất có thể sau khi nhận thấy có sự vi phạm quy định về bảo vệ dữ liệu cá nhân\": the processor notifies the controller as quickly as possible after noticing a violation of the personal data protection rules; no threshold) — "
          "text read in the reproduction of the official code (Pháp điển, topic 1.11 An ninh mạng, Điều 1.11.NĐ.1.23, from Decree 13/2023/NĐ-CP Art. 23, in force 2023-07-01) at https://github.com/diepxuan/diepxuan.github.io/blob/main/van-ban/an-ninh-quoc-gia/an-ninh-mang.md, its Art. 23(1) matching the thuvienphapluat quotation word for word; agreeing with Apolat Legal's summary (\"A Data Processor must notify the Data Controller as soon as possible upon detecting a violation of personal data protection regulations\") at https://legalcentrix.com/media/view/185685 (session 10)")
rules.append(until(controller_rule(
    "vn.pdp.controller", "VN", "Asia/Ho_Chi_Minh", "2023-07-01", "VN", "VN", VN_D13,
    "Vietnam", "ベトナム",
    [T("Decree 13 Art. 23(2) read (session 10): the processor notifies the controller as quickly as possible after noticing the violation; no period or threshold (mamori: without undue delay).",
       "政令13号第23条第2項を確認しました（session 10）：委託先は違反を認識した後、できる限り速やかに委託元へ通知します。期間・閾値の定めはありません（mamori は「遅滞なく」と表示します）。"),
     T("Replaced by Law 91/2025/QH15 from 2026-01-01.", "2026-01-01 から法律91/2025/QH15 に置き換えられました。")]), "2026-01-01") | {"verification": "confirmed"})
rules.append(controller_rule(
    "vn.pdp.controller", "VN", "Asia/Ho_Chi_Minh", "2026-01-01", "VN", "VN",
    "Law 91/2025/QH15 Art. 23(1) from 2026-01-01 (the processor that detects a violation tells the controller or the controller-and-processor promptly, \"kịp thời\", no period; the 72 hours, \"chậm nhất là 72 giờ kể từ khi phát hiện hành vi vi phạm\", bind the controller) — per agreeing summaries in the public code index, one citing the Ministry of Public Security's publication of the Law at mps.gov.vn; the Law's own text was not reached (a repository's copy of \"Law 91/2025\" with 26 articles is not the Law, which has 39): unverified",
    "Vietnam", "ベトナム",
    [T("The processor's duty under the 2026 law follows summaries only (prompt notice to the controller, no fixed period).", "2026年法における委託先の義務は要約のみで確認しました（委託元への速やかな通知、期間の定めなし）。")]))

# --- Malaysia ------------------------------------------------------------------------------
MY_SCOPE_R = T("Malaysia's PDPA applies: organisation.established_in = {organisation.established_in}; data.persons.MY = {data.persons.MY}.",
               "マレーシア個人データ保護法（PDPA）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.MY = {data.persons.MY}。")


def my_triggers(sec):
    return [
        {"id": "scale", "when": {"fact": "data.persons.MY", "gt": 1000},
         "reason": T(f"Significant scale: data.persons.MY = {{data.persons.MY}} (more than 1,000; {sec}, Data Breach Notification Guideline).",
                     f"大規模です：data.persons.MY = {{data.persons.MY}}（1,000人超。{sec}、データ侵害通知ガイドライン）。"),
         "reason_unknown": T("data.persons.MY is unknown: more than 1,000 affected persons is significant harm (Guideline).",
                             "data.persons.MY が不明です：1,000人を超えれば重大な損害とされます（ガイドライン）。")},
        bool_trigger("sensitive", "data.sensitive", f"Sensitive personal data: data.sensitive = true ({sec}).",
                     f"機微な個人データを含みます：data.sensitive = true（{sec}）。"),
        bool_trigger("financial", "data.financial_risk", f"Financial loss possible: data.financial_risk = true ({sec}).",
                     f"財産的損害のおそれがあります：data.financial_risk = true（{sec}）。"),
        bool_trigger("identity_fraud", "data.categories.government_id",
                     f"Identity fraud possible: data.categories includes government_id ({sec}).",
                     f"なりすまし詐欺のおそれがあります：data.categories に government_id を含みます（{sec}）。"),
        risk_trigger("serious_harm", ["high"], f"Significant harm likely: data.risk = high ({sec}).",
                     f"重大な損害のおそれがあります：data.risk = high（{sec}）。",
                     "data.risk is unknown: a breach likely to cause significant harm is notifiable (s12B).",
                     "data.risk が不明です：重大な損害のおそれがある侵害は通知対象です（第12B条）。"),
    ]


MY_NO = T("No significant harm: data.persons.MY = {data.persons.MY} (1,000 or fewer), no sensitive, financial or identity data, data.risk = {data.risk}.",
          "重大な損害はありません：data.persons.MY = {data.persons.MY}（1,000人以下）、機微・金融・身元情報なし、data.risk = {data.risk}。")
MY_READ = ("s12B as inserted by s6 of the Personal Data Protection (Amendment) Act 2024 (Act A1727) read in the reproduction at "
           "https://mylaw.my/legislation/akta-perlindungan-data-peribadi-pindaan-2024/section-6 (issue 26)")
MY_NOTE = T("The Act was read (s12B, Act A1727 s6); the Commissioner's Guideline on Data Breach Notification (February 2025; 72 hours, 7 days to data subjects, the significant-harm list) could not be read (not reached in sessions 9 and 10: the search index holds law-firm pages, not the Commissioner's PDF) and follows law-firm summaries that agree with each other (CMS, DLA Piper, HHQ, Hogan Lovells, DNH; issue 26). They list significant harm as: physical harm, financial loss, negative effect on credit records or damage to property; misuse for illegal purposes; sensitive personal data; data enabling identity fraud; significant scale (more than 1,000 data subjects, the Commissioner only).",
            "法律（第12B条、Act A1727 第6条）は確認済みです。コミッショナーのデータ侵害通知ガイドライン（2025年2月。72時間、本人へは7日、重大な損害の基準）は原文を確認できず、相互に一致する法律事務所の要約（CMS、DLA Piper、HHQ、Hogan Lovells、DNH、issue 26）によります（session 9・10 とも、検索索引にあるのは法律事務所のページのみで、コミッショナーの PDF には到達できませんでした）。重大な損害とは、身体的損害・財産的損失・信用記録への悪影響・財産の損壊、違法目的での悪用、機微な個人データ、なりすましを可能にするデータ、大規模（1,000人超。コミッショナーへの通知のみ）です。")
MY_SCALE_IND = T("Per the same summaries, significant scale alone (more than 1,000 data subjects) requires notice to the Commissioner only, not to the data subjects; mamori keeps it as a trigger of this notice too (cautious) until the Guideline text is read.",
                 "同じ要約によれば、大規模（1,000人超）のみの場合はコミッショナーへの通知のみが必要で、本人への通知は不要です。mamori はガイドライン原文を確認するまで、本人への通知の契機としても扱います（慎重な読み方）。")
MY_ANY = T("s12B(1) has no threshold: \"Where a data controller has reason to believe that a personal data breach has occurred, the data controller shall, as soon as practicable, notify the Commissioner\" (an offence under s12B(3)). The Guideline reportedly limits the notice to breaches that cause or are likely to cause significant harm, or of significant scale; mamori follows the Act and lists every breach (cautious), and shows the Guideline's 72 hours.",
           "第12B条第1項に閾値はありません：「データ管理者が個人データ侵害が発生したと信ずる理由がある場合、実行可能な限り速やかにコミッショナーに通知しなければならない」（違反は第12B条第3項の罪）。ガイドラインは通知を重大な損害又は大規模の侵害に限るとされますが、mamori は法律に従いすべての侵害を対象とし（慎重な読み方）、ガイドラインの72時間を表示します。")
MY_CLOCK = T("Per the summaries the 72 hours run from when the breach occurred or when the controller was informed of it; mamori counts from incident.aware_at, so when the breach happened earlier the deadline may be earlier than shown.",
             "要約によれば、72時間は侵害の発生時又は管理者が知らされた時から数えます。mamori は incident.aware_at から数えるため、侵害がそれより前に発生していれば期限は表示より早くなり得ます。")
rules.append(rule(
    "my.pdpa.commissioner", "MY", "regulator",
    T("Notification of the Personal Data Protection Commissioner (Malaysia)",
      "マレーシア個人データ保護コミッショナー（Personal Data Protection Commissioner）への通知"),
    "Asia/Kuala_Lumpur", "2025-06-01", None, in_scope("MY"), MY_SCOPE_R, hours(72),
    "PDPA 2010 s12B(1) (\"Where a data controller has reason to believe that a personal data breach has occurred, the data controller shall, as soon as practicable, notify the Commissioner in the manner and form as determined by the Commissioner\": no threshold) — " + MY_READ + "; Guideline on Data Breach Notification (72 hours; not read, law-firm summaries)",
    [MY_ANY, MY_CLOCK, MY_NOTE],
    exemptions=[recovered(), processor("my.pdpa.controller")]))
rules.append(rule(
    "my.pdpa.individuals", "MY", "individuals",
    T("Notice to affected individuals (Malaysia)", "本人への通知（マレーシア PDPA）"),
    "Asia/Kuala_Lumpur", "2025-06-01", None, in_scope("MY"), MY_SCOPE_R, days(7),
    "PDPA 2010 s12B(2) (\"Where the personal data breach under subsection (1) causes or likely to cause any significant harm to the data subject, the data controller shall notify the personal data breach to the data subject in the manner and form as determined by the Commissioner without unnecessary delay\") — " + MY_READ + "; Guideline on Data Breach Notification (within 7 days of the notice to the Commissioner; the significant-harm list; not read, law-firm summaries)",
    [MY_NOTE, MY_SCALE_IND, T("The 7 days run from the notice to the Commissioner; mamori counts them from incident.aware_at (never later than the legal date).",
                "7日は、コミッショナーへの通知から起算します。mamori は incident.aware_at から数えます（法定期限より遅くなることはありません）。")],
    triggers=my_triggers("s12B(2)"), no_trigger=MY_NO,
    exemptions=[recovered(), processor("my.pdpa.controller")]))
rules.append(controller_rule(
    "my.pdpa.controller", "MY", "Asia/Kuala_Lumpur", "2025-06-01", "MY", "MY",
    "PDPA 2010 s12B (\"the data controller shall\": the duty is the data controller's only) — " + MY_READ + "; the processor's notice to its controller is a reading (s9 security duties of processors, contract; the Guideline reportedly asks controllers to require it by contract: \"Data Controller is required to contractually impose an obligation on its data processor to promptly notify itself about a personal data breach\", DNH's summary at https://dnh.com.my/guideline-on-data-breach-notification-2025-guideline; the Guideline's own text was not reached in session 10 either)",
    "Malaysia PDPA", "マレーシア PDPA",
    [T("Reading, not confirmed: s12B names the data controller only.", "解釈であり未確認です：第12B条はデータ管理者のみを名宛人としています。")]))

# --- Philippines ---------------------------------------------------------------------------
PH_SCOPE_R = T("The Data Privacy Act applies: organisation.established_in = {organisation.established_in}; data.persons.PH = {data.persons.PH} (s4, s6).",
               "フィリピン データプライバシー法が適用されます：organisation.established_in = {organisation.established_in}、data.persons.PH = {data.persons.PH}（第4条、第6条）。")
PH_RISK = {"fact": "data.risk", "in": ["risk", "high"]}
PH_TRIG = [
    {"id": "sensitive_serious_harm", "when": {"all": [{"fact": "data.sensitive", "is": True}, PH_RISK]},
     "reason": T("Sensitive personal information with a real risk of serious harm: data.sensitive = true, data.risk = {data.risk} (DPA s20(f)).",
                 "機微な個人情報で、重大な損害の現実的なリスクがあります：data.sensitive = true、data.risk = {data.risk}（第20条(f)）。"),
     "reason_unknown": T("Undetermined: sensitive information (data.sensitive = {data.sensitive}) with a real risk of serious harm (data.risk = {data.risk}) is notifiable (DPA s20(f)).",
                         "未確定です：機微な個人情報（data.sensitive = {data.sensitive}）で重大な損害の現実的なリスク（data.risk = {data.risk}）があれば通知対象です（第20条(f)）。")},
    {"id": "identity_fraud_serious_harm",
     # NPC Circular 16-03 s11(A): financial data, login data, biometric data, copies of IDs and
     # unique identifiers such as PhilHealth numbers enable identity fraud (issue 26).
     "when": {"all": [{"any": [{"fact": "data.financial_risk", "is": True},
                               {"fact": "data.categories.government_id", "is": True},
                               {"fact": "data.categories.biometric", "is": True},
                               {"fact": "data.categories.health_insurance", "is": True}]}, PH_RISK]},
     "reason": T("Information that may enable identity fraud (financial data or government identifiers) with a real risk of serious harm: data.risk = {data.risk} (DPA s20(f)) Identity-fraud data includes financial data, login data, biometric data, copies of IDs and unique identifiers such as PhilHealth numbers (NPC Circular 16-03 s11(A)).",
                 "なりすまし詐欺を可能にし得る情報（金融情報又は公的識別番号）で、重大な損害の現実的なリスクがあります：data.risk = {data.risk}（第20条(f)）。なりすましに使われ得る情報には財務情報、ログイン情報、生体情報、身分証の写し、PhilHealth 番号などの固有識別子が含まれる（NPC Circular 16-03 第11条(A)）。"),
     "reason_unknown": T("Undetermined: financial data or government identifiers (data.financial_risk = {data.financial_risk}, data.categories.government_id = {data.categories.government_id}) with a real risk of serious harm (data.risk = {data.risk}) are notifiable (DPA s20(f)) Identity-fraud data includes financial data, login data, biometric data, copies of IDs and unique identifiers such as PhilHealth numbers (NPC Circular 16-03 s11(A)).",
                         "未確定です：金融情報又は公的識別番号（data.financial_risk = {data.financial_risk}、data.categories.government_id = {data.categories.government_id}）で重大な損害の現実的なリスク（data.risk = {data.risk}）があれば通知対象です（第20条(f)）。なりすましに使われ得る情報には財務情報、ログイン情報、生体情報、身分証の写し、PhilHealth 番号などの固有識別子が含まれる（NPC Circular 16-03 第11条(A)）。")},
]
PH_NO = T("Not notifiable: no sensitive or identity-fraud data with a real risk of serious harm (data.sensitive = {data.sensitive}, data.financial_risk = {data.financial_risk}, data.risk = {data.risk}).",
          "通知対象外です：重大な損害の現実的なリスクを伴う機微情報・なりすまし可能情報はありません（data.sensitive = {data.sensitive}、data.financial_risk = {data.financial_risk}、data.risk = {data.risk}）。")
PH_NOTE = T("IRR s38 and Circular 16-03 s11(A) read in reproductions (issue 26); the Circular's s17-s18 not read. Notification may not be delayed where 100 or more data subjects are affected. mamori reads 'real risk of serious harm' as data.risk = risk or high (cautious).",
            "施行規則第38条と通達16-03第11条(A)は複製で確認（issue 26）; 通達第17条・第18条は未確認。影響を受ける本人が100人以上の場合、通知を遅らせることはできません。mamori は「重大な損害の現実的なリスク」を data.risk = risk 又は high と読みます（慎重な読み方）。")
PH_NPC = T("National Privacy Commission (NPC)", "フィリピン国家プライバシー委員会（NPC）")
rules.append(rule(
    "ph.dpa.npc", "PH", "regulator",
    T("Notification of the National Privacy Commission (Philippines)", "フィリピン国家プライバシー委員会（National Privacy Commission, NPC）への通知"),
    "Asia/Manila", "2016-12-15", None, in_scope("PH"), PH_SCOPE_R, hours(72),
    "Data Privacy Act 2012 s20(f); IRR s38(a); NPC Circular 16-03 s17 (within 72 hours of knowledge); NPC Circular 16-03 s11(A) (\"other information\" enabling identity fraud: financial data, usernames and passwords, biometric data, copies of IDs, unique identifiers like PhilHealth, SSS, GSIS, TIN); IRR s38(a) (\"within seventy-two (72) hours upon knowledge of, or when there is reasonable belief ... that, a personal data breach requiring notification has occurred\") and s38(b) (sensitive or identity-fraud data, acquisition, real risk of serious harm) — text read (reproduction at https://legalresource.ph/data-breach-notification-data-privacy/385/); Circular s11(A) read as quoted in full; Circular s17(A) (\"The Commission shall be notified within seventy-two (72) hours upon knowledge of or the reasonable belief by the personal information controller or personal information processor that a personal data breach has occurred\"; no delay where 100 or more data subjects are affected) read as quoted at https://alburolaw.com/procedure-for-notifying-the-national-privacy-commission-in-case-of-data-privacy-breach (issue 26)",
    [PH_NOTE, T("In force date: NPC Circular 16-03 (December 2016), approximate.", "適用開始日：NPC 通達16-03（2016年12月）、概算です。")],
    triggers=PH_TRIG, no_trigger=PH_NO, exemptions=[recovered(), processor("ph.dpa.controller")],
    verification="confirmed"))
rules.append(rule(
    "ph.dpa.npc.full_report", "PH", "regulator",
    T("Full breach report to the National Privacy Commission (Philippines)", "フィリピン国家プライバシー委員会（NPC）への完全な報告"),
    "Asia/Manila", "2016-12-15", None, in_scope("PH"), PH_SCOPE_R, days(5),
    "NPC Circular 16-03 s17 (full report within 5 days; the Circular's own words not reached); NPC Advisory 2026-02 (May 2026) as summarised at https://www.quisumbingtorres.com/en/alerts/2026/06/philippine-data-breach-notification-procedure-clarified: a request filed in the NPC's breach system does not suspend the Circular 16-03 duties, and \"the full breach report must be submitted within five (5) days from the date of discovery\" — so Circular 16-03 still governs breach notification in 2026 (session 9; unverified)",
    [PH_NOTE, T("The anchor of the 5 days is not confirmed; mamori counts from incident.aware_at (the earliest reading).",
                "5日の起算点は確認できていません。mamori は incident.aware_at から数えます（最も早い読み方）。"),
     T("Session 10 did not reach s17's own words either: the NPC orders in the public code index quote s17(A), s17(D) and s18(A), not the full-report clause. Secondary readings differ on the anchor: DLA Piper (\"within five (5) days from notification\") and a compliance guide (\"within five days after initial notification, unless further time is granted\") count from the notice to the NPC; NPC Advisory 2026-02 s2(C), as summarised, counts \"five days from discovery\" while a request is pending. Counting from incident.aware_at is never later than either.",
        "session 10 でも第17条の原文には到達できませんでした：公開コード索引中の NPC の命令は第17条(A)、(D)、第18条(A)を引用していますが、完全な報告の条項は引用していません。起算点について二次資料の読み方は分かれます：DLA Piper（「通知から5日以内」）及びあるコンプライアンス・ガイド（「当初の通知後5日以内。延長が認められる場合を除く」）は NPC への通知から数え、NPC Advisory 2026-02 第2条(C)は（要約によれば）申請の係属中は「発見から5日」とします。incident.aware_at から数えれば、いずれの読み方よりも遅くなりません。")],
    triggers=PH_TRIG, no_trigger=PH_NO, exemptions=[recovered(), processor("ph.dpa.controller")]))
rules.append(rule(
    "ph.dpa.individuals", "PH", "individuals",
    T("Notice to affected data subjects (Philippines)", "本人への通知（フィリピン データプライバシー法）"),
    "Asia/Manila", "2016-12-15", None, in_scope("PH"), PH_SCOPE_R, hours(72),
    "Data Privacy Act 2012 s20(f); NPC Circular 16-03 s18 (within 72 hours of knowledge; s18 itself not read); NPC Circular 16-03 s11(A) (\"other information\" enabling identity fraud: financial data, usernames and passwords, biometric data, copies of IDs, unique identifiers like PhilHealth, SSS, GSIS, TIN); IRR s38(a) (\"within seventy-two (72) hours upon knowledge of, or when there is reasonable belief ... that, a personal data breach requiring notification has occurred\") and s38(b) (sensitive or identity-fraud data, acquisition, real risk of serious harm) — text read (reproduction at https://legalresource.ph/data-breach-notification-data-privacy/385/); Circular s11(A) read as quoted in full; Circular s17(A) (\"The Commission shall be notified within seventy-two (72) hours upon knowledge of or the reasonable belief by the personal information controller or personal information processor that a personal data breach has occurred\"; no delay where 100 or more data subjects are affected) read as quoted at https://alburolaw.com/procedure-for-notifying-the-national-privacy-commission-in-case-of-data-privacy-breach (issue 26)",
    [PH_NOTE], triggers=PH_TRIG, no_trigger=PH_NO,
    exemptions=[recovered(), processor("ph.dpa.controller")], verification="confirmed"))
rules.append(controller_rule(
    "ph.dpa.controller", "PH", "Asia/Manila", "2016-12-15", "PH", "PH",
    "NPC Circular 16-03 (the personal information processor promptly notifies the controller; unverified: the Circular's processor clause was not reached in session 10 — its s17(A) and s18(A) run the 72 hours from the knowledge or reasonable belief \"by the personal information controller or personal information processor\", as quoted in NPC orders in the public code index, but no quoted clause names the processor's notice to the controller)",
    "Philippines DPA", "フィリピン データプライバシー法", [PH_NOTE]))

# --- Indonesia -----------------------------------------------------------------------------
ID_READ = " — text read as quoted at https://nasional.kompas.com/read/2022/09/20/14335911/uu-pdp-atur-protokol-kebocoran-data-begini-langkahnya (issue 26)"
ID_SCOPE_R = T("Indonesia's PDP Law applies: organisation.established_in = {organisation.established_in}; data.persons.ID = {data.persons.ID} (Art. 2: also processing outside Indonesia with effects in Indonesia or on its citizens).",
               "インドネシア個人データ保護法（UU 27/2022）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.ID = {data.persons.ID}（第2条：インドネシア国外での取扱いでも国内又は国民に影響がある場合を含む）。")
ID_NOTE = T("Art. 46 read in the Indonesian text (issue 26). Every failure of personal data protection is covered (no risk threshold). The PDP agency (lembaga) had not been set up when this rule was written: notify the ministry (Kominfo/Komdigi) meanwhile.",
            "第46条はインドネシア語原文で確認済みです（issue 26）。個人データ保護の失敗はすべて対象です（リスク閾値なし）。本ルール作成時点で PDP 機関（lembaga）は未設置です：それまでは所管省（Kominfo/Komdigi）に通知してください。")
rules.append(rule(
    "id.pdp.authority", "ID", "regulator",
    T("Notification of the personal data protection agency (Indonesia)", "インドネシア個人データ保護機関（lembaga PDP）への通知"),
    "Asia/Jakarta", "2024-10-17", None, in_scope("ID"), ID_SCOPE_R, hours(72),
    "UU 27/2022 (PDP Law) Art. 46(1)(b) (\"dalam hal terjadi kegagalan Pelindungan Data Pribadi, Pengendali Data Pribadi wajib menyampaikan pemberitahuan secara tertulis paling lambat 3 x 24 (tiga kali dua puluh empat) jam kepada ... lembaga\": on any failure of personal data protection, written notice within 3 × 24 hours to the agency; no risk or head-count threshold)" + ID_READ, [ID_NOTE],
    exemptions=[recovered(), processor("id.pdp.controller")], verification="confirmed"))
rules.append(rule(
    "id.pdp.individuals", "ID", "individuals",
    T("Notice to affected data subjects (Indonesia)", "本人への通知（インドネシア PDP 法）"),
    "Asia/Jakarta", "2024-10-17", None, in_scope("ID"), ID_SCOPE_R, hours(72),
    "UU 27/2022 (PDP Law) Art. 46(1)(a) (written notice within 3 × 24 hours to the Subjek Data Pribadi; Art. 46(2) contents; Art. 46(3) public notice in certain cases)" + ID_READ,
    [ID_NOTE, T("In certain cases the public must also be informed (Art. 46(3)).", "一定の場合には公衆への通知も必要です（第46条第3項）。")],
    exemptions=[recovered(), processor("id.pdp.controller")], verification="confirmed"))
rules.append(controller_rule(
    "id.pdp.controller", "ID", "Asia/Jakarta", "2024-10-17", "ID", "ID",
    "UU 27/2022 (PDP Law) Art. 46 (controller's duty); Art. 51(1) (\"Prosesor Data Pribadi wajib melakukan pemrosesan Data Pribadi berdasarkan perintah Pengendali Data Pribadi\"), (3) (that processing \"termasuk dalam tanggung jawab Pengendali Data Pribadi\") and Art. 52 (the controller's duties in Art. 29, 31, 35, 36, 37, 38 and 39 apply to processors too — Art. 46 is not among them) read at https://id.wikisource.org/wiki/Halaman:UU_Nomor_27_Tahun_2022_Tentang_Perlindungan_Data_Pribadi.pdf/21 (session 9) and Art. 51(1)-(6) again at https://uupdp-info.id/pasal-51/ (session 10: (6) processing outside the controller's orders and purposes is the processor's own responsibility): no statutory duty of the processor to notify the controller; the notice is a reading of Art. 51 and the contract, kept as a cautious addition (unverified)",
    "Indonesia PDP Law", "インドネシア PDP 法", [ID_NOTE]))

# --- India CERT-In -------------------------------------------------------------------------
rules.append(rule(
    "in.certin.incident", "IN", "regulator",
    T("Cyber incident report to CERT-In (India)", "インド・コンピュータ緊急対応チーム（CERT-In）へのサイバーインシデント報告"),
    "+05:30", "2022-06-27", None, in_scope("IN"),
    T("The CERT-In Directions may apply: organisation.established_in = {organisation.established_in}; data.persons.IN = {data.persons.IN}.",
      "CERT-In 指令が適用される可能性があります：organisation.established_in = {organisation.established_in}、data.persons.IN = {data.persons.IN}。"),
    hours(6),
    "CERT-In Directions No. 20(3)/2022-CERT-In under IT Act 2000 s70B(6), 28 April 2022, direction (ii) (\"Any service provider, intermediary, data centre, body corporate and Government organisation shall mandatorily report cyber incidents as mentioned in Annexure I to CERT-In within 6 hours of noticing such incidents or being brought to notice about such incidents\"); Annexure I items (xi) \"Data Breach\" and (xii) \"Data Leak\"; \"This direction will become effective after 60 days from the date on which it is issued\" — direction (ii) read as quoted from the official PDF https://www.cert-in.org.in/PDF/CERT-In_Directions_70B_28.04.2022.pdf in knowledge-base extracts in the public code index (issue 26)",
    [T("Applies today, unlike the DPDP rules (in.dpdp.*, from 2027). Every service provider, intermediary, data centre, body corporate and Government organisation reports its own incidents (direction (ii)), processors included. mamori lists every incident (the Annexure I types include data breach, data leak, unauthorised access and malware; a lost device is treated the same: cautious).",
       "2027年からの DPDP 規則（in.dpdp.*）と異なり、現在適用されています。サービス提供者、仲介者、データセンター、法人、政府機関はそれぞれ自らのインシデントを報告します（指令 (ii)、委託先も含む）。mamori はすべてのインシデントを対象とします（附属書 I にはデータ侵害、データ漏えい、不正アクセス、マルウェア等が含まれます。端末の紛失も同様に扱います：慎重な読み方）。"),
     T("In force 60 days after issue (28 April 2022): mamori starts on 2022-06-27, the earliest reading (sources say 27 or 28 June).",
       "発出（2022年4月28日）から60日後に発効します。mamori は最も早い読み方の 2022-06-27 から適用します（資料により6月27日又は28日）。"),
     T("Scope: persons in India alone bring a foreign company in scope here (cautious reading of the Directions' reach).",
       "適用範囲：mamori はインド国内の本人がいれば外国企業も対象とみなします（指令の適用範囲の慎重な読み方）。")],
    exemptions=[recovered()], verification="confirmed"))

# --- Canada --------------------------------------------------------------------------------
CA_READ = " — text read at https://laws-lois.justice.gc.ca/eng/acts/P-8.6/section-10.1.html (issue 26)"
CA_SCOPE_R = T("PIPEDA applies: organisation.established_in = {organisation.established_in}; data.persons.CA* = {data.persons.CA*}.",
               "カナダ個人情報保護・電子文書法（PIPEDA）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.CA* = {data.persons.CA*}。")
CA_TRIG = [risk_trigger("rrosh", ["risk", "high"],
                        "Real risk of significant harm: data.risk = {data.risk} (s10.1(1), (7), (8)).",
                        "重大な損害の現実的なリスクがあります：data.risk = {data.risk}（第10.1条第1項、第7項、第8項）。",
                        "data.risk is unknown: a real risk of significant harm (sensitivity, probability of misuse) makes the breach reportable (s10.1(8)).",
                        "data.risk が不明です：重大な損害の現実的なリスク（機微性、悪用の可能性）があれば報告対象です（第10.1条第8項）。")]
CA_NO = T("No real risk of significant harm: data.risk = {data.risk} (s10.1); keep the breach record (s10.3).",
          "重大な損害の現実的なリスクはありません：data.risk = {data.risk}（第10.1条）。記録は保存してください（第10.3条）。")
CA_NOTE = T("s10.1 read on laws-lois.justice.gc.ca (issue 26). mamori reads a 'real risk of significant harm' as data.risk = risk or high (cautious). Organisations that can reduce the harm must also be notified (s10.2; not modelled).",
            "第10.1条は laws-lois.justice.gc.ca で確認済みです（issue 26）。mamori は「重大な損害の現実的なリスク」を data.risk = risk 又は high と読みます（慎重な読み方）。損害を軽減できる他の組織への通知（第10.2条）はモデル化していません。")
rules.append(rule(
    "ca.pipeda.commissioner", "CA", "regulator",
    T("Report to the Office of the Privacy Commissioner of Canada", "カナダ・プライバシー・コミッショナー事務所（OPC）への報告"),
    "America/Toronto", "2018-11-01", None, in_scope("CA", "CA*"), CA_SCOPE_R, UNDUE,
    "PIPEDA s10.1(1) (\"An organization shall report to the Commissioner any breach of security safeguards involving personal information under its control if it is reasonable in the circumstances to believe that the breach creates a real risk of significant harm to an individual\"), (2) (\"as soon as feasible after the organization determines that the breach has occurred\"), (7)-(8) (significant harm; sensitivity and probability of misuse)" + CA_READ,
    [CA_NOTE], triggers=CA_TRIG, no_trigger=CA_NO,
    exemptions=[recovered(), processor("ca.pipeda.controller")], verification="confirmed"))
rules.append(rule(
    "ca.pipeda.individuals", "CA", "individuals",
    T("Notice to affected individuals (Canada)", "本人への通知（カナダ PIPEDA）"),
    "America/Toronto", "2018-11-01", None, in_scope("CA", "CA*"), CA_SCOPE_R, UNDUE,
    "PIPEDA s10.1(3) (\"Unless otherwise prohibited by law, an organization shall notify an individual of any breach of security safeguards involving the individual's personal information under the organization's control if it is reasonable in the circumstances to believe that the breach creates a real risk of significant harm to the individual\"), (5) (direct, indirect in prescribed circumstances), (6) (\"as soon as feasible after the organization determines that the breach has occurred\")" + CA_READ,
    [CA_NOTE], triggers=CA_TRIG, no_trigger=CA_NO,
    exemptions=[recovered(), processor("ca.pipeda.controller")], verification="confirmed"))
rules.append(rule(
    "ca.pipeda.record", "CA", "internal",
    T("Record of the breach (Canada, kept 24 months)", "侵害の記録（カナダ、24か月保存）"),
    "America/Toronto", "2018-11-01", None, in_scope("CA", "CA*"), CA_SCOPE_R, UNDUE,
    "PIPEDA s10.3(1) (\"An organization shall, in accordance with any prescribed requirements, keep and maintain a record of every breach of security safeguards involving personal information under its control\"; (2) on request to the Commissioner) — text read as reproduced at https://proteuscyber.com/es/privacy-database/pipeda-103 (issue 26); Breach of Security Safeguards Regulations s6 (24 months; per the OPC's guidance, the Regulations not read)",
    [T("Every breach is recorded, whether or not it is reportable.", "報告対象か否かにかかわらず、すべての侵害を記録します。")],
    exemptions=[processor("ca.pipeda.controller")], verification="confirmed"))
rules.append(controller_rule(
    "ca.pipeda.controller", "CA", "America/Toronto", "2018-11-01", "CA", "CA*",
    "PIPEDA Schedule 1 clause 4.1.3 (\"An organization is responsible for personal information in its possession or custody, including information that has been transferred to a third party for processing. The organization shall use contractual or other means to provide a comparable level of protection while the information is being processed by a third party\") — read as reproduced verbatim at https://studiosourceyearbooks.com/privacy-pipeda (session 9); no statutory duty of the processor to notify: the notice is a reading of 4.1.3 and the contract, kept as a cautious addition (unverified; s10.1 binds the organisation with the information \"under its control\", and no processor clause was found in session 10)",
    "Canada PIPEDA", "カナダ PIPEDA",
    [T("Reading, not confirmed: PIPEDA puts the duty on the organisation in control of the information.",
       "解釈であり未確認です：PIPEDA は情報を管理する組織に義務を課しています。")]))

QC_READ = " — text read as quoted at https://conforme.ca/en/loi-25-compliance/privacy-incidents, with the CAI's own page https://www.cai.gouv.qc.ca/incident-de-confidentialite-impliquant-des-renseignements-personnels/aviser-commission-et-personnes/ and s3.7 at https://www.legisquebec.gouv.qc.ca/en/version/cs/P-39.1?code=se:3_7&history=20230206 (issue 26)"
QC_SCOPE_R = T("Québec's private-sector Act (Law 25) applies: organisation.established_in = {organisation.established_in}; data.persons.CA-QC = {data.persons.CA-QC}.",
               "ケベック州民間部門個人情報保護法（Law 25）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.CA-QC = {data.persons.CA-QC}。")
QC_TRIG = [risk_trigger("serious_injury", ["risk", "high"],
                        "Risk of serious injury: data.risk = {data.risk} (s3.5).",
                        "重大な損害のリスクがあります：data.risk = {data.risk}（第3.5条）。",
                        "data.risk is unknown: a confidentiality incident presenting a risk of serious injury must be notified (s3.5).",
                        "data.risk が不明です：重大な損害のリスクがある秘密保持事故は通知が必要です（第3.5条）。")]
QC_NO = T("No risk of serious injury: data.risk = {data.risk} (s3.5); record the incident (s3.8).",
          "重大な損害のリスクはありません：data.risk = {data.risk}（第3.5条）。事故は記録してください（第3.8条）。")
QC_NOTE = T("s3.5 and s3.7 read (issue 26); s3.8 (register) and s18.3 (mandatees) not read. Persons in Canada without a province (data.persons.CA) may be Québec residents: the rule is then possible. mamori reads 'risk of serious injury' as data.risk = risk or high (cautious).",
            "第3.5条・第3.7条は確認済み、第3.8条（登録簿）と第18.3条（受任者）は未確認です（issue 26）。州不明のカナダの本人（data.persons.CA）はケベック州民の可能性があり、その場合は possible になります。mamori は「重大な損害のリスク」を data.risk = risk 又は high と読みます（慎重な読み方）。")
rules.append(rule(
    "ca-qc.law25.cai", "CA-QC", "regulator",
    T("Notice to the Commission d'accès à l'information (Québec)", "ケベック州アクセス情報委員会（Commission d'accès à l'information, CAI）への通知"),
    "America/Toronto", "2022-09-22", None, in_scope("CA-QC"), QC_SCOPE_R, UNDUE,
    "Act respecting the protection of personal information in the private sector (CQLR c P-39.1) s3.5 as amended by Law 25 (\"If the incident presents a risk of serious injury, the person carrying on an enterprise must promptly notify the Commission d'accès à l'information\"; in force 2022-09-22); s3.7 (risk of injury: sensitivity, anticipated consequences, likelihood of injurious use)" + QC_READ,
    [QC_NOTE], triggers=QC_TRIG, no_trigger=QC_NO,
    exemptions=[recovered(), processor("ca-qc.law25.controller")], verification="confirmed"))
rules.append(rule(
    "ca-qc.law25.individuals", "CA-QC", "individuals",
    T("Notice to the persons concerned (Québec)", "本人への通知（ケベック州 Law 25）"),
    "America/Toronto", "2022-09-22", None, in_scope("CA-QC"), QC_SCOPE_R, UNDUE,
    "CQLR c P-39.1 s3.5 (\"He must also notify any person whose personal information is concerned by the incident\", failing which the Commission may order it; not so long as it could hamper an investigation by a body responsible for the prevention, detection or repression of crime)" + QC_READ,
    [QC_NOTE], triggers=QC_TRIG, no_trigger=QC_NO,
    exemptions=[recovered(), processor("ca-qc.law25.controller")], verification="confirmed"))
rules.append(rule(
    "ca-qc.law25.register", "CA-QC", "internal",
    T("Register of confidentiality incidents (Québec)", "秘密保持事故の登録簿（ケベック州）"),
    "America/Toronto", "2022-09-22", None, in_scope("CA-QC"), QC_SCOPE_R, UNDUE,
    "CQLR c P-39.1 s3.8 (register of every confidentiality incident, a copy to the Commission on request), as stated by the Commission d'accès à l'information itself (\"Toute organisation doit tenir un registre colligeant l'ensemble des incidents de confidentialité impliquant un renseignement personnel qu'elle détient, même ceux ne présentant pas de risque de préjudice sérieux. L'organisation doit transmettre une copie du registre à la Commission lorsqu'elle le demande\") — read at https://www.cai.gouv.qc.ca/incident-de-confidentialite-impliquant-des-renseignements-personnels/registre/; Regulation respecting confidentiality incidents (CQLR c A-2.1, r. 3.1; in force 2022-12-29) s1 scope read at https://legisquebec.gouv.qc.ca/en/document/cr/A-2.1,%20r.%203.1/20221229; the wording of s3.8 itself not read (session 9)",
    [T("Every confidentiality incident is registered, whether or not it is notifiable; the register's contents are set by the Regulation respecting confidentiality incidents (from 2022-12-29).",
       "通知対象か否かにかかわらず、すべての秘密保持事故を登録します。登録簿の記載事項は秘密保持事故に関する規則（2022-12-29 施行）が定めます。")],
    exemptions=[processor("ca-qc.law25.controller")], verification="confirmed"))
QC_183 = ("CQLR c P-39.1 s18.3 as amended by Law 25 (S.Q. 2021, c. 25; for enterprises from 2023-09-22): a mandate or contract of enterprise or for services that receives personal information without consent must be in writing, and the mandatary must notify the enterprise's person in charge of the protection of personal information without delay of a breach of an obligation concerning confidentiality — "
          "as stated by the Commission d'accès à l'information itself (\"En cas de manquement à une obligation concernant la confidentialité, le responsable de la protection des renseignements personnels devra être avisé sans délai, et ce dernier devra pouvoir procéder aux vérifications relatives à la confidentialité\"; \"Vous êtes un représentant d'entreprise ? Sachez que cette exception s'appliquera à vous seulement à compter du 22 septembre 2023\") at https://www.cai.gouv.qc.ca/consentement-collecte-renseignements-personnels/exceptions/communes/execution-contrats/, "
          "agreeing with https://quebechabitation.ca/lois-et-reglements/quelles-sont-les-conditions-pour-communiquer-un-renseignement-personnel-sans-le-consentement-de-la-personne-concernee-dans-le-cadre-dun-mandat-ou-contrat (\"l'obligation pour la personne qui exerce un mandat ou qui exécute un contrat d'entreprise ... ou un contrat de service d'aviser sans délai le responsable ...\"); the public bodies' twin clause, CQLR c A-2.1 s67.2 (\"must notify the person in charge without delay of any violation or attempted violation of an obligation concerning the confidentiality of the information released\"), read at http://legisquebec.gouv.qc.ca/en/showversion/cs/A-2.1?code=se:67_2&pointInTime=20171115; the wording of P-39.1 s18.3 itself not reached (session 10)")
QC_183_NOTE = T("s18.3 (mandataries) as stated by the CAI (session 10): the mandatary tells the enterprise's person in charge of the protection of personal information without delay of any breach of a confidentiality obligation. An attempted violation counts too (the public bodies' twin clause, A-2.1 s67.2): mamori does not exempt data recovered before anyone viewed it.",
                "第18.3条（受任者）は CAI の説明で確認しました（session 10）：受任者は、秘密保持義務の違反を遅滞なく事業者の個人情報保護責任者に通知します。違反の試みも対象です（公的機関向けの同旨規定 A-2.1 第67.2条）：mamori は閲覧前に回収したデータも免除しません。")


def no_exemptions(r):
    return {k: v for k, v in r.items() if k != "exemptions"}


rules.append(until(no_exemptions(controller_rule(
    "ca-qc.law25.controller", "CA-QC", "America/Toronto", "2022-09-22", "CA-QC", "CA-QC",
    "CQLR c P-39.1 s18.3 as amended by Law 25 applies to enterprises only from 2023-09-22 (the CAI: \"cette exception s'appliquera à vous seulement à compter du 22 septembre 2023\"); before that mamori keeps the mandatary's notice as a cautious reading of the contract (unverified)",
    "Québec Law 25", "ケベック州 Law 25",
    [QC_183_NOTE, T("Before 2023-09-22 the s18.3 duty did not yet bind enterprises' mandataries; mamori shows the notice anyway (cautious).",
                    "2023-09-22 より前は、第18.3条の義務は事業者の受任者にまだ適用されていませんでした。mamori は慎重を期して通知を表示します。")])), "2023-09-22"))
rules.append(no_exemptions(controller_rule(
    "ca-qc.law25.controller", "CA-QC", "America/Toronto", "2023-09-22", "CA-QC", "CA-QC", QC_183,
    "Québec Law 25", "ケベック州 Law 25", [QC_183_NOTE])) | {"verification": "confirmed"})

# --- Brazil --------------------------------------------------------------------------------
BR_SCOPE_R = T("The LGPD applies: organisation.established_in = {organisation.established_in}; data.persons.BR = {data.persons.BR} (Art. 3).",
               "ブラジル一般データ保護法（LGPD）が適用されます：organisation.established_in = {organisation.established_in}、data.persons.BR = {data.persons.BR}（第3条）。")
BR_TRIG = [risk_trigger("relevant_risk", ["risk", "high"],
                        "Relevant risk or harm to the data subjects: data.risk = {data.risk} (LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 5). Art. 5 also needs one listed kind of data (sensitive, minors' or the elderly's, financial, authentication, under secrecy, or large scale); mamori does not narrow by it, since three of them cannot be told from the request (may over-report).",
                        "本人に対する重大なリスク又は損害があります：data.risk = {data.risk}（LGPD 第48条、ANPD 決議15/2024 第5条）。第5条は列挙されたデータ（機微、未成年者・高齢者、金融、認証、秘密保護、大規模）のいずれかも要件としますが、うち3項目はリクエストから判断できないため mamori は絞り込みません（過大に報告する場合があります）。",
                        "data.risk is unknown: an incident that may cause relevant risk or harm to the data subjects must be communicated (LGPD Art. 48).",
                        "data.risk が不明です：本人に重大なリスク又は損害を生じ得るインシデントは通知が必要です（LGPD 第48条）。")]
BR_NO = T("No relevant risk or harm: data.risk = {data.risk}; record the incident (Res. 15/2024 Art. 10).",
          "重大なリスク又は損害はありません：data.risk = {data.risk}。インシデントは記録してください（決議15/2024 第10条）。")
BR_READ = (" — LGPD Art. 48 and Res. CD/ANPD 15/2024 Art. 5, 6, 9 and 10 read verbatim as extracted from the "
           "Diário Oficial (https://www.in.gov.br/en/web/dou/-/resolucao-cd/anpd-n-15-de-24-de-abril-de-2024-556243024) "
           "and Planalto (https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/l13709.htm) in a public legal-requirements "
           "knowledge base (issue 26)")
BR_ART5 = ("Res. 15/2024 Art. 5 (\"O incidente de segurança pode acarretar risco ou dano relevante aos titulares quando puder afetar "
           "significativamente interesses e direitos fundamentais dos titulares e, cumulativamente, envolver, pelo menos, um dos seguintes "
           "critérios: I - dados pessoais sensíveis; II - dados de crianças, de adolescentes ou de idosos; III - dados financeiros; "
           "IV - dados de autenticação em sistemas; V - dados protegidos por sigilo legal, judicial ou profissional; ou VI - dados em larga escala\")")
BR_NOTE = T("Res. 15/2024 Art. 5 is cumulative: significant effect on the data subjects' interests and fundamental rights (data.risk) AND at least one of: sensitive data, data of children, adolescents or the elderly, financial data, authentication data, data under legal, judicial or professional secrecy, or large scale. Three of the six (minors or the elderly, secrecy, large scale, which the Resolution leaves without a number) cannot be told from the request, so the data-type condition is never known to fail: mamori deliberately does not narrow the trigger by it and may over-report when none of the listed data is involved (cautious; at most the accurate answer would be 'possible').",
            "決議15/2024 第5条は累積的要件です：本人の利益・基本的権利への重大な影響（data.risk）かつ、機微データ、児童・青少年・高齢者のデータ、金融データ、認証データ、法律上・司法上・職業上の秘密で保護されるデータ、又は大規模のいずれか。6項目のうち3項目（未成年者・高齢者、秘密、大規模。大規模の人数は決議に定めがありません）はリクエストから判断できないため、データ種別の要件が満たされないと確定することはありません。mamori はこの要件で絞り込まず、列挙されたデータを含まない場合に過大に報告することがあります（慎重な読み方。正確な答えでも「possible」までです）。")
BR_SECTOR = T("Art. 6 keeps any shorter period set by sector-specific legislation (\"ressalvada a existência de prazo para comunicação previsto em legislação específica\"): check your sector regulator (e.g. the Central Bank).",
              "第6条は分野別の法令が定める期間を留保しています（「ressalvada a existência de prazo ... em legislação específica」）：所管の分野別規制当局（中央銀行等）の期限も確認してください。")
BR_DAYS = T("Business days (dias úteis) are counted on Brazil's national holidays (calendar br_national): the day of knowledge is excluded; Carnival and Corpus Christi count as business days (cautious). Good Friday counts as a business day too: it is a religious holiday declared by municipal law (Lei 9.093/1995 Art. 2), not a national one, so if the ANPD counted it as a business day a deadline that skipped it would be a day late; counting it gives a date earlier than or equal to either reading (cautious).",
            "営業日（dias úteis）はブラジルの国民の祝日（カレンダー br_national）で数えます：知った日は算入しません。カーニバルとコーパス・クリスティは営業日として数えます（慎重な読み方）。聖金曜日（Sexta-feira da Paixão）も営業日として数えます：これは市の法律で定める宗教上の祝日（法律第9.093/1995号第2条）であって国の祝日ではなく、ANPD が営業日として数える場合にこれを除くと期限が1日遅くなるため、数える方が早いか同じ日付になります（慎重な読み方）。")


def br_small(n):
    return [{"when": {"fact": "organisation.small_agent", "is": True},
             "deadline": {"kind": "business_days", "days": n, "calendar": "br_national"},
             "reason": T(f"Small processing agent (organisation.small_agent = true): deadline doubled to {n} business days (Res. CD/ANPD 2/2022; Res. 15/2024).",
                         f"小規模処理者（organisation.small_agent = true）：期限は {n} 営業日に倍加されます（ANPD 決議2/2022、決議15/2024）。")}]


BR_PRE = T("Before Res. CD/ANPD 15/2024: 'within a reasonable time' (LGPD Art. 48 §1); the ANPD's guidance suggested 2 business days.",
           "ANPD 決議15/2024 以前：「合理的な期間内」（LGPD 第48条第1項）。ANPD のガイダンスは2営業日を推奨していました。")
BR_ANPD_T = T("Communication to the ANPD (Brazil)", "ブラジル国家データ保護庁（ANPD）への通知")
BR_IND_T = T("Communication to the data subjects (Brazil)", "本人への通知（ブラジル LGPD）")
rules.append(rule(
    "br.lgpd.anpd", "BR", "regulator", BR_ANPD_T, "America/Sao_Paulo", "2020-09-18", "2024-04-26",
    in_scope("BR"), BR_SCOPE_R, UNDUE,
    "LGPD Art. 48 caput (\"O controlador deverá comunicar à autoridade nacional e ao titular a ocorrência de incidente de segurança que possa acarretar risco ou dano relevante aos titulares\"), §1 (\"A comunicação será feita em prazo razoável, conforme definido pela autoridade nacional\"; no period until Res. 15/2024)" + BR_READ,
    [BR_PRE, BR_NOTE], triggers=BR_TRIG, no_trigger=BR_NO,
    exemptions=[recovered(), processor("br.lgpd.controller")], verification="confirmed"))
rules.append(rule(
    "br.lgpd.anpd", "BR", "regulator", BR_ANPD_T, "America/Sao_Paulo", "2024-04-26", None,
    in_scope("BR"), BR_SCOPE_R, {"kind": "business_days", "days": 3, "calendar": "br_national"},
    "LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 6 caput (\"A comunicação de incidente de segurança à ANPD deverá ser realizada pelo controlador no prazo de três dias úteis, ressalvada a existência de prazo para comunicação previsto em legislação específica\"), §1 (\"O prazo a que se refere o caput será contado do conhecimento pelo controlador de que o incidente afetou dados pessoais\"), §8 (the caput and §3 periods \"são contados em dobro para os agentes de pequeno porte\"); " + BR_ART5 + "; published in the DOU 2024-04-26" + BR_READ,
    [BR_DAYS, BR_NOTE, BR_SECTOR], triggers=BR_TRIG, no_trigger=BR_NO,
    exemptions=[recovered(), processor("br.lgpd.controller")], overrides=br_small(6), verification="confirmed"))
rules.append(rule(
    "br.lgpd.anpd.supplement", "BR", "regulator",
    T("Supplementary information to the ANPD (Brazil)", "ブラジル国家データ保護庁（ANPD）への補足情報の提出"),
    "America/Sao_Paulo", "2024-04-26", None, in_scope("BR"), BR_SCOPE_R,
    {"kind": "business_days", "days": 20, "calendar": "br_national"},
    "Res. CD/ANPD 15/2024 Art. 6 §3 (\"As informações poderão ser complementadas, de maneira fundamentada, no prazo de vinte dias úteis, a contar da data da comunicação\"), §8 (doubled for small processing agents)" + BR_READ,
    [BR_DAYS, T("The 20 business days run from the communication to the ANPD; mamori counts them from incident.aware_at (never later than the legal date). It is deliberately not an after_obligation deadline: while the communication is not done, that would show 20 business days after br.lgpd.anpd's own 3 (23 after knowledge), later than this date, and a recorded communication (incident.done) can only move the legal date later too (session 10).",
                "20営業日は ANPD への通知から起算します。mamori は incident.aware_at から数えます（法定期限より遅くなることはありません）。after_obligation の期限とはしていません：通知が未了の間は br.lgpd.anpd 自体の3営業日の後の20営業日（知った日から23営業日）となりこの日付より遅くなり、通知済み（incident.done）を記録しても法定期限は遅くなるだけだからです（session 10）。"), BR_NOTE],
    triggers=BR_TRIG, no_trigger=BR_NO,
    exemptions=[recovered(), processor("br.lgpd.controller")], overrides=br_small(40), verification="confirmed"))
rules.append(rule(
    "br.lgpd.individuals", "BR", "individuals", BR_IND_T, "America/Sao_Paulo", "2020-09-18", "2024-04-26",
    in_scope("BR"), BR_SCOPE_R, UNDUE,
    "LGPD Art. 48 caput (\"O controlador deverá comunicar à autoridade nacional e ao titular a ocorrência de incidente de segurança que possa acarretar risco ou dano relevante aos titulares\"), §1 (\"A comunicação será feita em prazo razoável, conforme definido pela autoridade nacional\"; no period until Res. 15/2024)" + BR_READ,
    [BR_PRE, BR_NOTE], triggers=BR_TRIG, no_trigger=BR_NO,
    exemptions=[recovered(), processor("br.lgpd.controller")], verification="confirmed"))
rules.append(rule(
    "br.lgpd.individuals", "BR", "individuals", BR_IND_T, "America/Sao_Paulo", "2024-04-26", None,
    in_scope("BR"), BR_SCOPE_R, {"kind": "business_days", "days": 3, "calendar": "br_national"},
    "LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 9 caput (\"A comunicação de incidente de segurança ao titular deverá ser realizada pelo controlador no prazo de três dias úteis contados do conhecimento pelo controlador de que o incidente afetou dados pessoais\"), §1 (plain language; direct and individual where the data subjects can be identified), §3 (otherwise through the available means of publicity for at least three months), §6 (doubled for small processing agents); " + BR_ART5 + BR_READ,
    [BR_DAYS, BR_NOTE], triggers=BR_TRIG, no_trigger=BR_NO,
    exemptions=[recovered(), processor("br.lgpd.controller")], overrides=br_small(6), verification="confirmed"))
rules.append(rule(
    "br.lgpd.record", "BR", "internal",
    T("Record of the incident (Brazil, kept 5 years)", "インシデントの記録（ブラジル、5年間保存）"),
    "America/Sao_Paulo", "2024-04-26", None, in_scope("BR"), BR_SCOPE_R, UNDUE,
    "Res. CD/ANPD 15/2024 Art. 10 (\"O controlador deverá manter o registro do incidente de segurança, inclusive daquele não comunicado à ANPD e aos titulares, pelo prazo mínimo de cinco anos, contado a partir da data do registro\")" + BR_READ,
    [T("Every incident is recorded, whether or not it is communicated.", "通知の要否にかかわらず、すべてのインシデントを記録します。")],
    exemptions=[processor("br.lgpd.controller")], verification="confirmed"))
rules.append(controller_rule(
    "br.lgpd.controller", "BR", "America/Sao_Paulo", "2020-09-18", "BR", "BR",
    "LGPD Art. 39 (the operator processes per the controller's instructions); the operator's notice to the controller is a reading, kept as a cautious addition (unverified): LGPD Art. 48 and Res. CD/ANPD 15/2024 Art. 6 and 9 name only the controller (\"O controlador deverá comunicar\", read in session 9), and no operator clause was found in session 10",
    "Brazil LGPD", "ブラジル LGPD",
    [T("Reading, not confirmed: Art. 48 names the controller.", "解釈であり未確認です：第48条は管理者を名宛人としています。")]))

# --- New Zealand ---------------------------------------------------------------------------
NZ_SCOPE_R = T("The Privacy Act 2020 applies: organisation.established_in = {organisation.established_in}; data.persons.NZ = {data.persons.NZ} (s4: also overseas agencies carrying on business in New Zealand).",
               "ニュージーランド 2020年プライバシー法が適用されます：organisation.established_in = {organisation.established_in}、data.persons.NZ = {data.persons.NZ}（第4条：ニュージーランドで事業を行う海外の機関を含む）。")
NZ_TRIG = [risk_trigger("serious_harm", ["high"],
                        "Notifiable privacy breach: serious harm likely (data.risk = high; s112, s113).",
                        "通知対象のプライバシー侵害：重大な損害のおそれがあります（data.risk = high、第112条、第113条）。",
                        "data.risk is unknown: a breach that has caused or is likely to cause serious harm is notifiable (s112).",
                        "data.risk が不明です：重大な損害を生じた又は生じるおそれがある侵害は通知対象です（第112条）。")]
NZ_NO = T("Not a notifiable privacy breach: data.risk = {data.risk} (s112).", "通知対象のプライバシー侵害ではありません：data.risk = {data.risk}（第112条）。")
NZ_NOTE = T("Unverified: s113 (the serious-harm factors) and s118 (offence of failing to notify under s114) were read at legislation.govt.nz, s114 and s115 themselves only in summaries (issue 26). A privacy breach includes an action that prevents the agency from accessing the information, and affected individuals may be inside or outside New Zealand. mamori reads 'likely to cause serious harm' as data.risk = high, as for Australia's NDB scheme.",
            "未確認です：第113条（重大な損害の考慮要素）と第118条（第114条の通知を怠る罪）は legislation.govt.nz で確認しましたが、第114条・第115条自体は要約でのみ確認しました（issue 26）。プライバシー侵害には機関が情報にアクセスできなくなる行為も含まれ、影響を受ける個人はニュージーランド国内外を問いません。mamori は「重大な損害を生じるおそれ」を、オーストラリアの NDB 制度と同様に data.risk = high と読みます。")
NZ_TRIED = (" — session 10 (issue 26): s114 and s115 searched again (search corpora pages and docs: legislation.govt.nz"
            " section titles and the deciding words \"as soon as practicable after becoming aware\"; exact-text search of public"
            " repositories for \"notifiable privacy breach has occurred\", \"Agency to notify Commissioner\"): only summaries"
            " (law-firm and compliance pages, privacy policies) were found, not the sections. The most detailed (a public"
            " research note, search-index file 68967664033) quotes s114 \"As soon as practicable after becoming aware\" and"
            " s115(1) \"As soon as practicable\", public notice where individual notice is not reasonably practicable"
            " (s115(2)-(3)), the s116 exceptions and delay (never of the Commissioner's notice), and s121 (an agent's"
            " knowledge is the principal agency's); deis.nz agrees on both periods. Secondary sources only: unverified")
rules.append(rule(
    "nz.privacy.commissioner", "NZ", "regulator",
    T("Notification of the Privacy Commissioner (New Zealand)", "ニュージーランド・プライバシー・コミッショナー（Privacy Commissioner）への通知"),
    "Pacific/Auckland", "2020-12-01", None, in_scope("NZ"), NZ_SCOPE_R, UNDUE,
    "Privacy Act 2020 s114 (as soon as practicable after becoming aware)" + NZ_TRIED, [NZ_NOTE],
    triggers=NZ_TRIG, no_trigger=NZ_NO, exemptions=[recovered(), processor("nz.privacy.controller")]))
rules.append(rule(
    "nz.privacy.individuals", "NZ", "individuals",
    T("Notice to affected individuals (New Zealand)", "本人への通知（ニュージーランド プライバシー法）"),
    "Pacific/Auckland", "2020-12-01", None, in_scope("NZ"), NZ_SCOPE_R, UNDUE,
    "Privacy Act 2020 s115 (as soon as practicable; public notice where direct notice is not reasonably practicable)" + NZ_TRIED, [NZ_NOTE],
    triggers=NZ_TRIG, no_trigger=NZ_NO, exemptions=[recovered(), processor("nz.privacy.controller")]))
rules.append(controller_rule(
    "nz.privacy.controller", "NZ", "Pacific/Auckland", "2020-12-01", "NZ", "NZ",
    "Privacy Act 2020 s11 (information held by an agent is treated as held by the principal agency; the agent's notice to it is a reading)" + NZ_TRIED,
    "New Zealand Privacy Act", "ニュージーランド プライバシー法", [NZ_NOTE]))

# --- EU NIS2 -------------------------------------------------------------------------------
NIS2_SCOPE = {"fact": "organisation.nis2_entity", "in": ["essential", "important"], "unknown_as": False}
NIS2_SCOPE_R = T("NIS2 applies: the host declares an {organisation.nis2_entity} entity (Directive (EU) 2022/2555 Art. 3).",
                 "NIS2 が適用されます：ホストが {organisation.nis2_entity} エンティティであると申告しています（指令 (EU) 2022/2555 第3条）。")
NIS2_TRIG = [risk_trigger("significant", ["risk", "high"],
                          "Possibly a significant incident: data.risk = {data.risk} (Art. 23(3): considerable material or non-material damage to others).",
                          "重大なインシデントの可能性があります：data.risk = {data.risk}（第23条第3項：他者への相当な物的・非物的損害）。",
                          "data.risk is unknown: a significant incident (Art. 23(3)) must be reported.",
                          "data.risk が不明です：重大なインシデント（第23条第3項）は報告が必要です。")]
NIS2_NO = T("Not a significant incident on the facts given: data.risk = {data.risk} (Art. 23(3)); check service disruption and financial loss too.",
            "与えられた事実では重大なインシデントではありません：data.risk = {data.risk}（第23条第3項）。サービス障害や財務的損失も確認してください。")
NIS2_NOTE = T("Only for an organisation that declares itself an essential or important entity (organisation.nis2_entity); not declared = not in scope, so NIS2 is never possible for a company that did not say it is covered. Significance (Art. 23(3), Implementing Regulation (EU) 2024/2690) is read from data.risk = risk or high (cautious proxy); service disruption and financial loss are for the host. Deadlines follow the national transposition (applicable from 2024-10-18); the Directive's Art. 23 text was read (issue 26).",
              "重要エンティティ又は必須エンティティと申告した組織（organisation.nis2_entity）のみが対象です。申告がなければ対象外とし、対象と申告していない企業に NIS2 が possible と表示されることはありません。重大性（第23条第3項、施行規則 (EU) 2024/2690）は data.risk = risk 又は high から読みます（慎重な代替指標）。サービス障害・財務的損失はホストが判断してください。期限は各国の国内法化に従います（2024-10-18 から適用）。指令第23条の本文を確認済みです（issue 26）。")
NIS2_READ = ("Art. 23 text read as reproduced from the Official Journal at https://nis2-info.eu/article-23-reporting-obligations "
             "and https://digiturvamalli.fi/vaatimus/23-1-incident-notifications-to-csirt-and-recipients-of-services (issue 26)")
NIS2_TRUST = T("A trust service provider notifies within 24 hours, not 72, for significant incidents affecting its trust services (Art. 23(4), derogation from point (b)): mamori does not know whether the entity provides trust services.",
               "トラストサービス提供者は、トラストサービスに影響する重大インシデントを72時間ではなく24時間以内に通知します（第23条第4項、(b)の特例）。mamori はトラストサービス提供者か否かを把握していません。")
NIS2_CSIRT = "CSIRT 又は所轄当局（CSIRT / competent authority）"
# Time zone: the CSIRT is national (Art. 10, 23(1)), so the deadline's local day is the member
# state's. The pack has no "CSIRT member state" fact, so the zone is chosen from
# organisation.established_in, one variant per EU time-zone group (the first group that matches
# wins; several member states = check each CSIRT), else Europe/Brussels (CET/CEST, the zone of 17
# of the 27 member states and of the EU institutions). Each zone follows the EU's common summer
# time (Directive 2000/84/EC). The 24 h / 72 h deadlines are elapsed hours, so the zone changes
# only the printed offset; it decides the date of the one-month final report (its local day).
NIS2_ZONES = [
    ("Europe/Athens", ["BG", "CY", "EE", "FI", "GR", "LV", "LT", "RO"],
     "Eastern European Time (EET/EEST)", "東ヨーロッパ時間（EET/EEST）"),
    ("Europe/Lisbon", ["IE", "PT"],
     "Western European Time (WET/WEST; Ireland GMT/IST)", "西ヨーロッパ時間（WET/WEST。アイルランドは GMT/IST）"),
    ("Europe/Brussels", None,
     "Central European Time (CET/CEST; also used when no member state in another zone is declared)",
     "中央ヨーロッパ時間（CET/CEST。他の時間帯の加盟国が申告されていない場合もこれを用います）"),
]
for rid, title, ja_title, dl, basis in [
    ("eu.nis2.early_warning", "Early warning to the CSIRT or competent authority (NIS2)", f"{NIS2_CSIRT}への早期警告（NIS2）", hours(24),
     "NIS2 Directive (EU) 2022/2555 Art. 23(4)(a) (\"without undue delay and in any event within 24 hours of becoming aware of the significant incident, an early warning\"); Art. 23(1), (3) (significant incident: severe operational disruption or financial loss for the entity, or considerable material or non-material damage to other persons) — " + NIS2_READ),
    ("eu.nis2.notification", "Incident notification to the CSIRT or competent authority (NIS2)", f"{NIS2_CSIRT}へのインシデント通知（NIS2）", hours(72),
     "NIS2 Directive (EU) 2022/2555 Art. 23(4)(b) (\"without undue delay and in any event within 72 hours of becoming aware of the significant incident, an incident notification\"; trust service providers: 24 hours) — " + NIS2_READ),
    ("eu.nis2.final_report", "Final report to the CSIRT or competent authority (NIS2)", f"{NIS2_CSIRT}への最終報告（NIS2）", days(28),
     "NIS2 Directive (EU) 2022/2555 Art. 23(4)(d) (\"a final report not later than one month after the submission of the incident notification\"; Art. 23(4)(e): a progress report instead while the incident is ongoing) — " + NIS2_READ),
]:
    for zone, states, zone_en, zone_ja in NIS2_ZONES:
        notes = [NIS2_NOTE]
        if rid == "eu.nis2.notification":
            notes.append(NIS2_TRUST)
        if rid == "eu.nis2.final_report":
            notes.append(T("One month after the incident notification; mamori shows 28 days after incident.aware_at, which is never later than any reading of 'one month'.",
                           "インシデント通知から1か月以内です。mamori は incident.aware_at から28日後を表示します（「1か月」のいずれの読み方よりも遅くなりません）。"))
        if states:
            scope = {"all": [NIS2_SCOPE, {"any": [{"fact": "organisation.established_in", "contains": c} for c in states]}]}
            where_en = f"established in {', '.join(states)}"
            where_ja = f"{'、'.join(states)} に拠点があります"
        else:
            scope = NIS2_SCOPE
            where_en = "no member state in another EU time zone declared in organisation.established_in"
            where_ja = "organisation.established_in に他の EU 時間帯の加盟国が申告されていません"
        notes.append(T(f"Times in {zone} ({zone_en}): the CSIRT is national, and the organisation is {where_en} (organisation.established_in = {{organisation.established_in}}). The 24 h and 72 h deadlines are elapsed hours and do not depend on the zone; the zone gives the local day of the final report. Established in several member states: check each one's CSIRT.",
                       f"時刻は {zone}（{zone_ja}）です：CSIRT は加盟国ごとに置かれ、組織は{where_ja}（organisation.established_in = {{organisation.established_in}}）。24時間・72時間の期限は経過時間であり時間帯に左右されません。時間帯は最終報告の期限日を決めます。複数の加盟国に拠点がある場合は、各国の CSIRT を確認してください。"))
        rules.append(rule(rid, "EU", "regulator", T(title, ja_title), zone, "2024-10-18", None,
                          scope, NIS2_SCOPE_R, dl, basis, notes, triggers=NIS2_TRIG, no_trigger=NIS2_NO,
                          exemptions=[recovered()], verification="confirmed"))

def main():
    import sys
    current = PACK.read_text()
    pack = json.loads(current)
    pack["rules"] = [r for r in pack["rules"] if not r["id"].startswith(PREFIXES)] + rules
    text = json.dumps(pack, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv[1:]:
        # Drift check (tests/breach_world.rs): the pack must be exactly what this script writes.
        if text != current:
            sys.exit("rules/default.json differs from rules/tools/world_rules.py "
                     "(hand edit of a world rule, or the table changed): run the script")
        return
    PACK.write_text(text)
    print(f"{len(rules)} world rules written")


if __name__ == "__main__":
    main()
