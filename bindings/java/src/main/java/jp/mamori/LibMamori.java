package jp.mamori;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.HashMap;
import java.util.Map;

/**
 * The C ABI ({@code include/mamori.h}) through JNA direct mapping. Package-private: the
 * public API wraps every call. Strings cross as explicit UTF-8 {@code byte[]} (NUL-terminated)
 * and come back through {@link Strings}, so neither the platform default charset nor
 * {@code jna.encoding} matters; the library is still registered with
 * {@link Library#OPTION_STRING_ENCODING} = UTF-8 in case a {@code String} is ever mapped.
 *
 * <p>Only {@code Pointer}, {@code byte[]} and primitives cross (plus {@link SizeT} for
 * {@code size_t} arguments): out-parameters are {@code Memory} blocks read by {@link Ffi}, which
 * keeps JNA on its fast direct-call path. The caller-ID hot path binds
 * {@code mamori_vault_caller_id_into} with a primitive of the platform's {@code size_t} width
 * ({@link Fast64} / {@link Fast32}).
 *
 * <p>The library is looked up as: the system property {@code mamori.library} (a path or name),
 * then the environment variable {@code MAMORI_LIBRARY}, then the name {@code "mamori"} (JNA's
 * search: {@code jna.library.path}, the system loader; on Android the app's
 * {@code jniLibs/<abi>/libmamori.so}).
 */
final class LibMamori {
    private LibMamori() {}

    /** The library name or path that was loaded. */
    static final String LOADED;

    static {
        String name = System.getProperty("mamori.library");
        if (name == null || name.isEmpty()) {
            name = System.getenv("MAMORI_LIBRARY");
        }
        if (name == null || name.isEmpty()) {
            name = "mamori";
        }
        Map<String, Object> options = new HashMap<String, Object>();
        options.put(Library.OPTION_STRING_ENCODING, "UTF-8");
        NativeLibrary lib = NativeLibrary.getInstance(name, options);
        Native.register(LibMamori.class, lib);
        if (Native.SIZE_T_SIZE == 8) {
            Native.register(Fast64.class, lib);
        } else {
            Native.register(Fast32.class, lib);
        }
        LOADED = name;
    }

    /** {@code mamori_vault_caller_id_into} where {@code size_t} is 8 bytes. */
    static final class Fast64 {
        private Fast64() {}

        static native int mamori_vault_caller_id_into(Pointer v, byte[] phone, Pointer buf, long bufLen, Pointer out,
                Pointer outLen);
    }

    /** {@code mamori_vault_caller_id_into} where {@code size_t} is 4 bytes (32-bit ARM, x86). */
    static final class Fast32 {
        private Fast32() {}

        static native int mamori_vault_caller_id_into(Pointer v, byte[] phone, Pointer buf, int bufLen, Pointer out,
                Pointer outLen);
    }

    /** The caller-ID call with a {@code size_t} buffer length, bound for this platform. */
    static int callerIdInto(Pointer v, byte[] phone, Pointer buf, long bufLen, Pointer out, Pointer outLen) {
        return Native.SIZE_T_SIZE == 8
                ? Fast64.mamori_vault_caller_id_into(v, phone, buf, bufLen, out, outLen)
                : Fast32.mamori_vault_caller_id_into(v, phone, buf, (int) bufLen, out, outLen);
    }

    // general
    static native Pointer mamori_version();

    static native int mamori_abi_version();

    static native int mamori_check_abi(int headerAbiVersion);

    static native Pointer mamori_result_name(int result);

    static native Pointer mamori_last_error_message();

    static native void mamori_string_free(Pointer s);

    static native void mamori_bytes_free(Pointer buf, SizeT len);

    static native int mamori_buffer_clear(Pointer buf, SizeT len);

    // breach engine
    static native int mamori_assess(byte[] request, Pointer out);

    static native int mamori_assess_at(byte[] request, byte[] now, int dueSoonHours, Pointer out);

    static native int mamori_rule_pack_new(byte[] pack, Pointer out);

    static native int mamori_rule_pack_version(Pointer pack, Pointer out);

    static native int mamori_rule_pack_assess(Pointer pack, byte[] request, Pointer out);

    static native void mamori_rule_pack_free(Pointer pack);

    // vault
    static native int mamori_vault_create(byte[] path, byte[] pc, SizeT pcLen, byte[] options, Pointer out);
    static native int mamori_vault_open_or_create(
            byte[] path, byte[] pc, SizeT pcLen, byte[] options, Pointer out, byte[] outCreated);

    static native int mamori_vault_open(byte[] path, byte[] pc, SizeT pcLen, Pointer out);

    static native int mamori_vault_create_with_key(byte[] path, byte[] key, byte[] options, Pointer out);

    static native int mamori_vault_open_with_key(byte[] path, byte[] key, Pointer out);

    static native int mamori_vault_new_challenge(byte[] outChallenge);

    static native int mamori_vault_unlock_challenge(byte[] path, byte[] outChallenge);

    static native int mamori_vault_attempts_left(byte[] path, int[] outLeft, byte[] outLimited);

    static native int mamori_vault_create_with_factor(
            byte[] path, byte[] pc, SizeT pcLen, byte[] challenge, byte[] factor, byte[] options, Pointer out);

    static native int mamori_vault_open_with_factor(
            byte[] path, byte[] pc, SizeT pcLen, byte[] factor, Pointer out);

    static native int mamori_vault_open_ex(
            byte[] path, byte[] pc, SizeT pcLen, byte[] key, byte[] factor, byte[] options, Pointer out);

    static native int mamori_vault_rekey(
            Pointer v, byte[] pc, SizeT pcLen, byte[] key, byte[] challenge, byte[] factor, byte[] options);

    static native int mamori_vault_add_recovery_key(Pointer v, byte[] key);

    static native int mamori_vault_put(Pointer v, byte[] contact, Pointer outId);

    static native int mamori_vault_put_many(Pointer v, byte[] contacts, Pointer outIds);

    static native int mamori_vault_get(Pointer v, byte[] id, Pointer out);

    static native int mamori_vault_lookup_phone(Pointer v, byte[] phone, Pointer out);

    static native int mamori_vault_caller_id(Pointer v, byte[] phone, Pointer out);

    static native int mamori_vault_delete(Pointer v, byte[] id);

    static native int mamori_vault_change_passcode(Pointer v, byte[] old, SizeT oldLen, byte[] nw, SizeT newLen);

    static native int mamori_vault_set_passcode(Pointer v, byte[] nw, SizeT newLen);

    static native int mamori_vault_generate_passphrase(Pointer v, Pointer out);

    static native int mamori_vault_manifest(Pointer v, Pointer out);

    static native int mamori_vault_access_log(Pointer v, Pointer out);

    static native int mamori_vault_anchor(Pointer v, Pointer out);

    static native int mamori_vault_damage(Pointer v, Pointer out);

    static native int mamori_vault_export(Pointer v, Pointer out);

    static native int mamori_vault_search_name(Pointer v, byte[] prefix, Pointer out);

    static native int mamori_vault_compact(Pointer v);

    static native int mamori_vault_ack_labels_removed(Pointer v);

    static native int mamori_vault_hold(Pointer v, byte[] request, Pointer out);

    static native int mamori_vault_wipe(Pointer v);

    static native int mamori_vault_wipe_report(Pointer v, Pointer out);

    static native int mamori_vault_wipe_file(byte[] path);

    static native void mamori_vault_close(Pointer v);

    // caller-ID directory
    static native int mamori_vault_caller_directory(Pointer v, byte[] options, Pointer outBuf, Pointer outLen);

    static native int mamori_vault_caller_directory_json(Pointer v, byte[] options, Pointer out);

    static native int mamori_vault_caller_directory_changes(
            Pointer v, byte[] options, byte[] prev, SizeT prevLen, Pointer outBuf, Pointer outLen);

    static native int mamori_caller_directory_token(byte[] buf, SizeT len, Pointer outBuf, Pointer outLen);

    // key shares
    static native int mamori_keyshare_registry_new(Pointer out);

    static native int mamori_keyshare_issue(Pointer r, byte[] outShareId, byte[] outShare);

    static native int mamori_keyshare_insert(Pointer r, byte[] shareId, byte[] share);

    static native int mamori_keyshare_release(Pointer r, byte[] shareId, byte[] outShare);

    static native int mamori_keyshare_revoke(Pointer r, byte[] shareId);

    static native int mamori_keyshare_issue_at(Pointer r, byte[] at, byte[] outShareId, byte[] outShare);

    static native int mamori_keyshare_release_at(Pointer r, byte[] shareId, byte[] at, byte[] outShare);

    static native int mamori_keyshare_revoke_at(Pointer r, byte[] shareId, byte[] at);

    static native int mamori_keyshare_log(Pointer r, Pointer out);

    static native int mamori_keyshare_registry_restore(byte[] logJson, byte[] expectedHead, Pointer out);

    static native int mamori_keyshare_released_after(Pointer r, byte[] shareId, byte[] after, Pointer out);

    static native int mamori_keyshare_hold(Pointer r, byte[] shareId, byte[] requestJson, Pointer out);

    static native void mamori_keyshare_registry_free(Pointer r);

    // register
    static native int mamori_register_new(byte[] register, Pointer out);

    static native int mamori_register_apply(Pointer reg, byte[] command, Pointer out);

    static native int mamori_register_to_json(Pointer reg, Pointer out);

    static native void mamori_register_free(Pointer reg);

    // incidents
    static native int mamori_incident_new(byte[] id, Pointer out);

    static native int mamori_incident_load(byte[] json, Pointer out);

    static native int mamori_incident_append(Pointer inc, byte[] event, Pointer outWarnings);

    static native int mamori_incident_to_json(Pointer inc, Pointer out);

    static native int mamori_incident_fold(Pointer inc, Pointer out);

    static native int mamori_incident_next_actions(Pointer inc, byte[] query, Pointer out);

    static native int mamori_incident_assess_request(Pointer inc, byte[] query, Pointer out);

    static native int mamori_incident_assess(Pointer inc, byte[] query, Pointer out);

    static native int mamori_incident_timeline(Pointer inc, Pointer out);

    static native void mamori_incident_free(Pointer inc);

    static native int mamori_incident_plan(byte[] request, Pointer out);

    static native int mamori_incident_verify(byte[] json, byte[] expectedHead, byte[] lang, Pointer out);

    static native int mamori_incident_report_draft(byte[] request, Pointer out);

    static native int mamori_incident_notice_draft(byte[] request, Pointer out);

    static native int mamori_incident_veris(byte[] request, Pointer out);

    // Declared so that the Java table names every function of the header (tests/bindings_drift.rs);
    // no Java wrapper calls these yet.
    static native int mamori_assessment_ics(byte[] request, Pointer outIcs);

    static native int mamori_handover_start(Pointer source, Pointer reg, byte[] request, Pointer outRecord);

    static native int mamori_handover_move(Pointer source, Pointer destination, byte[] request, Pointer outRecord);

    static native int mamori_handover_revoke_share(Pointer registry, byte[] request, Pointer outRecord);

    static native int mamori_handover_revoke_share_from(Pointer registry, Pointer source, byte[] request, Pointer outRecord);

    static native int mamori_handover_key_retired(byte[] request, Pointer outRecord);

    static native int mamori_handover_retire_key(Pointer source, byte[] request, Pointer outRecord);

    static native int mamori_handover_wipe(Pointer source, byte[] request, Pointer outRecord);

    static native int mamori_handover_return(Pointer reg, byte[] request, Pointer outRecord);

    static native int mamori_handover_status(byte[] record, byte[] lang, Pointer out);

    static native int mamori_handover_retention(Pointer v, byte[] query, Pointer out);

    static native int mamori_incident_append_signed(
            Pointer inc, byte[] event, byte[] keyId, byte[] seed, SizeT seedLen, Pointer outWarnings);

    static native int mamori_incident_checkpoint(Pointer inc, byte[] keyId, byte[] seed, SizeT seedLen, Pointer out);

    static native int mamori_incident_verify_signed(byte[] request, byte[] lang, Pointer out);

    static native int mamori_incident_bundle(byte[] request, Pointer outBundle, Pointer outHtml);

    static native int mamori_bundle_verify(byte[] bundle, SizeT bundleLen, byte[] html, SizeT htmlLen, Pointer out);

    static native int mamori_vault_export_report(Pointer v, Pointer out);

    static native int mamori_vault_put_contacts(Pointer v, Pointer contacts, SizeT count, Pointer outIds);

    static native int mamori_vault_rekey_challenge(Pointer v, byte[] outChallenge);

    static native int mamori_vault_verify_anchor(Pointer v, byte[] anchor);
}
