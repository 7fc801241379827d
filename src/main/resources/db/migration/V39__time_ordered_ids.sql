-- Ids the database picks for the rows every customer message writes are time-ordered (UUID version 7).
--
-- A random id (gen_random_uuid) sends each new key to a random page of every index that starts with it: the
-- conversation's and message's own keys, a message's analysis and label, the conversation's timeline and
-- SLA timers. Once those indexes outgrow the cache, each insert reads and dirties pages no other insert
-- wanted, and the ingest statements slowed as the desk filled (after five minutes of new messages the
-- analysis row took twice the time per message it took after one; docs/PERFORMANCE.md, "Ids in time
-- order"). With time-ordered ids new keys land at the right-hand end of each index, in pages that are
-- already in memory. Ingest (RowIds) gives messages and contacts the same kind of id; existing rows keep
-- theirs, and old and new ids live side by side in the same indexes.
ALTER TABLE conversation ALTER COLUMN id SET DEFAULT uuidv7();
ALTER TABLE message ALTER COLUMN id SET DEFAULT uuidv7();
ALTER TABLE contact ALTER COLUMN id SET DEFAULT uuidv7();
ALTER TABLE sla_clock ALTER COLUMN id SET DEFAULT uuidv7();
