package jp.mamori;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed caller-ID directory export ({@code MMRD} layout of {@code docs/caller-directory.md}):
 * numbers as E.164 digits ({@code long}, the {@code CXCallDirectoryPhoneNumber} form, e.g.
 * {@code 819012345678}) strictly ascending, each with a label. Produced by
 * {@link Vault#callerDirectory}; {@link Changes} is the incremental form.
 *
 * <p>On Android, load the entries into the app's own {@code ContactsContract.Directory}
 * provider or a {@code CallScreeningService} lookup table; on iOS the same bytes feed a Call
 * Directory extension in order. Either way the labels then live outside the vault: only
 * {@link LabelPolicy#NONE} exports no names.
 */
public final class CallerDirectory {
    /** What each label shows. */
    public enum LabelPolicy {
        /** Nothing (block lists): only numbers leave the vault. */
        NONE("none"),
        /** The display name. */
        NAME("name"),
        /** The company (empty when none). */
        COMPANY("company"),
        /** {@code name (company)}. */
        NAME_COMPANY("name_company"),
        /** {@code S.H.} for "Sato Hanako" (still personal data together with the number). */
        INITIALS("initials");

        private final String json;

        LabelPolicy(String json) {
            this.json = json;
        }

        /** The JSON value ({@code "name_company"}, ...). */
        public String json() {
            return json;
        }

        static LabelPolicy fromCode(int code) {
            switch (code) {
                case 0:
                    return NONE;
                case 1:
                    return NAME;
                case 2:
                    return COMPANY;
                case 3:
                    return NAME_COMPANY;
                case 4:
                    return INITIALS;
                default:
                    throw new IllegalArgumentException("unknown label policy byte " + code);
            }
        }
    }

    /** One entry: E.164 digits and label. */
    public static final class Entry {
        /** E.164 digits, country code first (at most 15 digits). */
        public final long number;
        /** The label (empty under {@link LabelPolicy#NONE}). */
        public final String label;

        /**
         * @param number E.164 digits
         * @param label the label
         */
        public Entry(long number, String label) {
            this.number = number;
            this.label = label;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry && ((Entry) o).number == number && ((Entry) o).label.equals(label);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(number);
        }

        @Override
        public String toString() {
            return "Entry{" + number + "}";
        }
    }

    private final LabelPolicy policy;
    private final List<Entry> entries;

    private CallerDirectory(LabelPolicy policy, List<Entry> entries) {
        this.policy = policy;
        this.entries = Collections.unmodifiableList(entries);
    }

    /** The label policy the export was made with. */
    public LabelPolicy policy() {
        return policy;
    }

    /** The entries, strictly ascending by number. */
    public List<Entry> entries() {
        return entries;
    }

    /** Parse an {@code MMRD} export; {@link IllegalArgumentException} if it is malformed. */
    public static CallerDirectory parse(byte[] bytes) {
        Reader r = new Reader(bytes);
        LabelPolicy p = r.header("MMRD");
        List<Entry> e = r.entries();
        r.end();
        return new CallerDirectory(p, e);
    }

    /**
     * The token ({@code MMRT}: numbers and 8-byte label digests, no label text) of a binary
     * export, to keep for the next {@link Vault#callerDirectoryChanges}.
     */
    public static byte[] token(final byte[] export) {
        Ffi.init();
        return Ffi.callBytes((buf, len) -> LibMamori.mamori_caller_directory_token(
                export.length == 0 ? null : export, Ffi.size(export.length), buf, len));
    }

    /** An incremental update ({@code MMRC}): removals first, then additions. */
    public static final class Changes {
        /** The policy of the added labels. */
        public final LabelPolicy policy;
        /** Numbers to remove (ascending). */
        public final List<Long> removed;
        /** Entries to add (ascending). */
        public final List<Entry> added;
        /** The token to keep after applying. */
        public final byte[] token;

        private Changes(LabelPolicy policy, List<Long> removed, List<Entry> added, byte[] token) {
            this.policy = policy;
            this.removed = Collections.unmodifiableList(removed);
            this.added = Collections.unmodifiableList(added);
            this.token = token;
        }

        /** Parse an {@code MMRC} change set. */
        public static Changes parse(byte[] bytes) {
            Reader r = new Reader(bytes);
            LabelPolicy p = r.header("MMRC");
            List<Long> removed = r.numbers(r.count(8));
            List<Entry> added = r.entries();
            byte[] token = r.take(r.count(1));
            r.end();
            return new Changes(p, removed, added, token);
        }

        /**
         * The entries after applying this change set to {@code previous} (what CallKit's
         * incremental load does): {@link IllegalArgumentException} if a removed number is
         * absent or an added one present.
         */
        public List<Entry> applyTo(List<Entry> previous) {
            TreeMap<Long, String> m = new TreeMap<Long, String>();
            for (Entry e : previous) {
                m.put(e.number, e.label);
            }
            for (Long n : removed) {
                if (m.remove(n) == null) {
                    throw new IllegalArgumentException("removed number not in the previous export");
                }
            }
            for (Entry e : added) {
                if (m.put(e.number, e.label) != null) {
                    throw new IllegalArgumentException("added number already present");
                }
            }
            List<Entry> out = new ArrayList<Entry>(m.size());
            for (Map.Entry<Long, String> e : m.entrySet()) {
                out.add(new Entry(e.getKey(), e.getValue()));
            }
            return out;
        }
    }

    /** Little-endian reader of the layouts. */
    private static final class Reader {
        private final ByteBuffer b;

        Reader(byte[] bytes) {
            b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void need(long n) {
            if (n > b.remaining()) {
                throw new IllegalArgumentException("truncated at byte " + b.position());
            }
        }

        byte[] take(int n) {
            need(n);
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        LabelPolicy header(String magic) {
            byte[] m = take(5);
            for (int i = 0; i < 4; i++) {
                if (m[i] != magic.charAt(i)) {
                    throw new IllegalArgumentException("not an " + magic + " layout");
                }
            }
            if (m[4] != 1) {
                throw new IllegalArgumentException("unsupported layout version " + m[4]);
            }
            LabelPolicy p = LabelPolicy.fromCode(take(1)[0]);
            byte[] z = take(2);
            if (z[0] != 0 || z[1] != 0) {
                throw new IllegalArgumentException("reserved bytes are not zero");
            }
            return p;
        }

        int count(int min) {
            need(4);
            long n = b.getInt() & 0xffffffffL;
            need(n * min);
            return (int) n;
        }

        List<Long> numbers(int n) {
            List<Long> out = new ArrayList<Long>(n);
            long last = -1;
            for (int i = 0; i < n; i++) {
                need(8);
                long x = b.getLong();
                if (x <= last) {
                    throw new IllegalArgumentException("numbers are not strictly ascending");
                }
                last = x;
                out.add(x);
            }
            return out;
        }

        List<Entry> entries() {
            List<Long> nums = numbers(count(8));
            List<Entry> out = new ArrayList<Entry>(nums.size());
            for (Long n : nums) {
                out.add(new Entry(n, Ffi.decode(take(count(1)))));
            }
            return out;
        }

        void end() {
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes at " + b.position());
            }
        }
    }
}
