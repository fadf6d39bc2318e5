-- Live events: scheduled chats in a community, their hosts, exceptions to
-- their schedule, RSVPs, the sessions that had a live room, the messages
-- of those rooms, and each member's time zone. A schedule is a wall-clock
-- rule in the event's IANA zone (start_date, start_time, time_zone), so
-- that 9 p.m. stays 9 p.m. there across clock changes; starts_at and
-- ends_at are instants (Unix ms) kept for lists and indexes only.

CREATE TABLE events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id     INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    created_by       INTEGER NOT NULL REFERENCES members (id),
    title            TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    description_html TEXT    NOT NULL DEFAULT '',
    time_zone        TEXT    NOT NULL,
    start_date       TEXT    NOT NULL,
    start_time       TEXT    NOT NULL,
    duration_minutes INTEGER NOT NULL,
    recurrence       TEXT    NOT NULL CHECK (recurrence IN ('once','weekly','biweekly','monthly')),
    month_week       INTEGER NOT NULL DEFAULT 0,
    until_date       TEXT    NOT NULL DEFAULT '',
    starts_at        INTEGER NOT NULL,
    -- When the last session ends; NULL while the event repeats without end.
    ends_at          INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX events_community ON events (community_id, starts_at);
CREATE INDEX events_ends ON events (ends_at);

CREATE TABLE event_hosts (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, member_id)
);
CREATE INDEX event_hosts_member ON event_hosts (member_id);

-- A skipped or moved session, keyed by its scheduled date in the event's
-- zone (the RECURRENCE-ID of iCalendar).
CREATE TABLE event_exceptions (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurs_on  TEXT    NOT NULL,
    skipped    INTEGER NOT NULL DEFAULT 0,
    moved_to   INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, occurs_on)
);

-- A session that had a live room. Counting messages here serialises the
-- messages of one session (a row lock on PostgreSQL), so that their ids
-- are handed out in commit order and Last-Event-ID replay misses none.
CREATE TABLE event_sessions (
    event_id       INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurs_on      TEXT    NOT NULL,
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    question_count INTEGER NOT NULL DEFAULT 0,
    message_count  INTEGER NOT NULL DEFAULT 0,
    archived_at    INTEGER,
    thread_id      INTEGER REFERENCES threads (id) ON DELETE SET NULL,
    PRIMARY KEY (event_id, occurs_on)
);
CREATE INDEX event_sessions_due ON event_sessions (ends_at) WHERE archived_at IS NULL;

CREATE TABLE event_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurs_on  TEXT    NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES members (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('question','message')),
    number     INTEGER NOT NULL DEFAULT 0,
    topic      INTEGER NOT NULL DEFAULT 0,
    body       TEXT    NOT NULL,
    body_html  TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    hidden_at  INTEGER,
    hidden_by  INTEGER REFERENCES members (id)
);
CREATE INDEX event_messages_session ON event_messages (event_id, occurs_on, id);

-- "I'll be there" for one session; reminded_at marks the reminder as
-- claimed, so that each goes out once across nodes. The id names the
-- reminder as the subject of a notification.
CREATE TABLE event_rsvps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurs_on   TEXT    NOT NULL,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    starts_at   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    reminded_at INTEGER,
    UNIQUE (event_id, occurs_on, member_id)
);
CREATE INDEX event_rsvps_due ON event_rsvps (starts_at) WHERE reminded_at IS NULL;

-- The reader's time zone (IANA name), '' until they choose one.
ALTER TABLE members ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
