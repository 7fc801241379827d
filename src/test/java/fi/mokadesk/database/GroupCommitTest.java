package fi.mokadesk.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit on the real database: many requests writing at once are each answered after their own row is
 * committed, share transactions, and a refused row fails only its own request.
 */
class GroupCommitTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    GroupCommit<String> commit;
    UUID workspace;

    @BeforeEach
    void table() {
        workspace = workspaces.create("Ryhmä Oy").id();
        workspaces
                .owner()
                .sql("create table group_commit_probe (id text primary key, tx bigint not null)")
                .update();
        workspaces
                .owner()
                .sql("grant select, insert on group_commit_probe to mokadesk_app")
                .update();
        commit = new GroupCommit<>(
                "probe",
                transaction,
                rows -> jdbc.sql("insert into group_commit_probe select unnest(?::text[]), txid_current()")
                        .param(rows.toArray(String[]::new))
                        .update(),
                64);
    }

    @AfterEach
    void drop() {
        commit.stop();
        workspaces.owner().sql("drop table group_commit_probe").update();
    }

    @Test
    void concurrentWritesAreEachCommittedOnceBeforeTheirAnswerAndShareTransactions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "row-" + i;
                answers.add(pool.submit(() -> {
                    commit.write(workspace, id);
                    // Answered only after the commit: another connection sees the row at once.
                    return workspaces
                            .owner()
                            .sql("select count(*) from group_commit_probe where id = ?")
                            .param(id)
                            .query(Long.class)
                            .single();
                }));
            }
            for (Future<Long> answer : answers) assertThat(answer.get()).isEqualTo(1L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("select count(*) from group_commit_probe")).isEqualTo(400);
        assertThat(count("select count(distinct tx) from group_commit_probe")).isLessThan(400);
    }

    @Test
    void aRefusedRowFailsOnlyItsOwnWriteAndTheOthersAreStored() throws Exception {
        commit.write(workspace, "taken");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fine = writeEach(pool, commit, "ok-", 40);
            Future<?> duplicate = pool.submit(() -> commit.write(workspace, "taken"));
            for (Future<?> f : fine) f.get();
            assertThatThrownBy(duplicate::get).hasCauseInstanceOf(DuplicateKeyException.class);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("select count(*) from group_commit_probe")).isEqualTo(41);
    }

    @Test
    void aBatchStopsGrowingAtItsSizeAndEachWrittenBatchIsAnnounced() throws Exception {
        java.util.concurrent.atomic.AtomicInteger announced = new java.util.concurrent.atomic.AtomicInteger();
        GroupCommit<String> small = new GroupCommit<>(
                "probe-small",
                transaction,
                rows -> jdbc.sql("insert into group_commit_probe select unnest(?::text[]), txid_current()")
                        .param(rows.toArray(String[]::new))
                        .update(),
                64,
                row -> 2,
                5,
                announced::incrementAndGet);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<?> f : writeEach(pool, small, "small-", 120)) f.get();
        } finally {
            pool.shutdownNow();
            small.stop();
        }
        // Rows measuring 2 in batches that stop growing once they reach 5: at most three rows per transaction.
        assertThat(count("select max(n) from (select count(*) n from group_commit_probe group by tx) t"))
                .isLessThanOrEqualTo(3);
        assertThat(count("select count(*) from group_commit_probe")).isEqualTo(120);
        assertThat((long) announced.get()).isEqualTo(count("select count(distinct tx) from group_commit_probe"));
    }

    /** Submits {@code n} writes of rows {@code prefix0…} to {@code pool}, each on a thread of its own. */
    private List<Future<?>> writeEach(ExecutorService pool, GroupCommit<String> into, String prefix, int n) {
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            writes.add(pool.submit(() -> into.write(workspace, id)));
        }
        return writes;
    }

    private long count(String sql) {
        return workspaces.owner().sql(sql).query(Long.class).single();
    }
}
