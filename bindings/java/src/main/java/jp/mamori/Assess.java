package jp.mamori;

import com.sun.jna.Pointer;

/** The breach engine: a {@code mamori.assess.v1} request in, a {@code mamori.assessment.v1} out. */
public final class Assess {
    private Assess() {}

    /** Assess a breach against the embedded default rule pack. */
    public static String assess(String requestJson) {
        final byte[] r = Ffi.cstr(requestJson);
        return Ffi.callString(out -> LibMamori.mamori_assess(r, out));
    }

    /**
     * {@link #assess}, then classify each deadline against {@code now} (RFC 3339 with an
     * offset): within {@code dueSoonHours} is {@code due_soon}, passed is {@code overdue}.
     */
    public static String assessAt(String requestJson, String now, int dueSoonHours) {
        final byte[] r = Ffi.cstr(requestJson);
        final byte[] n = Ffi.cstr(now);
        return Ffi.callString(out -> LibMamori.mamori_assess_at(r, n, dueSoonHours, out));
    }

    /**
     * The assessment's response plan as an iCalendar (RFC 5545) document, from an {@code
     * mamori.ics_request} ({@code {"assessment", "now", "alarm_before_hours"?}}, see {@code
     * schemas/ics-request.schema.json}): one {@code VEVENT} per dated plan group, its due time in
     * the rule's zone ({@code DTSTART;TZID=...} with a {@code VTIMEZONE} per zone), each with a
     * {@code VALARM} before it.
     */
    public static String assessmentIcs(String icsRequestJson) {
        final byte[] r = Ffi.cstr(icsRequestJson);
        return Ffi.callString(out -> LibMamori.mamori_assessment_ics(r, out));
    }

    /**
     * {@link #assessmentIcs(String)} for an assessment (the JSON {@link #assess} returned, with
     * its {@code plan}), {@code now} (RFC 3339 with an offset; each event's {@code DTSTAMP}, the
     * library never reads the clock) and the alarm {@code alarmBeforeHours} (1–720) before each
     * due time. Errors: {@link MamoriException.InvalidInput} naming the field.
     */
    public static String assessmentIcs(String assessmentJson, String now, int alarmBeforeHours) {
        return assessmentIcs("{\"assessment\":" + assessmentJson + ",\"now\":" + jsonString(now)
                + ",\"alarm_before_hours\":" + alarmBeforeHours + "}");
    }

    /** {@code s} as a JSON string literal. */
    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A host-supplied rule pack (same format as {@code rules/default.json}). */
    public static final class RulePack extends Handle {
        private RulePack(Pointer p) {
            super(p);
        }

        /** Parse and validate a pack; {@link MamoriException.RulePack} names the location. */
        public static RulePack load(String packJson) {
            Ffi.init();
            Pointer out = Ffi.outPointer();
            Ffi.check(LibMamori.mamori_rule_pack_new(Ffi.cstr(packJson), out));
            return new RulePack(out.getPointer(0));
        }

        @Override
        void free(Pointer p) {
            LibMamori.mamori_rule_pack_free(p);
        }

        /** The pack's rules version, e.g. {@code "mamori-default@2026.11.1"}. */
        public String rulesVersion() {
            return with(p -> Ffi.callString(out -> LibMamori.mamori_rule_pack_version(p, out)));
        }

        /** {@link Assess#assess} against this pack. */
        public String assess(String requestJson) {
            final byte[] r = Ffi.cstr(requestJson);
            return with(p -> Ffi.callString(out -> LibMamori.mamori_rule_pack_assess(p, r, out)));
        }
    }
}
