-- Search (issue 8), PostgreSQL dialect of
-- sqlite/0023_search_treatment_names.sql: an experience is also found by
-- its treatment's other names. Its indexed text becomes
-- "Levetiracetam (Keppra, LEV): Mood swings ...", all in the body
-- (weight D); search_docs.other_names holds " (Keppra, LEV)" or ''. The
-- other names are every tried_names row of the treatment but the one
-- spelled as its name, in name_key order.
ALTER TABLE search_docs ADD COLUMN other_names TEXT NOT NULL DEFAULT '';

CREATE FUNCTION search_other_names(treatment BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT COALESCE(' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')', '')
    FROM tried_names n JOIN tried_treatments tt ON tt.id = n.treatment_id
    WHERE n.treatment_id = treatment AND n.name <> tt.name
$$;

-- Experiences written before this migration.
UPDATE search_docs d SET other_names = search_other_names(r.treatment_id),
        tsv = search_tsv('', d.title || search_other_names(r.treatment_id) || ': ' || r.body)
    FROM tried_reports r
    WHERE r.id = d.report_id AND search_other_names(r.treatment_id) <> '';

CREATE OR REPLACE FUNCTION search_reports_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE report_id = OLD.id;
        RETURN OLD;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO search_docs (kind, report_id, author_id, created_at, title, other_names, tsv)
            SELECT 'experience', NEW.id, NEW.author_id, NEW.updated_at, tt.name, search_other_names(tt.id),
                   search_tsv('', tt.name || search_other_names(tt.id) || ': ' || NEW.body)
            FROM tried_treatments tt WHERE tt.id = NEW.treatment_id;
    ELSE
        UPDATE search_docs d SET title = tt.name, other_names = search_other_names(tt.id), author_id = NEW.author_id,
                created_at = NEW.updated_at, tsv = search_tsv('', tt.name || search_other_names(tt.id) || ': ' || NEW.body)
            FROM tried_treatments tt
            WHERE d.report_id = NEW.id AND tt.id = NEW.treatment_id;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION search_treatments_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_docs d SET title = NEW.name, other_names = search_other_names(NEW.id),
            tsv = search_tsv('', NEW.name || search_other_names(NEW.id) || ': ' || r.body)
        FROM tried_reports r
        WHERE r.id = d.report_id AND r.treatment_id = NEW.id;
    RETURN NEW;
END
$$;

-- A name added to, removed from or moved between treatments (a merge
-- moves the merged treatment's names): re-index the reports of each
-- treatment concerned.
CREATE FUNCTION search_names_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY[NEW.treatment_id];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD.treatment_id];
    ELSE
        ids := ARRAY[OLD.treatment_id, NEW.treatment_id];
    END IF;
    UPDATE search_docs d SET other_names = search_other_names(r.treatment_id),
            tsv = search_tsv('', d.title || search_other_names(r.treatment_id) || ': ' || r.body)
        FROM tried_reports r
        WHERE r.id = d.report_id AND r.treatment_id = ANY (ids);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER search_names AFTER INSERT OR DELETE OR UPDATE OF name, treatment_id ON tried_names
    FOR EACH ROW EXECUTE FUNCTION search_names_sync();
