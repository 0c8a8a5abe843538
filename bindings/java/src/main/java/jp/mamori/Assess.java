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
