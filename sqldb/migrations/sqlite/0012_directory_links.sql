-- Links from a directory entry to the communities and events the
-- organization hosts (issue 12): made by a member whose claim on the
-- entry is approved and who moderates the community, or by an
-- administrator. Each row links one community or one event.

CREATE TABLE directory_links (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    event_id     INTEGER REFERENCES events (id) ON DELETE CASCADE,
    linked_by    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    CHECK ((community_id IS NULL) <> (event_id IS NULL))
);
CREATE UNIQUE INDEX directory_links_community ON directory_links (org_id, community_id) WHERE community_id IS NOT NULL;
CREATE UNIQUE INDEX directory_links_event ON directory_links (org_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX directory_links_by_community ON directory_links (community_id) WHERE community_id IS NOT NULL;
CREATE INDEX directory_links_by_event ON directory_links (event_id) WHERE event_id IS NOT NULL;
