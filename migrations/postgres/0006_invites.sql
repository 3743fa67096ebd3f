-- Invitations. An admin invites someone with a role (and a note to tell
-- invites apart); the invitee opens a one-time link, valid for a week, and
-- creates their account. Only the hash of the link's secret is kept.
CREATE TABLE invites (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ,
    accepted_by TEXT NOT NULL DEFAULT '',
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX invites_expires_at ON invites (expires_at);
