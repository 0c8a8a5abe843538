package jp.mamori;

import com.sun.jna.Memory;
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

    // --- signed records and the evidence bundle (docs/incident.md) ---

    /**
     * Append one event (as {@link #append}) and sign its hash with the host's Ed25519 key:
     * {@code keyId} names the key, {@code seed} is its 32-byte secret seed (the binding copies
     * it and wipes the copy; the caller wipes its own). Only for a chained
     * {@code mamori.incident.v2} log. Returns the JSON array of guard warnings.
     */
    public String appendSigned(String eventJson, String keyId, byte[] seed) {
        final byte[] e = Ffi.cstr(eventJson);
        final byte[] k = Ffi.cstr(keyId);
        final byte[] s = Ffi.fixed(seed, 32, "seed");
        try {
            return with(p -> Ffi.callString(
                    out -> LibMamori.mamori_incident_append_signed(p, e, k, s, Ffi.size(s.length), out)));
        } finally {
            Ffi.wipe(s);
        }
    }

    /**
     * A signed checkpoint of the log's current head ({@code mamori.incident_checkpoint.v1}):
     * keep it outside the log and pass it to {@link #verifySigned} in {@code checkpoints}.
     */
    public String checkpoint(String keyId, byte[] seed) {
        final byte[] k = Ffi.cstr(keyId);
        final byte[] s = Ffi.fixed(seed, 32, "seed");
        try {
            return with(p -> Ffi.callString(
                    out -> LibMamori.mamori_incident_checkpoint(p, k, s, Ffi.size(s.length), out)));
        } finally {
            Ffi.wipe(s);
        }
    }

    /**
     * Verify a stored log's signatures ({@code {"incident", "trusted_keys": [{"key_id",
     * "public_key", "holder"?}], "checkpoints"?}}): a {@code mamori.signature_check.v1} whose
     * {@code status} is {@code verified}, {@code unsigned} or {@code rejected} (who signed what,
     * which events are unsigned, an edited log whose unkeyed chain was recomputed). {@code lang}
     * ({@code "ja"}/{@code "en"}) may be null.
     */
    public static String verifySigned(String requestJson, String lang) {
        final byte[] r = Ffi.cstr(requestJson);
        final byte[] l = Ffi.cstr(lang);
        return Ffi.callString(out -> LibMamori.mamori_incident_verify_signed(r, l, out));
    }

    /** An evidence bundle: the exact bytes to store and the HTML report to keep beside it. */
    public static final class Bundle {
        private final byte[] json;
        private final String html;

        Bundle(byte[] json, String html) {
            this.json = json;
            this.html = html;
        }

        /** The bundle ({@code mamori.evidence_bundle.v1}, canonical UTF-8 JSON): store these bytes. */
        public byte[] json() {
            return json.clone();
        }

        /** The printable HTML report (its SHA-256 is inside the bundle). */
        public String html() {
            return html;
        }
    }

    /**
     * Make the evidence bundle from {@code {"incident", "device"?, "device_history"?,
     * "assessments"?, "trusted_keys"?, "checkpoints"?, "organisation_name"?, "now"}}.
     */
    public static Bundle bundle(String requestJson) {
        Ffi.init();
        final byte[] r = Ffi.cstr(requestJson);
        Memory outBundle = Ffi.outPointer();
        Memory outHtml = Ffi.outPointer();
        Ffi.check(LibMamori.mamori_incident_bundle(r, outBundle, outHtml));
        Pointer b = outBundle.getPointer(0);
        Pointer h = outHtml.getPointer(0);
        try {
            if (b == null || h == null) {
                throw new MamoriException.Internal("library returned NULL on success");
            }
            byte[] json = b.getByteArray(0, (int) b.indexOf(0, (byte) 0));
            return new Bundle(json, Ffi.readCString(h));
        } finally {
            LibMamori.mamori_string_free(b);
            LibMamori.mamori_string_free(h);
        }
    }

    /**
     * Check a bundle's exact bytes (and, when {@code html} is not null, the HTML report beside
     * it) with the library alone: a {@code mamori.bundle_check.v1} whose {@code status} is
     * {@code intact}, {@code altered} or {@code unreadable}.
     */
    public static String bundleVerify(byte[] bundle, byte[] html) {
        final byte[] b = bundle.clone();
        final byte[] h = html == null ? null : html.clone();
        return Ffi.callString(out -> LibMamori.mamori_bundle_verify(
                b, Ffi.size(b.length), h, Ffi.size(h == null ? 0 : h.length), out));
    }
}
