package fi.mokadesk.support;

import fi.mokadesk.database.OwnerDataSource;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh workspace for a module test, written as the owner (the workspace module may not be in the context). */
public final class ModuleTestWorkspace {

    private ModuleTestWorkspace() {}

    public static UUID create(OwnerDataSource owner, String name) {
        return JdbcClient.create(owner)
                .sql("insert into workspace (name) values (?) returning id")
                .param(name)
                .query(UUID.class)
                .single();
    }
}
