-- A large inbox for measuring search and the inbox list, written with bulk SQL (minutes, not hours).
-- Run as the database owner on a desk's database after the migrations:
--   psql -v conversations=1000000 -f scripts/dataset.sql
-- The first workspace (the one the bootstrap token belongs to) gets 70 % of the conversations, three new
-- workspaces the rest (20 %, 9 %, 1 %), interleaved in time, so tenant isolation is measured with
-- neighbours. Every
-- conversation has one customer message; a third also have an agent's reply. Texts are Finnish (about
-- 85 %) and English customer messages built from fragments with inflected forms and compounds, an order
-- number and a product compound, so common, rare and absent words all exist. Times spread over the year
-- before the last three days and rows are written oldest first, as a desk writes them, so the analysis catch-up (last two days) leaves the rows alone;
-- conversations carry the analysis labels the inbox filters on.
\set ON_ERROR_STOP 1
SET session_replication_role = replica;   -- bulk load: no per-row triggers or foreign-key checks
SET maintenance_work_mem = '512MB';
SET synchronous_commit = off;
SELECT setseed(0.4242);

-- The trigram and full-text indexes are built once at the end, far faster than row by row.
DROP INDEX IF EXISTS conversation_search;
DROP INDEX IF EXISTS message_search;
-- The baseline (LoadBenchmark.oldSearch) is the search before the conversation search document: a Finnish
-- full-text vector per message. The desk no longer keeps one (V29); this benchmark database gets it back.
ALTER TABLE message ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS (to_tsvector('finnish', body)) STORED;

CREATE TEMP TABLE bench_ws (n int PRIMARY KEY, id uuid NOT NULL, first int NOT NULL, last int NOT NULL);
INSERT INTO workspace (name)
SELECT 'Kuormitus ' || n FROM generate_series(2, 4) n;
INSERT INTO bench_ws
SELECT row_number() OVER (ORDER BY created_at, name), id, 0, 0 FROM workspace;
-- shares: 70 / 20 / 9 / 1 % of the conversations (i % 100 in first..last), the first is the bootstrap one
UPDATE bench_ws SET first = CASE n WHEN 1 THEN 0 WHEN 2 THEN 70 WHEN 3 THEN 90 ELSE 99 END,
                    last  = CASE n WHEN 1 THEN 69 WHEN 2 THEN 89 WHEN 3 THEN 98 ELSE 99 END;
DELETE FROM bench_ws WHERE n > 4;

-- 20 agents per workspace, the assignees
CREATE TEMP TABLE bench_agent AS
SELECT w.n AS ws, w.id AS workspace_id, a AS k, gen_random_uuid() AS user_id
  FROM bench_ws w, generate_series(1, 20) a;
INSERT INTO app_user (id, email, display_name, password_hash)
SELECT user_id, 'agent' || k || '.ws' || ws || '@kuorma.example', 'Agentti ' || k || ' (' || ws || ')', '!'
  FROM bench_agent;
INSERT INTO membership (workspace_id, user_id, role)
SELECT workspace_id, user_id, 'agent' FROM bench_agent;

CREATE TEMP TABLE bench_conv AS
WITH f AS (
    SELECT ARRAY['Hei,', 'Moi!', 'Hyvää päivää,', 'Terve,', 'Hei vaan,', 'Arvoisa asiakaspalvelu,', ''] AS opener,
           ARRAY['tilaamani kahvipaketti ei ole vieläkään saapunut',
                 'haluaisin hyvityksen viallisesta tuotteesta',
                 'paketti on myöhässä jo toista viikkoa',
                 'laskussani on virhe, veloititte tilauksen kahdesti',
                 'milloin tilaukseni toimitetaan?',
                 'salasanan vaihtaminen ei onnistu sovelluksessa',
                 'asiakaspalvelunne oli erinomaista, kiitos avusta',
                 'toimitusmaksu oli paljon suurempi kuin verkkokaupassa luki',
                 'palautuslomake ei toimi puhelimella',
                 'kuljettaja jätti paketin väärään osoitteeseen',
                 'tuote saapui rikkinäisenä ja pakkaus oli märkä',
                 'voinko vaihtaa toimitusosoitteen tilaukseen',
                 'alennuskoodi ei kelpaa kassalla',
                 'odotan yhä hyvitystä palautetusta tuotteesta',
                 'kiitos nopeasta toimituksesta!',
                 'tilauksen peruutus ei näy tililläni',
                 'sain väärän värisen tuotteen',
                 'laskutusosoite on väärin kuitissa',
                 'miksi tilaustani ei ole vielä lähetetty',
                 'haluan palauttaa tuotteen, miten toimin'] AS fi,
           ARRAY['my order has not arrived yet',
                 'I would like a refund for the broken item',
                 'the delivery is two weeks late',
                 'you charged my card twice',
                 'great service, thank you!',
                 'how do I change my delivery address'] AS en,
           ARRAY['kahvi', 'tee', 'pyykin', 'astian', 'leivän', 'hiusten', 'matka', 'lasten', 'koiran', 'keittiö',
                 'puutarha', 'auton', 'kylpyhuone', 'sähkö', 'retki'] AS part1,
           ARRAY['keitin', 'paketti', 'kone', 'laukku', 'pesuaine', 'kuivain', 'sekoitin', 'harja', 'teline',
                 'kannu', 'vaaka', 'lamppu', 'rasia', 'tuoli', 'peitto'] AS part2,
           ARRAY['Ystävällisin terveisin', 'Terveisin', 'Kiitos', 'Odotan vastaustanne', ''] AS closer,
           ARRAY['Kiitos viestistäsi! Selvitämme asian ja palaamme pian.',
                 'Pahoittelemme viivästystä, hyvitys on käsittelyssä.',
                 'Tilauksesi on lähetetty, seurantakoodi tulee sähköpostiin.',
                 'Thank you, we are looking into it.'] AS reply,
           ARRAY['api', 'email', 'form', 'facebook', 'instagram', 'whatsapp', 'feed', 'x'] AS channel,
           ARRAY['product', 'service', 'delivery', 'billing', 'instructions', 'user_error', 'praise', 'question',
                 'other'] AS category
)
SELECT i,
       w.n AS ws,
       w.id AS workspace_id,
       uuidv7() AS id,           -- time-ordered, in the order written, as the desk's own ids (V39)
       uuidv7() AS contact_id,
       f.channel[1 + (i % 8)::int] AS channel,
       btrim(CASE WHEN r1 < 0.85
            THEN f.opener[1 + floor(r2 * 7)::int] || ' ' || f.fi[1 + floor(r3 * 20)::int] || '. '
                 || 'Tuote: ' || f.part1[1 + floor(r4 * 15)::int] || f.part2[1 + floor(r5 * 15)::int]
                 || ', tilausnumero ' || (100000 + i) || '. ' || f.closer[1 + floor(r2 * 5)::int]
            ELSE 'Hi, ' || f.en[1 + floor(r3 * 6)::int] || '. Product: ' || f.part1[1 + floor(r4 * 15)::int]
                 || f.part2[1 + floor(r5 * 15)::int] || ', order ' || (100000 + i) || '.'
       END) AS body,
       CASE WHEN i % 3 = 0 THEN f.reply[1 + floor(r4 * 4)::int] END AS reply,
       now() - interval '3 days' - ((:conversations - i) * interval '365 days' / :conversations)
             - r6 * interval '1 hour' AS at,
       CASE WHEN r7 < 0.2 THEN 'open' WHEN r7 < 0.3 THEN 'pending' ELSE 'resolved' END AS status,
       CASE WHEN r8 < 0.3 THEN NULL ELSE 1 + floor(r8 * 1000)::int % 20 END AS agent,
       CASE WHEN r9 < 0.25 THEN 'negative' WHEN r9 < 0.85 THEN 'neutral' ELSE 'positive' END AS sentiment,
       f.category[1 + floor(r5 * 9)::int] AS category,
       CASE WHEN r9 < 0.05 THEN 'high' WHEN r9 < 0.15 THEN 'elevated' ELSE 'normal' END AS urgency,
       r9 < 0.01 AS abusive
  FROM f,
       generate_series(1, :conversations) i
       CROSS JOIN LATERAL (SELECT random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
                                  random() r7, random() r8, random() r9 WHERE i IS NOT NULL OFFSET 0) r
       JOIN bench_ws w ON i % 100 BETWEEN w.first AND w.last;

INSERT INTO contact (workspace_id, id, name, email)
SELECT workspace_id, contact_id, 'Asiakas ' || i, 'asiakas' || i || '@example.fi' FROM bench_conv;

INSERT INTO conversation (workspace_id, id, channel, thread_key, contact_id, subject, status, assignee_id,
                          message_count, last_message_at, last_inbound_at, last_preview, created_at, sentiment,
                          category, urgency, abusive, search_doc)
SELECT c.workspace_id, c.id, c.channel, 'kuorma-' || c.i, c.contact_id, NULL, c.status, a.user_id,
       CASE WHEN c.reply IS NULL THEN 1 ELSE 2 END,
       c.at + CASE WHEN c.reply IS NULL THEN interval '0' ELSE interval '2 hours' END, c.at, left(c.body, 140),
       c.at, c.sentiment, c.category, c.urgency, c.abusive,
       lower(c.body) || coalesce(' ' || lower(c.reply), '')
  FROM bench_conv c
  LEFT JOIN bench_agent a ON a.ws = c.ws AND a.k = c.agent
 ORDER BY c.i;

INSERT INTO message (workspace_id, conversation_id, kind, channel, author_name, author_handle, body, received_at,
                     created_at)
SELECT workspace_id, id, 'inbound', channel, 'Asiakas ' || i, 'asiakas' || i, body, at, at FROM bench_conv
UNION ALL
SELECT workspace_id, id, 'outbound', channel, 'Agentti', NULL, reply, at + interval '2 hours',
       at + interval '2 hours'
  FROM bench_conv WHERE reply IS NOT NULL
 ORDER BY 8;

RESET session_replication_role;
CREATE INDEX conversation_search ON conversation USING gin (search_doc gin_trgm_ops);
CREATE INDEX message_search ON message USING gin (search);  -- the baseline's index only
VACUUM (ANALYZE) contact, conversation, message, membership, app_user;
