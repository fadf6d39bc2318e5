-- Crisis flags on stories (issue 14): when the self-harm wording check
-- finds a phrase in a story, new or edited, the site's moderators get an
-- urgent flag, as for posts. Stories are in no community, so the site's
-- moderators and admins act on them. reporter_id NULL is the system (the
-- wording check); a member's id when a member reports.
CREATE TABLE story_flags (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    reporter_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    reason      TEXT    NOT NULL DEFAULT 'crisis' CHECK (reason IN ('crisis')),
    automatic   INTEGER NOT NULL DEFAULT 0,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER,
    closed_by   INTEGER REFERENCES members (id) ON DELETE SET NULL
);
CREATE INDEX story_flags_open ON story_flags (story_id) WHERE status = 'open';
