-- A new timer enters only the indexes that a running timer is looked up by.
--
-- Every new conversation starts two timers, and each went into five indexes. Two of them serve only what a
-- timer becomes later: the reports read stopped timers and missed ones, and the history of a conversation
-- (its stopped timers) is read by conversation; running and paused timers are found through
-- sla_clock_running. As partial indexes they take a timer when it stops or is missed, an update that writes
-- a new index entry anyway (its state and next firing time change), instead of when it starts inside the
-- ingest transaction (docs/PERFORMANCE.md, "Key checks on shared rows, and the timers' indexes").
DROP INDEX sla_clock_report;
CREATE INDEX sla_clock_report ON sla_clock (workspace_id, started_at) WHERE state = 'stopped' OR breached;
DROP INDEX sla_clock_conversation;
CREATE INDEX sla_clock_stopped ON sla_clock (workspace_id, conversation_id) WHERE state = 'stopped';
