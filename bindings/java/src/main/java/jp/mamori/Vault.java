package jp.mamori;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * An open encrypted contact vault ({@code mamori_vault *}). Use it with try-with-resources.
 *
 * <p>Key tiers (all of the C ABI's): a passcode ({@link #create}/{@link #open}); a 32-byte
 * host key sealed by the Android Keystore or iOS Keychain ({@link #createWithKey}/
 * {@link #openWithKey}); passcode plus a platform factor, sans-IO, so an app computes the
 * factor itself, e.g. HMAC-SHA256 over the challenge with a StrongBox/TEE Keystore key behind
 * a BiometricPrompt ({@link #newChallenge}, {@link #createWithFactor}, {@link #unlockChallenge},
 * {@link #openWithFactor}); a company recovery key ({@link #addRecoveryKey}); and master-key
 * rotation ({@link #rekeyPasscode}, {@link #rekeyHostKey}, {@link #rekeyFactor}).
 *
 * <p>JSON documents (contacts, manifest, ...) are passed and returned as UTF-8
 * {@code String}s with the shapes of the repository's {@code schemas/}. A vault may be used
 * from several threads; {@link #close()} waits for calls in progress.
 */
public final class Vault extends Handle {
    private boolean created;

    private Vault(Pointer p) {
        super(p);
    }

    @Override
    void free(Pointer p) {
        LibMamori.mamori_vault_close(p);
    }

    private static Vault opened(Pointer out, int rc) {
        Ffi.check(rc);
        return new Vault(out.getPointer(0));
    }

    /**
     * Create a vault file protected by a passcode.
     *
     * @param path the file to create
     * @param passcode the passcode bytes (e.g. a UTF-8 PIN); the caller should clear its copy
     * @param optionsJson null for the defaults, or e.g.
     *     {@code {"kdf": {"m_kib": 19456, "t": 2, "p": 1}, "default_region": "JP"}}
     */
    public static Vault create(String path, byte[] passcode, String optionsJson) {
        Ffi.init();
        byte[] pc = passcode.clone();
        try {
            Pointer out = Ffi.outPointer();
            int rc = LibMamori.mamori_vault_create(
                    Ffi.cstr(path), pc, Ffi.size(pc.length), Ffi.cstr(optionsJson), out);
            return opened(out, rc);
        } finally {
            Ffi.wipe(pc);
        }
    }

    /**
     * Open the passcode vault at {@code path}, or create it there when no file exists
     * ({@code optionsJson} is used only then; null for the defaults). {@link #wasCreated()}
     * says which happened. Errors are those of {@link #open} and {@link #create}.
     */
    public static Vault openOrCreate(String path, byte[] passcode, String optionsJson) {
        Ffi.init();
        byte[] pc = passcode.clone();
        try {
            Pointer out = Ffi.outPointer();
            byte[] created = new byte[1];
            int rc = LibMamori.mamori_vault_open_or_create(
                    Ffi.cstr(path), pc, Ffi.size(pc.length), Ffi.cstr(optionsJson), out, created);
            Vault v = opened(out, rc);
            v.created = created[0] != 0;
            return v;
        } finally {
            Ffi.wipe(pc);
        }
    }

    /** True when {@link #openOrCreate} created this vault's file (false for every other way). */
    public boolean wasCreated() {
        return created;
    }

    /** Open a passcode vault; {@link MamoriException.WrongPasscode} for a wrong passcode. */
    public static Vault open(String path, byte[] passcode) {
        Ffi.init();
        byte[] pc = passcode.clone();
        try {
            Pointer out = Ffi.outPointer();
            return opened(out, LibMamori.mamori_vault_open(Ffi.cstr(path), pc, Ffi.size(pc.length), out));
        } finally {
            Ffi.wipe(pc);
        }
    }

    /** Create a vault opened by a 32-byte host key (a {@code host_key} slot). */
    public static Vault createWithKey(String path, byte[] key, String optionsJson) {
        Ffi.init();
        byte[] k = Ffi.fixed(key, 32, "key");
        try {
            Pointer out = Ffi.outPointer();
            return opened(out, LibMamori.mamori_vault_create_with_key(Ffi.cstr(path), k, Ffi.cstr(optionsJson), out));
        } finally {
            Ffi.wipe(k);
        }
    }

    /** Open a {@code host_key} vault with its 32-byte key. */
    public static Vault openWithKey(String path, byte[] key) {
        Ffi.init();
        byte[] k = Ffi.fixed(key, 32, "key");
        try {
            Pointer out = Ffi.outPointer();
            return opened(out, LibMamori.mamori_vault_open_with_key(Ffi.cstr(path), k, out));
        } finally {
            Ffi.wipe(k);
        }
    }

    /** A fresh random 32-byte challenge for {@link #createWithFactor}. */
    public static byte[] newChallenge() {
        Ffi.init();
        byte[] c = new byte[32];
        Ffi.check(LibMamori.mamori_vault_new_challenge(c));
        return c;
    }

    /**
     * Sans-IO unlock, step 1: the 32-byte challenge of the vault's {@code passcode+platform}
     * or {@code passcode+server} slot (no secret needed). Compute the factor over it, then
     * {@link #openWithFactor}.
     */
    public static byte[] unlockChallenge(String path) {
        Ffi.init();
        byte[] c = new byte[32];
        Ffi.check(LibMamori.mamori_vault_unlock_challenge(Ffi.cstr(path), c));
        return c;
    }

    /**
     * How many more wrong passcodes the vault at {@code path} takes before it wipes itself
     * ({@code wipe_after_failed}); empty when it has no limit. No secret needed; asking counts
     * nothing. Call it after {@link MamoriException.WrongPasscode} to show the tries left.
     *
     * @throws MamoriException.NotFound when the file is gone (a vault wiped by its limit)
     */
    public static java.util.OptionalInt attemptsLeft(String path) {
        Ffi.init();
        int[] left = new int[1];
        byte[] limited = new byte[1];
        Ffi.check(LibMamori.mamori_vault_attempts_left(Ffi.cstr(path), left, limited));
        return limited[0] != 0 ? java.util.OptionalInt.of(left[0]) : java.util.OptionalInt.empty();
    }

    /**
     * Create a {@code passcode+platform} (or {@code passcode+server}) vault.
     *
     * @param challenge from {@link #newChallenge()}
     * @param factor the 32 bytes the platform key computed over the challenge (e.g.
     *     {@code Mac.getInstance("HmacSHA256")} with an AndroidKeyStore key), or the server share
     * @param optionsJson must name {@code factor_source}: {@code android_strongbox},
     *     {@code android_tee}, {@code ios_secure_enclave}, {@code tpm}, {@code software} or
     *     {@code server}
     */
    public static Vault createWithFactor(
            String path, byte[] passcode, byte[] challenge, byte[] factor, String optionsJson) {
        Ffi.init();
        byte[] pc = passcode.clone();
        byte[] f = Ffi.fixed(factor, 32, "factor");
        try {
            Pointer out = Ffi.outPointer();
            int rc = LibMamori.mamori_vault_create_with_factor(Ffi.cstr(path), pc, Ffi.size(pc.length),
                    Ffi.fixed(challenge, 32, "challenge"), f, Ffi.cstr(optionsJson), out);
            return opened(out, rc);
        } finally {
            Ffi.wipe(pc);
            Ffi.wipe(f);
        }
    }

    /** Sans-IO unlock, step 2: open with the passcode and the 32-byte factor. */
    public static Vault openWithFactor(String path, byte[] passcode, byte[] factor) {
        Ffi.init();
        byte[] pc = passcode.clone();
        byte[] f = Ffi.fixed(factor, 32, "factor");
        try {
            Pointer out = Ffi.outPointer();
            return opened(out, LibMamori.mamori_vault_open_with_factor(Ffi.cstr(path), pc, Ffi.size(pc.length), f, out));
        } finally {
            Ffi.wipe(pc);
            Ffi.wipe(f);
        }
    }

    /**
     * Open with open options ({@code mamori_vault_open_ex}), any key source: {@code key}
     * non-null opens the {@code host_key} slot (the passcode may be null); else {@code factor}
     * non-null opens with passcode + factor; else the passcode alone.
     *
     * @param optionsJson e.g. {@code {"anchor": ...}} (an {@link #anchor()} kept outside the
     *     file): checked
     *     before the open writes anything ({@link MamoriException.RolledBack} for an older copy
     *     or a cut-off tail, the file left as it was); {@code {"read_only": true}}: open without
     *     writing anything (a torn tail is reported by {@link #damage()}, not cut; writes then
     *     fail with {@link MamoriException.InvalidInput})
     */
    public static Vault openWithOptions(
            String path, byte[] passcode, byte[] key, byte[] factor, String optionsJson) {
        Ffi.init();
        byte[] pc = passcode == null ? null : passcode.clone();
        byte[] k = Ffi.fixed(key, 32, "key");
        byte[] f = Ffi.fixed(factor, 32, "factor");
        try {
            Pointer out = Ffi.outPointer();
            return opened(out, LibMamori.mamori_vault_open_ex(Ffi.cstr(path), pc,
                    Ffi.size(pc == null ? 0 : pc.length), k, f, Ffi.cstr(optionsJson), out));
        } finally {
            Ffi.wipe(pc);
            Ffi.wipe(k);
            Ffi.wipe(f);
        }
    }

    private void rekey(final byte[] passcode, final byte[] key, final byte[] challenge, final byte[] factor,
            final String optionsJson) {
        final byte[] pc = passcode == null ? null : passcode.clone();
        final byte[] k = Ffi.fixed(key, 32, "key");
        final byte[] f = Ffi.fixed(factor, 32, "factor");
        try {
            with(new Call<Void>() {
                @Override
                public Void run(Pointer v) {
                    Ffi.check(LibMamori.mamori_vault_rekey(v, pc, Ffi.size(pc == null ? 0 : pc.length), k,
                            Ffi.fixed(challenge, 32, "challenge"), f, Ffi.cstr(optionsJson)));
                    return null;
                }
            });
        } finally {
            Ffi.wipe(pc);
            Ffi.wipe(k);
            Ffi.wipe(f);
        }
    }

    /** Rotate the master key; the one new slot is a passcode slot. */
    public void rekeyPasscode(byte[] passcode, String optionsJson) {
        rekey(passcode, null, null, null, optionsJson);
    }

    /** Rotate the master key; the one new slot is a 32-byte host key. */
    public void rekeyHostKey(byte[] key) {
        rekey(null, key, null, null, null);
    }

    /** This vault's 16-byte id (the {@code vault_id} of its manifest). */
    public byte[] vaultId() {
        String hex = manifestField("vault_id");
        byte[] id = new byte[hex.length() / 2];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return id;
    }

    private String manifestField(String key) {
        String m = manifest();
        String k = "\"" + key + "\":\"";
        int i = m.indexOf(k);
        if (i < 0) {
            throw new MamoriException.Internal("manifest has no " + key);
        }
        int start = i + k.length();
        return m.substring(start, m.indexOf('"', start));
    }

    /**
     * The challenge for {@link #rekeyFactor}: this vault's id followed by 16 fresh random bytes
     * (for a server share, overwrite bytes 16..32 with the share id). A rekey keeps the vault
     * id, so with a challenge from {@link #newChallenge()} (another id)
     * {@link #unlockChallenge} would afterwards return a challenge the factor was not computed
     * over: the sans-IO unlock would fail with {@code WRONG_PASSCODE} (each failure counted
     * towards {@code wipe_after_failed}) unless the app kept the rekey challenge itself.
     */
    public byte[] rekeyChallenge() {
        byte[] c = newChallenge();
        System.arraycopy(vaultId(), 0, c, 0, 16);
        return c;
    }

    /**
     * Rotate the master key; the one new slot is passcode + factor over {@code challenge},
     * which must come from {@link #rekeyChallenge()} (bytes 0..16 are this vault's id;
     * anything else is refused with {@link IllegalArgumentException} before any change, as
     * the rotated vault could not be unlocked through {@link #unlockChallenge}).
     */
    public void rekeyFactor(byte[] passcode, byte[] challenge, byte[] factor, String optionsJson) {
        byte[] c = Ffi.fixed(challenge, 32, "challenge");
        if (!java.util.Arrays.equals(java.util.Arrays.copyOf(c, 16), vaultId())) {
            throw new IllegalArgumentException("challenge must start with this vault's id (use rekeyChallenge())");
        }
        rekey(passcode, null, c, factor, optionsJson);
    }

    /** Add (or replace) a {@code host_key} recovery slot for a 32-byte company key. */
    public void addRecoveryKey(byte[] key) {
        final byte[] k = Ffi.fixed(key, 32, "key");
        try {
            with(new Call<Void>() {
                @Override
                public Void run(Pointer v) {
                    Ffi.check(LibMamori.mamori_vault_add_recovery_key(v, k));
                    return null;
                }
            });
        } finally {
            Ffi.wipe(k);
        }
    }

    private String string(final Ffi.StringCall0 call) {
        return with(new Call<String>() {
            @Override
            public String run(final Pointer v) {
                return Ffi.callString(new Ffi.StringCall() {
                    @Override
                    public int run(Pointer out) {
                        return call.run(v, out);
                    }
                });
            }
        });
    }

    /** Store a contact ({@code {"name", "phones": [...], ...}}); returns its id. */
    public String put(final String contactJson) {
        final byte[] j = Ffi.cstr(contactJson);
        try {
            return string((v, out) -> LibMamori.mamori_vault_put(v, j, out));
        } finally {
            Ffi.wipe(j);
        }
    }

    /** Store a JSON array of contacts atomically; returns the JSON array of their ids. */
    public String putMany(final String contactsJsonArray) {
        final byte[] j = Ffi.cstr(contactsJsonArray);
        try {
            return string((v, out) -> LibMamori.mamori_vault_put_many(v, j, out));
        } finally {
            Ffi.wipe(j);
        }
    }

    /** The contact with this id as JSON ({@link MamoriException.NotFound} if none). */
    public String get(String id) {
        final byte[] i = Ffi.cstr(id);
        return string((v, out) -> LibMamori.mamori_vault_get(v, i, out));
    }

    /** The contact JSON a caller-ID number belongs to, or null. */
    public String lookupPhone(String phone) {
        final byte[] p = Ffi.cstr(phone);
        try {
            return string((v, out) -> LibMamori.mamori_vault_lookup_phone(v, p, out));
        } catch (MamoriException.NotFound e) {
            return null;
        }
    }

    /** Caller ID as the JSON {@code {"id", "name", "company"?}}, or null. */
    public String callerIdJson(String phone) {
        final byte[] p = Ffi.cstr(phone);
        try {
            return string((v, out) -> LibMamori.mamori_vault_caller_id(v, p, out));
        } catch (MamoriException.NotFound e) {
            return null;
        }
    }

    /** Alignment of {@code mamori_caller_id}'s spans (pointer and {@code size_t}). */
    private static final int WORD = Math.max(Native.POINTER_SIZE, Native.SIZE_T_SIZE);
    /** Offset of {@code name} in {@code mamori_caller_id} (after {@code char hex[17]}). */
    private static final int NAME_OFF = (17 + WORD - 1) / WORD * WORD;
    private static final int SPAN = Native.POINTER_SIZE + Native.SIZE_T_SIZE;
    private static final int COMPANY_OFF = NAME_OFF + SPAN;
    private static final int STRUCT_SIZE = COMPANY_OFF + SPAN;

    /**
     * Caller ID for an incoming-call screen, or null when no contact has the number. Uses the
     * JSON-free {@code mamori_vault_caller_id_into} (a 256-byte native buffer, grown once if a
     * name is longer, cleared after use).
     */
    public CallerId callerId(String phone) {
        final byte[] p = Ffi.cstr(phone);
        return with(new Call<CallerId>() {
            @Override
            public CallerId run(Pointer v) {
                Ffi.init();
                Scratch sc = SCRATCH.get();
                Memory buf = sc.buf;
                int cap = (int) buf.size();
                while (true) {
                    try {
                        int rc = LibMamori.callerIdInto(v, p, buf, cap, sc.st, sc.used);
                        if (rc == MamoriException.NotFound.CODE) {
                            return null;
                        }
                        if (rc == MamoriException.BufferTooSmall.CODE) {
                            long need = Ffi.readSize(sc.used, 0);
                            if (need > cap && need <= Integer.MAX_VALUE) {
                                cap = (int) need;
                                buf = new Memory(cap); // a one-off for a very long name
                                continue;
                            }
                        }
                        Ffi.check(rc);
                        String id = Ffi.decode(sc.st.getByteArray(0, 16));
                        String name = span(sc.st, NAME_OFF);
                        String company = sc.st.getPointer(COMPANY_OFF) == null ? null : span(sc.st, COMPANY_OFF);
                        return new CallerId(id, name, company);
                    } finally {
                        // names are personal data: clear what the library wrote
                        long used = Ffi.readSize(sc.used, 0);
                        buf.clear(Math.min(used, buf.size()));
                        sc.st.clear();
                    }
                }
            }
        });
    }

    /** Per-thread native memory for {@link #callerId}: the struct, the length and a 256-byte buffer. */
    private static final class Scratch {
        final Memory st = new Memory(STRUCT_SIZE);
        final Memory used = new Memory(Native.SIZE_T_SIZE);
        final Memory buf = new Memory(256);
    }

    private static final ThreadLocal<Scratch> SCRATCH = new ThreadLocal<Scratch>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    private static String span(Pointer st, int off) {
        Pointer ptr = st.getPointer(off);
        long len = Ffi.readSize(st, off + Native.POINTER_SIZE);
        return ptr == null || len == 0 ? "" : Ffi.decode(ptr.getByteArray(0, (int) len));
    }

    /** Delete a contact ({@link MamoriException.NotFound} if none). */
    public void delete(String id) {
        final byte[] i = Ffi.cstr(id);
        with(v -> {
            Ffi.check(LibMamori.mamori_vault_delete(v, i));
            return null;
        });
    }

    /** Change the passcode in O(1); {@link MamoriException.WrongPasscode} if {@code old} is wrong. */
    public void changePasscode(byte[] old, byte[] passcode) {
        final byte[] o = old.clone();
        final byte[] n = passcode.clone();
        try {
            with(v -> {
                Ffi.check(LibMamori.mamori_vault_change_passcode(v, o, Ffi.size(o.length), n, Ffi.size(n.length)));
                return null;
            });
        } finally {
            Ffi.wipe(o);
            Ffi.wipe(n);
        }
    }

    /** Set a new passcode without the current one (right after the user authenticated). */
    public void setPasscode(byte[] passcode) {
        final byte[] n = passcode.clone();
        try {
            with(v -> {
                Ffi.check(LibMamori.mamori_vault_set_passcode(v, n, Ffi.size(n.length)));
                return null;
            });
        } finally {
            Ffi.wipe(n);
        }
    }

    /** The {@code mamori.manifest.v3} document (no contact data). */
    public String manifest() {
        return string(LibMamori::mamori_vault_manifest);
    }

    /**
     * The rollback anchor ({@code mamori.anchor.v1}) of the last acknowledged write: keep it
     * outside the file and pass it to {@link #openWithOptions} as {@code {"anchor": ...}}.
     */
    public String anchor() {
        return string(LibMamori::mamori_vault_anchor);
    }

    /** The damage report ({@code mamori.damage.v1}): what this open found wrong with the file. */
    public String damage() {
        return string(LibMamori::mamori_vault_damage);
    }

    /**
     * Replace the passcode with a passphrase the library generates (7 words from the EFF large
     * word list, 90 bits) and return it; only such a passcode-only vault is reported
     * {@code key_separated} (a passcode a person chose never is). Show it to the user once.
     */
    public String generatePassphrase() {
        return string(LibMamori::mamori_vault_generate_passphrase);
    }

    /** The verified access log ({@code mamori.vault-access-log.v1}). */
    public String accessLog() {
        return string(LibMamori::mamori_vault_access_log);
    }

    /** Every contact as a JSON array (recorded in the access log). */
    public String export() {
        return string(LibMamori::mamori_vault_export);
    }

    /** Contacts whose name or reading starts with {@code prefix}, as a JSON array. */
    public String searchName(String prefix) {
        final byte[] p = Ffi.cstr(prefix);
        return string((v, out) -> LibMamori.mamori_vault_search_name(v, p, out));
    }

    /**
     * Record that the app removed every caller-ID label it handed to the OS (on Android:
     * deleted the rows of its {@code ContactsContract.Directory} table or preloaded list; on
     * iOS: reloaded the Call Directory extension with an empty list). Logged in the vault's
     * authenticated access log as {@code labels_removed}; the manifest's
     * {@code labels_outside_vault.state} is then {@code "none"} until the next
     * {@link #callerDirectory} export. Call it only after the OS copy is really gone: a lost
     * phone still holding the labels would otherwise be under-reported.
     *
     * @throws MamoriException.Corrupt while a damaged record blocks the rewrite this makes
     *     when labels were outside (delete the damaged contacts first)
     */
    public void ackLabelsRemoved() {
        with(v -> {
            Ffi.check(LibMamori.mamori_vault_ack_labels_removed(v));
            return null;
        });
    }

    /** Rewrite the file without deleted or replaced records. */
    public void compact() {
        with(v -> {
            Ffi.check(LibMamori.mamori_vault_compact(v));
            return null;
        });
    }

    /**
     * Place, override or release a legal hold on the vault ({@code action}: {@code "place"},
     * {@code "override"} or {@code "release"}), recorded in its authenticated access log;
     * returns the vault's holds as a JSON array. While a hold is on and not overridden,
     * {@link #wipe()}, {@link #wipeReport()}, {@link #wipeFile(String)}, {@link #delete(String)}, the retention review
     * and the hand-over's retention deletion and wipe throw {@link MamoriException.LegalHold}.
     * Record who decided it and why under the same {@code holdId} in the register
     * ({@code {"op": "hold"}}) or the incident log ({@code legal_hold_*} events).
     */
    public String hold(String action, String holdId) {
        final byte[] r =
                Ffi.cstr("{\"action\":" + Json.quote(action) + ",\"hold_id\":" + Json.quote(holdId) + "}");
        return string((v, out) -> LibMamori.mamori_vault_hold(v, r, out));
    }

    /** The legal holds in the vault's access log (active, overridden and released), as JSON. */
    public String holds() {
        return string((v, out) -> LibMamori.mamori_vault_hold(v, null, out));
    }

    /**
     * Crypto-erase the vault; later calls throw {@link MamoriException.Wiped}
     * ({@link MamoriException.LegalHold} while a legal hold is on, see {@link #hold}). Close it after.
     * Labels already handed to the OS by a caller-directory export are not in the vault: the
     * app must remove them itself (on Android, delete the rows it wrote; on iOS reload the
     * Call Directory extension with an empty list). Read {@link #manifest()} first: when its
     * {@code labels_outside_vault.state} is not {@code "none"}, labels are outside. Call
     * {@link #ackLabelsRemoved()} (before the wipe) once they are gone, or keep the manifest
     * for the incident record if they cannot be removed.
     */
    public void wipe() {
        with(v -> {
            Ffi.check(LibMamori.mamori_vault_wipe(v));
            return null;
        });
    }

    /**
     * {@link #wipe()}, returning the wipe report ({@code mamori.wipe.v1} JSON): when its
     * {@code os_labels_to_remove} is {@code true}, caller-ID labels this vault handed to the OS
     * may still be on the device and the app must remove them (on Android, delete the rows it
     * wrote). The manifest is read under the same lock as the wipe.
     */
    public String wipeReport() {
        return string(LibMamori::mamori_vault_wipe_report);
    }

    /** Crypto-erase a vault file without its passcode (a remote wipe while locked). */
    public static void wipeFile(String path) {
        Ffi.init();
        Ffi.check(LibMamori.mamori_vault_wipe_file(Ffi.cstr(path)));
    }

    // --- caller-ID directory (docs/caller-directory.md) ---

    private static String directoryOptions(CallerDirectory.LabelPolicy policy, String sharedLabel) {
        StringBuilder sb = new StringBuilder("{\"label_policy\":\"").append(policy.json()).append('"');
        if (sharedLabel != null) {
            sb.append(",\"shared_label\":").append(Json.quote(sharedLabel));
        }
        return sb.append('}').toString();
    }

    /**
     * Every stored number as E.164 digits, ascending and unique, with labels under
     * {@code policy}, in the compact {@code MMRD} binary layout (parse it with
     * {@link CallerDirectory#parse(byte[])}). Recorded in the vault's authenticated access
     * log ({@code directory_exported}): the manifest's {@code labels_outside_vault} counts
     * the exported persons until {@link #ackLabelsRemoved()}.
     *
     * @param sharedLabel the label of a number several contacts with different labels share
     *     (null: the library's default, "複数の連絡先")
     */
    public byte[] callerDirectory(CallerDirectory.LabelPolicy policy, String sharedLabel) {
        final byte[] o = Ffi.cstr(directoryOptions(policy, sharedLabel));
        return with(v -> Ffi.callBytes((buf, len) -> LibMamori.mamori_vault_caller_directory(v, o, buf, len)));
    }

    /** The same directory as a {@code mamori.caller_directory.v1} JSON document. */
    public String callerDirectoryJson(CallerDirectory.LabelPolicy policy, String sharedLabel) {
        final byte[] o = Ffi.cstr(directoryOptions(policy, sharedLabel));
        return string((v, out) -> LibMamori.mamori_vault_caller_directory_json(v, o, out));
    }

    /**
     * The {@code MMRC} change set since an earlier export: {@code previous} is its token
     * ({@link CallerDirectory#token(byte[])}), the earlier binary export itself, or an empty
     * array when nothing was loaded yet. Parse with {@link CallerDirectory.Changes#parse}.
     */
    public byte[] callerDirectoryChanges(byte[] previous, CallerDirectory.LabelPolicy policy, String sharedLabel) {
        final byte[] o = Ffi.cstr(directoryOptions(policy, sharedLabel));
        final byte[] prev = previous.length == 0 ? null : previous.clone();
        final int n = previous.length;
        return with(v -> Ffi.callBytes(
                (buf, len) -> LibMamori.mamori_vault_caller_directory_changes(v, o, prev, Ffi.size(n), buf, len)));
    }
}
