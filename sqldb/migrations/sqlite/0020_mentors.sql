-- Mentoring (issue 14): a member's language and mentoring choice,
-- mentors' volunteering per community, each newcomer's mentorship in a
-- community, and the prompts (offer, welcome, reminders) sent about it.

-- A member's preferred language (ISO 639-1, hearth.Languages), taken from
-- Accept-Language at sign-up; mentoring_opt_out stops mentor offers.
ALTER TABLE members ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE members ADD COLUMN mentoring_opt_out INTEGER NOT NULL DEFAULT 0;

-- A mentor's offer to welcome newcomers to a community. languages is a
-- comma-wrapped list (',en,es,') so that one LIKE matches a language on
-- both databases.
CREATE TABLE mentor_volunteers (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    languages    TEXT    NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity > 0),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (community_id, member_id)
);
CREATE INDEX mentor_volunteers_member ON mentor_volunteers (member_id);

-- One row per newcomer and community. mentor_id is NULL while no mentor
-- with room speaks the newcomer's language; an 'offered' or 'accepted'
-- row counts toward its mentor's load. Reminders count from joined_at.
CREATE TABLE mentorships (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id  INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    newcomer_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    mentor_id     INTEGER REFERENCES members (id) ON DELETE SET NULL,
    status        TEXT    NOT NULL DEFAULT 'offered'
                  CHECK (status IN ('offered','accepted','declined','opted_out')),
    language      TEXT    NOT NULL,
    joined_at     INTEGER NOT NULL,
    assigned_at   INTEGER,
    answered_at   INTEGER,
    welcomed_at   INTEGER,
    checked_in_at INTEGER,
    UNIQUE (community_id, newcomer_id)
);
CREATE INDEX mentorships_mentor ON mentorships (mentor_id, status);
CREATE INDEX mentorships_newcomer ON mentorships (newcomer_id);

-- What was sent about a mentorship, once per person and kind: a
-- notification (subject type 'mentor') points here.
CREATE TABLE mentor_prompts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mentorship_id INTEGER NOT NULL REFERENCES mentorships (id) ON DELETE CASCADE,
    recipient_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('offer','welcome','week','month')),
    created_at    INTEGER NOT NULL,
    UNIQUE (mentorship_id, recipient_id, kind)
);
