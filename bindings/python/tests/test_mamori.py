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


class IncidentTests(unittest.TestCase):
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


if __name__ == "__main__":
    unittest.main()
