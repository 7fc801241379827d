-- Storms, second step: each workspace chooses how sensitive its storm alarms are, leads can mark an alarm
-- "not a storm" (kept as evaluation data), and old 5-minute counts are rolled up to hours.

-- 'sensitive' (herkkä), 'normal' (tavallinen) or 'big' (vain isot): the detector's expected false alarms
-- per week and series (1.5, 1 and 0.5; see docs/storms.md).
ALTER TABLE storm_settings
    ADD COLUMN sensitivity text NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('sensitive', 'normal', 'big'));

-- A lead's verdict on an alarm. Only "not a storm" exists; the storm row itself is never removed, so every
-- alarm and every verdict stays available for evaluating the detector.
ALTER TABLE storm
    ADD COLUMN not_a_storm     boolean     NOT NULL DEFAULT false,
    ADD COLUMN verdict_note    text,
    ADD COLUMN verdict_by      uuid,
    ADD COLUMN verdict_at      timestamptz;

-- Length of a count row's bucket: 300 s for the detector's buckets, 3600 s once rolled up.
ALTER TABLE storm_count
    ADD COLUMN bucket_seconds integer NOT NULL DEFAULT 300 CHECK (bucket_seconds IN (300, 3600));

-- Keeps 13 months of 5-minute counts: older ones become one row per series and hour (counts and
-- expectations summed, the highest score kept, no band). Totals are never lost. Runs for every
-- workspace (a daily job), so it is the owner's; the application may only call it.
CREATE FUNCTION storm_roll_up_counts(p_before timestamptz)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
    cutoff timestamptz := date_trunc('hour', p_before);
    rolled integer;
BEGIN
    CREATE TEMP TABLE storm_count_hours ON COMMIT DROP AS
        SELECT workspace_id, series, date_trunc('hour', bucket_start) AS hour, sum(count) AS total,
               sum(expected) AS expected, max(score) AS score, count(*) AS rows
          FROM storm_count
         WHERE bucket_seconds = 300 AND bucket_start < cutoff
         GROUP BY 1, 2, 3;
    DELETE FROM storm_count WHERE bucket_seconds = 300 AND bucket_start < cutoff;
    INSERT INTO storm_count (workspace_id, series, bucket_start, count, expected, upper_band, score, bucket_seconds)
    SELECT workspace_id, series, hour, total, expected, NULL, score, 3600 FROM storm_count_hours;
    SELECT coalesce(sum(rows), 0) INTO rolled FROM storm_count_hours;
    DROP TABLE storm_count_hours;
    RETURN rolled;
END
$$;
REVOKE ALL ON FUNCTION storm_roll_up_counts(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storm_roll_up_counts(timestamptz) TO mokadesk_app;
