-- Federation policy per remote domain: allow (for allowlist mode) or block.
CREATE TABLE domain_policies (
    domain     TEXT PRIMARY KEY,
    policy     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
