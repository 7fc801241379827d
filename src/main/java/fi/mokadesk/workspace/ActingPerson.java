package fi.mokadesk.workspace;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells the database which person the current transaction acts for. The people tables' policies and
 * functions (own account, own memberships, admin reset) check this setting, the way tenant tables check
 * the workspace. Transaction-local, so a pooled connection never carries it into the next request.
 */
final class ActingPerson {

    private ActingPerson() {}

    static void set(JdbcClient jdbc, UUID person) {
        jdbc.sql("select set_config('mokadesk.user', ?, true)")
                .param(person == null ? "" : person.toString())
                .query()
                .singleRow();
    }
}
