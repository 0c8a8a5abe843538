"""Tests of the ctypes binding against the real library (stdlib unittest).

Run from the repository root after `cargo build`:
    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -v
`cargo test --test python_bindings` runs them with MAMORI_LIBRARY set and `jsonschema`
available (MAMORI_REQUIRE_JSONSCHEMA=1), validating library output against `schemas/`.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import unittest
from pathlib import Path

import mamori
from mamori import errors

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "schemas"

try:
    import jsonschema
except ImportError:  # pragma: no cover - exercised on machines without jsonschema
    jsonschema = None
    if os.environ.get("MAMORI_REQUIRE_JSONSCHEMA"):
        raise


def validate(doc, schema_file: str) -> None:
    """Validate `doc` against `schemas/<schema_file>` (skips only when jsonschema is absent and
    not required)."""
    if jsonschema is None:
        raise unittest.SkipTest("jsonschema not installed")
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(doc)


PHONE = {
    "schema": "mamori.device.v1",
    "id": "PHONE-0042",
    "kind": "phone",
    "model": "SC-52C",
    "imei": "490154203237518",
    "colour": "black",
    "features": ["blue case"],
    "ownership": "company",
    "posture": {
        "screen_lock": {"type": "pin", "length": 6},
        "storage_encrypted": True,
        "mdm_enrolled": True,
        "remote_lock": True,
        "remote_locate": True,
        "remote_wipe": True,
    },
}


def event(at: str, actor: str, data: dict) -> dict:
    return {"schema": "mamori.incident_event.v1", "at": at, "actor": actor, "data": data}


REPORTED = event(
    "2026-11-21T08:40:00+09:00",
    "tanaka",
    {
        "type": "reported",
        "kind": "loss",
        "device_id": "PHONE-0042",
        "reporter": "tanaka",
        "summary": "company phone missing after a staff party",
    },
)


class GeneralTests(unittest.TestCase):
    def test_version_and_abi(self):
        self.assertEqual(mamori.version(), "mamori/0.1.0")
        self.assertEqual(mamori.abi_version(), 1)
        self.assertTrue(Path(mamori.library_path()).is_file())

    def test_every_result_code_maps_to_an_exception(self):
        header = (ROOT / "include" / "mamori.h").read_text(encoding="utf-8")
        codes = dict(
            (int(n), name) for name, n in re.findall(r"MAMORI_([A-Z0-9_]+) = (\d+),", header)
        )
        self.assertIn(200, codes)
        lib = mamori._lib.lib()
        for code, name in codes.items():
            self.assertEqual(lib.mamori_result_name(code).decode(), name)
            if code == 0:
                continue
            cls = errors.BY_CODE[code]
            self.assertTrue(issubclass(cls, mamori.MamoriError))
            # The class name is the CamelCase of the C name (IO -> MamoriIOError).
            camel = "".join(p.capitalize() for p in name.split("_"))
            self.assertIn(cls.__name__, (camel + "Error", "Mamori" + name + "Error"), name)

    def test_invalid_input_names_the_field(self):
        with self.assertRaises(mamori.InvalidInputError) as cm:
            mamori.assess(
                {
                    "schema": "mamori.assess.v1",
                    "organisation": {
                        "type": "business",
                        "role": "controller",
                        "established_in": ["JP"],
                    },
                    "incident": {"kind": "loss", "aware_at": "yesterday"},
                    "data": {},
                }
            )
        self.assertEqual(cm.exception.code, 3)
        self.assertEqual(cm.exception.name, "INVALID_INPUT")
        self.assertIn("incident.aware_at", cm.exception.message)

    def test_non_string_rejected_before_the_call(self):
        with self.assertRaises(TypeError):
            mamori._lib.cstr(b"bytes")


class RegisterTests(unittest.TestCase):
    def test_lifecycle_and_schemas(self):
        with mamori.Register() as reg:
            reply = reg.apply(
                {"op": "add", "device": PHONE, "at": "2026-04-01T09:00:00+09:00", "actor": "it"}
            )
            validate(reply, "register-reply.schema.json")
            self.assertEqual(reply["entry"]["device"]["state"], "in_stock")
            reply = reg.apply(
                {
                    "op": "check_out",
                    "id": "PHONE-0042",
                    "assignee": "tanaka",
                    "at": "2026-04-01T09:30:00+09:00",
                    "expected_return": "2026-04-02T18:00:00+09:00",
                    "actor": "it",
                }
            )
            self.assertEqual(reply["entry"]["device"]["assignee"], "tanaka")
            overdue = reg.apply({"op": "overdue", "now": "2026-04-03T09:00:00+09:00"})
            validate(overdue, "register-reply.schema.json")
            self.assertEqual([o["device_id"] for o in overdue["overdue"]], ["PHONE-0042"])
            reg.apply(
                {
                    "op": "transition",
                    "id": "PHONE-0042",
                    "to": "lost",
                    "at": "2026-04-03T10:00:00+09:00",
                    "actor": "soumu",
                }
            )
            before = reg.to_json()
            with self.assertRaises(mamori.IllegalTransitionError):
                reg.apply(
                    {
                        "op": "check_out",
                        "id": "PHONE-0042",
                        "assignee": "suzuki",
                        "at": "2026-04-03T11:00:00+09:00",
                        "actor": "it",
                    }
                )
            # A refused command leaves the register unchanged.
            self.assertEqual(reg.to_json(), before)
            validate(before, "register.schema.json")
            for ev in before["history"]:
                self.assertEqual(ev["device_id"], "PHONE-0042")
            # Round trip through JSON.
            with mamori.Register(before) as again:
                self.assertEqual(again.to_json(), before)
        with self.assertRaises(ValueError):
            reg.to_json()  # closed

    def test_not_found(self):
        with mamori.Register() as reg:
            with self.assertRaises(mamori.NotFoundError):
                reg.apply({"op": "get", "id": "nope"})

    def test_inventory_reconcile(self):
        with mamori.Register() as reg:
            for n in ("1", "2"):
                reg.apply(
                    {
                        "op": "add",
                        "device": dict(PHONE, id="P-" + n, imei=None, serial="S" + n),
                        "at": "2026-12-01T09:00:00+09:00",
                        "actor": "it",
                    }
                )
                reg.apply(
                    {
                        "op": "check_out",
                        "id": "P-" + n,
                        "assignee": "tanaka",
                        "at": "2026-12-01T10:00:00+09:00",
                        "actor": "it",
                    }
                )
            audit = {
                "schema": "mamori.inventory_audit.v1",
                "at": "2026-12-05T18:00:00+09:00",
                "auditor": "yamada",
                "seen": [
                    {"serial": "S2", "held_by": "suzuki"},
                    {"imei": "356938035643809"},
                ],
            }
            rec = reg.reconcile(audit)
            validate(rec, "reconciliation.schema.json")
            self.assertEqual([m["device_id"] for m in rec["missing"]], ["P-1"])
            self.assertEqual(rec["unexpected"][0]["device_id"], "imei:356938035643809")
            self.assertEqual(rec["mis_held"][0]["finding"]["held_by"], "suzuki")
            self.assertIn("棚卸", rec["missing"][0]["text"]["ja"])
            events = rec["incidents"][0]["events"]
            self.assertEqual(events[0]["at"], "2026-12-05T18:00:00+09:00")
            with mamori.Incident("INC-INV") as inc:
                for e in events:
                    inc.append(e)
                self.assertEqual(inc.fold()["reported_at"], "2026-12-05T18:00:00+09:00")
            kinds = [h["change"]["type"] for h in reg.to_json()["history"]]
            self.assertEqual(kinds.count("inventory_finding"), 3)
            with self.assertRaises(mamori.InvalidInputError):
                reg.reconcile(dict(audit, seen=[{}]))


class IncidentTests(unittest.TestCase):
    def test_evidence_bundle_digest(self):
        with mamori.Incident("INC-B") as inc:
            inc.append(REPORTED)
            log = inc.to_json()
        bundle, html = mamori.incident_bundle(
            {"incident": log, "device": PHONE, "now": "2026-11-21T12:00:00+09:00"}
        )
        validate(json.loads(bundle), "evidence-bundle.schema.json")
        ok = mamori.bundle_verify(bundle, html)
        validate(ok, "bundle-check.schema.json")
        self.assertEqual(ok["status"], "intact")
        for i in range(0, len(bundle), max(1, len(bundle) // 50)):
            m = bytearray(bundle)
            m[i] ^= 1
            self.assertNotEqual(mamori.bundle_verify(bytes(m))["status"], "intact", i)
        self.assertEqual(mamori.bundle_verify(bundle, html + " ")["status"], "altered")

    def test_signed_log_rejects_a_rechained_edit(self):
        seed = bytes([7]) * 32
        with mamori.Incident("INC-SIG") as inc:
            inc.append_signed(REPORTED, "desk", seed)
            cp = inc.checkpoint("desk", seed)
            validate(cp, "incident-checkpoint.schema.json")
            log = inc.to_json()
        sig = log["events"][0]["signature"]
        keys = [{"key_id": "desk", "public_key": sig["public_key"], "holder": "総務部"}]
        ok = mamori.incident_verify_signed(log, keys, checkpoints=[cp], lang="en")
        validate(ok, "signature-check.schema.json")
        self.assertEqual(ok["status"], "verified")
        self.assertEqual(ok["signed"][0]["holder"], "総務部")
        # Edit the event and recompute its hash: the chain passes, the signature does not.
        forged = json.loads(json.dumps(log))
        forged["events"][0]["data"]["summary"] = "nothing happened"
        with mamori.Incident("INC-SIG") as plain:
            plain.append(dict(REPORTED, data=forged["events"][0]["data"]))
            forged["events"][0]["hash"] = plain.to_json()["events"][0]["hash"]
        self.assertEqual(mamori.incident_verify(forged)["status"], "verified")
        bad = mamori.incident_verify_signed(forged, keys, lang="en")
        self.assertEqual(bad["status"], "rejected")
        self.assertEqual(bad["problems"][0]["code"], "bad_signature")
        del forged["events"][0]["signature"]
        self.assertEqual(mamori.incident_verify_signed(forged, keys)["status"], "unsigned")

    def test_log_fold_and_schemas(self):
        with mamori.Incident("INC-2026-007") as inc:
            self.assertEqual(inc.append(REPORTED), [])
            warnings = inc.append(
                event(
                    "2026-11-21T09:00:00+09:00",
                    "soumu",
                    {"type": "carrier_line_suspended", "carrier": "docomo"},
                )
            )
            validate(warnings, "incident-warnings.schema.json")
            with self.assertRaises(mamori.InvalidEventError):
                inc.append(REPORTED)
            state = inc.fold()
            validate(state, "incident-state.schema.json")
            self.assertEqual(state["incident_id"], "INC-2026-007")
            self.assertEqual(state["device_id"], "PHONE-0042")
            log = inc.to_json()
            validate(log, "incident.schema.json")
            for ev in log["events"]:
                validate(ev, "incident-event.schema.json")
            self.assertEqual(len(log["events"]), 2)
        with mamori.Incident.load(log) as again:
            self.assertEqual(again.fold(), state)

    def test_empty_log_is_refused_on_load(self):
        with self.assertRaises(mamori.InvalidEventError):
            mamori.Incident.load({"schema": "mamori.incident.v1", "id": "X", "events": []})


class IncidentRecordTests(unittest.TestCase):
    """Issue 16: the hash chain, checked by the library and recomputed here in pure Python
    from the documented canonical bytes; the drafts and the VERIS export."""

    def log(self) -> dict:
        with mamori.Incident("INC-PY-16") as inc:
            inc.append(REPORTED)
            inc.append(
                event(
                    "2026-11-21T09:30:00+09:00",
                    "soumu",
                    {"type": "interview_answered", "answers": {
                        "noticed_missing_at": "2026-11-21T08:40:00+09:00",
                        "data_on_device": [{"description": "電話帳", "storage": {"type": "plaintext"},
                                            "persons": {"JP": 1200}}]}},
                )
            )
            return inc.to_json()

    def test_verify_and_independent_recomputation(self):
        import hashlib

        log = self.log()
        self.assertEqual(log["schema"], "mamori.incident.v2")
        check = mamori.incident_verify(log, lang="en")
        self.assertEqual(check["status"], "verified")
        prev = hashlib.sha256(("mamori.incident.v2:" + log["id"]).encode()).hexdigest()
        for ev in log["events"]:
            body = {k: v for k, v in ev.items() if k != "hash"}
            canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            self.assertEqual(ev["prev"], prev)
            self.assertEqual(hashlib.sha256(canon.encode()).hexdigest(), ev["hash"])
            prev = ev["hash"]
        tampered = json.loads(json.dumps(log))
        tampered["events"][1]["actor"] = "someone"
        self.assertEqual(mamori.incident_verify(tampered)["status"], "broken")
        swapped = json.loads(json.dumps(log))
        swapped["events"].reverse()
        self.assertEqual(mamori.incident_verify(swapped)["status"], "broken")
        v1 = {"schema": "mamori.incident.v1", "id": "OLD", "events": []}
        self.assertEqual(mamori.incident_verify(v1)["status"], "unverifiable")
        with self.assertRaises(mamori.InvalidInputError):
            mamori.incident_verify(log, lang="fr")

    def test_drafts_and_veris(self):
        log = self.log()
        req = {"schema": "mamori.draft_request.v1", "incident": log,
               "now": "2026-11-21T12:00:00+09:00"}
        draft = mamori.incident_report_draft(req)
        self.assertTrue(draft["draft"])
        self.assertEqual(len(draft["items"]), 9)
        self.assertIn("本人の数", draft["text"])
        notice = mamori.incident_notice_draft(dict(req, notice="public_notice"))
        self.assertEqual(notice["kind"], "public_notice")
        self.assertIn("お詫び", notice["title"])
        rec = mamori.incident_veris({"incident": log})
        self.assertEqual(rec["schema_version"], "1.4.0")


FAST = {"kdf": {"m_kib": 8192, "t": 1, "p": 1}, "default_region": "JP", "remote_wipe": True}

ORG = {"type": "business", "role": "controller", "established_in": ["JP"]}

LOST_1200 = {
    "schema": "mamori.assess.v1",
    "organisation": ORG,
    "incident": {
        "kind": "loss",
        "aware_at": "2026-11-21T08:40:00+09:00",
        "recovered_unviewed": False,
    },
    "data": {"persons": {"JP": 1200}, "sensitive": False, "financial_risk": False},
}


def status_of(assessment: dict, obligation_id: str) -> str:
    return next(o["status"] for o in assessment["obligations"] if o["id"] == obligation_id)


class AssessTests(unittest.TestCase):
    def test_lang_ja_gives_japanese_reasons_naming_the_ppc(self):
        a = mamori.assess({**LOST_1200, "lang": "ja"})
        pre = next(o for o in a["obligations"] if o["id"] == "jp.appi.ppc.preliminary")
        self.assertTrue(any("個人情報保護委員会" in r for r in pre["reasons"]), pre["reasons"])
        self.assertEqual(mamori.assess({**LOST_1200, "lang": "en"}), mamori.assess(LOST_1200))
        with self.assertRaises(errors.InvalidInputError):
            mamori.assess({**LOST_1200, "lang": "fr"})

    def test_plaintext_loss_is_reportable_and_matches_schema(self):
        validate(LOST_1200, "assess-request.schema.json")
        a = mamori.assess(LOST_1200)
        validate(a, "assessment.schema.json")
        self.assertEqual(a["schema"], "mamori.assessment.v1")
        self.assertEqual(status_of(a, "jp.appi.ppc.preliminary"), "required")

    def test_a_code_no_country_has_is_refused_and_an_uncovered_one_named(self):
        bad = {**LOST_1200, "data": {**LOST_1200["data"], "persons": {"JP": 1200, "JPN": 5}}}
        with self.assertRaises(errors.InvalidInputError) as cm:
            mamori.assess(bad)
        self.assertIn("data.persons.JPN", str(cm.exception))
        self.assertIn("`JPN`", str(cm.exception))
        org = {**LOST_1200["organisation"], "established_in": ["XX"]}
        with self.assertRaises(errors.InvalidInputError) as cm:
            mamori.assess({**LOST_1200, "organisation": org})
        self.assertIn("organisation.established_in[0]", str(cm.exception))
        za = {
            **LOST_1200,
            "organisation": {**LOST_1200["organisation"], "established_in": ["US-CA"]},
            "data": {**LOST_1200["data"], "persons": {"ZA": 500}},
        }
        a = mamori.assess(za)
        validate(a, "assessment.schema.json")
        self.assertEqual(a["obligations"], [])
        self.assertEqual(a["uncovered"][0]["jurisdiction"], "ZA")
        self.assertEqual(a["uncovered"][0]["persons"], 500)

    def test_assess_at_classifies_deadlines(self):
        a = mamori.assess(LOST_1200, now="2026-12-31T00:00:00+09:00")
        validate(a, "assessment.schema.json")
        plain = mamori.assess(LOST_1200)
        self.assertNotEqual(a, plain)
        self.assertEqual(
            [o["id"] for o in a["obligations"]], [o["id"] for o in plain["obligations"]]
        )
        self.assertIn("overdue", json.dumps(a))
        with self.assertRaises(mamori.InvalidInputError):
            mamori.assess(LOST_1200, now="tomorrow")

    def test_host_rule_pack(self):
        pack_json = (ROOT / "rules" / "default.json").read_text(encoding="utf-8")
        with mamori.RulePack(pack_json) as pack:
            self.assertTrue(pack.rules_version.startswith("mamori-default@"))
            self.assertEqual(pack.assess(LOST_1200), mamori.assess(LOST_1200))
        broken = json.loads(pack_json)
        broken["rules"][0]["deadline"] = {"nonsense": True}
        with self.assertRaises(mamori.RulePackError) as cm:
            mamori.RulePack(broken)
        self.assertIn("rules[0]", cm.exception.message)

    def test_string_request_is_accepted(self):
        self.assertEqual(mamori.assess(json.dumps(LOST_1200)), mamori.assess(LOST_1200))


class VaultTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "contacts.mamori")

    def tearDown(self):
        self.tmp.cleanup()

    def test_generated_passphrase_is_the_only_separated_passcode(self):
        # Issue 24 (N1): a passcode a person chose is never key-separated; one the library
        # generated (7 EFF words, 90 bits) is, at the default Argon2id parameters.
        with mamori.Vault.create(self.path, "correct horse battery staple") as v:
            m = v.manifest()
            self.assertFalse(m["key_separated"])
            p = v.generate_passphrase()
            self.assertEqual(len(p.split(" ")), 7)
            m = v.manifest()
            self.assertTrue(m["key_separated"])
            self.assertEqual(m["offline_guess_log2"], 90)
            self.assertEqual(m["key_slots"][0]["generator"], "eff_large_wordlist")
        with self.assertRaises(mamori.WrongPasscodeError):
            mamori.Vault.open(self.path, "correct horse battery staple")
        with mamori.Vault.open(self.path, p) as v:
            self.assertTrue(v.manifest()["key_separated"])

    def test_non_utf8_passcodes_are_refused(self):
        with self.assertRaises(mamori.InvalidInputError):
            mamori.Vault.create(self.path, "password".encode("utf-16-le"), FAST)
        with self.assertRaises(mamori.InvalidInputError):
            mamori.Vault.create(self.path, "パスワード123".encode("shift_jis"), FAST)

    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_a_forked_child_cannot_reuse_the_handle(self):
        # Issue 24 (N8): after fork() the child holds the parent's nonce pool; it must not
        # seal anything with it (AES-GCM nonce reuse), so every write (and every report) is
        # refused there. Contact reads draw no nonce and write nothing: they are allowed.
        with mamori.Vault.create(self.path, "481516", FAST) as v:
            v.put({"name": "親", "phones": ["090-1234-0001"]})
            pid = os.fork()
            if pid == 0:  # the child
                code = 1
                try:
                    if v.caller_id("090-1234-0001")["name"] != "親":
                        os._exit(5)
                    for write in (
                        lambda: v.put({"name": "子", "phones": ["090-1234-0002"]}),
                        v.compact,
                        v.manifest,
                    ):
                        try:
                            write()
                            os._exit(2)
                        except mamori.InvalidInputError as e:
                            if "forked child" not in str(e):
                                os._exit(3)
                    code = 0
                except BaseException:
                    code = 4
                os._exit(code)
            _, status = os.waitpid(pid, 0)
            self.assertEqual(os.waitstatus_to_exitcode(status), 0)
            v.put({"name": "親 2", "phones": ["090-1234-0003"]})
            self.assertEqual(v.manifest()["contacts"], 2)

    def test_story(self):
        with mamori.Vault.create(self.path, "481516", FAST) as v:
            ids = v.put_many(
                [
                    {"name": "佐藤 花子", "phones": ["090-1234-5678"], "tags": ["customer"]},
                    {"name": "Anna Schmidt", "phones": ["+49 30 901820"]},
                ]
            )
            validate(ids, "contact-ids.schema.json")
            self.assertEqual(len(ids), 2)
            c = v.lookup_phone("+81 90 1234 5678")
            validate(c, "contact.schema.json")
            self.assertEqual(c["name"], "佐藤 花子")
            self.assertEqual(c["id"], ids[0])
            self.assertIsNone(v.lookup_phone("090-0000-0000"))
            who = v.caller_id("０９０－１２３４－５６７８")
            validate(who, "caller-id.schema.json")
            self.assertEqual(who, {"id": ids[0], "name": "佐藤 花子"})
            self.assertIsNone(v.caller_id("090-0000-0000"))
            # put with an existing id replaces the contact.
            c["name"] = "佐藤 花子 (営業部)"
            self.assertEqual(v.put(c), ids[0])
            self.assertEqual(v.get(ids[0])["name"], "佐藤 花子 (営業部)")
            v.delete(ids[1])
            with self.assertRaises(mamori.NotFoundError):
                v.get(ids[1])
            hits = v.search_name("さとう") + v.search_name("佐藤")
            validate(hits, "contacts.schema.json")
            self.assertEqual([h["id"] for h in v.search_name("佐藤")], [ids[0]])
            v.compact()
            exported = v.export()
            validate(exported, "contacts.schema.json")
            self.assertEqual([c["id"] for c in exported], [ids[0]])
            log = v.access_log()
            validate(log, "access-log.schema.json")
            self.assertNotIn("佐藤", json.dumps(log, ensure_ascii=False))
            m = v.manifest()
            validate(m, "manifest.schema.json")
            self.assertEqual(m["contacts"], 1)
            self.assertEqual(m["persons_by_jurisdiction"], {"JP": 1})
            # Tamper evidence (issue 11): damage report, rollback anchor, export report.
            d = v.damage()
            validate(d, "vault-damage.schema.json")
            self.assertTrue(d["intact"])
            a = v.anchor()
            validate(a, "vault-anchor.schema.json")
            v.verify_anchor(a)
            with self.assertRaises(mamori.RolledBackError):
                v.verify_anchor(dict(a, seq=a["seq"] + 1))
            with self.assertRaises(mamori.CorruptError):
                v.verify_anchor(dict(a, vault_id="00" * 16))
            r = v.export_report()
            validate(r, "vault-export.schema.json")
            self.assertEqual(len(r["contacts"]), 1)
            self.assertEqual(r["unreadable"], [])
            # A declared MDM wipe is reported as such; only a server share is remote_wipe,
            # and a 6-digit PIN alone is not key separation (issue 10).
            self.assertTrue(m["remote_wipe_declared"])
            self.assertFalse(m["remote_wipe"])
            self.assertFalse(m["key_separated"])
            self.assertEqual(m["offline_guess_log2"], 19)  # 10^6 = 2^19.93, rounded down
            v.change_passcode(b"481516", b"27182818")
            with self.assertRaises(mamori.WrongPasscodeError):
                v.change_passcode(b"481516", b"000000")
            v.set_passcode(b"1123581321")
            v.set_passcode(b"27182818")
            with self.assertRaises(mamori.LockedError):
                mamori.Vault.open(self.path, b"27182818")
        with self.assertRaises(mamori.WrongPasscodeError):
            mamori.Vault.open(self.path, b"481516")
        with mamori.Vault.open(self.path, b"27182818") as v:
            self.assertEqual(v.get(ids[0])["phones"], ["+819012345678"])
            v.wipe()
            with self.assertRaises(mamori.WipedError):
                v.get(ids[0])
        self.assertFalse(os.path.exists(self.path))

    def test_open_or_create(self):
        v, created = mamori.Vault.open_or_create(self.path, "481516", FAST)
        with v:
            self.assertTrue(created)
            v.put({"name": "佐藤 花子", "phones": ["090-1234-5678"]})
        v, created = mamori.Vault.open_or_create(self.path, "481516", FAST)
        with v:
            self.assertFalse(created)
            self.assertEqual(v.lookup_phone("09012345678")["name"], "佐藤 花子")
        with self.assertRaises(mamori.WrongPasscodeError):
            mamori.Vault.open_or_create(self.path, "000000")

    def test_attempts_left(self):
        opts = dict(FAST, wipe_after_failed=3)
        mamori.Vault.create(self.path, "481516", opts).close()
        self.assertEqual(mamori.Vault.attempts_left(self.path), 3)
        for left in (2, 1):
            with self.assertRaises(mamori.WrongPasscodeError):
                mamori.Vault.open(self.path, "000000")
            self.assertEqual(mamori.Vault.attempts_left(self.path), left)
        with self.assertRaises(mamori.WipedError):
            mamori.Vault.open(self.path, "000000")
        with self.assertRaises(mamori.NotFoundError):
            mamori.Vault.attempts_left(self.path)
        other = self.path + ".2"
        mamori.Vault.create(other, "481516", FAST).close()
        self.assertIsNone(mamori.Vault.attempts_left(other))

    def test_bad_input(self):
        with self.assertRaises(mamori.ParamsOutOfBoundsError):
            mamori.Vault.create(self.path, "123456", {"kdf": {"m_kib": 1, "t": 1, "p": 1}})
        with self.assertRaises(mamori.InvalidInputError):
            mamori.Vault.create(self.path, "123456", {"unknown": 1})
        with mamori.Vault.create(self.path, "123456", FAST) as v:
            with self.assertRaises(mamori.InvalidInputError) as cm:
                v.put({"name": "Secret Person", "phones": "090-5555-6666"})
            self.assertNotIn("5555", str(cm.exception))
            self.assertNotIn("Secret", str(cm.exception))
            with self.assertRaises(mamori.InvalidInputError):
                v.get("not-an-id")
            with self.assertRaises(TypeError):
                v.put_many([{"name": "x", "phones": []}, object()])
        with self.assertRaises(ValueError):
            v.manifest()  # closed

    def test_open_options_anchor_before_any_write_and_read_only(self):
        # Issue 24 (N7): the anchor is checked before the open writes anything, and a
        # read-only open writes nothing at all.
        with mamori.Vault.create(self.path, "123456", FAST) as v:
            v.put_many([{"name": f"c{i}", "phones": [f"090-2000-{i:04d}"]} for i in range(50)])
            older = Path(self.path).read_bytes()
            v.put({"name": "later", "phones": ["090-3000-0000"]})
            anchor = v.anchor()
        full = Path(self.path).read_bytes()
        with mamori.Vault.open(self.path, "123456", {"read_only": True}) as v:
            self.assertTrue(v.damage()["intact"])
            self.assertEqual(v.manifest()["persons"], 51)
            with self.assertRaises(mamori.InvalidInputError):
                v.put({"name": "x", "phones": []})
        self.assertEqual(Path(self.path).read_bytes(), full)
        # A copy cut inside the last transaction: with the anchor, RolledBack and untouched.
        cut = full[: len(older) + (len(full) - len(older)) // 2]
        Path(self.path).write_bytes(cut)
        with self.assertRaises(mamori.RolledBackError):
            mamori.Vault.open(self.path, "123456", {"anchor": anchor})
        self.assertEqual(Path(self.path).read_bytes(), cut)
        # Read-only without the anchor: reported, not cut, the head count left open.
        with mamori.Vault.open(self.path, "123456", {"read_only": True}) as v:
            d = v.damage()
            self.assertFalse(d["intact"])
            self.assertIsNotNone(d["truncated"])
        self.assertEqual(Path(self.path).read_bytes(), cut)
        # A file cut back to its header is never an intact empty vault.
        Path(self.path).write_bytes(full[:1024])
        with self.assertRaises(mamori.CorruptError):
            mamori.Vault.open(self.path, "123456")

    def test_corrupt_file(self):
        with open(self.path, "wb") as f:
            f.write(b"not a vault" * 10)
        with self.assertRaises(mamori.CorruptError):
            mamori.Vault.open(self.path, "1234")

    def test_concurrent_lookups_on_one_handle(self):
        with mamori.Vault.create(self.path, "123456", FAST) as v:
            v.put_many(
                [{"name": f"customer {i}", "phones": [f"090-1000-{i:04d}"]} for i in range(20)]
            )
            results = {}

            def worker(i):
                results[i] = v.lookup_phone(f"+81 90 1000 {i:04d}")["name"]

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(results, {i: f"customer {i}" for i in range(20)})

    def test_legal_hold_refuses_wipes_until_overridden_or_released(self):
        with mamori.Vault.create(self.path, "123456", FAST) as v:
            holds = v.hold("place", "LH-1")
            validate(holds, "vault-holds.schema.json")
            self.assertEqual(len(holds), 1)
            with self.assertRaises(mamori.LegalHoldError) as cm:
                v.wipe()
            self.assertEqual(cm.exception.code, 302)
            self.assertEqual(cm.exception.name, "LEGAL_HOLD")
            self.assertIn(holds[0]["reference"], cm.exception.message)
            with self.assertRaises(mamori.LegalHoldError):
                mamori.handover_retention(
                    v, now="2026-06-30T10:00:00+09:00", max_unused_days=90
                )
        with self.assertRaises(mamori.LegalHoldError):
            mamori.Vault.wipe_file(self.path)
        with mamori.Vault.open(self.path, "123456") as v:
            self.assertIsNone(v.holds()[0]["released_at"])
            v.hold("override", "LH-1")
            v.wipe()
        self.assertFalse(os.path.exists(self.path))

    def test_register_hold_refuses_the_wiped_transition(self):
        at = "2026-04-01T09:00:00+09:00"
        with mamori.Register() as reg:
            reg.apply({"op": "add", "device": PHONE, "at": at, "actor": "it"})
            reg.apply({"op": "transition", "id": "PHONE-0042", "to": "lost", "at": at, "actor": "it"})
            reply = reg.apply(
                {
                    "op": "hold",
                    "id": "PHONE-0042",
                    "action": "place",
                    "hold_id": "LH-2",
                    "reason": "evidence in a dispute",
                    "at": at,
                    "actor": "legal-sato",
                }
            )
            validate(reply, "register-reply.schema.json")
            wipe = {"op": "transition", "id": "PHONE-0042", "to": "wiped", "at": at, "actor": "it"}
            with self.assertRaises(mamori.LegalHoldError) as cm:
                reg.apply(wipe)
            self.assertIn("legal-sato", cm.exception.message)
            self.assertIn("evidence in a dispute", cm.exception.message)
            reg.apply(
                {
                    "op": "hold",
                    "id": "PHONE-0042",
                    "action": "release",
                    "hold_id": "LH-2",
                    "reason": "settled",
                    "at": at,
                    "actor": "legal-sato",
                }
            )
            self.assertEqual(reg.apply(wipe)["entry"]["device"]["state"], "wiped")


class KeyCustodyTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "k.mamori")

    def tearDown(self):
        self.tmp.cleanup()

    def test_host_key(self):
        key = bytes(range(32))
        with mamori.Vault.create_with_key(self.path, key, FAST) as v:
            m = v.manifest()
            validate(m, "manifest.schema.json")
            self.assertTrue(m["key_separated"])
            self.assertEqual(m["key_source"], "host_key")
        with self.assertRaises(mamori.WrongPasscodeError):
            mamori.Vault.open_with_key(self.path, bytes(32))
        with self.assertRaises(mamori.FactorRequiredError):
            mamori.Vault.open(self.path, "123456")
        with self.assertRaises(ValueError):
            mamori.Vault.open_with_key(self.path, b"short")
        with mamori.Vault.open_with_key(self.path, key) as v:
            v.rekey("a long passphrase for the rekey")
        with self.assertRaises(mamori.FactorRequiredError):
            mamori.Vault.open_with_key(self.path, key)
        mamori.Vault.open(self.path, "a long passphrase for the rekey").close()

    def test_platform_factor_and_pin_policy(self):
        import hashlib
        import hmac

        with self.assertRaises(mamori.InvalidInputError):
            mamori.Vault.create(self.path, "1234", FAST)  # 4-digit PIN alone: refused
        hw = b"k" * 32  # software stand-in for a StrongBox HMAC key

        def factor(c):
            return hmac.new(hw, c, hashlib.sha256).digest()

        challenge = mamori.Vault.new_challenge()
        opts = dict(FAST, factor_source="android_strongbox")
        with mamori.Vault.create_with_factor(
            self.path, "123456", challenge, factor(challenge), opts
        ) as v:
            m = v.manifest()
            self.assertTrue(m["key_separated"])
            self.assertEqual(m["key_source"], "passcode+platform")
        c = mamori.Vault.unlock_challenge(self.path)
        self.assertEqual(c, challenge)
        with self.assertRaises(mamori.FactorRequiredError):
            mamori.Vault.open(self.path, "123456")
        with self.assertRaises(mamori.WrongPasscodeError):
            mamori.Vault.open_with_factor(self.path, "123456", bytes(32))
        mamori.Vault.open_with_factor(self.path, "123456", factor(c)).close()
        # Rekey to a new factor: a new_challenge (another vault id) is refused, the
        # vault's own rekey_challenge works and is what unlock_challenge returns afterwards.
        with mamori.Vault.open_with_factor(self.path, "123456", factor(c)) as v:
            foreign = mamori.Vault.new_challenge()
            with self.assertRaises(mamori.InvalidInputError):
                v.rekey("123456", challenge=foreign, factor=factor(foreign), options=opts)
            c2 = v.rekey_challenge()
            self.assertEqual(c2[:16], c[:16])
            v.rekey("123456", challenge=c2, factor=factor(c2), options=opts)
        c3 = mamori.Vault.unlock_challenge(self.path)
        self.assertEqual(c3, c2)
        mamori.Vault.open_with_factor(self.path, "123456", factor(c3)).close()

    def test_revoked_server_share(self):
        import shutil

        with mamori.KeyShareRegistry() as server:
            share_id, share = server.issue()
            challenge = mamori.Vault.new_challenge()[:16] + share_id
            opts = dict(FAST, factor_source="server")
            with mamori.Vault.create_with_factor(self.path, "258013", challenge, share, opts) as v:
                m = v.manifest()
                self.assertTrue(m["remote_wipe"] and m["key_separated"])
            copy = self.path + ".copy"
            shutil.copy(self.path, copy)
            sid = mamori.Vault.unlock_challenge(copy)[16:]
            self.assertEqual(server.release(sid), share)
            server.revoke(sid)
            with self.assertRaises(mamori.ShareRevokedError):
                server.release(sid)
            with self.assertRaises(mamori.WrongPasscodeError):
                mamori.Vault.open_with_factor(copy, "258013", bytes(32))


    def test_share_hold_refuses_revocation_until_overridden(self):
        with mamori.KeyShareRegistry() as server:
            share_id, _share = server.issue(at="2026-10-01T09:00:00+09:00")
            holds = server.hold(
                share_id, "place", "LH-21", reason="evidence in the dispute",
                at="2026-12-05T09:00:00+09:00", actor="legal-sato",
            )
            self.assertEqual(holds[0]["schema"], "mamori.legal_hold.v1")
            with self.assertRaises(mamori.LegalHoldError) as cm:
                server.revoke(share_id, at="2026-12-05T09:18:00+09:00")
            self.assertIn("LH-21", str(cm.exception))
            self.assertIn("legal-sato", str(cm.exception))
            with self.assertRaises(mamori.LegalHoldError):
                server.revoke(share_id)
            self.assertEqual(server.holds(share_id)[0]["overrides"], [])
            server.hold(
                share_id, "override", "LH-21", reason="thief has the phone",
                at="2026-12-05T09:10:00+09:00", actor="cfo-ito",
            )
            server.revoke(share_id, at="2026-12-05T09:18:00+09:00")
            ops = [e["op"] for e in server.log()["entries"]]
            self.assertEqual(ops, ["issued", "hold_placed", "hold_overridden", "revoked"])

    def test_share_log_restore_and_released_after(self):
        with mamori.KeyShareRegistry() as server:
            share_id, share = server.issue(at="2026-10-01T09:00:00+09:00")
            server.release(share_id, at="2026-12-05T02:14:00+09:00")
            server.revoke(share_id, at="2026-12-05T09:18:00+09:00")
            log = server.log()
            self.assertEqual(log["schema"], "mamori.share_log.v1")
            self.assertEqual([e["op"] for e in log["entries"]], ["issued", "released", "revoked"])
            check = server.released_after(share_id, "2026-12-04T21:30:00+09:00")
            self.assertIs(check["released_after"], True)
            self.assertTrue(check["revoked"])
            check = server.released_after(share_id, "2026-12-05T03:00:00+09:00")
            self.assertIs(check["released_after"], False)
        head = log["entries"][-1]["hash"]
        with mamori.KeyShareRegistry.restore(log, head) as back:
            with self.assertRaises(mamori.ShareRevokedError):
                back.insert(share_id, share)
        log["entries"][1]["at"] = "2026-12-04T19:00:00+09:00"
        with self.assertRaises(mamori.InvalidInputError) as e:
            mamori.KeyShareRegistry.restore(log)
        self.assertIn("entries[1].hash", str(e.exception))


class IncidentAssessTests(unittest.TestCase):
    def test_legal_hold_turns_the_wipe_into_lock_and_locate(self):
        hold = {"type": "legal_hold_placed", "hold_id": "LH-9", "reason": "the phone is evidence"}
        with mamori.Incident("INC-H") as inc:
            inc.append(REPORTED)
            inc.append(event("2026-11-21T09:00:00+09:00", "legal-sato", hold))
            validate(inc.fold(), "incident-state.schema.json")
            actions = inc.next_actions({"now": "2026-11-21T10:00:00+09:00", "device": PHONE})
            validate(actions, "next-actions.schema.json")
            wipe = next(a for a in actions if a["id"] == "remote_wipe")
            self.assertIn("LH-9", wipe["conflict"]["en"])
            self.assertIn("lock", wipe["conflict"]["en"])
            self.assertIn("遠隔ロック", wipe["conflict"]["ja"])
            self.assertEqual(wipe["conflict"]["hold"]["placed"]["by"], "legal-sato")
            issue = event(
                "2026-11-21T10:00:00+09:00", "it", {"type": "remote_wipe_issued", "channel": "MDM"}
            )
            with self.assertRaises(mamori.LegalHoldError):
                inc.append(issue)
            inc.append(
                event(
                    "2026-11-21T10:05:00+09:00",
                    "cfo",
                    {"type": "legal_hold_overridden", "hold_id": "LH-9", "reason": "thief has it"},
                )
            )
            inc.append(issue)

    def test_next_actions_and_assessment_from_the_log(self):
        with mamori.Incident("INC-1") as inc:
            inc.append(REPORTED)
            query = {"now": "2026-11-21T08:45:00+09:00", "device": PHONE}
            validate(query, "next-actions-query.schema.json")
            actions = inc.next_actions(query)
            validate(actions, "next-actions.schema.json")
            self.assertIn("interview", [a["id"] for a in actions])
            q = {"organisation": ORG, "device": PHONE}
            validate(q, "incident-assess-query.schema.json")
            link = inc.assess_request(q)
            validate(link, "assess-link.schema.json")
            self.assertEqual(link["request"]["schema"], "mamori.assess.v1")
            a = inc.assess(q)
            validate(a, "assessment.schema.json")
            self.assertEqual(a, mamori.assess(link["request"]))
            req = {
                "schema": "mamori.plan_request.v1",
                "incident": inc.to_json(),
                "device": PHONE,
                "organisation": ORG,
                "now": "2026-11-21T08:45:00+09:00",
            }
            validate(req, "plan-request.schema.json")
            p = mamori.plan(req)
            validate(p, "plan.schema.json")
            self.assertEqual(p["next_actions"], actions)
            self.assertEqual(p["assess_request"], link)
            self.assertEqual(p["state"], inc.fold())
            other = dict(PHONE, id="PHONE-9999")
            with self.assertRaises(mamori.InvalidInputError):
                mamori.plan(dict(req, device=other))
            tl = inc.timeline()
            validate(tl, "timeline.schema.json")
            self.assertEqual(len(tl["entries"]), 1)


class ThreadTests(unittest.TestCase):
    def test_last_error_is_per_thread(self):
        seen = {}

        def worker(i):
            try:
                mamori.assess("{" * (i + 1))
            except mamori.InvalidInputError as e:
                seen[i] = e.message

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(seen), 8)
        for msg in seen.values():
            self.assertIn("invalid input", msg)



class HandoverTests(unittest.TestCase):
    """Issue 16: the leaver's hand-over and lang in the next-actions query."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.old = os.path.join(self.tmp.name, "tanaka.mamori")
        self.new = os.path.join(self.tmp.name, "suzuki.mamori")

    def tearDown(self):
        self.tmp.cleanup()

    def test_host_key_retirement_reads_the_source_holds(self):
        at = "2026-06-30T10:00:00+09:00"
        src = mamori.Vault.create_with_key(self.old, bytes(range(32)), FAST)
        dst = mamori.Vault.create(self.new, "correct horse battery staple", FAST)
        start = {"id": "HO-9", "leaver": "a", "recipient": "b", "recipient_kind": "company"}
        rec = mamori.handover_start(src, start, at=at, actor="it")
        rec = mamori.handover_move(rec, src, dst, at=at, actor="it")
        src.hold("place", "LH-41")
        with self.assertRaises(mamori.InvalidInputError):
            mamori.handover_key_retired(rec, at=at, actor="it")
        with self.assertRaises(mamori.LegalHoldError):
            mamori.handover_key_retired(rec, at=at, actor="it", source=src)
        src.hold("override", "LH-41")
        rec = mamori.handover_key_retired(rec, at=at, actor="it", source=src)
        self.assertEqual(rec["steps"][-1]["data"]["method"], "host_key_destroyed")
        src.close()
        dst.close()

    def test_handover_with_server_share(self):
        at = "2026-06-30T10:00:00+09:00"
        with mamori.KeyShareRegistry() as server:
            share_id, share = server.issue()
            challenge = mamori.Vault.new_challenge()[:16] + share_id
            opts = dict(FAST, factor_source="server")
            src = mamori.Vault.create_with_factor(self.old, "258013", challenge, share, opts)
            dst = mamori.Vault.create(self.new, "correct horse battery staple", FAST)
            src.put_many(
                [
                    {"name": "山田 太郎", "phones": ["090-1234-5678"]},
                    {"name": "佐藤 花子", "phones": ["03-1234-5678"]},
                ]
            )
            start = {
                "id": "HO-1",
                "leaver": "sales-tanaka",
                "recipient": "sales-suzuki",
                "recipient_kind": "successor",
                "share_id": share_id.hex(),
            }
            rec = mamori.handover_start(src, start, at=at, actor="it")
            validate(rec, "handover.schema.json")
            with self.assertRaises(mamori.InvalidEventError):
                mamori.handover_wipe(rec, src, at=at, actor="it")
            rec = mamori.handover_move(rec, src, dst, at=at, actor="it")
            self.assertEqual(sorted(c["name"] for c in dst.export()), ["佐藤 花子", "山田 太郎"])
            with self.assertRaises(mamori.InvalidEventError):
                mamori.handover_return(rec, at=at, actor="it")
            # Revoking the share crypto-erases the source: refused without it, and while
            # the source vault holds a legal hold (the share itself holds none).
            with self.assertRaises(mamori.InvalidInputError):
                mamori.handover_revoke_share(rec, server, at=at, actor="it")
            src.hold("place", "LH-16")
            with self.assertRaises(mamori.LegalHoldError):
                mamori.handover_revoke_share(rec, server, at=at, actor="it", source=src)
            self.assertEqual(len(server.release(share_id)), 32)
            src.hold("release", "LH-16")
            rec = mamori.handover_revoke_share(rec, server, at=at, actor="it", source=src)
            rec = mamori.handover_wipe(rec, src, at=at, actor="it", path=self.old)
            rec = mamori.handover_return(rec, at=at, actor="it")
            validate(rec, "handover.schema.json")
            self.assertFalse(os.path.exists(self.old))
            with self.assertRaises(mamori.ShareRevokedError):
                server.release(share_id)
            st = mamori.handover_status(rec)
            validate(st, "handover-status.schema.json")
            self.assertTrue(st["complete"] and st["chain_verified"])
            self.assertIn("退職者", st["lines"][0])
            ret = mamori.handover_retention(
                dst, now="2040-01-01T00:00:00+09:00", max_unused_days=30
            )
            validate(ret, "retention.schema.json")
            self.assertEqual(len(ret["delete"]), 2)
            src.close()
            dst.close()

    def test_next_actions_in_japanese(self):
        with mamori.Incident("INC-1") as inc:
            inc.append(REPORTED)
            q = {"now": "2026-11-21T08:45:00+09:00", "lang": "ja"}
            validate(q, "next-actions-query.schema.json")
            ja = inc.next_actions(q)
            en = inc.next_actions({"now": "2026-11-21T08:45:00+09:00"})
            self.assertEqual(ja[0]["title"], en[0]["title_ja"])
            with self.assertRaises(mamori.InvalidInputError):
                inc.next_actions(dict(q, lang="fr"))


if __name__ == "__main__":
    unittest.main()
