package jp.mamori;

import com.sun.jna.Pointer;

/** The asset register of devices ({@code mamori_register *}), JSON commands in and out. */
public final class Register extends Handle {
    private Register(Pointer p) {
        super(p);
    }

    @Override
    void free(Pointer p) {
        LibMamori.mamori_register_free(p);
    }

    /** A register from a stored {@code mamori.register.v1} document, or empty for null. */
    public static Register create(String registerJson) {
        Ffi.init();
        Pointer out = Ffi.outPointer();
        Ffi.check(LibMamori.mamori_register_new(Ffi.cstr(registerJson), out));
        return new Register(out.getPointer(0));
    }

    /**
     * Apply one command ({@code {"op": "add" | "check_out" | "check_in" | "transition" |
     * "audit" | "get" | "overdue" | "audit_due" | "reconcile", ...}}); returns the
     * {@code mamori.register_reply.v1} document. A refused command leaves the register unchanged.
     */
    public String apply(String commandJson) {
        final byte[] c = Ffi.cstr(commandJson);
        return with(p -> Ffi.callString(out -> LibMamori.mamori_register_apply(p, c, out)));
    }

    /**
     * Reconcile an inventory audit (棚卸, a {@code mamori.inventory_audit.v1} document) with
     * the register; returns the whole {@code mamori.register_reply.v1} whose
     * {@code reconciliation} lists the missing, unexpected, mis-held and wrong-state devices
     * (texts in Japanese and English) and, for every assigned device not seen, the events that
     * open its loss incident. The findings are recorded in the register's history.
     */
    public String reconcile(String auditJson) {
        return apply("{\"op\":\"reconcile\",\"audit\":" + auditJson + "}");
    }

    /** The whole register as a {@code mamori.register.v1} document. */
    public String toJson() {
        return with(p -> Ffi.callString(out -> LibMamori.mamori_register_to_json(p, out)));
    }
}
