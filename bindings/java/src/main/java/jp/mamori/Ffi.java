package jp.mamori;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Shared plumbing: UTF-8 in and out, result checks, library-owned strings and buffers. */
final class Ffi {
    private Ffi() {}

    /** The ABI version this binding was written for ({@code MAMORI_ABI_VERSION}). */
    static final int ABI_VERSION = 1;

    private static volatile boolean checked;

    /** Load the library and check its ABI once. */
    static void init() {
        if (checked) {
            return;
        }
        synchronized (Ffi.class) {
            if (!checked) {
                int rc = LibMamori.mamori_check_abi(ABI_VERSION);
                if (rc != 0) {
                    throw error(rc);
                }
                checked = true;
            }
        }
    }

    /** A NUL-terminated strict UTF-8 copy of {@code s} (null stays null). */
    static byte[] cstr(String s) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string argument contains a NUL character");
        }
        byte[] b = utf8(s);
        return Arrays.copyOf(b, b.length + 1);
    }

    /** Strict UTF-8 bytes of {@code s}: an unpaired surrogate is {@link MamoriException.InvalidUtf8}. */
    static byte[] utf8(String s) {
        CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MamoriException.InvalidUtf8("string argument is not valid Unicode (unpaired surrogate)");
        }
    }

    /** Strict UTF-8 decoding (the library only returns UTF-8). */
    static String decode(byte[] b) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MamoriException.InvalidUtf8("library returned invalid UTF-8");
        }
    }

    /** A NUL-terminated UTF-8 string at {@code p} ("" for NULL). */
    static String readCString(Pointer p) {
        if (p == null) {
            return "";
        }
        long n = p.indexOf(0, (byte) 0);
        return decode(p.getByteArray(0, (int) n));
    }

    /** The exception for a failed call, with this thread's last-error message. */
    static MamoriException error(int rc) {
        String name = readCString(LibMamori.mamori_result_name(rc));
        String message = readCString(LibMamori.mamori_last_error_message());
        return MamoriException.of(rc, name, message);
    }

    /** Throw unless {@code rc} is {@code MAMORI_OK}. */
    static void check(int rc) {
        if (rc != 0) {
            throw error(rc);
        }
    }

    /** A call with one {@code char **} out-parameter. */
    interface StringCall {
        int run(PointerByReference out);
    }

    /** A call on a handle with one {@code char **} out-parameter. */
    interface StringCall0 {
        int run(Pointer handle, PointerByReference out);
    }

    /** Run {@code call}, copy the returned string and free it through {@code mamori_string_free}. */
    static String callString(StringCall call) {
        init();
        PointerByReference out = new PointerByReference();
        check(call.run(out));
        Pointer p = out.getValue();
        if (p == null) {
            throw new MamoriException.Internal("library returned NULL on success");
        }
        try {
            return readCString(p);
        } finally {
            LibMamori.mamori_string_free(p);
        }
    }

    /** A call with {@code uint8_t **out_buf, size_t *out_len}. */
    interface BytesCall {
        int run(PointerByReference outBuf, Pointer outLen);
    }

    /** Run {@code call}, copy the returned bytes and free them through {@code mamori_bytes_free}. */
    static byte[] callBytes(BytesCall call) {
        init();
        PointerByReference out = new PointerByReference();
        Memory len = new Memory(Native.SIZE_T_SIZE);
        len.clear();
        check(call.run(out, len));
        Pointer p = out.getValue();
        long n = readSize(len, 0);
        try {
            return n == 0 || p == null ? new byte[0] : p.getByteArray(0, (int) n);
        } finally {
            LibMamori.mamori_bytes_free(p, new SizeT(n));
        }
    }

    /** A {@code size_t} read from native memory. */
    static long readSize(Pointer p, long offset) {
        return Native.SIZE_T_SIZE == 8 ? p.getLong(offset) : p.getInt(offset) & 0xffffffffL;
    }

    /** {@code n} as a {@code size_t} argument. */
    static SizeT size(int n) {
        return new SizeT(n);
    }

    /** A copy of exactly {@code n} bytes, or an {@link IllegalArgumentException}. */
    static byte[] fixed(byte[] b, int n, String name) {
        if (b == null) {
            return null;
        }
        if (b.length != n) {
            throw new IllegalArgumentException(name + " must be " + n + " bytes, got " + b.length);
        }
        return b.clone();
    }

    /** Overwrite a secret copy. */
    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
