-- Directory of health organizations and their channels, and members'
-- claims to manage an entry. Names fold to lower case in Go (name_fold,
-- city_fold) so that search behaves the same on SQLite and PostgreSQL.

CREATE TABLE organizations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    name_fold  TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('hospital','clinic','patient_organization','research_center','public_health_agency','other')),
    city       TEXT    NOT NULL DEFAULT '',
    city_fold  TEXT    NOT NULL DEFAULT '',
    region     TEXT    NOT NULL DEFAULT '',
    country    TEXT    NOT NULL DEFAULT 'US',
    website    TEXT    NOT NULL,
    -- The website's host without "www.": duplicate detection's key.
    domain     TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX organizations_name ON organizations (name_fold, id);
CREATE INDEX organizations_region ON organizations (country, region);
CREATE INDEX organizations_kind ON organizations (kind);

-- One channel of each kind per organization.
CREATE TABLE org_channels (
    org_id     INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('facebook','x','youtube','instagram','linkedin','tiktok','blog','podcast','forum','mastodon')),
    url        TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'unchecked' CHECK (status IN ('unchecked','ok','dead','unknown')),
    checked_at INTEGER,
    check_note TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, kind)
);
CREATE INDEX org_channels_kind ON org_channels (kind, status);
CREATE INDEX org_channels_checked ON org_channels (checked_at);

CREATE TABLE org_claims (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    status      TEXT    NOT NULL CHECK (status IN ('pending','approved')),
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    approved_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    approved_at INTEGER,
    UNIQUE (org_id, member_id)
);
CREATE INDEX org_claims_status ON org_claims (status, created_at);
