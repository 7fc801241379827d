-- The alarm level (expected false alarms a week and series) in force when a storm was raised, so that
-- leads' "not a storm" marks can be counted per sensitivity level even after the level or its rate
-- changes. Storms raised before this column existed keep null (level unknown).
alter table storm add column false_alarms_per_week double precision;
