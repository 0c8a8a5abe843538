package jp.mamori;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class EngineTest {
    static final String REPORTED = "{\"schema\":\"mamori.incident_event.v1\",\"at\":\"2026-11-21T08:40:00+09:00\","
            + "\"actor\":\"tanaka\",\"data\":{\"type\":\"reported\",\"kind\":\"loss\",\"device_id\":\"PHONE-0042\","
            + "\"reporter\":\"田中\",\"summary\":\"懇親会の後に社用スマートフォンを紛失\"}}";

    @Test
    public void assessTheExampleRequest() throws Exception {
        String req = TestSupport.read("examples/requests/lost_phone_1200.json");
        String a = Assess.assess(req);
        assertThat(a, containsString("\"schema\":\"mamori.assessment.v1\""));
        assertThat(a, containsString("jp.appi"));
        assertThat(Assess.assessAt(req, "2026-12-05T10:00:00+09:00", 72), containsString("due_soon"));
        try (Assess.RulePack p = Assess.RulePack.load(TestSupport.read("rules/default.json"))) {
            assertThat(p.rulesVersion(), startsWith("mamori-default@"));
            assertEquals(a, p.assess(req));
        }
        try {
            Assess.assess("{\"schema\":\"mamori.assess.v1\"}");
            fail();
        } catch (MamoriException.InvalidInput e) {
            assertEquals(3, e.code());
        }
        try {
            Assess.RulePack.load("{}");
            fail();
        } catch (MamoriException.RulePack e) {
            assertEquals(100, e.code());
        }
    }

    @Test
    public void langPlanDetailAndAssumptions() throws Exception {
        String us = TestSupport.read("examples/requests/us_unknown_state_jp.json");
        String planOnly = us.replaceFirst("\\{", "{\"detail\":\"plan\",\"lang\":\"ja\",");
        String a = Assess.assess(planOnly);
        assertThat(a, containsString("\"obligations\":[]"));
        assertThat(a, containsString("米国各州の漏えい通知法"));
        assertThat(a, containsString("\"groups\":["));
        String assumed = us.replaceFirst("\\{", "{\"assume\":{\"US\":\"US-CA\"},");
        assertThat(Assess.assess(assumed), containsString("\"field\":\"assume.US\""));
        try {
            Assess.assess(us.replaceFirst("\\{", "{\"assume\":{\"US\":\"JP\"},"));
            fail();
        } catch (MamoriException.InvalidInput e) {
            assertThat(e.getMessage(), containsString("assume.US"));
        }
        try (Incident inc = Incident.create("INC-2026-008")) {
            inc.append(REPORTED);
            String q = "{\"organisation\":{\"type\":\"business\",\"role\":\"controller\",\"established_in\":[\"JP\"]}";
            assertThat(inc.assess(q + ",\"lang\":\"ja\"}"), containsString("個人情報保護法が適用される"));
            assertThat(inc.assess(q + "}"), containsString("APPI applies"));
        }
    }

    /** Issue 25 item 5 in Java: the plan as iCalendar, due times in the rules' zones. */
    @Test
    public void planAsICalendarInTheRulesZones() throws Exception {
        String a = Assess.assess(TestSupport.read("examples/requests/us_unknown_state_jp.json"));
        String ics = Assess.assessmentIcs(a, "2026-12-03T12:00:00+09:00", 48);
        assertThat(ics, startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
        for (String l : ics.split("\r\n")) {
            assertTrue(l, l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75);
        }
        String unfolded = ics.replace("\r\n ", "");
        int events = 0;
        int dated = a.split("\"due\":\\{\"rule\"", -1).length - 1;
        java.util.Set<String> used = new java.util.TreeSet<>();
        java.util.Set<String> declared = new java.util.TreeSet<>();
        boolean inEvent = false;
        for (String l : unfolded.split("\r\n")) {
            if (l.equals("BEGIN:VEVENT")) {
                inEvent = true;
                events++;
            } else if (l.equals("END:VEVENT")) {
                inEvent = false;
            } else if (inEvent && l.startsWith("DTSTART;TZID=")) {
                used.add(l.substring("DTSTART;TZID=".length(), l.lastIndexOf(':')).replace("\"", ""));
            } else if (l.startsWith("TZID:")) {
                declared.add(l.substring("TZID:".length()));
            }
        }
        assertEquals(dated, events);
        assertTrue(events > 0);
        // Every TZID used has its VTIMEZONE (RFC 5545 3.6.5): the JP rules' +09:00 and US zones.
        assertEquals(used, declared);
        assertTrue(used.toString(), used.contains("UTC+09:00"));
        assertTrue(used.toString(), used.contains("America/New_York"));
        assertThat(ics, containsString("DTSTART;TZID=\"UTC+09:00\":20261205T235959\r\n"));
        assertThat(ics, containsString("TRIGGER:-PT48H\r\n"));
        assertThat(ics, containsString("DTSTAMP:20261203T030000Z\r\n"));
        // The raw request form gives the same document.
        assertEquals(ics, Assess.assessmentIcs("{\"assessment\":" + a
                + ",\"now\":\"2026-12-03T12:00:00+09:00\",\"alarm_before_hours\":48}"));
        try {
            Assess.assessmentIcs(a, "2026-12-03T12:00:00+09:00", 0);
            fail();
        } catch (MamoriException.InvalidInput e) {
            assertThat(e.getMessage(), containsString("alarm_before_hours"));
        }
    }

    @Test
    public void incidentLogRoundTripWithJapaneseText() {
        String stored;
        try (Incident inc = Incident.create("INC-2026-007")) {
            assertEquals("[]", inc.append(REPORTED));
            assertThat(inc.nextActions("{\"now\":\"2026-11-21T08:45:00+09:00\"}"), containsString("\"id\":\"interview\""));
            assertThat(inc.fold(), containsString("INC-2026-007"));
            assertThat(inc.timeline(), containsString("懇親会"));
            stored = inc.toJson();
            try {
                inc.append(REPORTED);
                fail();
            } catch (MamoriException.InvalidEvent e) {
                assertEquals(301, e.code());
            }
        }
        try (Incident again = Incident.load(stored)) {
            assertEquals(stored, again.toJson());
        }
        assertThat(Incident.verify(stored, null, "en"), containsString("\"status\""));
    }

    @Test
    public void signedLogCheckpointAndEvidenceBundle() {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) 7);
        String log;
        String cp;
        try (Incident inc = Incident.create("INC-SIG")) {
            assertEquals("[]", inc.appendSigned(REPORTED, "desk", seed));
            cp = inc.checkpoint("desk", seed);
            log = inc.toJson();
        }
        assertEquals(7, seed[0]); // the caller's seed is left alone (the binding wipes its copy)
        assertThat(cp, containsString("\"schema\":\"mamori.incident_checkpoint.v1\""));
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"public_key\":\"([0-9a-f]{64})\"").matcher(log);
        assertTrue(m.find());
        String keys = "[{\"key_id\":\"desk\",\"public_key\":\"" + m.group(1) + "\",\"holder\":\"総務部\"}]";
        String ok = Incident.verifySigned(
                "{\"incident\":" + log + ",\"trusted_keys\":" + keys + ",\"checkpoints\":[" + cp + "]}", "en");
        assertThat(ok, containsString("\"status\":\"verified\""));
        assertThat(ok, containsString("総務部"));
        // An edited event: rejected (the signature no longer matches).
        String edited = log.replace("懇親会の後に社用スマートフォンを紛失", "nothing happened");
        String bad = Incident.verifySigned("{\"incident\":" + edited + ",\"trusted_keys\":" + keys + "}", "en");
        assertThat(bad, containsString("\"status\":\"rejected\""));
        try {
            Incident.create("x").appendSigned(REPORTED, "desk", new byte[31]);
            fail();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage(), containsString("seed"));
        }

        Incident.Bundle b = Incident.bundle("{\"incident\":" + log + ",\"now\":\"2026-11-21T12:00:00+09:00\"}");
        byte[] json = b.json();
        byte[] html = b.html().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8),
                containsString("\"schema\":\"mamori.evidence_bundle.v1\""));
        assertThat(Incident.bundleVerify(json, html), containsString("\"status\":\"intact\""));
        assertThat(Incident.bundleVerify(json, null), containsString("\"status\":\"intact\""));
        for (int i = 0; i < json.length; i += Math.max(1, json.length / 40)) {
            byte[] flipped = json.clone();
            flipped[i] ^= 1;
            assertThat("byte " + i, Incident.bundleVerify(flipped, null),
                    org.hamcrest.CoreMatchers.not(containsString("\"status\":\"intact\"")));
        }
        byte[] html2 = java.util.Arrays.copyOf(html, html.length + 1);
        html2[html.length] = ' ';
        assertThat(Incident.bundleVerify(json, html2), containsString("\"status\":\"altered\""));
    }

    @Test
    public void registerCommands() {
        String phone = "{\"schema\":\"mamori.device.v1\",\"id\":\"PHONE-0042\",\"kind\":\"phone\",\"model\":\"SC-52C\","
                + "\"imei\":\"490154203237518\",\"colour\":\"black\",\"features\":[\"青いケース\"],\"ownership\":\"company\","
                + "\"posture\":{\"screen_lock\":{\"type\":\"pin\",\"length\":6},\"storage_encrypted\":true,"
                + "\"mdm_enrolled\":true,\"remote_lock\":true,\"remote_locate\":true,\"remote_wipe\":true}}";
        String stored;
        try (Register reg = Register.create(null)) {
            reg.apply("{\"op\":\"add\",\"device\":" + phone + ",\"at\":\"2026-04-01T09:00:00+09:00\",\"actor\":\"it\"}");
            assertThat(reg.apply("{\"op\":\"get\",\"id\":\"PHONE-0042\"}"), containsString("SC-52C"));
            try {
                reg.apply("{\"op\":\"get\",\"id\":\"nope\"}");
                fail();
            } catch (MamoriException.NotFound e) {
                assertEquals(4, e.code());
            }
            stored = reg.toJson();
        }
        try (Register again = Register.create(stored)) {
            assertEquals(stored, again.toJson());
            again.apply("{\"op\":\"check_out\",\"id\":\"PHONE-0042\",\"assignee\":\"tanaka\","
                    + "\"at\":\"2026-12-01T10:00:00+09:00\",\"actor\":\"it\"}");
            String reply = again.reconcile("{\"schema\":\"mamori.inventory_audit.v1\","
                    + "\"at\":\"2026-12-05T18:00:00+09:00\",\"auditor\":\"yamada\","
                    + "\"seen\":[{\"serial\":\"X-9\"}]}");
            assertThat(reply, containsString("\"mamori.reconciliation.v1\""));
            assertThat(reply, containsString("\"device_id\":\"serial:X-9\""));
            assertThat(reply, containsString("棚卸で確認できません"));
            assertThat(reply, containsString("\"type\":\"reported\""));
        }
    }
}
