package jp.mamori;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.Before;
import org.junit.Test;

public class VaultTest {
    private String path;
    private File dir;

    @Before
    public void setUp() throws Exception {
        dir = TestSupport.tempDir();
        path = new File(dir, "v.mamori").getAbsolutePath();
    }

    private static final String SATO =
            "{\"name\":\"佐藤 花子\",\"reading\":\"さとう はなこ\",\"company\":\"佐藤商事\",\"phones\":[\"090-1234-5678\"]}";

    @Test
    public void japaneseNamesRoundTripWhateverTheLocale() {
        // A Japanese file name too: the path crosses as UTF-8 bytes, not in the JVM's charset.
        String jpPath = new File(dir, "連絡先.mamori").getAbsolutePath();
        try (Vault v = Vault.create(jpPath, TestSupport.PIN, TestSupport.FAST)) {
            String id = v.put(SATO);
            assertEquals(16, id.length());
            CallerId c = v.callerId("+81 90 1234 5678");
            assertNotNull(c);
            assertEquals(id, c.id());
            assertEquals("佐藤 花子", c.name());
            assertEquals("佐藤商事", c.company());
            assertThat(v.callerIdJson("０９０－１２３４－５６７８"), containsString("\"name\":\"佐藤 花子\""));
            assertThat(v.get(id), containsString("さとう はなこ"));
            assertThat(v.lookupPhone("09012345678"), containsString("佐藤商事"));
            assertThat(v.searchName("サトウ"), containsString(id));
            assertEquals("[]", v.searchName("やまだ"));
            assertNull(v.callerId("+81 3 0000 0000"));
            assertNull(v.lookupPhone("+81 3 0000 0000"));
            assertNull(v.callerIdJson("+81 3 0000 0000"));
            // 𠮷 (outside the BMP: a surrogate pair in Java) survives both directions.
            String id2 = v.put("{\"name\":\"𠮷野 家\",\"phones\":[\"080-1111-2222\"]}");
            assertEquals("𠮷野 家", v.callerId("080-1111-2222").name());
            assertNull(v.callerId("080-1111-2222").company());
            assertThat(v.get(id2), containsString("𠮷野"));
        }
        try (Vault v = Vault.open(jpPath, TestSupport.PIN)) {
            assertEquals("佐藤 花子", v.callerId("090-1234-5678").name());
        }
        Vault.wipeFile(jpPath);
        try {
            Vault.open(jpPath, TestSupport.PIN);
            fail("wiped file opened");
        } catch (MamoriException.NotFound expected) {
            // the file is gone
        }
    }

    @Test
    public void longNamesGrowTheCallerIdBuffer() {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            name.append("長");
        }
        try (Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST)) {
            v.put("{\"name\":\"" + name + "\",\"phones\":[\"090-9999-8888\"]}");
            assertEquals(name.toString(), v.callerId("090-9999-8888").name());
        }
    }

    @Test
    public void openOrCreateCreatesOnceThenOpens() {
        try (Vault v = Vault.openOrCreate(path, TestSupport.PIN, TestSupport.FAST)) {
            assertTrue(v.wasCreated());
            v.put(SATO);
        }
        try (Vault v = Vault.openOrCreate(path, TestSupport.PIN, TestSupport.FAST)) {
            assertFalse(v.wasCreated());
            assertEquals("佐藤 花子", v.callerId("09012345678").name());
        }
        try {
            Vault.openOrCreate(path, "000000".getBytes(StandardCharsets.UTF_8), null);
            fail("opened with a wrong passcode");
        } catch (MamoriException.WrongPasscode e) {
            assertEquals(200, e.code());
        }
    }

    @Test
    public void attemptsLeftCountsDownWithoutThePasscode() {
        String opts = TestSupport.fast("\"wipe_after_failed\":3");
        Vault.create(path, TestSupport.PIN, opts).close();
        assertEquals(java.util.OptionalInt.of(3), Vault.attemptsLeft(path));
        for (int left = 2; left >= 1; left--) {
            try {
                Vault.open(path, "000000".getBytes(StandardCharsets.UTF_8));
                fail("opened with a wrong passcode");
            } catch (MamoriException.WrongPasscode e) {
                assertEquals(java.util.OptionalInt.of(left), Vault.attemptsLeft(path));
            }
        }
        try {
            Vault.open(path, "000000".getBytes(StandardCharsets.UTF_8));
            fail("opened with a wrong passcode");
        } catch (MamoriException.Wiped e) {
            assertEquals(205, e.code());
        }
        try {
            Vault.attemptsLeft(path);
            fail("a wiped vault's file is gone");
        } catch (MamoriException.NotFound e) {
            assertEquals(4, e.code());
        }
    }

    @Test
    public void wrongPasscodeIsTypedWithItsCode() {
        Vault.create(path, TestSupport.PIN, TestSupport.FAST).close();
        try {
            Vault.open(path, "000000".getBytes(StandardCharsets.UTF_8));
            fail("opened with a wrong passcode");
        } catch (MamoriException.WrongPasscode e) {
            assertEquals(200, e.code());
            assertEquals("WRONG_PASSCODE", e.name());
        }
    }

    @Test
    public void badInputIsTypedAndNamesTheProblem() {
        try (Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST)) {
            try {
                v.put("{\"name\":\"x\",\"phones\":[],\"nmae\":1}");
                fail();
            } catch (MamoriException.InvalidInput e) {
                assertEquals(3, e.code());
                assertThat(e.getMessage(), containsString("nmae"));
            }
            try {
                v.get("not-an-id");
                fail();
            } catch (MamoriException.InvalidInput e) {
                assertEquals(MamoriException.InvalidInput.CODE, e.code());
            }
            try {
                v.get("0123456789abcdef");
                fail();
            } catch (MamoriException.NotFound e) {
                assertEquals(4, e.code());
            }
            try {
                v.put("{\"name\":\"\uD800\",\"phones\":[]}"); // unpaired surrogate
                fail();
            } catch (MamoriException.InvalidUtf8 e) {
                assertEquals(2, e.code());
            }
            try {
                v.put("{\"name\":\"a\u0000b\"}");
                fail();
            } catch (IllegalArgumentException expected) {
                // a NUL would silently truncate the C string
            }
        }
        try {
            Vault.createWithKey(path + "2", new byte[5], null);
            fail();
        } catch (IllegalArgumentException expected) {
            // keys are exactly 32 bytes
        }
    }

    @Test
    public void closeIsIdempotentAndUseAfterCloseThrows() {
        Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST);
        v.put(SATO);
        v.close();
        v.close();
        assertTrue(v.isClosed());
        try {
            v.callerId("090-1234-5678");
            fail();
        } catch (IllegalStateException expected) {
            assertThat(expected.getMessage(), containsString("closed"));
        }
        try {
            v.manifest();
            fail();
        } catch (IllegalStateException expected) {
            // no crash
        }
        // the lock was released: it opens again
        Vault.open(path, TestSupport.PIN).close();
    }

    @Test
    public void closeRacingWithCallsNeverCrashes() throws Exception {
        final Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST);
        v.put(SATO);
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        List<Thread> ts = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    try {
                        assertEquals("佐藤 花子", v.callerId("090-1234-5678").name());
                        ok.incrementAndGet();
                    } catch (IllegalStateException e) {
                        closed.incrementAndGet();
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        Thread.sleep(20);
        v.close();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(8000, ok.get() + closed.get());
    }

    @Test
    public void lockedWhileOpenElsewhere() {
        try (Vault held = Vault.create(path, TestSupport.PIN, TestSupport.FAST)) {
            assertFalse(held.isClosed());
            try {
                Vault.open(path, TestSupport.PIN);
                fail();
            } catch (MamoriException.Locked e) {
                assertEquals(204, e.code());
            }
        }
    }

    @Test
    public void passcodeChangeSetAndManifest() {
        byte[] next = "a long passphrase 二".getBytes(StandardCharsets.UTF_8);
        try (Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST)) {
            v.put(SATO);
            try {
                v.changePasscode("999999".getBytes(StandardCharsets.UTF_8), next);
                fail();
            } catch (MamoriException.WrongPasscode expected) {
                // old passcode checked
            }
            v.changePasscode(TestSupport.PIN, next);
            String m = v.manifest();
            assertThat(m, containsString("\"persons_by_jurisdiction\":{\"JP\":1}"));
            assertThat(v.accessLog(), containsString("passcode_changed"));
        }
        try (Vault v = Vault.open(path, next)) {
            v.setPasscode(TestSupport.PIN);
            assertThat(v.export(), containsString("佐藤 花子"));
            v.compact();
        }
        Vault.open(path, TestSupport.PIN).close();
    }

    @Test
    public void hostKeyTierRecoveryKeyAndRekey() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        byte[] recovery = new byte[32];
        recovery[0] = 9;
        try (Vault v = Vault.createWithKey(path, key, TestSupport.FAST)) {
            v.put(SATO);
            assertEquals("host_key", TestSupport.field(v.manifest(), "key_source"));
        }
        try {
            Vault.openWithKey(path, new byte[32]);
            fail();
        } catch (MamoriException.WrongPasscode expected) {
            // wrong key
        }
        try {
            Vault.open(path, TestSupport.PIN);
            fail();
        } catch (MamoriException.FactorRequired e) {
            assertEquals(206, e.code());
        }
        try (Vault v = Vault.openWithKey(path, key)) {
            v.addRecoveryKey(recovery);
        }
        try (Vault v = Vault.openWithKey(path, recovery)) {
            assertEquals("佐藤 花子", v.callerId("090-1234-5678").name());
            v.rekeyPasscode("a long passphrase for the rekey".getBytes(StandardCharsets.UTF_8), TestSupport.FAST);
        }
        try {
            Vault.openWithKey(path, key);
            fail();
        } catch (MamoriException.FactorRequired expected) {
            // every old slot is gone
        }
        try (Vault v = Vault.open(path, "a long passphrase for the rekey".getBytes(StandardCharsets.UTF_8))) {
            v.rekeyHostKey(key);
        }
        Vault.openWithKey(path, key).close();
    }

    /** HMAC-SHA256 over the challenge: what an AndroidKeyStore HMAC key computes (software stand-in). */
    private static byte[] factor(byte[] challenge) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a keystore HMAC key stand-in..!!".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(challenge);
    }

    @Test
    public void platformFactorSansIoFlow() throws Exception {
        try {
            Vault.create(path, "1234".getBytes(StandardCharsets.UTF_8), TestSupport.FAST);
            fail("a 4-digit PIN alone must be refused");
        } catch (MamoriException.InvalidInput expected) {
            // PIN policy
        }
        // With a platform factor the passcode still needs 6 characters (audit N4).
        byte[] pin = "123456".getBytes(StandardCharsets.UTF_8);
        byte[] challenge = Vault.newChallenge();
        assertEquals(32, challenge.length);
        try (Vault v = Vault.createWithFactor(path, pin, challenge, factor(challenge),
                TestSupport.fast("\"factor_source\":\"android_strongbox\""))) {
            v.put(SATO);
            assertEquals("passcode+platform", TestSupport.field(v.manifest(), "key_source"));
        }
        byte[] c = Vault.unlockChallenge(path);
        assertArrayEquals(challenge, c);
        try {
            Vault.open(path, pin);
            fail();
        } catch (MamoriException.FactorRequired expected) {
            // the PIN alone does not fit
        }
        try {
            Vault.openWithFactor(path, pin, new byte[32]);
            fail();
        } catch (MamoriException.WrongPasscode expected) {
            // wrong factor
        }
        try (Vault v = Vault.openWithFactor(path, pin, factor(c))) {
            assertEquals("佐藤 花子", v.callerId("090-1234-5678").name());
            byte[] wrong = Vault.newChallenge();
            try {
                v.rekeyFactor(pin, wrong, factor(wrong), TestSupport.fast("\"factor_source\":\"android_tee\""));
                fail("a challenge with another vault id would make the vault unopenable");
            } catch (IllegalArgumentException expected) {
                // refused before any change
            }
            byte[] c2 = v.rekeyChallenge();
            v.rekeyFactor(pin, c2, factor(c2), TestSupport.fast("\"factor_source\":\"android_tee\""));
        }
        byte[] c3 = Vault.unlockChallenge(path);
        assertFalse(java.util.Arrays.equals(c, c3));
        try (Vault v = Vault.openWithFactor(path, pin, factor(c3))) {
            assertEquals("android_tee", TestSupport.field(v.manifest(), "factor_source"));
        }
    }

    @Test
    public void serverShareRevoked() {
        try (KeyShare server = KeyShare.registry()) {
            KeyShare.Issued s = server.issue();
            byte[] challenge = Vault.newChallenge();
            System.arraycopy(s.shareId, 0, challenge, 16, 16);
            byte[] pin = "258013".getBytes(StandardCharsets.UTF_8);
            Vault.createWithFactor(path, pin, challenge, s.share, TestSupport.fast("\"factor_source\":\"server\"")).close();
            byte[] sid = java.util.Arrays.copyOfRange(Vault.unlockChallenge(path), 16, 32);
            assertArrayEquals(s.share, server.release(sid));
            server.revoke(sid);
            try {
                server.release(sid);
                fail();
            } catch (MamoriException.ShareRevoked e) {
                assertEquals(207, e.code());
            }
            try {
                server.insert(sid, s.share);
                fail();
            } catch (MamoriException.ShareRevoked expected) {
                // revoked stays revoked
            }
        }
    }

    @Test
    public void shareHoldRefusesRevocationUntilOverridden() {
        try (KeyShare server = KeyShare.registry()) {
            byte[] id = server.issue("2026-10-01T09:00:00+09:00").shareId;
            String holds = server.hold(id, "place", "LH-31", "evidence", "2026-12-05T09:00:00+09:00", "legal-sato");
            assertTrue(holds.contains("\"mamori.legal_hold.v1\""));
            try {
                server.revoke(id, "2026-12-05T09:18:00+09:00");
                fail();
            } catch (MamoriException.LegalHold e) {
                assertTrue(e.getMessage().contains("LH-31"));
            }
            server.hold(id, "override", "LH-31", "thief has the phone", "2026-12-05T09:10:00+09:00", "cfo-ito");
            assertTrue(server.holds(id).contains("cfo-ito"));
            server.revoke(id, "2026-12-05T09:18:00+09:00");
        }
    }

    @Test
    public void shareLogRestoreAndReleasedAfter() {
        String log;
        byte[] id;
        byte[] share;
        try (KeyShare server = KeyShare.registry()) {
            KeyShare.Issued s = server.issue("2026-10-01T09:00:00+09:00");
            id = s.shareId;
            share = s.share;
            assertArrayEquals(share, server.release(id, "2026-12-05T02:14:00+09:00"));
            server.revoke(id, "2026-12-05T09:18:00+09:00");
            log = server.log();
            assertTrue(log.contains("\"op\":\"released\""));
            assertTrue(server.releasedAfter(id, "2026-12-04T21:30:00+09:00").contains("\"released_after\":true"));
        }
        try (KeyShare back = KeyShare.restore(log, null)) {
            try {
                back.insert(id, share);
                fail();
            } catch (MamoriException.ShareRevoked expected) {
                // revoked in the log, revoked after the restore
            }
        }
        String edited = log.replace("2026-12-04T17:14:00Z", "2026-12-04T10:00:00Z");
        assertFalse(edited.equals(log));
        try {
            KeyShare.restore(edited, null).close();
            fail();
        } catch (MamoriException.InvalidInput e) {
            assertTrue(e.getMessage(), e.getMessage().contains("entries[1].hash"));
        }
    }

    @Test
    public void wipeThenEveryCallIsWiped() {
        Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST);
        v.put(SATO);
        v.wipe();
        try {
            v.callerId("090-1234-5678");
            fail();
        } catch (MamoriException.Wiped e) {
            assertEquals(205, e.code());
        }
        v.close();
        assertFalse(new File(path).exists());
        Vault.create(path, TestSupport.PIN, TestSupport.FAST).close();
        Vault.wipeFile(path);
        assertFalse(new File(path).exists());
    }

    @Test
    public void legalHoldRefusesWipesUntilOverriddenOrReleased() {
        try (Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST)) {
            v.put(SATO);
            assertThat(v.hold("place", "LH-1"), containsString("\"reference\""));
            try {
                v.wipe();
                fail();
            } catch (MamoriException.LegalHold e) {
                assertEquals(302, e.code());
                assertThat(e.getMessage(), containsString("placed at"));
            }
            try {
                v.wipeReport();
                fail();
            } catch (MamoriException.LegalHold e) {
                assertEquals("LEGAL_HOLD", e.name());
            }
            assertThat(v.holds(), containsString("\"released_at\":null"));
        }
        try {
            Vault.wipeFile(path);
            fail();
        } catch (MamoriException.LegalHold e) {
            assertTrue(new File(path).exists());
        }
        try (Vault v = Vault.open(path, TestSupport.PIN)) {
            v.hold("override", "LH-1");
            v.wipe();
        }
        assertFalse(new File(path).exists());
    }

    @Test
    public void everyResultCodeHasItsClass() throws Exception {
        String header = TestSupport.read("include/mamori.h");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("MAMORI_([A-Z0-9_]+) = (\\d+),").matcher(header);
        int n = 0;
        while (m.find()) {
            int code = Integer.parseInt(m.group(2));
            String name = m.group(1);
            assertEquals(name, Ffi.readCString(LibMamori.mamori_result_name(code)));
            if (code == 0) {
                continue;
            }
            MamoriException e = MamoriException.of(code, name, "msg");
            assertTrue(name, e.getClass() != MamoriException.class);
            assertEquals(code, e.code());
            assertEquals(name, e.name());
            assertEquals(code, e.getClass().getField("CODE").getInt(null));
            n++;
        }
        assertEquals(22, n); // 20 + ROLLED_BACK (208, issue 11) + LEGAL_HOLD (302, issue 29)
        assertEquals(MamoriException.class, MamoriException.of(999, "UNKNOWN", "").getClass());
    }

    @Test
    public void versionAndAbi() {
        assertEquals("mamori/0.1.0", Mamori.version());
        assertEquals(Mamori.ABI_VERSION, Mamori.abiVersion());
    }

    /** Issue 24 (N7): the open options reach Java: a rollback anchor checked before any write,
     *  and a read-only open that writes nothing. */
    @Test
    public void openOptionsCarryTheAnchorAndReadOnly() throws Exception {
        String anchor;
        byte[] older;
        try (Vault v = Vault.create(path, TestSupport.PIN, TestSupport.FAST)) {
            v.put(SATO);
            older = java.nio.file.Files.readAllBytes(new File(path).toPath());
            v.put("{\"name\":\"山田 太郎\",\"phones\":[\"080-1111-2222\"]}");
            anchor = v.anchor();
        }
        assertThat(anchor, containsString("mamori.anchor.v1"));
        byte[] now = java.nio.file.Files.readAllBytes(new File(path).toPath());
        // Read-only: opens, writes nothing, refuses writes.
        try (Vault v = Vault.openWithOptions(path, TestSupport.PIN, null, null, "{\"read_only\": true}")) {
            assertThat(v.damage(), containsString("\"intact\":true"));
            try {
                v.put(SATO);
                fail("a read-only vault accepted a write");
            } catch (MamoriException.InvalidInput e) {
                assertThat(e.getMessage(), containsString("read-only"));
            }
        }
        assertArrayEquals(now, java.nio.file.Files.readAllBytes(new File(path).toPath()));
        // An older copy with the anchor: RolledBack, and the file is left exactly as it was.
        java.nio.file.Files.write(new File(path).toPath(), older);
        try {
            Vault.openWithOptions(path, TestSupport.PIN, null, null, "{\"anchor\": " + anchor + "}").close();
            fail("an older copy opened against a newer anchor");
        } catch (MamoriException.RolledBack e) {
            assertArrayEquals(older, java.nio.file.Files.readAllBytes(new File(path).toPath()));
        }
    }
}
