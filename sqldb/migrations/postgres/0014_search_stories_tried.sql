-- Search (issue 8), second part, PostgreSQL dialect of
-- sqlite/0014_search_stories_tried.sql: stories and what-we-tried
-- experiences get search_docs rows like threads and replies, kept in step
-- by triggers. A story's title weighs A like a thread's; an experience
-- is indexed as its treatment's name and its text ("Ketogenic diet: ..."),
-- both in the body (weight D), and search_docs.title keeps the name.
-- created_at is a story's publication time and a report's updated_at
-- (what its treatment page shows).
ALTER TABLE search_docs ADD COLUMN story_id BIGINT, ADD COLUMN report_id BIGINT;
CREATE UNIQUE INDEX search_docs_story ON search_docs (story_id) WHERE story_id IS NOT NULL;
CREATE UNIQUE INDEX search_docs_report ON search_docs (report_id) WHERE report_id IS NOT NULL;

-- Content written before this migration, oldest first.
INSERT INTO search_docs (kind, story_id, report_id, author_id, created_at, title, tsv)
    SELECT x.kind, x.story_id, x.report_id, x.author_id, x.created_at, x.title,
           CASE WHEN x.kind = 'experience' THEN search_tsv('', x.title || ': ' || x.body) ELSE search_tsv(x.title, x.body) END
    FROM (SELECT 'story' AS kind, s.id AS src, s.id AS story_id, CAST(NULL AS BIGINT) AS report_id, s.author_id, s.created_at, s.title, s.body
          FROM stories s
          UNION ALL
          SELECT 'experience', r.id, NULL, r.id, r.author_id, r.updated_at, tt.name, r.body
          FROM tried_reports r JOIN tried_treatments tt ON tt.id = r.treatment_id) x
    ORDER BY x.created_at, x.kind, x.src;

CREATE FUNCTION search_stories_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE story_id = OLD.id;
        RETURN OLD;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO search_docs (kind, story_id, author_id, created_at, title, tsv)
            VALUES ('story', NEW.id, NEW.author_id, NEW.created_at, NEW.title, search_tsv(NEW.title, NEW.body));
    ELSE
        UPDATE search_docs SET title = NEW.title, author_id = NEW.author_id, tsv = search_tsv(NEW.title, NEW.body)
            WHERE story_id = NEW.id;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER search_stories AFTER INSERT OR DELETE OR UPDATE OF title, body, author_id ON stories
    FOR EACH ROW EXECUTE FUNCTION search_stories_sync();

CREATE FUNCTION search_reports_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE report_id = OLD.id;
        RETURN OLD;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO search_docs (kind, report_id, author_id, created_at, title, tsv)
            SELECT 'experience', NEW.id, NEW.author_id, NEW.updated_at, tt.name, search_tsv('', tt.name || ': ' || NEW.body)
            FROM tried_treatments tt WHERE tt.id = NEW.treatment_id;
    ELSE
        UPDATE search_docs d SET title = tt.name, author_id = NEW.author_id, created_at = NEW.updated_at,
                tsv = search_tsv('', tt.name || ': ' || NEW.body)
            FROM tried_treatments tt
            WHERE d.report_id = NEW.id AND tt.id = NEW.treatment_id;
    END IF;
    RETURN NEW;
END
$$;

-- A merge moves reports to another treatment (treatment_id).
CREATE TRIGGER search_reports AFTER INSERT OR DELETE OR UPDATE OF body, treatment_id, updated_at, author_id ON tried_reports
    FOR EACH ROW EXECUTE FUNCTION search_reports_sync();

CREATE FUNCTION search_treatments_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_docs d SET title = NEW.name, tsv = search_tsv('', NEW.name || ': ' || r.body)
        FROM tried_reports r
        WHERE r.id = d.report_id AND r.treatment_id = NEW.id;
    RETURN NEW;
END
$$;

CREATE TRIGGER search_treatments AFTER UPDATE OF name ON tried_treatments
    FOR EACH ROW EXECUTE FUNCTION search_treatments_sync();
