package fi.mokadesk.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows that a request can write, counted as the database owner sees them: a refused request must leave
 * every count as it was (no half-written message, contact, token, membership or audit entry).
 */
public final class RowCounts {

    private static final String[] TENANT_TABLES = {
        "message", "conversation", "contact", "contact_identity", "api_token", "membership", "audit_entry"
    };

    private RowCounts() {}

    /** All counts in one round trip, so a fuzz run can afford them around every request. */
    public static Map<String, Long> of(JdbcClient owner, UUID workspace) {
        StringBuilder sql = new StringBuilder("select ");
        for (String table : TENANT_TABLES) {
            sql.append("(select count(*) from ").append(table).append(" where workspace_id = :ws), ");
        }
        sql.append("(select count(*) from app_user), (select md5(name) from workspace where id = :ws)");
        return owner.sql(sql.toString()).param("ws", workspace).query(rs -> {
            rs.next();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < TENANT_TABLES.length; i++) counts.put(TENANT_TABLES[i], rs.getLong(i + 1));
            counts.put("app_user", rs.getLong(TENANT_TABLES.length + 1));
            counts.put("workspace name", (long)
                    rs.getString(TENANT_TABLES.length + 2).hashCode());
            return counts;
        });
    }
}
