-- Objects whose Delete arrived before we held them. Deliveries run in
-- parallel and are retried, so a Delete can overtake its Create; the
-- Create that comes later must not bring the object back. Kept 90 days.
CREATE TABLE deleted_objects (
    uri        TEXT PRIMARY KEY,
    actor_id   TEXT NOT NULL,
    deleted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX deleted_objects_deleted_at ON deleted_objects (deleted_at);
