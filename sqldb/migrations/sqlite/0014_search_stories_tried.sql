-- Search (issue 8), second part: stories and what-we-tried experiences
-- (the free text of tried reports) join threads and replies in the index
-- of 0002_search.sql, by the steps its header lists.
--
-- A story is found by its title (weighted like a thread's) and its body.
-- An experience is found by its text, led by its treatment's name
-- ("Ketogenic diet: ..."), so that a search for "ketogenic diet" finds
-- what members wrote about it even when their words are only "the diet".
-- The name goes in the body, not the title column: it is not a title the
-- member wrote, and weighted as one it would put every short experience
-- above the threads and stories with those words in their titles.
-- search_docs.title keeps the name, for results and for the triggers.
-- search_docs.created_at is a story's publication time and a report's
-- updated_at: the time its treatment page shows.
--
-- Visibility is still never stored: sqldb/search_kinds.go joins the
-- story's visibility, and the report's community, treatment and place
-- among its treatment's experiences, at query time.
ALTER TABLE search_docs ADD COLUMN story_id INTEGER;
ALTER TABLE search_docs ADD COLUMN report_id INTEGER;
CREATE UNIQUE INDEX search_docs_story ON search_docs (story_id) WHERE story_id IS NOT NULL;
CREATE UNIQUE INDEX search_docs_report ON search_docs (report_id) WHERE report_id IS NOT NULL;

DROP VIEW search_content;
CREATE VIEW search_content (id, title, body) AS
    SELECT d.id, d.title, p.body FROM search_docs d JOIN posts p ON p.id = d.post_id
    UNION ALL
    SELECT d.id, d.title, s.body FROM search_docs d JOIN stories s ON s.id = d.story_id
    UNION ALL
    SELECT d.id, '', d.title || ': ' || r.body FROM search_docs d JOIN tried_reports r ON r.id = d.report_id;

-- Content written before this migration, oldest first (ids count down).
INSERT INTO search_docs (id, kind, story_id, report_id, author_id, created_at, title)
    SELECT (SELECT COALESCE(MIN(id), 0) FROM search_docs) - ROW_NUMBER() OVER (ORDER BY x.created_at, x.kind, x.src),
           x.kind, x.story_id, x.report_id, x.author_id, x.created_at, x.title
    FROM (SELECT 'story' AS kind, s.id AS src, s.id AS story_id, NULL AS report_id, s.author_id, s.created_at, s.title FROM stories s
          UNION ALL
          SELECT 'experience', r.id, NULL, r.id, r.author_id, r.updated_at, tt.name
          FROM tried_reports r JOIN tried_treatments tt ON tt.id = r.treatment_id) x;
INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, d.title, s.body FROM search_docs d JOIN stories s ON s.id = d.story_id;
INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, '', d.title || ': ' || r.body FROM search_docs d JOIN tried_reports r ON r.id = d.report_id;

CREATE TRIGGER search_stories_insert AFTER INSERT ON stories BEGIN
    INSERT INTO search_docs (id, kind, story_id, author_id, created_at, title)
        VALUES (COALESCE((SELECT MIN(id) FROM search_docs), 0) - 1, 'story', new.id, new.author_id, new.created_at, new.title);
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, d.title, new.body FROM search_docs d WHERE d.story_id = new.id;
END;

CREATE TRIGGER search_stories_update AFTER UPDATE OF title, body ON stories BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, d.title, old.body FROM search_docs d WHERE d.story_id = old.id;
    UPDATE search_docs SET title = new.title WHERE story_id = new.id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, d.title, new.body FROM search_docs d WHERE d.story_id = new.id;
END;

CREATE TRIGGER search_stories_author AFTER UPDATE OF author_id ON stories BEGIN
    UPDATE search_docs SET author_id = new.author_id WHERE story_id = new.id;
END;

CREATE TRIGGER search_stories_delete AFTER DELETE ON stories BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, d.title, old.body FROM search_docs d WHERE d.story_id = old.id;
    DELETE FROM search_docs WHERE story_id = old.id;
END;

CREATE TRIGGER search_reports_insert AFTER INSERT ON tried_reports BEGIN
    INSERT INTO search_docs (id, kind, report_id, author_id, created_at, title)
        SELECT COALESCE((SELECT MIN(id) FROM search_docs), 0) - 1, 'experience', new.id, new.author_id, new.updated_at, tt.name
        FROM tried_treatments tt WHERE tt.id = new.treatment_id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || ': ' || new.body FROM search_docs d WHERE d.report_id = new.id;
END;

-- An edit may change the text, the treatment (a merge moves reports) and
-- the time shown.
CREATE TRIGGER search_reports_update AFTER UPDATE OF body, treatment_id, updated_at, author_id ON tried_reports BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || ': ' || old.body FROM search_docs d WHERE d.report_id = old.id;
    UPDATE search_docs SET author_id = new.author_id, created_at = new.updated_at,
        title = (SELECT tt.name FROM tried_treatments tt WHERE tt.id = new.treatment_id)
        WHERE report_id = new.id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || ': ' || new.body FROM search_docs d WHERE d.report_id = new.id;
END;

CREATE TRIGGER search_reports_delete AFTER DELETE ON tried_reports BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || ': ' || old.body FROM search_docs d WHERE d.report_id = old.id;
    DELETE FROM search_docs WHERE report_id = old.id;
END;

CREATE TRIGGER search_treatments_name AFTER UPDATE OF name ON tried_treatments BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = new.id;
    UPDATE search_docs SET title = new.name
        WHERE report_id IN (SELECT id FROM tried_reports WHERE treatment_id = new.id);
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = new.id;
END;
