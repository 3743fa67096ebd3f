-- Portal's first schema: accounts, the organisation, actors, spaces,
-- threads, posts, endorsements, follows, notifications, articles, search.
-- Local and remote things share every table; "local" marks our own.

CREATE TABLE actors (
    id                TEXT PRIMARY KEY,
    uri               TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    username          TEXT NOT NULL,
    host              TEXT NOT NULL,
    display_name      TEXT NOT NULL DEFAULT '',
    summary           TEXT NOT NULL DEFAULT '',
    url               TEXT NOT NULL DEFAULT '',
    inbox             TEXT NOT NULL DEFAULT '',
    outbox            TEXT NOT NULL DEFAULT '',
    shared_inbox      TEXT NOT NULL DEFAULT '',
    followers         TEXT NOT NULL DEFAULT '',
    following         TEXT NOT NULL DEFAULT '',
    key_id            TEXT NOT NULL DEFAULT '',
    public_key_pem    TEXT NOT NULL DEFAULT '',
    private_key_pem   TEXT NOT NULL DEFAULT '',
    manually_approves BOOLEAN NOT NULL DEFAULT 0,
    local             BOOLEAN NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    fetched_at        TIMESTAMP
);
CREATE UNIQUE INDEX actors_kind_username_host ON actors (kind, username, host);
CREATE INDEX actors_key_id ON actors (key_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    actor_id      TEXT NOT NULL UNIQUE REFERENCES actors (id),
    username      TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    locale        TEXT NOT NULL DEFAULT 'en',
    bio_source    TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    suspended_at  TIMESTAMP
);
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE instances (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL DEFAULT '',
    sector           TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    website          TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    setup_token_hash TEXT NOT NULL DEFAULT '',
    setup_done_at    TIMESTAMP,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    expires_at   TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX tokens_user_id ON tokens (user_id);

CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL
);

CREATE TABLE audit_entries (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_entries_created_at ON audit_entries (created_at DESC, id DESC);

CREATE TABLE spaces (
    id               TEXT PRIMARY KEY,
    actor_id         TEXT NOT NULL UNIQUE REFERENCES actors (id),
    name             TEXT NOT NULL,
    host             TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    visibility       TEXT NOT NULL,
    local            BOOLEAN NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    thread_count     INTEGER NOT NULL DEFAULT 0,
    last_activity_at TIMESTAMP
);
CREATE UNIQUE INDEX spaces_name_host ON spaces (name, host);

CREATE TABLE space_moderators (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors (id),
    PRIMARY KEY (space_id, actor_id)
);

CREATE TABLE threads (
    id                TEXT PRIMARY KEY,
    space_id          TEXT NOT NULL REFERENCES spaces (id),
    uri               TEXT NOT NULL UNIQUE,
    url               TEXT NOT NULL DEFAULT '',
    author_id         TEXT NOT NULL REFERENCES actors (id),
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    body_source       TEXT NOT NULL DEFAULT '',
    body_html         TEXT NOT NULL DEFAULT '',
    body_text         TEXT NOT NULL DEFAULT '',
    visibility        TEXT NOT NULL,
    category          TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT '',
    solution_post_id  TEXT,
    local             BOOLEAN NOT NULL DEFAULT 0,
    locked            BOOLEAN NOT NULL DEFAULT 0,
    pinned            BOOLEAN NOT NULL DEFAULT 0,
    reply_count       INTEGER NOT NULL DEFAULT 0,
    endorsement_count INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    edited_at         TIMESTAMP,
    deleted_at        TIMESTAMP,
    last_activity_at  TIMESTAMP NOT NULL
);
CREATE INDEX threads_space_activity ON threads (space_id, last_activity_at DESC, id DESC);
CREATE INDEX threads_activity ON threads (last_activity_at DESC, id DESC);
CREATE INDEX threads_author ON threads (author_id, created_at DESC);
CREATE INDEX threads_challenges ON threads (kind, endorsement_count DESC, id DESC);

CREATE TABLE posts (
    id             TEXT PRIMARY KEY,
    thread_id      TEXT NOT NULL REFERENCES threads (id),
    uri            TEXT NOT NULL UNIQUE,
    url            TEXT NOT NULL DEFAULT '',
    author_id      TEXT NOT NULL REFERENCES actors (id),
    in_reply_to_id TEXT REFERENCES posts (id),
    body_source    TEXT NOT NULL DEFAULT '',
    body_html      TEXT NOT NULL DEFAULT '',
    body_text      TEXT NOT NULL DEFAULT '',
    visibility     TEXT NOT NULL,
    local          BOOLEAN NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    edited_at      TIMESTAMP,
    deleted_at     TIMESTAMP
);
CREATE INDEX posts_thread ON posts (thread_id, created_at, id);
CREATE INDEX posts_author ON posts (author_id, created_at DESC);

CREATE TABLE endorsements (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT REFERENCES threads (id),
    post_id    TEXT REFERENCES posts (id),
    actor_id   TEXT NOT NULL REFERENCES actors (id),
    uri        TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX endorsements_thread_actor ON endorsements (thread_id, actor_id) WHERE thread_id IS NOT NULL;
CREATE UNIQUE INDEX endorsements_post_actor ON endorsements (post_id, actor_id) WHERE post_id IS NOT NULL;

CREATE TABLE status_changes (
    id          TEXT PRIMARY KEY,
    thread_id   TEXT NOT NULL REFERENCES threads (id),
    actor_id    TEXT NOT NULL REFERENCES actors (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX status_changes_thread ON status_changes (thread_id, created_at);

CREATE TABLE follows (
    id          TEXT PRIMARY KEY,
    follower_id TEXT NOT NULL REFERENCES actors (id),
    target_id   TEXT NOT NULL REFERENCES actors (id),
    uri         TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP
);
CREATE UNIQUE INDEX follows_pair ON follows (follower_id, target_id);
CREATE INDEX follows_target ON follows (target_id, state);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    actor_id   TEXT NOT NULL REFERENCES actors (id),
    thread_id  TEXT NOT NULL REFERENCES threads (id),
    post_id    TEXT REFERENCES posts (id),
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC);

CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    body_source  TEXT NOT NULL DEFAULT '',
    body_html    TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '',
    author_id    TEXT NOT NULL REFERENCES actors (id),
    published_at TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);

-- Search: an FTS5 index over thread titles and bodies and post bodies, kept
-- in step with threads and posts by triggers. search_docs gives each indexed
-- row a stable integer key, since FTS5 rows are keyed by integers.
CREATE TABLE search_docs (
    rowid  INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    kind   TEXT NOT NULL
);
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER threads_search_insert AFTER INSERT ON threads BEGIN
    INSERT INTO search_docs (doc_id, kind) VALUES (new.id, 'thread');
    INSERT INTO search_fts (rowid, title, body) VALUES (last_insert_rowid(), new.title, new.body_text);
END;
CREATE TRIGGER threads_search_update AFTER UPDATE OF title, body_text ON threads BEGIN
    DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE doc_id = old.id);
    INSERT INTO search_fts (rowid, title, body) VALUES ((SELECT rowid FROM search_docs WHERE doc_id = new.id), new.title, new.body_text);
END;
CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO search_docs (doc_id, kind) VALUES (new.id, 'post');
    INSERT INTO search_fts (rowid, title, body) VALUES (last_insert_rowid(), '', new.body_text);
END;
CREATE TRIGGER posts_search_update AFTER UPDATE OF body_text ON posts BEGIN
    DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE doc_id = old.id);
    INSERT INTO search_fts (rowid, title, body) VALUES ((SELECT rowid FROM search_docs WHERE doc_id = new.id), '', new.body_text);
END;
