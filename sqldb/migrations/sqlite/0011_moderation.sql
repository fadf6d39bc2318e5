-- Moderation (issue 7): two more post statuses, a moderator's note on
-- edited posts, flags, community settings, sanctions, clinician
-- verification, notices to authors, welcomes and the audit log.
--
-- posts.status and threads.status gain 'hidden' and 'removed'. SQLite
-- cannot change a CHECK in place, so each column is replaced: a new
-- column with the wider CHECK takes the values (only rows that are not
-- 'published' need copying), the old column is dropped (DROP COLUMN
-- rewrites the table's rows in place; foreign keys, triggers and the
-- other indexes are untouched, and no row is deleted), and the new one
-- takes its name. The partial index on status goes and comes back.
ALTER TABLE posts ADD COLUMN status_0011 TEXT NOT NULL DEFAULT 'published'
    CHECK (status_0011 IN ('published','held','rejected','hidden','removed'));
UPDATE posts SET status_0011 = status WHERE status <> 'published';
DROP INDEX posts_unpublished;
ALTER TABLE posts DROP COLUMN status;
ALTER TABLE posts RENAME COLUMN status_0011 TO status;
CREATE INDEX posts_unpublished ON posts (thread_id) WHERE status <> 'published';

ALTER TABLE threads ADD COLUMN status_0011 TEXT NOT NULL DEFAULT 'published'
    CHECK (status_0011 IN ('published','held','rejected','hidden','removed'));
UPDATE threads SET status_0011 = status WHERE status <> 'published';
ALTER TABLE threads DROP COLUMN status;
ALTER TABLE threads RENAME COLUMN status_0011 TO status;

-- A moderator who edits a post says why; every reader sees the note.
ALTER TABLE posts ADD COLUMN mod_note TEXT NOT NULL DEFAULT '';
-- A community's moderators, for their badge on every page of a thread.
CREATE INDEX memberships_moderators ON memberships (community_id) WHERE is_moderator = 1;

-- Members' flags on posts: one open flag per member and post.
CREATE TABLE post_flags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL CHECK (reason IN ('privacy','harmful_advice','spam','harassment','other')),
    note        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
    -- The action that closed it (approve, hide, …).
    resolution  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER REFERENCES members (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX post_flags_open ON post_flags (post_id, reporter_id) WHERE status = 'open';
CREATE INDEX post_flags_queue ON post_flags (status, post_id);

-- Per-community moderation settings; a community without a row has the
-- defaults.
CREATE TABLE community_settings (
    community_id     INTEGER PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    hold_first_posts INTEGER NOT NULL DEFAULT 0
);

-- Warnings, suspensions and bans. A suspension ends at ends_at; a ban
-- has none; either may be lifted early.
CREATE TABLE member_sanctions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('warn','suspend','ban')),
    reason     TEXT    NOT NULL,
    post_id    INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    ends_at    INTEGER,
    lifted_at  INTEGER,
    lifted_by  INTEGER REFERENCES members (id) ON DELETE SET NULL
);
CREATE INDEX member_sanctions_member ON member_sanctions (member_id, created_at);

-- A clinician's license, as an admin checked it: one row per member,
-- replaced when verified again; the history is in the audit log.
CREATE TABLE clinician_verifications (
    member_id   INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    profession  TEXT    NOT NULL,
    license     TEXT    NOT NULL,
    region      TEXT    NOT NULL DEFAULT '',
    verified_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    -- Kept as text so that the record outlives the verifier's account
    -- (and names "the operator" for `hearth user verify`).
    verifier    TEXT    NOT NULL,
    verified_at INTEGER NOT NULL,
    revoked_at  INTEGER
);

-- What moderators tell a member about their post or account; a
-- notification (subject type 'notice') points here.
CREATE TABLE mod_notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    -- The moderator who acted: the notification's actor.
    actor_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    action     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    post_id    INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    ends_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX mod_notices_member ON mod_notices (member_id, id);

-- New members a mentor has welcomed.
CREATE TABLE member_welcomes (
    member_id   INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    welcomed_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    welcomed_at INTEGER NOT NULL
);

-- The audit log: every moderator's and admin's action. It has no foreign
-- keys, so that deleting an account or a community never touches it
-- (names are kept as text), and triggers refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id       INTEGER,
    actor_handle   TEXT    NOT NULL,
    actor_role     TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    target_type    TEXT    NOT NULL DEFAULT '',
    target_id      INTEGER,
    member_handle  TEXT    NOT NULL DEFAULT '',
    community_slug TEXT    NOT NULL DEFAULT '',
    reason         TEXT    NOT NULL DEFAULT '',
    detail         TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
