package jp.mamori;

import com.sun.jna.Pointer;

/**
 * The server side of {@code passcode+server} vaults: a registry of 32-byte key shares
 * ({@code mamori_keyshare_registry *}). Revoking a share on a loss report makes every copy of
 * the vault unopenable.
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

    /** Revoke (destroy) a share; idempotent. */
    public void revoke(byte[] shareId) {
        final byte[] i = Ffi.fixed(shareId, 16, "shareId");
        with(p -> {
            Ffi.check(LibMamori.mamori_keyshare_revoke(p, i));
            return null;
        });
    }
}
