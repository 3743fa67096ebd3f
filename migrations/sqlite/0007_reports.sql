-- Reports: the moderation queue. A member of this node, or another server
-- (an ActivityPub Flag), reports a thread, a reply or an account; the
-- node's moderators (and a space's moderators, for what is in their
-- space) resolve or dismiss each report. uri is the Flag's id: the one we
-- received, or the one we sent when the reporter asked us to forward the
-- report to the server the content came from.
CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    uri         TEXT UNIQUE,
    reporter_id TEXT NOT NULL REFERENCES actors (id),
    subject_id  TEXT NOT NULL REFERENCES actors (id),
    thread_id   TEXT REFERENCES threads (id) ON DELETE CASCADE,
    post_id     TEXT REFERENCES posts (id) ON DELETE CASCADE,
    space_id    TEXT REFERENCES spaces (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    forwarded   BOOLEAN NOT NULL DEFAULT 0,
    handled_by  TEXT NOT NULL DEFAULT '',
    handled_at  TIMESTAMP,
    resolution  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX reports_status_created ON reports (status, created_at DESC, id DESC);
CREATE INDEX reports_space ON reports (space_id, status);
CREATE INDEX reports_thread ON reports (thread_id);
CREATE INDEX reports_post ON reports (post_id);
