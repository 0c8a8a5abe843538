package jp.mamori;

import com.sun.jna.Pointer;

/** An incident's event log ({@code mamori_incident *}) with its playbook and assessment. */
public final class Incident extends Handle {
    private Incident(Pointer p) {
        super(p);
    }

    @Override
    void free(Pointer p) {
        LibMamori.mamori_incident_free(p);
    }

    /** A new, empty incident (the first event must be {@code reported}). */
    public static Incident create(String incidentId) {
        Ffi.init();
        Pointer out = Ffi.outPointer();
        Ffi.check(LibMamori.mamori_incident_new(Ffi.cstr(incidentId), out));
        return new Incident(out.getPointer(0));
    }

    /** Load a stored {@code mamori.incident.v1} log (every event replayed and validated). */
    public static Incident load(String incidentJson) {
        Ffi.init();
        Pointer out = Ffi.outPointer();
        Ffi.check(LibMamori.mamori_incident_load(Ffi.cstr(incidentJson), out));
        return new Incident(out.getPointer(0));
    }

    /** Append one event; returns the JSON array of guard warnings it raised. */
    public String append(String eventJson) {
        final byte[] e = Ffi.cstr(eventJson);
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_append(p, e, out)));
    }

    /** The log as a {@code mamori.incident.v1} document. */
    public String toJson() {
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_to_json(p, out)));
    }

    /** The folded state ({@code mamori.incident_state.v1}). */
    public String fold() {
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_fold(p, out)));
    }

    /** The ordered next actions for {@code {"now", "device"?, "assessment"?}}. */
    public String nextActions(String queryJson) {
        final byte[] q = Ffi.cstr(queryJson);
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_next_actions(p, q, out)));
    }

    /** The {@code mamori.assess.v1} request this incident implies, with notes. */
    public String assessRequest(String queryJson) {
        final byte[] q = Ffi.cstr(queryJson);
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_assess_request(p, q, out)));
    }

    /** Assess this incident with the breach engine. */
    public String assess(String queryJson) {
        final byte[] q = Ffi.cstr(queryJson);
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_assess(p, q, out)));
    }

    /** The timeline ({@code mamori.timeline.v1}). */
    public String timeline() {
        return with(p -> Ffi.callString(out -> LibMamori.mamori_incident_timeline(p, out)));
    }

    /** Stateless planning: {@code mamori.plan_request.v1} in, {@code mamori.plan.v1} out. */
    public static String plan(String planRequestJson) {
        final byte[] r = Ffi.cstr(planRequestJson);
        return Ffi.callString(out -> LibMamori.mamori_incident_plan(r, out));
    }

    /** Check a stored log's hash chain ({@code expectedHead}, {@code lang} may be null). */
    public static String verify(String incidentJson, String expectedHead, String lang) {
        final byte[] j = Ffi.cstr(incidentJson);
        final byte[] h = Ffi.cstr(expectedHead);
        final byte[] l = Ffi.cstr(lang);
        return Ffi.callString(out -> LibMamori.mamori_incident_verify(j, h, l, out));
    }

    /** The 漏えい等報告 draft from a {@code mamori.draft_request.v1}. */
    public static String reportDraft(String requestJson) {
        final byte[] r = Ffi.cstr(requestJson);
        return Ffi.callString(out -> LibMamori.mamori_incident_report_draft(r, out));
    }

    /** A notice draft from a {@code mamori.draft_request.v1}. */
    public static String noticeDraft(String requestJson) {
        final byte[] r = Ffi.cstr(requestJson);
        return Ffi.callString(out -> LibMamori.mamori_incident_notice_draft(r, out));
    }

    /** The incident as a VERIS 1.4.0 record. */
    public static String veris(String requestJson) {
        final byte[] r = Ffi.cstr(requestJson);
        return Ffi.callString(out -> LibMamori.mamori_incident_veris(r, out));
    }
}
