package jp.mamori;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/**
 * C {@code size_t} (public only because JNA instantiates it reflectively): {@link Native#SIZE_T_SIZE} bytes (4 on 32-bit Android/ARM, 8 on 64-bit,
 * including 64-bit Windows, where {@code long} and therefore JNA's {@code NativeLong} are only
 * 4 bytes).
 */
public final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    /** Zero (JNA needs a no-argument constructor for results and by-reference use). */
    public SizeT() {
        this(0);
    }

    /** @param value a non-negative size */
    public SizeT(long value) {
        super(Native.SIZE_T_SIZE, value, true);
    }
}
