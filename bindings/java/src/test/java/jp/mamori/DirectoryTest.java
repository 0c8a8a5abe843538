package jp.mamori;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DirectoryTest {
    private Vault v;
    private String[] ids;

    private static final String CONTACTS = "["
            + "{\"name\":\"佐藤 花子\",\"company\":\"佐藤商事\",\"phones\":[\"090-1234-5678\",\"03-1234-5678\"]},"
            + "{\"name\":\"鈴木 一郎\",\"company\":\"佐藤商事\",\"phones\":[\"03-1234-5678\",\"+44 7700 900123\"]},"
            + "{\"name\":\"Jane Roe\",\"phones\":[\"+1 415 555 0100\",\"内線1234\"]},"
            + "{\"name\":\"John Doe\",\"company\":\"Acme\",\"phones\":[\"+1 (415) 555-0100\"]}]";

    @Before
    public void setUp() throws Exception {
        String path = new File(TestSupport.tempDir(), "d.mamori").getAbsolutePath();
        v = Vault.create(path, TestSupport.PIN, TestSupport.FAST);
        String json = v.putMany(CONTACTS);
        ids = json.replaceAll("[\\[\\]\"]", "").split(",");
        assertEquals(4, ids.length);
    }

    @After
    public void tearDown() {
        v.close();
    }

    private static List<Long> numbers(List<CallerDirectory.Entry> es) {
        List<Long> out = new ArrayList<Long>();
        for (CallerDirectory.Entry e : es) {
            out.add(e.number);
        }
        return out;
    }

    private static String label(CallerDirectory d, long n) {
        for (CallerDirectory.Entry e : d.entries()) {
            if (e.number == n) {
                return e.label;
            }
        }
        throw new AssertionError("no entry " + n);
    }

    @Test
    public void strictlyAscendingAndUniqueUnderEveryPolicy() {
        for (CallerDirectory.LabelPolicy p : CallerDirectory.LabelPolicy.values()) {
            CallerDirectory d = CallerDirectory.parse(v.callerDirectory(p, null));
            assertEquals(p, d.policy());
            assertEquals(p.name(), Arrays.asList(14155550100L, 81312345678L, 447700900123L, 819012345678L),
                    numbers(d.entries()));
            String json = v.callerDirectoryJson(p, null);
            assertThat(json, containsString("\"label_policy\":\"" + p.json() + "\""));
            assertThat(json, containsString("\"skipped_phones\":1"));
            assertThat(json, containsString("\"shared_numbers\":2"));
        }
        CallerDirectory name = CallerDirectory.parse(v.callerDirectory(CallerDirectory.LabelPolicy.NAME, null));
        assertEquals("佐藤 花子", label(name, 819012345678L));
        assertEquals("複数の連絡先", label(name, 81312345678L));
        CallerDirectory co = CallerDirectory.parse(v.callerDirectory(CallerDirectory.LabelPolicy.COMPANY, null));
        assertEquals("佐藤商事", label(co, 81312345678L)); // same company: the company, not a neutral label
        CallerDirectory nc = CallerDirectory.parse(v.callerDirectory(CallerDirectory.LabelPolicy.NAME_COMPANY, "共有"));
        assertEquals("佐藤 花子 (佐藤商事)", label(nc, 819012345678L));
        assertEquals("共有", label(nc, 14155550100L));
        CallerDirectory in = CallerDirectory.parse(v.callerDirectory(CallerDirectory.LabelPolicy.INITIALS, null));
        assertEquals("鈴.一.", label(in, 447700900123L));
        for (CallerDirectory.Entry e : CallerDirectory.parse(v.callerDirectory(CallerDirectory.LabelPolicy.NONE, null)).entries()) {
            assertEquals("", e.label);
        }
    }

    @Test
    public void incrementalAppliedToPreviousEqualsFull() {
        CallerDirectory.LabelPolicy p = CallerDirectory.LabelPolicy.NAME;
        byte[] first = v.callerDirectory(p, null);
        byte[] token = CallerDirectory.token(first);
        String hex = TestSupport.field(v.callerDirectoryJson(p, null), "token");
        StringBuilder sb = new StringBuilder();
        for (byte b : token) {
            sb.append(String.format("%02x", b & 0xff));
        }
        assertEquals(hex, sb.toString());
        v.delete(ids[2]);
        v.put("{\"name\":\"高橋 三郎\",\"phones\":[\"080-9999-0000\"]}");
        v.put("{\"id\":\"" + ids[0] + "\",\"name\":\"佐藤 花子 (営業)\",\"phones\":[\"090-1234-5678\"]}");
        CallerDirectory.Changes ch = CallerDirectory.Changes.parse(v.callerDirectoryChanges(token, p, null));
        byte[] full = v.callerDirectory(p, null);
        assertEquals(CallerDirectory.parse(full).entries(), ch.applyTo(CallerDirectory.parse(first).entries()));
        assertArrayEquals(CallerDirectory.token(full), ch.token);
        assertTrue(ch.removed.contains(819012345678L)); // relabelled: removed, then added
        CallerDirectory.Changes none = CallerDirectory.Changes.parse(v.callerDirectoryChanges(ch.token, p, null));
        assertTrue(none.removed.isEmpty() && none.added.isEmpty());
        CallerDirectory.Changes all = CallerDirectory.Changes.parse(v.callerDirectoryChanges(new byte[0], p, null));
        assertEquals(CallerDirectory.parse(full).entries(), all.added);
    }

    @Test
    public void malformedInputIsRefused() {
        try {
            v.callerDirectoryChanges("MMRT\u0001junk".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    CallerDirectory.LabelPolicy.NONE, null);
            fail();
        } catch (MamoriException.InvalidInput e) {
            assertThat(e.getMessage(), containsString("token"));
        }
        try {
            CallerDirectory.token(new byte[0]);
            fail();
        } catch (MamoriException.InvalidInput expected) {
            // not an export
        }
        byte[] b = v.callerDirectory(CallerDirectory.LabelPolicy.NAME, null);
        try {
            CallerDirectory.parse(Arrays.copyOf(b, b.length - 1));
            fail();
        } catch (IllegalArgumentException expected) {
            // truncated
        }
    }

    @Test
    public void everyExportIsInTheAccessLog() {
        int before = v.accessLog().split("\"directory_exported\"", -1).length;
        v.callerDirectory(CallerDirectory.LabelPolicy.NONE, null);
        assertEquals(before + 1, v.accessLog().split("\"directory_exported\"", -1).length);
        v.callerDirectory(CallerDirectory.LabelPolicy.NAME, null);
        assertEquals(before + 2, v.accessLog().split("\"directory_exported\"", -1).length);
    }

    @Test
    public void ackLabelsRemovedClearsLabelsOutsideVault() {
        assertThat(v.manifest(), containsString("\"labels_outside_vault\":{\"state\":\"none\""));
        v.callerDirectory(CallerDirectory.LabelPolicy.NAME, null);
        String m = v.manifest();
        assertThat(m, containsString("\"state\":\"exported\""));
        assertThat(m, containsString("\"policies\":[\"name\"]"));
        // 佐藤 and 鈴木 share the switchboard, Jane Roe and John Doe a US number: 2..4 persons.
        assertThat(m, containsString("\"labelled_persons\":{\"min\":2,\"max\":4}"));
        v.ackLabelsRemoved();
        assertThat(v.accessLog(), containsString("\"labels_removed\""));
        assertThat(v.manifest(), containsString("\"labels_outside_vault\":{\"state\":\"none\""));
    }

    @Test
    public void wipeReportSaysOsLabelsMustBeRemoved() {
        v.callerDirectory(CallerDirectory.LabelPolicy.INITIALS, null);
        String r = v.wipeReport();
        assertThat(r, containsString("\"schema\":\"mamori.wipe.v1\""));
        assertThat(r, containsString("\"os_labels_to_remove\":true"));
        try {
            v.manifest();
            org.junit.Assert.fail("a wiped vault answers Wiped");
        } catch (MamoriException.Wiped expected) {
            // the vault is gone; the OS labels are the app's to remove
        }
    }
}
