-- Core schema: members, sessions, tokens, communities, threads, posts.
-- Times are Unix milliseconds (INTEGER) so that the same SQL runs on
-- SQLite and PostgreSQL (BIGINT).

CREATE TABLE members (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    handle        TEXT    NOT NULL UNIQUE,
    email         TEXT    NOT NULL,
    email_lower   TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'member'
                  CHECK (role IN ('member','mentor','clinician','moderator','admin')),
    bio           TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL DEFAULT '',
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
);

CREATE TABLE communities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    rules       TEXT    NOT NULL DEFAULT '',
    rules_html  TEXT    NOT NULL DEFAULT '',
    visibility  TEXT    NOT NULL CHECK (visibility IN ('public','members','private')),
    created_at  INTEGER NOT NULL
);

CREATE TABLE memberships (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL CHECK (status IN ('active','pending')),
    is_moderator INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (community_id, member_id)
);
CREATE INDEX memberships_member ON memberships (member_id, status);

CREATE TABLE threads (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id     INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    author_id        INTEGER NOT NULL REFERENCES members (id),
    title            TEXT    NOT NULL,
    excerpt          TEXT    NOT NULL DEFAULT '',
    reply_count      INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
);
CREATE INDEX threads_community_activity ON threads (community_id, last_activity_at DESC);
CREATE INDEX threads_activity ON threads (last_activity_at DESC);

-- The opening post has position 0; replies count up from 1, so a page of
-- a thread is a range scan on (thread_id, position).
CREATE TABLE posts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id  INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES members (id),
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER,
    UNIQUE (thread_id, position)
);
CREATE INDEX posts_author ON posts (author_id, created_at DESC);

CREATE TABLE post_revisions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    body      TEXT    NOT NULL,
    body_html TEXT    NOT NULL,
    edited_at INTEGER NOT NULL
);
CREATE INDEX post_revisions_post ON post_revisions (post_id, id);
