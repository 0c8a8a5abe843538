package jp.mamori;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Shared fixtures: fast KDF options, temporary directories, repository files. */
final class TestSupport {
    private TestSupport() {}

    static final String FAST = "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1},\"default_region\":\"JP\"}";
    static final byte[] PIN = "481516".getBytes(StandardCharsets.UTF_8);

    static String fast(String extra) {
        return FAST.substring(0, FAST.length() - 1) + "," + extra + "}";
    }

    static File tempDir() throws IOException {
        File d = Files.createTempDirectory("mamori-java").toFile();
        d.deleteOnExit();
        return d;
    }

    /** The repository root (system property {@code mamori.root}, set by tests/java_binding.rs). */
    static File root() {
        String r = System.getProperty("mamori.root");
        return new File(r == null ? "../.." : r);
    }

    static String read(String relative) throws IOException {
        return new String(Files.readAllBytes(new File(root(), relative).toPath()), StandardCharsets.UTF_8);
    }

    /** The string value of the first {@code "key": "value"} in a JSON document (tests only). */
    static String field(String json, String key) {
        String k = "\"" + key + "\":\"";
        int i = json.indexOf(k);
        if (i < 0) {
            return null;
        }
        int s = i + k.length();
        return json.substring(s, json.indexOf('"', s));
    }
}
