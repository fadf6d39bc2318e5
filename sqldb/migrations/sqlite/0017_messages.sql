-- Private messages (issue 13): conversations, their participants, the
-- messages, reports of one message to the site's moderators, and blocks.
-- Every read of a conversation or a message joins
-- conversation_participants on the viewer, so that only the current
-- participants ever read one.

CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    subject         TEXT    NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    last_message_at INTEGER NOT NULL
);

-- A member who leaves loses their row, and with it every read.
-- last_read_id is the newest message they have seen.
CREATE TABLE conversation_participants (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    joined_at       INTEGER NOT NULL,
    last_read_id    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, member_id)
);
CREATE INDEX conversation_participants_member ON conversation_participants (member_id, conversation_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    body            TEXT    NOT NULL,
    html            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'published' CHECK (status IN ('published','removed')),
    created_at      INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- New conversations started by a member today (the new-member limit).
CREATE INDEX conversations_created_by ON conversations (created_by, created_at);

-- A participant's report of one message: only that message shows to the
-- site's moderators.
CREATE TABLE message_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    -- The flag reasons of post_flags, 'crisis' (0019) included.
    reason      TEXT    NOT NULL CHECK (reason IN ('privacy','harmful_advice','spam','harassment','crisis','other')),
    note        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
    resolution  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER REFERENCES members (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX message_reports_open ON message_reports (message_id, reporter_id) WHERE status = 'open';
CREATE INDEX message_reports_queue ON message_reports (status, message_id);

-- member_id blocked blocked_id: blocked_id can no longer write to them.
CREATE TABLE member_blocks (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, blocked_id)
);
CREATE INDEX member_blocks_blocked ON member_blocks (blocked_id);
