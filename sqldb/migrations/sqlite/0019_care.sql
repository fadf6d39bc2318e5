-- Care features (issue 14): content warnings, members' mutes, crisis
-- flags, moderators on duty, crisis resources and the gentle notice an
-- author sees after a crisis flag on their post.

-- A content warning on a post or a story: a kind from a fixed list
-- (hearth.WarningKinds) or '' for none; note is the short text of the
-- kind 'other'.
ALTER TABLE posts ADD COLUMN content_warning TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN content_warning_note TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN content_warning TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN content_warning_note TEXT NOT NULL DEFAULT '';

-- The warning kinds a member muted (comma-separated) and what muted
-- posts do: stay collapsed with a note, or are hidden.
CREATE TABLE member_mutes (
    member_id INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    kinds     TEXT    NOT NULL DEFAULT '',
    mode      TEXT    NOT NULL DEFAULT 'collapse' CHECK (mode IN ('collapse','hide'))
);

-- post_flags.reason gains 'crisis' ("someone may be in danger"), the
-- same way 0011 widened posts.status: a new column with the wider CHECK
-- takes every value, the old one goes, the new one takes its name.
-- automatic marks the flags the self-harm wording detector files; their
-- reporter_id is the post's author (the system has no account).
ALTER TABLE post_flags ADD COLUMN reason_0019 TEXT NOT NULL DEFAULT 'other'
    CHECK (reason_0019 IN ('privacy','harmful_advice','spam','harassment','crisis','other'));
UPDATE post_flags SET reason_0019 = reason;
ALTER TABLE post_flags DROP COLUMN reason;
ALTER TABLE post_flags RENAME COLUMN reason_0019 TO reason;
ALTER TABLE post_flags ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
CREATE INDEX post_flags_crisis ON post_flags (post_id) WHERE reason = 'crisis' AND status = 'open';

-- Moderators and admins who said they are on duty: crisis flags reach
-- them first.
CREATE TABLE moderator_duty (
    member_id INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    since     INTEGER NOT NULL
);

-- Crisis resources per country and language, edited by admins.
CREATE TABLE crisis_resources (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    country    TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    phone      TEXT    NOT NULL DEFAULT '',
    sms        TEXT    NOT NULL DEFAULT '',
    url        TEXT    NOT NULL DEFAULT '',
    hours      TEXT    NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE INDEX crisis_resources_place ON crisis_resources (country, language, position, id);

-- A gentle notice for an author whose post was flagged as a crisis: a
-- banner linking to /help/crisis until they dismiss it.
CREATE TABLE crisis_notices (
    member_id    INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    dismissed_at INTEGER
);

-- Members may report a private message as a crisis too (0017): the same
-- widening of message_reports.reason.
ALTER TABLE message_reports ADD COLUMN reason_0019 TEXT NOT NULL DEFAULT 'other'
    CHECK (reason_0019 IN ('privacy','harmful_advice','spam','harassment','crisis','other'));
UPDATE message_reports SET reason_0019 = reason;
ALTER TABLE message_reports DROP COLUMN reason;
ALTER TABLE message_reports RENAME COLUMN reason_0019 TO reason;
