-- Search (issue 8): an experience is also found by its treatment's other
-- names (tried_names), so "keppra" finds what members wrote about
-- Levetiracetam even when their text never says Keppra.
--
-- The indexed text of an experience becomes its treatment's name, its
-- other names in parentheses, and its text:
-- "Levetiracetam (Keppra, LEV): Mood swings ...". search_docs.other_names
-- holds " (Keppra, LEV)" (or ''), so that the triggers can always tell
-- FTS5 the exact text they indexed when they take it out again, whatever
-- changed since in tried_names. The other names are every tried_names row
-- of the treatment but the one spelled as its name, in name_key order.
--
-- Kept in step by triggers: a name added, removed or moved by a merge
-- (tried_names), a treatment renamed (tried_treatments.name) and a report
-- written, edited or moved (tried_reports), as 0014 does for the name.
ALTER TABLE search_docs ADD COLUMN other_names TEXT NOT NULL DEFAULT '';

-- Experiences written before this migration whose treatment has other
-- names: out of the index with their old text, in with the new.
INSERT INTO search_fts (search_fts, rowid, title, body)
    SELECT 'delete', d.id, '', d.title || ': ' || r.body FROM search_docs d JOIN tried_reports r ON r.id = d.report_id
    WHERE EXISTS (SELECT 1 FROM tried_names n JOIN tried_treatments tt ON tt.id = n.treatment_id
                  WHERE n.treatment_id = r.treatment_id AND n.name <> tt.name);
UPDATE search_docs SET other_names = COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')'
        FROM tried_reports r JOIN tried_treatments tt ON tt.id = r.treatment_id JOIN tried_names n ON n.treatment_id = tt.id
        WHERE r.id = search_docs.report_id AND n.name <> tt.name), '')
    WHERE report_id IS NOT NULL;
INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, '', d.title || d.other_names || ': ' || r.body FROM search_docs d JOIN tried_reports r ON r.id = d.report_id
    WHERE d.other_names <> '';

DROP VIEW search_content;
CREATE VIEW search_content (id, title, body) AS
    SELECT d.id, d.title, p.body FROM search_docs d JOIN posts p ON p.id = d.post_id
    UNION ALL
    SELECT d.id, d.title, s.body FROM search_docs d JOIN stories s ON s.id = d.story_id
    UNION ALL
    SELECT d.id, '', d.title || d.other_names || ': ' || r.body FROM search_docs d JOIN tried_reports r ON r.id = d.report_id;

DROP TRIGGER search_reports_insert;
DROP TRIGGER search_reports_update;
DROP TRIGGER search_reports_delete;
DROP TRIGGER search_treatments_name;

CREATE TRIGGER search_reports_insert AFTER INSERT ON tried_reports BEGIN
    INSERT INTO search_docs (id, kind, report_id, author_id, created_at, title, other_names)
        SELECT COALESCE((SELECT MIN(id) FROM search_docs), 0) - 1, 'experience', new.id, new.author_id, new.updated_at, tt.name,
            COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')' FROM tried_names n
                WHERE n.treatment_id = tt.id AND n.name <> tt.name), '')
        FROM tried_treatments tt WHERE tt.id = new.treatment_id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || d.other_names || ': ' || new.body FROM search_docs d WHERE d.report_id = new.id;
END;

CREATE TRIGGER search_reports_update AFTER UPDATE OF body, treatment_id, updated_at, author_id ON tried_reports BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || d.other_names || ': ' || old.body FROM search_docs d WHERE d.report_id = old.id;
    UPDATE search_docs SET author_id = new.author_id, created_at = new.updated_at,
        title = (SELECT tt.name FROM tried_treatments tt WHERE tt.id = new.treatment_id),
        other_names = COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')'
            FROM tried_treatments tt JOIN tried_names n ON n.treatment_id = tt.id
            WHERE tt.id = new.treatment_id AND n.name <> tt.name), '')
        WHERE report_id = new.id;
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || d.other_names || ': ' || new.body FROM search_docs d WHERE d.report_id = new.id;
END;

CREATE TRIGGER search_reports_delete AFTER DELETE ON tried_reports BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || d.other_names || ': ' || old.body FROM search_docs d WHERE d.report_id = old.id;
    DELETE FROM search_docs WHERE report_id = old.id;
END;

CREATE TRIGGER search_treatments_name AFTER UPDATE OF name ON tried_treatments BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = new.id;
    UPDATE search_docs SET title = new.name,
        other_names = COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')' FROM tried_names n
            WHERE n.treatment_id = new.id AND n.name <> new.name), '')
        WHERE report_id IN (SELECT id FROM tried_reports WHERE treatment_id = new.id);
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = new.id;
END;

-- A name added to, removed from or moved between treatments (a merge
-- moves the merged treatment's names): re-index the reports of each
-- treatment concerned.
CREATE TRIGGER search_names_insert AFTER INSERT ON tried_names BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = new.treatment_id;
    UPDATE search_docs SET other_names = COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')'
            FROM tried_treatments tt JOIN tried_names n ON n.treatment_id = tt.id
            WHERE tt.id = new.treatment_id AND n.name <> tt.name), '')
        WHERE report_id IN (SELECT id FROM tried_reports WHERE treatment_id = new.treatment_id);
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = new.treatment_id;
END;

CREATE TRIGGER search_names_delete AFTER DELETE ON tried_names BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = old.treatment_id;
    UPDATE search_docs SET other_names = COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')'
            FROM tried_treatments tt JOIN tried_names n ON n.treatment_id = tt.id
            WHERE tt.id = old.treatment_id AND n.name <> tt.name), '')
        WHERE report_id IN (SELECT id FROM tried_reports WHERE treatment_id = old.treatment_id);
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id = old.treatment_id;
END;

CREATE TRIGGER search_names_update AFTER UPDATE OF name, treatment_id ON tried_names BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body)
        SELECT 'delete', d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id IN (old.treatment_id, new.treatment_id);
    UPDATE search_docs SET other_names = COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')'
            FROM tried_reports r JOIN tried_treatments tt ON tt.id = r.treatment_id JOIN tried_names n ON n.treatment_id = tt.id
            WHERE r.id = search_docs.report_id AND n.name <> tt.name), '')
        WHERE report_id IN (SELECT id FROM tried_reports WHERE treatment_id IN (old.treatment_id, new.treatment_id));
    INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', d.title || d.other_names || ': ' || r.body FROM tried_reports r JOIN search_docs d ON d.report_id = r.id
        WHERE r.treatment_id IN (old.treatment_id, new.treatment_id);
END;
