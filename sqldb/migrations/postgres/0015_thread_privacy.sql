-- Member privacy and control, the PostgreSQL dialect of
-- sqlite/0015_thread_privacy.sql: the same columns and names.
ALTER TABLE threads ADD COLUMN visibility TEXT NOT NULL DEFAULT 'open'
    CHECK (visibility IN ('open','community'));
ALTER TABLE communities ADD COLUMN thread_default TEXT NOT NULL DEFAULT 'open'
    CHECK (thread_default IN ('open','community'));
ALTER TABLE members ADD COLUMN hide_memberships INTEGER NOT NULL DEFAULT 0;
