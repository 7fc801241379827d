-- SLA timers keep the policy version they started with, without a foreign key to it.
--
-- Every new conversation writes an SLA row and two timers, and each of the three checked its key to the same
-- row: the workspace's default policy version. A key check takes a KEY SHARE lock on that row, so every ingest
-- transaction locked one shared row, and while transactions overlapped PostgreSQL made a new multixact of all
-- its lockers for each new one. Without the two keys the desk ingested about 40 % more messages per second in
-- the same run (docs/PERFORMANCE.md, "Row locks of the analysis on fresh messages").
--
-- What the keys guarded is kept by the policies' own rule instead: a policy version is never deleted (a change
-- writes a new version, SlaSettings), and now the database refuses DELETE and TRUNCATE of versions, so a timer's
-- version exists for good. The timers name only versions SlaSettings has just read.
ALTER TABLE sla_clock DROP CONSTRAINT sla_clock_workspace_id_policy_id_fkey;
ALTER TABLE sla_conversation DROP CONSTRAINT sla_conversation_workspace_id_policy_id_fkey;

CREATE TRIGGER sla_policy_versions_kept BEFORE DELETE ON sla_policy
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER sla_policy_versions_not_truncated BEFORE TRUNCATE ON sla_policy
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
