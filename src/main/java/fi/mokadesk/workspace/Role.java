package fi.mokadesk.workspace;

import java.util.Locale;

/** What a person or token may do in a workspace; each role includes the ones before it. */
public enum Role {
    VIEWER,
    AGENT,
    LEAD,
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String code) {
        if (code == null) throw new IllegalArgumentException("role is required");
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role: " + code);
        }
    }
}
