-- When the desk last started posting a public reply to Facebook or Instagram. A reply that has this set but
-- no platform_ref may already be on the platform (the desk stopped, or the answer was lost, after Meta took
-- it): before posting it again the desk looks for it among the comment's replies, so it is never posted twice.
ALTER TABLE meta_item ADD COLUMN post_tried_at timestamptz;
