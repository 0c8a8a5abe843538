"""Caller-ID directory export through the ctypes binding: the binary layout parsed back in
Python, the JSON form against its schema, and an incremental load applied to the previous
export equals a full export."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

import mamori
from mamori import directory

from test_mamori import validate

FAST = {"kdf": {"m_kib": 8192, "t": 1, "p": 1}, "default_region": "JP"}

CONTACTS = [
    {"name": "佐藤 花子", "company": "佐藤商事", "phones": ["090-1234-5678", "03-1234-5678"]},
    {"name": "鈴木 一郎", "company": "佐藤商事", "phones": ["03-1234-5678", "+44 7700 900123"]},
    {"name": "Jane Roe", "phones": ["+1 415 555 0100", "内線1234"]},
    {"name": "John Doe", "company": "Acme", "phones": ["+1 (415) 555-0100"]},
]


class DirectoryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = str(Path(self.tmp.name) / "d.mamori")
        self.v = mamori.Vault.create(self.path, b"123456", FAST)
        self.ids = self.v.put_many(CONTACTS)

    def tearDown(self):
        self.v.close()
        self.tmp.cleanup()

    def test_binary_layout_parses_back_ascending_unique_every_policy(self):
        for policy in ["name", "company", "name_company", "initials", "none"]:
            raw = self.v.caller_directory_bytes(policy)
            parsed = directory.parse_directory(raw)
            self.assertEqual(parsed["label_policy"], policy)
            numbers = [n for n, _ in parsed["entries"]]
            self.assertEqual(numbers, [14155550100, 81312345678, 447700900123, 819012345678])
            doc = self.v.caller_directory(policy)
            validate(doc, "caller-directory.schema.json")
            self.assertEqual([(e["number"], e["label"]) for e in doc["entries"]], parsed["entries"])
            self.assertEqual(doc["skipped_phones"], 1)
            self.assertEqual(doc["shared_numbers"], 2)
        labels = dict(directory.parse_directory(self.v.caller_directory_bytes("name"))["entries"])
        self.assertEqual(labels[819012345678], "佐藤 花子")
        self.assertEqual(labels[81312345678], "複数の連絡先")
        labels = dict(
            directory.parse_directory(self.v.caller_directory_bytes("name", "Several"))["entries"]
        )
        self.assertEqual(labels[14155550100], "Several")

    def test_incremental_applied_to_previous_equals_full(self):
        first = self.v.caller_directory_bytes()
        token = mamori.Vault.caller_directory_token(first)
        self.assertEqual(
            [n for n, _ in directory.parse_token(token)],
            [n for n, _ in directory.parse_directory(first)["entries"]],
        )
        self.assertEqual(token, bytes.fromhex(self.v.caller_directory()["token"]))
        self.v.delete(self.ids[2])
        self.v.put({"name": "高橋 三郎", "phones": ["080-9999-0000"]})
        self.v.put(dict(CONTACTS[0], id=self.ids[0], name="佐藤 花子 (営業)"))
        ch = directory.parse_changes(self.v.caller_directory_changes(token))
        full = self.v.caller_directory_bytes()
        prev = directory.parse_directory(first)["entries"]
        self.assertEqual(
            directory.apply_changes(prev, ch), directory.parse_directory(full)["entries"]
        )
        self.assertEqual(ch["token"], mamori.Vault.caller_directory_token(full))
        self.assertIn(819012345678, ch["removed"])  # label changed: removed, then added
        # from nothing loaded yet: everything is an addition
        ch0 = directory.parse_changes(self.v.caller_directory_changes(b""))
        self.assertEqual(ch0["added"], directory.parse_directory(full)["entries"])
        # the earlier binary export itself is accepted in place of its token
        self.assertEqual(self.v.caller_directory_changes(first), self.v.caller_directory_changes(token))

    def test_bad_input_is_typed(self):
        with self.assertRaises(mamori.InvalidInputError):
            self.v.caller_directory("everything")
        with self.assertRaises(mamori.InvalidInputError):
            self.v.caller_directory_changes(b"MMRT\x01garbage")
        with self.assertRaises(mamori.InvalidInputError):
            mamori.Vault.caller_directory_token(b"")

    def test_export_is_recorded_in_the_access_log(self):
        def exports():
            return [e for e in self.v.access_log()["entries"] if e["event"] == "directory_exported"]

        self.assertEqual(exports(), [])
        d = self.v.caller_directory_bytes("none")
        self.assertEqual(len(exports()), 1)
        self.assertEqual(exports()[0]["count"], len(directory.parse_directory(d)["entries"]))
        self.v.caller_directory("name")
        self.assertEqual(len(exports()), 2)
        events = [e["event"] for e in self.v.access_log()["entries"]]
        self.assertIn("directory_policy", events)
        self.assertIn("directory_persons_max", events)

    def test_manifest_reports_labels_outside_until_ack(self):
        labels = self.v.manifest()["labels_outside_vault"]
        self.assertEqual(labels["state"], "none")
        self.v.caller_directory("name")
        labels = self.v.manifest()["labels_outside_vault"]
        self.assertEqual(labels["state"], "exported")
        self.assertTrue(labels["verified"])
        self.assertEqual(labels["policies"], ["name"])
        # 佐藤 and 鈴木 share a switchboard, Jane Roe and John Doe a US number: 2..4 persons.
        self.assertEqual(labels["labelled_persons"], {"min": 2, "max": 4})
        self.v.ack_labels_removed()
        self.assertEqual(self.v.manifest()["labels_outside_vault"]["state"], "none")
        self.v.caller_directory("none")
        labels = self.v.manifest()["labels_outside_vault"]
        self.assertEqual(labels["labelled_persons"], 0)
        self.assertEqual(labels["numbers_only_persons"], {"min": 2, "max": 4})
        self.v.ackLabelsRemoved()
        self.assertEqual(self.v.manifest()["labels_outside_vault"]["state"], "none")

    def test_wipe_report_names_os_labels(self):
        self.v.caller_directory("name")
        r = self.v.wipe_report()
        self.assertEqual(r["schema"], "mamori.wipe.v1")
        self.assertTrue(r["os_labels_to_remove"])
        self.assertEqual(r["labels_outside_vault"]["state"], "exported")
        with self.assertRaises(mamori.WipedError):
            self.v.manifest()


if __name__ == "__main__":
    unittest.main()
