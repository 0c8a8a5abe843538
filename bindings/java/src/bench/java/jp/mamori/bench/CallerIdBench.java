package jp.mamori.bench;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import jp.mamori.CallerDirectory;
import jp.mamori.Vault;

/**
 * Per-call caller-ID cost through JNA beside the C ABI (paired rounds in one process on one
 * vault handle), and the directory export's cost. Run by hand (see bindings/java/README.md):
 *
 * <pre>
 * java -Dmamori.library=target/release/libmamori.so -cp ... jp.mamori.bench.CallerIdBench \
 *     /tmp/libmamori_bench.so [contacts=2000] [calls=20000] [rounds=5] [directory_contacts=100000]
 * </pre>
 */
public final class CallerIdBench {
    private CallerIdBench() {}

    interface Loop extends Library {
        long bench_caller_id_into(Pointer fn, Pointer v, byte[] phone, int n);

        long bench_caller_id_json(Pointer fn, Pointer free, Pointer v, byte[] phone, int n);
    }

    private static String contacts(int n, int offset) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            int k = i + offset;
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format("{\"name\":\"顧客 %d 様\",\"company\":\"株式会社%d\",\"phones\":[\"090-%04d-%04d\"]}",
                    k, k % 97, k / 10000, k % 10000));
        }
        return sb.append(']').toString();
    }

    /** The native handle behind a Vault (the bench only; the API keeps it private). */
    private static Pointer handle(Vault v) throws Exception {
        Field f = v.getClass().getSuperclass().getDeclaredField("ptr");
        f.setAccessible(true);
        return (Pointer) f.get(v);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    public static void main(String[] args) throws Exception {
        String helper = args[0];
        int contacts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int dirContacts = args.length > 4 ? Integer.parseInt(args[4]) : 100000;
        String lib = System.getProperty("mamori.library", "mamori");
        Map<String, Object> opts = new HashMap<String, Object>();
        opts.put(Library.OPTION_STRING_ENCODING, "UTF-8");
        NativeLibrary ml = NativeLibrary.getInstance(lib, opts);
        Function into = ml.getFunction("mamori_vault_caller_id_into");
        Function json = ml.getFunction("mamori_vault_caller_id");
        Function free = ml.getFunction("mamori_string_free");
        Loop loop = Native.load(helper, Loop.class, Collections.<String, Object>emptyMap());

        File dir = Files.createTempDirectory("mamori-bench").toFile();
        String fast = "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1},\"default_region\":\"JP\"}";
        byte[] pin = "481516".getBytes(StandardCharsets.UTF_8);
        String phone = "090-0000-0777";
        byte[] phoneC = (phone + "\0").getBytes(StandardCharsets.UTF_8);
        System.out.printf("caller ID: %d contacts, %d calls per round, %d rounds (%s)%n", contacts, calls, rounds,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try (Vault v = Vault.create(new File(dir, "b.mamori").getPath(), pin, fast)) {
            v.putMany(contacts(contacts, 0));
            Pointer h = handle(v);
            for (int i = 0; i < calls; i++) { // warm-up (JIT, caches)
                v.callerId(phone);
                v.callerIdJson(phone);
            }
            loop.bench_caller_id_into(into, h, phoneC, calls);
            double[] cInto = new double[rounds];
            double[] jInto = new double[rounds];
            double[] cJson = new double[rounds];
            double[] jJson = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                cInto[r] = loop.bench_caller_id_into(into, h, phoneC, calls) / 1000.0 / calls;
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    v.callerId(phone);
                }
                jInto[r] = (System.nanoTime() - t0) / 1000.0 / calls;
                cJson[r] = loop.bench_caller_id_json(json, free, h, phoneC, calls) / 1000.0 / calls;
                t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    v.callerIdJson(phone);
                }
                jJson[r] = (System.nanoTime() - t0) / 1000.0 / calls;
                System.out.printf("round %d: into C %.2f us, Java %.2f us (x%.1f); json C %.2f us, Java %.2f us (x%.1f)%n",
                        r + 1, cInto[r], jInto[r], jInto[r] / cInto[r], cJson[r], jJson[r], jJson[r] / cJson[r]);
            }
            System.out.printf("median: Vault.callerId %.2f us vs C caller_id_into %.2f us (x%.1f, +%.2f us); "
                    + "Vault.callerIdJson %.2f us vs C caller_id %.2f us (x%.1f, +%.2f us)%n",
                    median(jInto), median(cInto), median(jInto) / median(cInto), median(jInto) - median(cInto),
                    median(jJson), median(cJson), median(jJson) / median(cJson), median(jJson) - median(cJson));
        }
        if (dirContacts > 0) {
            try (Vault v = Vault.create(new File(dir, "d.mamori").getPath(), pin, fast)) {
                int chunk = 10000;
                for (int i = 0; i < dirContacts; i += chunk) {
                    v.putMany(contacts(Math.min(chunk, dirContacts - i), i));
                }
                for (int r = 0; r < 3; r++) {
                    long t0 = System.nanoTime();
                    byte[] b = v.callerDirectory(CallerDirectory.LabelPolicy.NAME, null);
                    long t1 = System.nanoTime();
                    CallerDirectory d = CallerDirectory.parse(b);
                    long t2 = System.nanoTime();
                    byte[] token = CallerDirectory.token(b);
                    v.put("{\"name\":\"追加\",\"phones\":[\"080-1234-0000\"]}");
                    long t3 = System.nanoTime();
                    byte[] ch = v.callerDirectoryChanges(token, CallerDirectory.LabelPolicy.NAME, null);
                    long t4 = System.nanoTime();
                    System.out.printf("directory, %d contacts: export %.1f ms (%d entries, %d bytes), Java parse %.1f ms, "
                            + "changes after one put %.1f ms (%d bytes)%n", dirContacts, (t1 - t0) / 1e6,
                            d.entries().size(), b.length, (t2 - t1) / 1e6, (t4 - t3) / 1e6, ch.length);
                }
            }
        }
        for (File f : dir.listFiles()) {
            f.delete();
        }
        dir.delete();
    }
}
