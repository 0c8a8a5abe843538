package jp.mamori;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
        return encode(s, true);
    }

    /** Strict UTF-8 bytes of {@code s}: an unpaired surrogate is {@link MamoriException.InvalidUtf8}. */
    static byte[] utf8(String s) {
        return encode(s, false);
    }

    /**
     * UTF-8 by hand (the JDK's encoder objects cost more than a caller-ID lookup): exact,
     * independent of any default charset, refusing unpaired surrogates and (for C strings) NUL.
     */
    private static byte[] encode(String s, boolean nul) {
        int n = s.length();
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0 && nul) {
                    throw new IllegalArgumentException("string argument contains a NUL character");
                }
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new MamoriException.InvalidUtf8("string argument is not valid Unicode (unpaired surrogate)");
                }
                len += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new MamoriException.InvalidUtf8("string argument is not valid Unicode (unpaired surrogate)");
            } else {
                len += 3;
            }
        }
        byte[] out = new byte[len + (nul ? 1 : 0)];
        int j = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[j++] = (byte) c;
            } else if (c < 0x800) {
                out[j++] = (byte) (0xC0 | (c >> 6));
                out[j++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[j++] = (byte) (0xF0 | (cp >> 18));
                out[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[j++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[j++] = (byte) (0xE0 | (c >> 12));
                out[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[j++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    /** One strict decoder per thread (creating one per call costs microseconds). */
    private static final ThreadLocal<CharsetDecoder> DECODER = new ThreadLocal<CharsetDecoder>() {
        @Override
        protected CharsetDecoder initialValue() {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
    };

    /** Strict UTF-8 decoding (the library only returns UTF-8). */
    static String decode(byte[] b) {
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, StandardCharsets.US_ASCII);
        }
        CharsetDecoder dec = DECODER.get();
        dec.reset();
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
        int run(Pointer out);
    }

    /** A call on a handle with one {@code char **} out-parameter. */
    interface StringCall0 {
        int run(Pointer handle, Pointer out);
    }

    /**
     * One out-pointer per thread, reused: a JNA {@code Memory} per call costs a malloc and a
     * cleaner registration, a large part of a caller-ID lookup. No call nests inside another
     * on the same thread, and the value is reset before each use.
     */
    private static final ThreadLocal<Memory> OUT = new ThreadLocal<Memory>() {
        @Override
        protected Memory initialValue() {
            return new Memory(Native.POINTER_SIZE);
        }
    };

    /** A fresh, NULL-initialised {@code T **} out-parameter (for handles). */
    static Memory outPointer() {
        Memory m = new Memory(Native.POINTER_SIZE);
        m.setPointer(0, null);
        return m;
    }

    /** Run {@code call}, copy the returned string and free it through {@code mamori_string_free}. */
    static String callString(StringCall call) {
        init();
        Memory out = OUT.get();
        out.setPointer(0, null);
        check(call.run(out));
        Pointer p = out.getPointer(0);
        out.setPointer(0, null);
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
        int run(Pointer outBuf, Pointer outLen);
    }

    /** Run {@code call}, copy the returned bytes and free them through {@code mamori_bytes_free}. */
    static byte[] callBytes(BytesCall call) {
        init();
        Memory out = outPointer();
        Memory len = new Memory(Native.SIZE_T_SIZE);
        len.clear();
        check(call.run(out, len));
        Pointer p = out.getPointer(0);
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
