"""Issue 12 through the Python binding: the facts the vault and the interview hand to the
breach engine never under-report (switchboard count, e-mail-only contact, German customers,
"cannot tell" malice)."""

from __future__ import annotations

import os
import tempfile
import unittest

import mamori
from test_mamori import FAST, ORG, PHONE, validate


def event(at: str, actor: str, data: dict) -> dict:
    return {"schema": "mamori.incident_event.v1", "at": at, "actor": actor, "data": data}


def assess_incident(kind: str, answers: dict, device: dict | None) -> dict:
    with mamori.Incident("INC-FACTS") as inc:
        inc.append(
            event(
                "2026-12-01T09:00:00+09:00",
                "sales",
                {
                    "type": "reported",
                    "kind": kind,
                    "device_id": "PHONE-0042",
                    "reporter": "sales",
                    "summary": "phone missing",
                },
            )
        )
        inc.append(
            event(
                "2026-12-01T09:20:00+09:00",
                "it",
                {"type": "interview_answered", "answers": answers},
            )
        )
        a = inc.assess({"organisation": ORG, "device": device})
        validate(a, "assessment.schema.json")
        return a


def status(a: dict, obligation: str) -> str:
    for o in a["obligations"]:
        if o["id"] == obligation:
            return o["status"]
    return "absent"


VAULT_ITEM = {"description": "customers", "storage": {"type": "mamori_vault"}}


class FactsTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def manifest(self, name: str, contacts: list[dict]) -> dict:
        with mamori.Vault.create(os.path.join(self.tmp.name, name), "93175028", FAST) as v:
            v.put_many(contacts)
            m = v.manifest()
        validate(m, "manifest.schema.json")
        return m

    def device(self, manifest: dict) -> dict:
        return dict(PHONE, posture=dict(PHONE["posture"], vault=manifest))

    def test_switchboard_is_not_one_person(self):
        contacts = [{"name": f"顧客 {i:04d}", "phones": ["03-5555-0100"]} for i in range(1001)]
        m = self.manifest("switchboard", contacts)
        self.assertEqual(m["contacts"], 1001)
        self.assertGreaterEqual(m["persons_max"], 1001)
        persons = m["persons"]
        self.assertGreaterEqual(persons if isinstance(persons, int) else persons["max"], 1001)
        # The same customers were also in the phone's plaintext phonebook.
        answers = {
            "stolen_or_dropped": "dropped",
            "data_on_device": [
                {
                    "description": "phonebook",
                    "storage": {"type": "plaintext"},
                    "persons": m["persons_by_jurisdiction"],
                },
                VAULT_ITEM,
            ],
        }
        a = assess_incident("loss", answers, self.device(m))
        self.assertEqual(status(a, "jp.appi.ppc.final"), "required")

    def test_email_only_contact_assesses(self):
        m = self.manifest(
            "email_only",
            [
                {"name": "山田 太郎", "phones": ["090-1234-5678"]},
                {"name": "Mail Only", "phones": [], "emails": ["only@example.com"]},
            ],
        )
        self.assertEqual(m["persons_by_jurisdiction"], {"JP": 1, "unknown": 1})
        a = assess_incident(
            "loss", {"stolen_or_dropped": "dropped", "data_on_device": [VAULT_ITEM]}, self.device(m)
        )
        self.assertEqual(a["schema"], "mamori.assessment.v1")

    def test_german_customers_get_gdpr(self):
        m = self.manifest(
            "german",
            [
                {"name": "Anna Schmidt", "phones": ["+49 30 901820"]},
                {"name": "Jonas Weber", "phones": ["+49 151 23456789"]},
            ],
        )
        self.assertEqual(m["persons_by_jurisdiction"], {"DE": 2})
        a = assess_incident("theft", {"data_on_device": [VAULT_ITEM]}, self.device(m))
        self.assertIn(status(a, "eu.gdpr.authority"), ("required", "possible"))

    def test_cannot_tell_keeps_malice_unknown(self):
        answers = {
            "stolen_or_dropped": "cannot_tell",
            "data_on_device": [
                {"description": "phonebook", "storage": {"type": "plaintext"}, "persons": {"JP": 12}}
            ],
        }
        a = assess_incident("loss", answers, None)
        self.assertEqual(status(a, "jp.appi.ppc.final"), "possible")
        self.assertIn("data.malicious", a["missing_facts"])


if __name__ == "__main__":
    unittest.main()
