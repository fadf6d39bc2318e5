-- "What we tried": treatments per community (with every name they go by),
-- members' reports on them, their side effects and earlier versions.
-- Months are whole-month indexes (year*12 + month-1), so that time on a
-- treatment is a subtraction on both SQLite and PostgreSQL.

CREATE TABLE tried_treatments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    category     TEXT    NOT NULL
                 CHECK (category IN ('medication','device','therapy','surgery','diet','lifestyle','other')),
    status       TEXT    NOT NULL CHECK (status IN ('approved','pending','merged')),
    merged_into  INTEGER,
    proposed_by  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);
-- merged_into carries no foreign key on purpose: a proposal may be merged
-- into a newer treatment, and copying rows in id order must still work.
CREATE INDEX tried_treatments_community ON tried_treatments (community_id, status);

-- Every name of a treatment, its own included, so that "Keppra" and
-- "levetiracetam" find the same one. name_key is lowercase with spaces
-- collapsed; a name means one treatment per community.
CREATE TABLE tried_names (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name_key     TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    treatment_id INTEGER NOT NULL REFERENCES tried_treatments (id) ON DELETE CASCADE,
    PRIMARY KEY (community_id, name_key)
);
CREATE INDEX tried_names_treatment ON tried_names (treatment_id);

-- worst_severity (0 none … 3 severe) repeats the worst of the report's
-- side effects, so that summaries are one GROUP BY.
CREATE TABLE tried_reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id   INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    treatment_id   INTEGER NOT NULL REFERENCES tried_treatments (id),
    author_id      INTEGER NOT NULL REFERENCES members (id),
    for_whom       TEXT    NOT NULL CHECK (for_whom IN ('self','child','partner','parent','other')),
    started        INTEGER NOT NULL,
    stopped        INTEGER,
    stop_reason    TEXT    NOT NULL DEFAULT ''
                   CHECK (stop_reason IN ('','side_effects','not_effective','cost','other')),
    effectiveness  TEXT    NOT NULL CHECK (effectiveness IN ('none','slight','moderate','major')),
    worst_severity INTEGER NOT NULL DEFAULT 0,
    body           TEXT    NOT NULL DEFAULT '',
    body_html      TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX tried_reports_community ON tried_reports (community_id, treatment_id);
CREATE INDEX tried_reports_treatment ON tried_reports (treatment_id, updated_at DESC);
CREATE INDEX tried_reports_author ON tried_reports (author_id, community_id);

CREATE TABLE tried_side_effects (
    report_id INTEGER NOT NULL REFERENCES tried_reports (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    name_key  TEXT    NOT NULL,
    severity  TEXT    NOT NULL CHECK (severity IN ('mild','moderate','severe')),
    PRIMARY KEY (report_id, position)
);

-- An earlier version of a report, kept when its author changes it.
-- side_effects is a JSON array of {"name", "severity"}.
CREATE TABLE tried_revisions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id     INTEGER NOT NULL REFERENCES tried_reports (id) ON DELETE CASCADE,
    treatment_id  INTEGER NOT NULL REFERENCES tried_treatments (id),
    for_whom      TEXT    NOT NULL,
    started       INTEGER NOT NULL,
    stopped       INTEGER,
    stop_reason   TEXT    NOT NULL,
    effectiveness TEXT    NOT NULL,
    side_effects  TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    edited_at     INTEGER NOT NULL
);
CREATE INDEX tried_revisions_report ON tried_revisions (report_id, id);
