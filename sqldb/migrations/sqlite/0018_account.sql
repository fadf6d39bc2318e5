-- Member privacy and control (issue 13): account status (deleted
-- accounts keep their row, so that kept posts still have an author, and
-- memorial accounts), retired handles, data exports and memorial requests.
ALTER TABLE members ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active','deleted','memorial'));
ALTER TABLE members ADD COLUMN status_at INTEGER;

-- Handles of deleted accounts, so that nobody can take one and pass as
-- the person who used it. No member id: the link is erased with the rest.
CREATE TABLE retired_handles (
    handle     TEXT    PRIMARY KEY,
    retired_at INTEGER NOT NULL
);

-- A member's data export: one zip archive built on request and kept a
-- week. The partial unique index lets a member have one export being
-- prepared at a time, so that a second request cannot start a second one.
CREATE TABLE data_exports (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    status     TEXT    NOT NULL CHECK (status IN ('preparing','ready','failed')),
    archive    BLOB,
    size       INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    ready_at   INTEGER
);
CREATE UNIQUE INDEX data_exports_preparing ON data_exports (member_id) WHERE status = 'preparing';
CREATE INDEX data_exports_member ON data_exports (member_id, id);

-- Requests to turn an account into a memorial, by family (any member,
-- who says how they knew the person) or a moderator; one pending request
-- per account.
CREATE TABLE memorial_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    requested_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    relationship TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','declined')),
    created_at   INTEGER NOT NULL,
    decided_by   INTEGER REFERENCES members (id) ON DELETE SET NULL,
    decided_at   INTEGER
);
CREATE UNIQUE INDEX memorial_requests_pending ON memorial_requests (member_id) WHERE status = 'pending';
CREATE INDEX memorial_requests_status ON memorial_requests (status, id);
