package jp.mamori;

/**
 * What an incoming-call screen shows: the contact's id, name and company (null when the
 * contact has none). The answer of {@link Vault#callerId(String)}.
 */
public final class CallerId {
    private final String id;
    private final String name;
    private final String company;

    /**
     * @param id the contact id (16 hex digits)
     * @param name the display name
     * @param company the company, or null
     */
    public CallerId(String id, String name, String company) {
        this.id = id;
        this.name = name;
        this.company = company;
    }

    /** The contact id (16 lower-case hex digits). */
    public String id() {
        return id;
    }

    /** The display name. */
    public String name() {
        return name;
    }

    /** The company, or null. */
    public String company() {
        return company;
    }

    /** The id only (names are personal data and stay out of logs). */
    @Override
    public String toString() {
        return "CallerId{" + id + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CallerId)) {
            return false;
        }
        CallerId c = (CallerId) o;
        return id.equals(c.id) && name.equals(c.name)
                && (company == null ? c.company == null : company.equals(c.company));
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
