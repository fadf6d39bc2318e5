-- Stories: a member's own blog inside the site, with comments by members
-- and guests, and the cover images members upload.

-- An image a member uploaded, already checked and re-encoded (no EXIF or
-- location data). The file lives in the upload directory under name.
CREATE TABLE uploads (
    name         TEXT    PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg','image/png')),
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX uploads_member ON uploads (member_id, created_at);

-- Stories are public (anyone reads) or members (signed-in members read).
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    excerpt    TEXT    NOT NULL DEFAULT '',
    visibility TEXT    NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','members')),
    cover      TEXT    REFERENCES uploads (name) ON DELETE SET NULL,
    cover_alt  TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    edited_at  INTEGER
);
CREATE INDEX stories_author ON stories (author_id, created_at DESC);
CREATE INDEX stories_cover ON stories (cover) WHERE cover IS NOT NULL;

-- A comment is by a member (author_id) or by a guest (author_id NULL,
-- guest_name set). guest_email is write-only: no read query selects it.
-- Guests' comments start 'held' and wait for the story's author or a
-- moderator; 'removed' comments are shown to nobody. Replies point at a
-- top-level comment (one level of nesting).
CREATE TABLE story_comments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id      INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    parent_id     INTEGER REFERENCES story_comments (id) ON DELETE CASCADE,
    author_id     INTEGER REFERENCES members (id),
    guest_name    TEXT    NOT NULL DEFAULT '',
    guest_email   TEXT    NOT NULL DEFAULT '',
    guest_website TEXT    NOT NULL DEFAULT '',
    body          TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'published' CHECK (status IN ('published','held','removed')),
    created_at    INTEGER NOT NULL,
    decided_at    INTEGER,
    decided_by    INTEGER REFERENCES members (id),
    CHECK ((author_id IS NULL) = (guest_name <> ''))
);
CREATE INDEX story_comments_story ON story_comments (story_id, status, id);
CREATE INDEX story_comments_parent ON story_comments (parent_id) WHERE parent_id IS NOT NULL;
