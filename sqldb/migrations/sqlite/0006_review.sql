-- Review: posts and threads get a status, so that a post can wait for a
-- moderator ('held') or be returned to its author ('rejected'), and
-- post_reviews records each hold and its decision. The names are generic:
-- the privacy guard is the first reason to hold a post, not the last.
ALTER TABLE posts ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('published','held','rejected'));
-- A thread carries the status of its opening post.
ALTER TABLE threads ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CHECK (status IN ('published','held','rejected'));
-- A new reply that is held has no place in the thread's numbered order
-- yet: it gets position -held_seq, and its number when it is approved.
ALTER TABLE threads ADD COLUMN held_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE post_reviews (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    reason     TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'open'
               CHECK (status IN ('open','approved','rejected','withdrawn')),
    -- JSON list of {field, start, end, type, text}: what triggered the hold.
    findings   TEXT    NOT NULL DEFAULT '[]',
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES members (id)
);
CREATE INDEX post_reviews_post ON post_reviews (post_id, status);
CREATE INDEX post_reviews_open ON post_reviews (status, created_at);
-- Posts that are not published are few; this keeps finding them cheap.
CREATE INDEX posts_unpublished ON posts (thread_id) WHERE status <> 'published';
