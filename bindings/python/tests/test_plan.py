"""Issue 25: lang on the incident assessment, the response plan, detail="plan", host-declared
assumptions and the plan as iCalendar (parsed with the independent `icalendar` package)."""

from __future__ import annotations

import json
import os
import unittest
from datetime import datetime, timedelta, timezone
from pathlib import Path

import mamori

try:
    import icalendar
except ImportError:  # pragma: no cover - exercised on machines without icalendar
    icalendar = None
    if os.environ.get("MAMORI_REQUIRE_ICALENDAR"):
        raise

ROOT = Path(__file__).resolve().parents[3]
US = json.loads((ROOT / "examples" / "requests" / "us_unknown_state_jp.json").read_text("utf-8"))
ORG = {"type": "business", "role": "controller", "established_in": ["JP"]}


def plan_groups(a: dict) -> list[dict]:
    return a["plan"]["groups"]


class PlanTests(unittest.TestCase):
    def test_full_answer_carries_a_plan_that_summarises_the_obligations(self):
        a = mamori.assess(US)
        self.assertGreater(len(a["obligations"]), 50)
        groups = plan_groups(a)
        self.assertLessEqual(len(groups), 12)
        # Required before possible; every listed rule is an obligation of that status or worse.
        ranks = {"required": 0, "possible": 1}
        self.assertEqual(
            [ranks[g["status"]] for g in groups], sorted(ranks[g["status"]] for g in groups)
        )
        by_id = {o["id"]: o for o in a["obligations"]}
        for g in groups:
            statuses = {by_id[r]["status"] for r in g["rules"]}
            self.assertEqual(g["status"], min(statuses, key=ranks.get))
        states = next(g for g in groups if g["key"] == "us-states:individuals")
        self.assertGreater(len(states["jurisdictions"]), 40)
        self.assertIn("the states of 1,000 US persons", states["settle"])

    def test_detail_plan_is_short_and_in_the_requested_language(self):
        a = mamori.assess({**US, "detail": "plan", "lang": "ja"})
        self.assertEqual(a["obligations"], [])
        text = json.dumps(a, ensure_ascii=False, separators=(",", ":"))
        self.assertLessEqual(len(text.encode("utf-8")), 8 * 1024)
        self.assertEqual(a["plan"]["lang"], "ja")
        self.assertTrue(any("米国各州" in g["title"] for g in plan_groups(a)))
        self.assertEqual(plan_groups(a), plan_groups(mamori.assess({**US, "lang": "ja"})))

    def test_assumptions_are_applied_only_when_given_and_recorded(self):
        plain = mamori.assess(US)
        self.assertNotIn("assumptions", plain)
        a = mamori.assess({**US, "assume": {"US": "US-CA"}})
        self.assertEqual(a["assumptions"][0]["field"], "assume.US")
        self.assertTrue(a["assumptions"][0]["applied"])
        self.assertLess(len(a["obligations"]), len(plain["obligations"]))
        for o in a["obligations"]:
            self.assertTrue(any("assume.US" in r for r in o["reasons"]), o["id"])
        with self.assertRaises(mamori.InvalidInputError) as cm:
            mamori.assess({**US, "assume": {"US": "JP"}})
        self.assertIn("assume.US", str(cm.exception))

    def test_incident_assess_takes_lang(self):
        with mamori.Incident("INC-2026-025") as inc:
            inc.append(
                {
                    "schema": "mamori.incident_event.v1",
                    "at": "2026-12-03T09:10:00+09:00",
                    "actor": "tanaka",
                    "data": {
                        "type": "reported",
                        "kind": "loss",
                        "device_id": None,
                        "reporter": "tanaka",
                        "summary": "社用スマートフォンを紛失",
                    },
                }
            )
            ja = inc.assess({"organisation": ORG, "lang": "ja"})
            en = inc.assess({"organisation": ORG})
        self.assertEqual(ja["plan"]["lang"], "ja")
        self.assertEqual(en["plan"]["lang"], "en")
        self.assertTrue(any("個人情報保護法" in r for o in ja["obligations"] for r in o["reasons"]))


class IcsTests(unittest.TestCase):
    def test_plan_as_icalendar_parses_with_an_independent_parser(self):
        if icalendar is None:
            raise unittest.SkipTest("icalendar not installed")
        a = mamori.assess({**US, "lang": "ja"})
        ics = mamori.assessment_ics(a, now="2026-12-03T12:00:00+09:00", alarm_before_hours=48)
        for line in ics.split("\r\n"):
            self.assertLessEqual(len(line.encode("utf-8")), 75, line)
        cal = icalendar.Calendar.from_ical(ics)
        events = [c for c in cal.walk("VEVENT")]
        dated = [g for g in plan_groups(a) if g.get("due")]
        self.assertEqual(len(events), len(dated))
        self.assertGreater(len(events), 0)
        zones_seen = set()
        for ev, g in zip(events, dated):
            self.assertEqual(str(ev["SUMMARY"]), g["title"])
            due = datetime.fromisoformat(g["due"]["at"])
            start = ev.decoded("DTSTART")
            # The same instant, written in the rule's own zone (issue 25 item 5).
            self.assertEqual(start, due)
            self.assertEqual(start.utcoffset(), due.utcoffset())
            zone = g["due"]["zone"]
            if zone[0] in "+-":
                # A fixed offset: TZID "UTC+09:00" with its own VTIMEZONE.
                self.assertEqual(start.tzname(), "UTC" + zone)
                self.assertEqual(ev["DTSTART"].params["TZID"], "UTC" + zone)
            else:
                self.assertEqual(getattr(start.tzinfo, "key", None), zone)
                self.assertEqual(ev["DTSTART"].params["TZID"], zone)
            zones_seen.add(ev["DTSTART"].params["TZID"])
            alarms = [c for c in ev.walk("VALARM")]
            self.assertEqual(len(alarms), 1)
            self.assertEqual(alarms[0].decoded("TRIGGER"), -timedelta(hours=48))
            self.assertIn(g["due"]["rule"], str(ev["DESCRIPTION"]))
        # RFC 5545 3.6.5: a VTIMEZONE for every TZID used, and none unused.
        tzids = {str(c["TZID"]) for c in cal.walk("VTIMEZONE")}
        self.assertEqual(tzids, zones_seen)
        self.assertIn("UTC+09:00", tzids)
        self.assertTrue(any("/" in z for z in tzids), tzids)
        with self.assertRaises(mamori.InvalidInputError):
            mamori.assessment_ics(a, now="2026-12-03T12:00:00+09:00", alarm_before_hours=0)


if __name__ == "__main__":
    unittest.main()
