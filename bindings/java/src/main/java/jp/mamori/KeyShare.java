package jp.mamori;

import com.sun.jna.Pointer;

/**
 * The server side of {@code passcode+server} vaults: a registry of 32-byte key shares
 * ({@code mamori_keyshare_registry *}) with a hash-chained log ({@code mamori.share_log.v1}) of
 * every issue, release and revocation and its time. Revoking a share on a loss report stops the
 * vault's server slot from opening any copy; a share released earlier (e.g. to the lost phone
 * while it was still logged in), or a recovery key, still opens one — the log is what shows
 * whether that happened. Pass the times ({@code at}, RFC 3339): the library has no clock.
 */
public final class KeyShare extends Handle {
    private KeyShare(Pointer p) {
        super(p);
    }

    @Override
    void free(Pointer p) {
        LibMamori.mamori_keyshare_registry_free(p);
    }

    /** A new, empty registry. */
    public static KeyShare registry() {
        Ffi.init();
        Pointer out = Ffi.outPointer();
        Ffi.check(LibMamori.mamori_keyshare_registry_new(out));
        return new KeyShare(out.getPointer(0));
    }

    /** An issued share: its 16-byte id (keep with the account) and the 32-byte share (send to the device). */
    public static final class Issued {
        /** 16 bytes. */
        public final byte[] shareId;
        /** 32 bytes. */
        public final byte[] share;

        Issued(byte[] shareId, byte[] share) {
            this.shareId = shareId;
            this.share = share;
        }
    }

    /** Issue a new random share. */
    public Issued issue() {
        final byte[] id = new byte[16];
        final byte[] share = new byte[32];
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_issue(p, id, share));
            return null;
        });
        return new Issued(id, share);
    }

    /** Record a share persisted earlier ({@link MamoriException.ShareRevoked} if revoked). */
    public void insert(byte[] shareId, byte[] share) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        final byte[] s = Ffi.fixed(share, 32, "share");
        try {
            with(p -> {
                Ffi.check(LibMamori.mamori_keyshare_insert(p, i, s));
                return null;
            });
        } finally {
            Ffi.wipe(s);
        }
    }

    /** Release the share for {@code shareId} after authenticating the user. */
    public byte[] release(byte[] shareId) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        final byte[] s = new byte[32];
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_release(p, i, s));
            return null;
        });
        return s;
    }

    /**
     * Revoke (destroy) a share; idempotent. {@link MamoriException.LegalHold} while a legal hold
     * on the share ({@link #hold}) is on and not overridden.
     */
    public void revoke(byte[] shareId) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_revoke(p, i));
            return null;
        });
    }

    /** Issue a new random share, logged at {@code at} (RFC 3339). */
    public Issued issue(String at) {
        final byte[] t = Ffi.cstr(at);
        final byte[] id = new byte[16];
        final byte[] share = new byte[32];
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_issue_at(p, t, id, share));
            return null;
        });
        return new Issued(id, share);
    }

    /** Release the share for {@code shareId}, logged at {@code at} (RFC 3339). */
    public byte[] release(byte[] shareId, String at) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        final byte[] t = Ffi.cstr(at);
        final byte[] s = new byte[32];
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_release_at(p, i, t, s));
            return null;
        });
        return s;
    }

    /** Revoke (destroy) a share, logged at {@code at} (RFC 3339); idempotent. */
    public void revoke(byte[] shareId, String at) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        final byte[] t = Ffi.cstr(at);
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_revoke_at(p, i, t));
            return null;
        });
    }

    /** The registry's log ({@code mamori.share_log.v1} JSON, no secret in it): persist it. */
    public String log() {
        return with(p -> Ffi.callString(out -> LibMamori.mamori_keyshare_log(p, out)));
    }

    /**
     * Place, override or release ({@code action}: {@code "place"}, {@code "override"},
     * {@code "release"}) a legal hold on the share, recorded in the registry's log with who
     * decided it ({@code actor}), when ({@code at}, RFC 3339) and why ({@code reason}); returns
     * the share's holds ({@code mamori.legal_hold.v1} JSON array). While a hold is on and not
     * overridden, {@link #revoke} throws {@link MamoriException.LegalHold} (a revocation
     * crypto-erases the vault's server slot). Place here the holds of the device, vault or
     * incident the share protects: the registry cannot see them.
     */
    public String hold(byte[] shareId, String action, String holdId, String reason, String at, String actor) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        final byte[] r = Ffi.cstr("{\"action\":" + Json.quote(action) + ",\"hold_id\":" + Json.quote(holdId)
                + ",\"reason\":" + Json.quote(reason) + ",\"at\":" + Json.quote(at)
                + ",\"actor\":" + Json.quote(actor) + "}");
        return with(p -> Ffi.callString(out -> LibMamori.mamori_keyshare_hold(p, i, r, out)));
    }

    /** The legal holds on the share (active, overridden and released), as JSON. */
    public String holds(byte[] shareId) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        return with(p -> Ffi.callString(out -> LibMamori.mamori_keyshare_hold(p, i, null, out)));
    }

    /**
     * Was the share released at or after {@code after} (RFC 3339)? The
     * {@code mamori.share_release_check.v1} JSON ({@code released_after}: true, false or null).
     */
    public String releasedAfter(byte[] shareId, String after) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        final byte[] t = Ffi.cstr(after);
        return with(p -> Ffi.callString(out -> LibMamori.mamori_keyshare_released_after(p, i, t, out)));
    }

    /**
     * A registry rebuilt from a persisted {@link #log()}, after checking its hash chain: an
     * edited, removed, inserted or reordered entry throws {@link MamoriException.InvalidInput}
     * naming it. {@code expectedHead} (may be null) is the log's last hash noted elsewhere. Load
     * the live shares' secrets with {@link #insert}.
     */
    public static KeyShare restore(String logJson, String expectedHead) {
        Ffi.init();
        Pointer out = Ffi.outPointer();
        Ffi.check(LibMamori.mamori_keyshare_registry_restore(Ffi.cstr(logJson), Ffi.cstr(expectedHead), out));
        return new KeyShare(out.getPointer(0));
    }
}
