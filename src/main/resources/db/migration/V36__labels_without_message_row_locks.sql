-- The analysis and the labels of a customer message no longer hold a foreign key to the message.
--
-- A foreign key check takes a KEY SHARE row lock on the referenced message: it writes the locker into the
-- message row's header (a new dirty page and a WAL record per message), and while lockers overlap PostgreSQL
-- turns them into multixacts that every later reader of the row resolves. The analysis writes two rows per
-- new message, so under load each message was locked twice right after ingest had written it, and the
-- ingest statements that read the same fresh rows (the idempotency probe, the unique check of new messages)
-- paid for it too: with 32 connections of new messages the desk ingested half as many messages per second
-- with these two keys as without them (docs/PERFORMANCE.md, "Ingest and inbox").
--
-- What the keys guarded is kept another way. Customer messages are permanent (message_permanent refuses
-- DELETE and TRUNCATE), so a message that existed when its analysis was written exists for good. The
-- analysis is written only for messages read from the committed ingest event or from the catch-up query
-- over message itself; the conversation module writes a label only for a message it finds in the same
-- statement (MessageLabels joins message).
ALTER TABLE message_analysis DROP CONSTRAINT message_analysis_workspace_id_message_id_fkey;
ALTER TABLE message_label DROP CONSTRAINT message_label_workspace_id_message_id_fkey;
