package jp.mamori;

/**
 * A failed {@code mamori_*} call: the numeric result code of the C ABI ({@link #code()}), its
 * name ({@link #name()}, e.g. {@code "WRONG_PASSCODE"}) and the library's message for the
 * calling thread (never containing passcodes, keys, names or phone numbers).
 *
 * <p>Every result code has its own subclass, nested here (e.g. {@link WrongPasscode} for 200);
 * an unknown code (a newer library) is a plain {@code MamoriException}. Unchecked, so Kotlin
 * and Java callers catch only what they handle.
 */
public class MamoriException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String name;

    /**
     * @param code the {@code mamori_result} value
     * @param name its static name ({@code mamori_result_name})
     * @param message the library's last-error message
     */
    public MamoriException(int code, String name, String message) {
        super(name + " (" + code + ")" + (message == null || message.isEmpty() ? "" : ": " + message));
        this.code = code;
        this.name = name;
    }

    /** The {@code mamori_result} value (stable, never renumbered). */
    public int code() {
        return code;
    }

    /** The result's name, e.g. {@code "WRONG_PASSCODE"}. */
    public String name() {
        return name;
    }

    /** The exception for a result code: the subclass of that code, or the base class. */
    public static MamoriException of(int code, String name, String message) {
        switch (code) {
            case 1:
                return new NullArgument(message);
            case 2:
                return new InvalidUtf8(message);
            case 3:
                return new InvalidInput(message);
            case 4:
                return new NotFound(message);
            case 5:
                return new Io(message);
            case 6:
                return new Panic(message);
            case 7:
                return new Internal(message);
            case 8:
                return new AbiMismatch(message);
            case 9:
                return new BufferTooSmall(message);
            case 100:
                return new RulePack(message);
            case 200:
                return new WrongPasscode(message);
            case 201:
                return new Corrupt(message);
            case 202:
                return new UnsupportedVersion(message);
            case 203:
                return new ParamsOutOfBounds(message);
            case 204:
                return new Locked(message);
            case 205:
                return new Wiped(message);
            case 206:
                return new FactorRequired(message);
            case 207:
                return new ShareRevoked(message);
            case 208:
                return new RolledBack(message);
            case 300:
                return new IllegalTransition(message);
            case 301:
                return new InvalidEvent(message);
            case 302:
                return new LegalHold(message);
            default:
                return new MamoriException(code, name, message);
        }
    }

    /** 1 NULL_ARGUMENT: A required pointer was NULL (a bug in the binding). */
    public static class NullArgument extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 1;

        /** @param message the library's message */
        public NullArgument(String message) {
            super(CODE, "NULL_ARGUMENT", message);
        }
    }

    /** 2 INVALID_UTF8: A string was not valid UTF-8 (or a Java string held an unpaired surrogate). */
    public static class InvalidUtf8 extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 2;

        /** @param message the library's message */
        public InvalidUtf8(String message) {
            super(CODE, "INVALID_UTF8", message);
        }
    }

    /** 3 INVALID_INPUT: Input was malformed or out of range; the message names the field. */
    public static class InvalidInput extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 3;

        /** @param message the library's message */
        public InvalidInput(String message) {
            super(CODE, "INVALID_INPUT", message);
        }
    }

    /** 4 NOT_FOUND: The requested item does not exist. */
    public static class NotFound extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 4;

        /** @param message the library's message */
        public NotFound(String message) {
            super(CODE, "NOT_FOUND", message);
        }
    }

    /** 5 IO: An operating-system I/O error. */
    public static class Io extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 5;

        /** @param message the library's message */
        public Io(String message) {
            super(CODE, "IO", message);
        }
    }

    /** 6 PANIC: A panic was caught at the C ABI boundary (a bug in mamori). */
    public static class Panic extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 6;

        /** @param message the library's message */
        public Panic(String message) {
            super(CODE, "PANIC", message);
        }
    }

    /** 7 INTERNAL: An internal invariant failed (a bug in mamori). */
    public static class Internal extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 7;

        /** @param message the library's message */
        public Internal(String message) {
            super(CODE, "INTERNAL", message);
        }
    }

    /** 8 ABI_MISMATCH: The loaded library implements another ABI version. */
    public static class AbiMismatch extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 8;

        /** @param message the library's message */
        public AbiMismatch(String message) {
            super(CODE, "ABI_MISMATCH", message);
        }
    }

    /** 9 BUFFER_TOO_SMALL: A caller-provided buffer is too small. */
    public static class BufferTooSmall extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 9;

        /** @param message the library's message */
        public BufferTooSmall(String message) {
            super(CODE, "BUFFER_TOO_SMALL", message);
        }
    }

    /** 100 RULE_PACK: A rule pack is malformed. */
    public static class RulePack extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 100;

        /** @param message the library's message */
        public RulePack(String message) {
            super(CODE, "RULE_PACK", message);
        }
    }

    /** 200 WRONG_PASSCODE: The passcode (or key, or factor) does not open this vault. */
    public static class WrongPasscode extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 200;

        /** @param message the library's message */
        public WrongPasscode(String message) {
            super(CODE, "WRONG_PASSCODE", message);
        }
    }

    /** 201 CORRUPT: The vault file is damaged. */
    public static class Corrupt extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 201;

        /** @param message the library's message */
        public Corrupt(String message) {
            super(CODE, "CORRUPT", message);
        }
    }

    /** 202 UNSUPPORTED_VERSION: The vault file uses a format version this build does not read. */
    public static class UnsupportedVersion extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 202;

        /** @param message the library's message */
        public UnsupportedVersion(String message) {
            super(CODE, "UNSUPPORTED_VERSION", message);
        }
    }

    /** 203 PARAMS_OUT_OF_BOUNDS: KDF (or other) parameters are outside the accepted bounds. */
    public static class ParamsOutOfBounds extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 203;

        /** @param message the library's message */
        public ParamsOutOfBounds(String message) {
            super(CODE, "PARAMS_OUT_OF_BOUNDS", message);
        }
    }

    /** 204 LOCKED: Another handle or process holds the vault's writer lock. */
    public static class Locked extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 204;

        /** @param message the library's message */
        public Locked(String message) {
            super(CODE, "LOCKED", message);
        }
    }

    /** 205 WIPED: The vault has been crypto-erased. */
    public static class Wiped extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 205;

        /** @param message the library's message */
        public Wiped(String message) {
            super(CODE, "WIPED", message);
        }
    }

    /** 206 FACTOR_REQUIRED: The vault needs another key source (platform factor, server share or host key). */
    public static class FactorRequired extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 206;

        /** @param message the library's message */
        public FactorRequired(String message) {
            super(CODE, "FACTOR_REQUIRED", message);
        }
    }

    /** 207 SHARE_REVOKED: A server key share was revoked. */
    public static class ShareRevoked extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 207;

        /** @param message the library's message */
        public ShareRevoked(String message) {
            super(CODE, "SHARE_REVOKED", message);
        }
    }

    /**
     * 208 ROLLED_BACK: The vault file is older than the rollback anchor the host kept (an
     * older copy, or acknowledged transactions cut off).
     */
    public static class RolledBack extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 208;

        /** @param message the library's message */
        public RolledBack(String message) {
            super(CODE, "ROLLED_BACK", message);
        }
    }

    /** 300 ILLEGAL_TRANSITION: A device lifecycle transition the register does not allow. */
    public static class IllegalTransition extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 300;

        /** @param message the library's message */
        public IllegalTransition(String message) {
            super(CODE, "ILLEGAL_TRANSITION", message);
        }
    }

    /** 301 INVALID_EVENT: An incident event that makes no sense in the incident's state. */
    public static class InvalidEvent extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 301;

        /** @param message the library's message */
        public InvalidEvent(String message) {
            super(CODE, "INVALID_EVENT", message);
        }
    }

    /**
     * 302 LEGAL_HOLD: A legal hold forbids this erase (wipe, crypto-erase, retention deletion,
     * the hand-over's wipe); the message names the hold (who placed it, when, why).
     */
    public static class LegalHold extends MamoriException {
        private static final long serialVersionUID = 1L;

        /** The result code of this class. */
        public static final int CODE = 302;

        /** @param message the library's message */
        public LegalHold(String message) {
            super(CODE, "LEGAL_HOLD", message);
        }
    }
}
