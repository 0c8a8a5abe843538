package jp.mamori;

/** Library-wide facts: version, ABI version, where the library was loaded from. */
public final class Mamori {
    private Mamori() {}

    /** The ABI version this binding was written for ({@code MAMORI_ABI_VERSION}). */
    public static final int ABI_VERSION = Ffi.ABI_VERSION;

    /**
     * Load the library and check that it implements {@link #ABI_VERSION}
     * ({@link MamoriException.AbiMismatch} otherwise). Every other call does this on first use.
     */
    public static void init() {
        Ffi.init();
    }

    /** The library version, e.g. {@code "mamori/0.1.0"}. */
    public static String version() {
        Ffi.init();
        return Ffi.readCString(LibMamori.mamori_version());
    }

    /** The ABI version the loaded library implements. */
    public static int abiVersion() {
        return LibMamori.mamori_abi_version();
    }

    /** The name or path the library was loaded by. */
    public static String libraryName() {
        return LibMamori.LOADED;
    }
}
