-- Member privacy and control (issue #13).
--
-- A thread's visibility is never wider than its community's: 'open'
-- threads are read by whoever may read the community; 'community'
-- threads only by its active members and staff (sqldb/visibility.go
-- canReadThread).
ALTER TABLE threads ADD COLUMN visibility TEXT NOT NULL DEFAULT 'open'
    CHECK (visibility IN ('open','community'));
-- What the new-thread form starts with in a community; operators may make
-- "members of this community only" the default.
ALTER TABLE communities ADD COLUMN thread_default TEXT NOT NULL DEFAULT 'open'
    CHECK (thread_default IN ('open','community'));
-- A member may hide which communities they belong to (1) from everyone
-- but themself and staff.
ALTER TABLE members ADD COLUMN hide_memberships INTEGER NOT NULL DEFAULT 0;
