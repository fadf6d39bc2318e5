-- Search (issue 8): an FTS5 index over threads (title + opening post) and
-- replies, kept in step with the posts by triggers, so that every writer
-- (members, moderators, the seeder, imports) keeps it current inside its
-- own transaction.
--
-- search_docs has one row per searchable thing; its id is the FTS5 rowid.
-- Ids count DOWN (the trigger takes MIN(id) - 1), so that FTS5's cheap
-- forward scan meets the newest documents first: a search ranks the most
-- recent matches without reading the whole of a common word's list (see
-- sqldb/search_sqlite.go). The text is not copied: the index reads it
-- through the view search_content, from posts.body (Markdown).
--
-- Adding a kind (stories, what-we-tried reports), in a new migration:
--   1. a nullable column naming the source row (story_id INTEGER UNIQUE);
--   2. DROP and re-create the view search_content with a UNION ALL arm
--      that gives (id, title, body) for the new kind;
--   3. insert/update/delete triggers on the source table like the posts
--      triggers below ('delete' from search_fts with the old text first);
--   4. in sqldb/search_*.go, a LEFT JOIN and a visibility arm for the kind.
CREATE TABLE search_docs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    post_id    INTEGER UNIQUE,
    -- Copies of the post's columns that searches filter on, so that
    -- scanning many matches reads this small table and not posts.
    thread_id  INTEGER,
    author_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    -- A thread's title; '' for replies. Kept here so that deleting a
    -- thread can remove its entry after the thread row is gone.
    title      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX search_docs_thread ON search_docs (thread_id);

CREATE VIEW search_content (id, title, body) AS
    SELECT d.id, d.title, p.body FROM search_docs d JOIN posts p ON p.id = d.post_id;

-- porter: English stemming; unicode61 remove_diacritics 2: case and accent
-- folding for every language (Spanish gets folding, not stemming; the
-- query adds Spanish plural forms, see search.SpanishForms). '_' joins
-- words, so that a mention of @keppra_kid_mom is not a match for "keppra".
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body,
    content = 'search_content', content_rowid = 'id',
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'"
);
-- A match in the title counts four times one in the body.
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');

-- Content written before this migration.
INSERT INTO search_docs (id, kind, post_id, thread_id, author_id, created_at, title)
    SELECT -p.id, CASE WHEN p.position = 0 THEN 'thread' ELSE 'reply' END, p.id, p.thread_id, p.author_id, p.created_at,
           CASE WHEN p.position = 0 THEN t.title ELSE '' END
    FROM posts p JOIN threads t ON t.id = p.thread_id;
INSERT INTO search_fts (search_fts) VALUES ('rebuild');

CREATE TRIGGER search_posts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO search_docs (id, kind, post_id, thread_id, author_id, created_at, title)
        SELECT COALESCE((SELECT MIN(id) FROM search_docs), 0) - 1,
               CASE WHEN new.position = 0 THEN 'thread' ELSE 'reply' END, new.id, new.thread_id, new.author_id, new.created_at,
               CASE WHEN new.position = 0 THEN t.title ELSE '' END
        FROM threads t WHERE t.id = new.thread_id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, d.title, new.body FROM search_docs d WHERE d.post_id = new.id;
END;

-- An external-content index forgets a row only when told its old text.
CREATE TRIGGER search_posts_update AFTER UPDATE OF body ON posts BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, d.title, old.body FROM search_docs d WHERE d.post_id = old.id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, d.title, new.body FROM search_docs d WHERE d.post_id = new.id;
END;

CREATE TRIGGER search_posts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, d.title, old.body FROM search_docs d WHERE d.post_id = old.id;
    DELETE FROM search_docs WHERE post_id = old.id;
END;

-- Deleting an account may hand its posts to a "deleted member".
CREATE TRIGGER search_posts_author AFTER UPDATE OF author_id ON posts BEGIN
    UPDATE search_docs SET author_id = new.author_id WHERE post_id = new.id;
END;

CREATE TRIGGER search_threads_title AFTER UPDATE OF title ON threads BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, d.title, p.body FROM posts p JOIN search_docs d ON d.post_id = p.id
        WHERE p.thread_id = new.id AND p.position = 0;
    UPDATE search_docs SET title = new.title
        WHERE post_id = (SELECT id FROM posts WHERE thread_id = new.id AND position = 0);
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, d.title, p.body FROM posts p JOIN search_docs d ON d.post_id = p.id
        WHERE p.thread_id = new.id AND p.position = 0;
END;
