-- Federation: what ActivityPub needs beside the shared tables.

-- Remote threads and posts keep their thread context (FEP-7888) and the
-- links of their attachments (shown as links, never fetched).
ALTER TABLE threads ADD COLUMN context_uri TEXT NOT NULL DEFAULT '';
ALTER TABLE threads ADD COLUMN attachments TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN in_reply_to_uri TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN attachments TEXT NOT NULL DEFAULT '';

-- Activities this node sent, kept so that their ids dereference and
-- deliveries can be retried from the stored JSON.
CREATE TABLE activities (
    id         TEXT PRIMARY KEY,
    uri        TEXT NOT NULL UNIQUE,
    actor_id   TEXT NOT NULL REFERENCES actors (id),
    type       TEXT NOT NULL,
    object_uri TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_actor ON activities (actor_id, created_at DESC, id DESC);
CREATE INDEX activities_object ON activities (object_uri);

-- Activities received, by id: a redelivery is recognised and ignored.
CREATE TABLE received_activities (
    uri         TEXT PRIMARY KEY,
    actor_uri   TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX received_activities_at ON received_activities (received_at);

-- Every remote server this node has exchanged with, and how that goes.
CREATE TABLE peers (
    host            TEXT PRIMARY KEY,
    software        TEXT NOT NULL DEFAULT '',
    last_success_at TIMESTAMP,
    last_failure_at TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,
    delivered       INTEGER NOT NULL DEFAULT 0,
    paused_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
