-- Follow and notify: what members follow, their notifications, their
-- email choices, password resets, a log of mail handed to the mail server,
-- and the key that signs one-click unsubscribe links. River's own tables
-- (river_job, …) come from River's migrator, run by package jobs.

CREATE TABLE follows (
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    target_kind TEXT    NOT NULL CHECK (target_kind IN ('community','thread','member','event')),
    target_id   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (member_id, target_kind, target_id)
);
CREATE INDEX follows_target ON follows (target_kind, target_id);

-- A notification names its subject (a post, a story, …) by type and id
-- and carries no copy of its text: title, excerpt and link are read, and
-- visibility decided, each time it is shown or mailed. One notification
-- per member and subject, so that a retried fan-out adds nothing.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    subject_type TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    -- When it went out by email, alone or in a digest, and as which message.
    emailed_at   INTEGER,
    message_id   TEXT,
    UNIQUE (member_id, subject_type, subject_id)
);
CREATE INDEX notifications_member ON notifications (member_id, id);
CREATE INDEX notifications_unread ON notifications (member_id) WHERE read_at IS NULL;
CREATE INDEX notifications_unmailed ON notifications (member_id, created_at) WHERE emailed_at IS NULL;
CREATE INDEX notifications_subject ON notifications (subject_type, subject_id);

-- A member's email choice per kind; a kind without a row uses its default.
CREATE TABLE notify_prefs (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    email_mode TEXT    NOT NULL CHECK (email_mode IN ('immediate','daily','weekly','never')),
    PRIMARY KEY (member_id, kind)
);

-- Every message handed to the mail server ('sent') or, with no server
-- configured, written to the log ('logged'), by its Message-ID. A mail job
-- checks it before sending and writes it in the transaction that completes
-- the job, so that a job retried after success does not send again.
CREATE TABLE mail_log (
    message_id TEXT    PRIMARY KEY,
    member_id  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    kind       TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('sent','logged')),
    items      INTEGER NOT NULL DEFAULT 0,
    sent_at    INTEGER NOT NULL
);
CREATE INDEX mail_log_member ON mail_log (member_id, sent_at);

-- Password reset tokens, stored hashed. request_key names the job that
-- mailed the token: a retried job replaces its own token.
CREATE TABLE password_resets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    request_key TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX password_resets_member ON password_resets (member_id);

-- Secrets the site makes for itself (the unsubscribe signing key), kept
-- in the database so that every node shares them.
CREATE TABLE site_keys (
    name       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
