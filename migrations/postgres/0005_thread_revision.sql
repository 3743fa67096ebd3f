-- A thread's revision grows with every change to it or its replies, so
-- that a rendered page can be reused while it is unchanged.
ALTER TABLE threads ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
