package jp.mamori;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

/** The binding's own UTF-8 encoder and decoder agree with the JDK's, whatever the locale. */
public class EncodingTest {
    @Test
    public void encoderMatchesTheJdkOnRandomValidStrings() {
        Random r = new Random(42);
        for (int k = 0; k < 2000; k++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(20);
            for (int i = 0; i < n; i++) {
                int kind = r.nextInt(5);
                int cp = kind == 0 ? 1 + r.nextInt(0x7F)
                        : kind == 1 ? 0x80 + r.nextInt(0x780)
                        : kind == 2 ? 0x800 + r.nextInt(0xD000 - 0x800)
                        : kind == 3 ? 0xE000 + r.nextInt(0x2000)
                        : 0x10000 + r.nextInt(0x100000);
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(s, jdk, Ffi.utf8(s));
            byte[] c = Ffi.cstr(s);
            assertEquals(0, c[c.length - 1]);
            assertArrayEquals(jdk, Arrays.copyOf(c, c.length - 1));
            assertEquals(s, Ffi.decode(jdk));
        }
    }

    @Test
    public void unpairedSurrogatesAndNulAreRefused() {
        for (String bad : new String[] {"\uD800", "a\uDC00", "\uD800x", "\uDBFF"}) {
            try {
                Ffi.cstr(bad);
                fail(bad);
            } catch (MamoriException.InvalidUtf8 e) {
                assertEquals(2, e.code());
            }
        }
        try {
            Ffi.cstr("a\u0000");
            fail();
        } catch (IllegalArgumentException expected) {
            // would truncate the C string
        }
        try {
            Ffi.decode(new byte[] {(byte) 0xC3});
            fail();
        } catch (MamoriException.InvalidUtf8 expected) {
            // strict decoding
        }
    }
}
