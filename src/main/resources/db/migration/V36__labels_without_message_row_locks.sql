-- The analysis and the labels of a customer message no longer hold a foreign key to the message.
--
-- A foreign key check takes a KEY SHARE row lock on the referenced message: it writes the locker into the
-- message row's header (a new dirty page and a WAL record per message). The analysis writes two rows per new
-- message, so under load every message was locked right after ingest had written it; the check was the most
-- expensive statement of the database during the ingest load, and without the two keys the desk used 11-15 %
-- less CPU per message and ingested as much more (docs/PERFORMANCE.md, "Row locks of the analysis on fresh
-- messages").
--
-- What the keys guarded is kept another way. Customer messages are permanent (message_permanent refuses
-- DELETE and TRUNCATE), so a message that existed when its analysis was written exists for good. The
-- analysis is written only for messages read from the committed ingest event or from the catch-up query
-- over message itself; the conversation module writes a label only for a message it finds in the same
-- statement (MessageLabels joins message).
ALTER TABLE message_analysis DROP CONSTRAINT message_analysis_workspace_id_message_id_fkey;
ALTER TABLE message_label DROP CONSTRAINT message_label_workspace_id_message_id_fkey;
