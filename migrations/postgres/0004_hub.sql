-- The hub's directory of member organisations, refreshed from each member
-- node's NodeInfo and instance actor.
CREATE TABLE hub_members (
    domain          TEXT PRIMARY KEY,
    actor_id        TEXT REFERENCES actors (id),
    name            TEXT NOT NULL DEFAULT '',
    sector          TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    current         BOOLEAN NOT NULL DEFAULT TRUE,
    spaces          INTEGER NOT NULL DEFAULT 0,
    last_contact_at TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
