package sqldb

// Mentoring (issue 14, mentor.go at the root). How it fits together:
//
//   - Join and Approve call db.offerMentorTx inside their transaction when
//     a member becomes an active member of a community: it records the
//     newcomer's mentorship and assigns the volunteer with the fewest
//     active mentees below their capacity who speaks the newcomer's
//     language (assignMentorTx). A newcomer no one matches waits with no
//     mentor; the sweep and a new volunteer pick them up.
//   - Each prompt (the offer to the newcomer, the welcome prompt and the
//     week and month reminders to the mentor) is a mentor_prompts row,
//     once per mentorship, person and kind, and a notification of kind
//     "mentor" about it: the notification machinery (notify.go) shows it
//     and queues its email by the member's choice. Its visibility is
//     decided when it is shown or mailed: a newcomer who declined or
//     opted out, or a mentor replaced, drops out of pages and mail.
//   - MentorSweep, run hourly by a River periodic job (package jobs) with
//     the queue's clock, sends the reminders that are due and matches
//     waiting newcomers. Tests call it with a fixed time.

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

var _ hearth.MentorService = (*DB)(nil)

func init() { notifySubjects[hearth.SubjectMentor] = mentorSubject }

const promptJoin = `FROM mentor_prompts mp JOIN mentorships ms ON ms.id = mp.mentorship_id JOIN communities c ON c.id = ms.community_id
	JOIN members nm ON nm.id = ms.newcomer_id WHERE mp.id = n.subject_id`

// mentorSubject: a prompt is seen by its recipient while the mentorship
// is open, the mentor still theirs (for a mentor's prompt), and the
// community readable.
var mentorSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 ` + promptJoin + ` AND mp.recipient_id = CAST($1 AS BIGINT) AND ms.status IN ('offered','accepted')
		AND (mp.kind = 'offer' OR ms.mentor_id = mp.recipient_id) AND ` + canReadCommunity + `)`,
	title: `(SELECT CASE mp.kind
			WHEN 'offer' THEN 'A mentor can welcome you to ' || c.name
			WHEN 'welcome' THEN 'Please welcome @' || nm.handle || ' to ' || c.name
			WHEN 'week' THEN 'One week on: check in with @' || nm.handle
			ELSE 'One month on: check in with @' || nm.handle END ` + promptJoin + `)`,
	excerpt: `(SELECT CASE mp.kind
			WHEN 'offer' THEN 'An experienced member offered to say hello and answer your questions. You can accept, say no thanks, or turn mentoring off.'
			WHEN 'welcome' THEN 'They just joined. A short hello in their language, and a pointer to a good first thread, helps a lot.'
			ELSE 'A short message to ask how things are going is enough. Mark it on your mentoring page when you have checked in.' END ` + promptJoin + `)`,
	where: `(SELECT c.name ` + promptJoin + `)`,
	path: `(SELECT CASE mp.kind WHEN 'offer' THEN '/c/' || c.slug || '#mentor'
			ELSE '/mentor#m' || CAST(ms.id AS TEXT) END ` + promptJoin + `)`,
	fanOut: fanOutPrompt,
}

// fanOutPrompt: the prompt's recipient; the mentor acts for an offer,
// the newcomer for the mentor's prompts.
func fanOutPrompt(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error) {
	var recipient, newcomer int64
	var mentor sql.NullInt64
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT mp.recipient_id, mp.kind, ms.newcomer_id, ms.mentor_id FROM mentor_prompts mp
		JOIN mentorships ms ON ms.id = mp.mentorship_id WHERE mp.id = $1`, id).Scan(&recipient, &kind, &newcomer, &mentor)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	actor := newcomer
	if kind == hearth.PromptOffer && mentor.Valid {
		actor = mentor.Int64
	}
	return []hearth.NewNotification{{Recipient: recipient, Kind: hearth.NotifyMentor, Actor: actor, Subject: hearth.Subject{Type: hearth.SubjectMentor, ID: id}}}, nil
}

// activeMentee is the condition that the mentorship aliased a is open
// and its newcomer still an active member of the community with a live
// account: only those count toward a load and get reminders.
func activeMentee(a string) string {
	return a + `.status IN ('offered','accepted') AND EXISTS (SELECT 1 FROM memberships amm JOIN members amn ON amn.id = amm.member_id
		WHERE amm.community_id = ` + a + `.community_id AND amm.member_id = ` + a + `.newcomer_id AND amm.status = 'active' AND amn.status = 'active')`
}

// mentorLoad is the number of active mentees of volunteer v. The unary
// plus keeps SQLite's planner on the mentor's index (mentor_id, status)
// instead of scanning the whole community's mentorships.
var mentorLoad = `(SELECT COUNT(*) FROM mentorships lm WHERE lm.mentor_id = v.member_id AND +lm.community_id = v.community_id AND ` + activeMentee("lm") + `)`

// promptTx records a prompt and its notification, once.
func (db *DB) promptTx(ctx context.Context, tx *sql.Tx, mentorship, recipient int64, kind string) error {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO mentor_prompts (mentorship_id, recipient_id, kind, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (mentorship_id, recipient_id, kind) DO NOTHING RETURNING id`, mentorship, recipient, kind, ms(db.Now())).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // already told
	} else if err != nil {
		return err
	}
	ns, err := fanOutPrompt(ctx, tx, id)
	if err != nil {
		return err
	}
	_, err = db.createNotifications(ctx, tx, ns)
	return err
}

// offerMentorTx records a newcomer's mentorship when memberID becomes an
// active member of a community, and offers a mentor. Staff, accounts
// that are not active and members who opted out get none; a member who
// leaves and joins again keeps their first mentorship.
func (db *DB) offerMentorTx(ctx context.Context, tx *sql.Tx, communityID, memberID int64) error {
	var role, lang, status string
	var optOut int
	if err := tx.QueryRowContext(ctx, `SELECT role, language, mentoring_opt_out, status FROM members WHERE id = $1`, memberID).
		Scan(&role, &lang, &optOut, &status); err != nil {
		return err
	}
	if optOut == 1 || status != "active" || role == string(hearth.RoleModerator) || role == string(hearth.RoleAdmin) {
		return nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO mentorships (community_id, newcomer_id, status, language, joined_at) VALUES ($1, $2, 'offered', $3, $4)
		ON CONFLICT (community_id, newcomer_id) DO NOTHING RETURNING id`, communityID, memberID, lang, ms(db.Now())).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	_, err = db.assignMentorTx(ctx, tx, id, "")
	return err
}

// assignMentorTx gives mentorship id the volunteer of its community with
// the fewest active mentees below their capacity who speaks the
// newcomer's language: never the newcomer, never someone suspended,
// banned, deleted or memorialized, or no longer a mentor or a member.
// Ties go to the earliest volunteer. With handle set, that volunteer is
// the only candidate and capacity is not checked (a moderator's choice).
// It reports the mentor's ID, 0 when none matched.
func (db *DB) assignMentorTx(ctx context.Context, tx *sql.Tx, id int64, handle string) (int64, error) {
	now := ms(db.Now())
	query := `SELECT x.member_id FROM (SELECT v.member_id, v.created_at, v.capacity, ` + mentorLoad + ` AS load
		FROM mentorships ms JOIN mentor_volunteers v ON v.community_id = ms.community_id JOIN members m ON m.id = v.member_id
		JOIN memberships vm ON vm.community_id = v.community_id AND vm.member_id = v.member_id AND vm.status = 'active'
		WHERE ms.id = $1 AND v.member_id <> ms.newcomer_id AND m.role = 'mentor' AND m.status = 'active'
		AND NOT ` + sanctioned("m.id", "$2")
	args := []any{id, now}
	if handle == "" {
		query += ` AND v.languages LIKE '%,' || ms.language || ',%') x WHERE x.load < x.capacity`
	} else {
		query += ` AND m.handle = $3) x`
		args = append(args, hearth.NormalizeHandle(handle))
	}
	var mentor int64
	err := tx.QueryRowContext(ctx, query+` ORDER BY x.load, x.created_at, x.member_id LIMIT 1`, args...).Scan(&mentor)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	var newcomer int64
	if err := tx.QueryRowContext(ctx, `UPDATE mentorships SET mentor_id = $1, assigned_at = $2 WHERE id = $3 RETURNING newcomer_id`,
		mentor, now, id).Scan(&newcomer); err != nil {
		return 0, err
	}
	if err := db.promptTx(ctx, tx, id, newcomer, hearth.PromptOffer); err != nil {
		return 0, err
	}
	return mentor, db.promptTx(ctx, tx, id, mentor, hearth.PromptWelcome)
}

// matchWaitingTx offers mentors to waiting newcomers (of one community,
// or all when communityID is 0), oldest first; it returns how many got
// one.
func (db *DB) matchWaitingTx(ctx context.Context, tx *sql.Tx, communityID int64) (int, error) {
	ids, err := recipients(ctx, tx, `SELECT ms.id FROM mentorships ms WHERE ms.mentor_id IS NULL AND (CAST($1 AS BIGINT) = 0 OR ms.community_id = $1)
		AND EXISTS (SELECT 1 FROM mentor_volunteers wv WHERE wv.community_id = ms.community_id AND wv.languages LIKE '%,' || ms.language || ',%')
		AND `+activeMentee("ms")+` ORDER BY ms.joined_at, ms.id LIMIT 500`, communityID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		m, err := db.assignMentorTx(ctx, tx, id, "")
		if err != nil {
			return n, err
		}
		if m != 0 {
			n++
		}
	}
	return n, nil
}

// MentorSweep sends the check-in reminders due at now (a week and a
// month after a newcomer joined, unless the mentor checked in since the
// week before the reminder was due, the newcomer declined or opted out,
// or left) and offers mentors to newcomers still waiting for one. Running
// it again sends nothing twice. It returns how many reminders it sent.
func (db *DB) MentorSweep(ctx context.Context, now time.Time) (int, error) {
	sent := 0
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.matchWaitingTx(ctx, tx, 0); err != nil {
			return err
		}
		for _, r := range []struct {
			kind       string
			after      time.Duration
			supersedes time.Duration // a later reminder already due replaces this one
		}{{hearth.PromptWeek, hearth.MentorWeekReminder, hearth.MentorMonthReminder}, {hearth.PromptMonth, hearth.MentorMonthReminder, 0}} {
			cut := ms(now.Add(-r.after))
			later := int64(0)
			if r.supersedes > 0 {
				later = ms(now.Add(-r.supersedes))
			}
			rows, err := tx.QueryContext(ctx, `SELECT ms.id, ms.mentor_id FROM mentorships ms JOIN members nm ON nm.id = ms.newcomer_id
				WHERE ms.mentor_id IS NOT NULL AND ms.joined_at <= CAST($1 AS BIGINT) AND ms.joined_at > CAST($2 AS BIGINT)
				AND nm.mentoring_opt_out = 0 AND `+activeMentee("ms")+`
				AND (ms.checked_in_at IS NULL OR ms.checked_in_at - ms.joined_at < CAST($3 AS BIGINT))
				AND NOT EXISTS (SELECT 1 FROM mentor_prompts mp WHERE mp.mentorship_id = ms.id AND mp.recipient_id = ms.mentor_id AND mp.kind = $4)
				ORDER BY ms.id`, cut, later, (r.after - 7*24*time.Hour).Milliseconds(), r.kind)
			if err != nil {
				return err
			}
			type due struct{ id, mentor int64 }
			var dues []due
			for rows.Next() {
				var d due
				if err := rows.Scan(&d.id, &d.mentor); err != nil {
					rows.Close()
					return err
				}
				dues = append(dues, d)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, d := range dues {
				if err := db.promptTx(ctx, tx, d.id, d.mentor, r.kind); err != nil {
					return err
				}
				sent++
			}
		}
		return nil
	})
	return sent, err
}

// mentorshipSelect reads mentorships with their community (c), newcomer
// (nm) and mentor; the last activity is the newcomer's latest post in the
// community that the viewer ($1, staff flag $2) may read, never an
// anonymous one.
var mentorshipSelect = `SELECT ms.id, c.slug, c.name, nm.handle, COALESCE(mm.handle, ''), ms.status, ms.language, ms.joined_at,
	ms.assigned_at, ms.welcomed_at, ms.checked_in_at,
	COALESCE((SELECT MAX(p.created_at) FROM posts p JOIN threads t ON t.id = p.thread_id
		WHERE p.author_id = ms.newcomer_id AND t.community_id = ms.community_id AND p.status = 'published' AND t.status = 'published'
		AND p.anonymous = 0 AND ` + canReadThread + `), 0)
	FROM mentorships ms JOIN communities c ON c.id = ms.community_id JOIN members nm ON nm.id = ms.newcomer_id
	LEFT JOIN members mm ON mm.id = ms.mentor_id`

func scanMentorship(row rowScanner) (*hearth.Mentorship, error) {
	var m hearth.Mentorship
	var joined, last int64
	var assigned, welcomed, checked sql.NullInt64
	if err := row.Scan(&m.ID, &m.Community, &m.CommunityName, &m.Newcomer, &m.Mentor, &m.Status, &m.Language, &joined,
		&assigned, &welcomed, &checked, &last); err != nil {
		return nil, err
	}
	m.JoinedAt = fromMS(joined)
	opt := func(v sql.NullInt64) time.Time {
		if v.Valid {
			return fromMS(v.Int64)
		}
		return time.Time{}
	}
	m.AssignedAt, m.WelcomedAt, m.CheckedInAt = opt(assigned), opt(welcomed), opt(checked)
	if last > 0 {
		m.LastActive = fromMS(last)
	}
	return &m, nil
}

var volunteerSelect = `SELECT m.handle, c.slug, c.name, v.languages, v.capacity, ` + mentorLoad + `, v.created_at
	FROM mentor_volunteers v JOIN members m ON m.id = v.member_id JOIN communities c ON c.id = v.community_id`

func scanVolunteer(row rowScanner) (*hearth.MentorVolunteer, error) {
	var v hearth.MentorVolunteer
	var langs string
	var created int64
	if err := row.Scan(&v.Mentor, &v.Community, &v.CommunityName, &langs, &v.Capacity, &v.Active, &created); err != nil {
		return nil, err
	}
	v.Languages, v.CreatedAt = strings.Split(strings.Trim(langs, ","), ","), fromMS(created)
	return &v, nil
}

func signInForMentoring() error {
	return hearth.Errorf(hearth.EUnauthorized, "Please sign in to see your mentoring.")
}

// MentorPage returns what the viewer's mentoring page shows.
func (db *DB) MentorPage(ctx context.Context, viewer *hearth.Member) (*hearth.MentorPage, error) {
	if viewer == nil {
		return nil, signInForMentoring()
	}
	p := &hearth.MentorPage{Offers: []*hearth.Mentorship{}, Volunteer: []*hearth.MentorVolunteer{}, Mentees: []*hearth.Mentorship{}}
	var out int
	if err := db.read.QueryRowContext(ctx, `SELECT language, mentoring_opt_out FROM members WHERE id = $1`, viewer.ID).Scan(&p.Language, &out); err != nil {
		return nil, err
	}
	p.OptedOut = out == 1
	vid, staff := viewerArgs(viewer)
	var err error
	rows, err := db.read.QueryContext(ctx, mentorshipSelect+` WHERE ms.newcomer_id = CAST($1 AS BIGINT) AND ms.mentor_id IS NOT NULL AND `+canReadCommunity+`
		ORDER BY ms.joined_at DESC, ms.id DESC`, vid, staff)
	if p.Offers, err = scanAll(rows, err, scanMentorship); err != nil {
		return nil, err
	}
	if !viewer.CanVolunteer() {
		return p, nil
	}
	rows, err = db.read.QueryContext(ctx, volunteerSelect+` WHERE v.member_id = $1 ORDER BY c.name`, viewer.ID)
	if p.Volunteer, err = scanAll(rows, err, scanVolunteer); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, mentorshipSelect+` WHERE ms.mentor_id = CAST($1 AS BIGINT) AND `+canReadCommunity+`
		ORDER BY ms.joined_at DESC, ms.id DESC LIMIT 200`, vid, staff)
	if p.Mentees, err = scanAll(rows, err, scanMentorship); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT `+communityColumnsNoCounts+` FROM communities c
		JOIN memberships am ON am.community_id = c.id AND am.member_id = $1 AND am.status = 'active' ORDER BY c.name`, viewer.ID)
	if p.Communities, err = scanAll(rows, err, scanCommunity); err != nil {
		return nil, err
	}
	return p, nil
}

// VolunteerMentor adds or updates the viewer's volunteering in a
// community they belong to, then offers them to newcomers waiting there.
func (db *DB) VolunteerMentor(ctx context.Context, viewer *hearth.Member, v hearth.Volunteer) (*hearth.MentorVolunteer, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to volunteer as a mentor.")
	}
	if !viewer.CanVolunteer() {
		return nil, hearth.Errorf(hearth.EForbidden, "Only members with the mentor role can volunteer as mentors. If you would like to mentor, please ask a moderator.")
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	var out *hearth.MentorVolunteer
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := findCommunity(ctx, tx, viewer, v.Community, true)
		if err != nil {
			return err
		}
		if c.Membership != hearth.MembershipActive {
			return hearth.FieldErrorf("community", "Please join %s first: mentors welcome newcomers to communities they belong to.", c.Name)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mentor_volunteers (community_id, member_id, languages, capacity, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (community_id, member_id) DO UPDATE SET languages = excluded.languages, capacity = excluded.capacity`,
			c.ID, viewer.ID, ","+strings.Join(v.Languages, ",")+",", v.Capacity, ms(db.Now())); err != nil {
			return err
		}
		if _, err := db.matchWaitingTx(ctx, tx, c.ID); err != nil {
			return err
		}
		out, err = scanVolunteer(tx.QueryRowContext(ctx, volunteerSelect+` WHERE v.member_id = $1 AND v.community_id = $2`, viewer.ID, c.ID))
		return err
	})
	return out, err
}

// StopMentoring ends the viewer's volunteering in a community; the
// mentees they have keep them.
func (db *DB) StopMentoring(ctx context.Context, viewer *hearth.Member, slug string) error {
	if viewer == nil {
		return signInForMentoring()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mentor_volunteers WHERE member_id = $1 AND community_id = (SELECT id FROM communities WHERE slug = $2)`, viewer.ID, slug)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.ENotFound, "You are not volunteering as a mentor in /c/%s.", slug)
		}
		return nil
	})
}

// MarkMentee records that the viewer welcomed a mentee or checked in
// with them. A welcome also counts in the moderators' welcome list.
func (db *DB) MarkMentee(ctx context.Context, viewer *hearth.Member, id int64, action string) error {
	if viewer == nil {
		return signInForMentoring()
	}
	if action != hearth.MenteeWelcomed && action != hearth.MenteeCheckedIn {
		return hearth.FieldErrorf("action", "Choose “welcomed” or “checked in”.")
	}
	now := ms(db.Now())
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var status, handle string
		var newcomer int64
		err := tx.QueryRowContext(ctx, `SELECT ms.status, nm.handle, nm.id FROM mentorships ms JOIN members nm ON nm.id = ms.newcomer_id
			WHERE ms.id = $1 AND ms.mentor_id = $2`, id, viewer.ID).Scan(&status, &handle, &newcomer)
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "That newcomer is not one of your mentees.")
		} else if err != nil {
			return err
		}
		if status != hearth.MentorshipOffered && status != hearth.MentorshipAccepted {
			return hearth.Errorf(hearth.EConflict, "@%s said no thanks to mentoring, so there is nothing to mark.", handle)
		}
		q := `UPDATE mentorships SET welcomed_at = COALESCE(welcomed_at, $1) WHERE id = $2`
		if action == hearth.MenteeCheckedIn {
			q = `UPDATE mentorships SET welcomed_at = COALESCE(welcomed_at, $1), checked_in_at = $1 WHERE id = $2`
		}
		if _, err := tx.ExecContext(ctx, q, now, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO member_welcomes (member_id, welcomed_by, welcomed_at) VALUES ($1, $2, $3)
			ON CONFLICT (member_id) DO NOTHING`, newcomer, viewer.ID, now)
		return err
	})
}

// AnswerMentorOffer accepts or declines a mentor, or opts out of
// mentoring everywhere.
func (db *DB) AnswerMentorOffer(ctx context.Context, viewer *hearth.Member, id int64, answer string) error {
	if viewer == nil {
		return signInForMentoring()
	}
	if answer == hearth.OfferOptOut {
		return db.SetMentoringOptOut(ctx, viewer, true)
	}
	status := map[string]string{hearth.OfferAccept: hearth.MentorshipAccepted, hearth.OfferDecline: hearth.MentorshipDeclined}[answer]
	if status == "" {
		return hearth.FieldErrorf("answer", "Choose accept, no thanks, or no mentoring for me.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT status FROM mentorships WHERE id = $1 AND newcomer_id = $2 AND mentor_id IS NOT NULL`, id, viewer.ID).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "There is no mentor offer for you with that number.")
		} else if err != nil {
			return err
		}
		if cur == hearth.MentorshipOptedOut || (cur == hearth.MentorshipDeclined && status == hearth.MentorshipAccepted) {
			return hearth.Errorf(hearth.EConflict, "You already said no thanks to this offer. A moderator can find you a mentor if you changed your mind.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE mentorships SET status = $1, answered_at = $2 WHERE id = $3`, status, ms(db.Now()), id)
		return err
	})
}

// SetMentoringOptOut turns mentoring off for the viewer (their open
// mentorships close, so that no reminder goes out) or back on for
// communities they join from now.
func (db *DB) SetMentoringOptOut(ctx context.Context, viewer *hearth.Member, out bool) error {
	if viewer == nil {
		return signInForMentoring()
	}
	flag := 0
	if out {
		flag = 1
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE members SET mentoring_opt_out = $1 WHERE id = $2`, flag, viewer.ID); err != nil {
			return err
		}
		if !out {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE mentorships SET status = 'opted_out', answered_at = $1 WHERE newcomer_id = $2 AND status IN ('offered','accepted')`,
			ms(db.Now()), viewer.ID)
		return err
	})
}

// SetMemberLanguage sets the viewer's preferred language; their mentorships
// still waiting for a mentor look for one who speaks it.
func (db *DB) SetMemberLanguage(ctx context.Context, viewer *hearth.Member, code string) error {
	if viewer == nil {
		return signInForMentoring()
	}
	code = strings.ToLower(strings.TrimSpace(code))
	if !hearth.ValidLanguage(code) {
		return hearth.FieldErrorf("language", "Please choose a language from the list.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE members SET language = $1 WHERE id = $2`, code, viewer.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mentorships SET language = $1 WHERE newcomer_id = $2 AND mentor_id IS NULL AND status = 'offered'`, code, viewer.ID); err != nil {
			return err
		}
		_, err := db.matchWaitingTx(ctx, tx, 0)
		return err
	})
}

// SetLanguageByID sets a member's language without a session (sign-up,
// from Accept-Language; the seeder).
func (db *DB) SetLanguageByID(ctx context.Context, memberID int64, code string) error {
	if !hearth.ValidLanguage(code) {
		code = hearth.DefaultLanguage
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET language = $1 WHERE id = $2`, code, memberID)
		return err
	})
}

// CommunityMentorOffer returns the viewer's offer in a community, when a
// mentor was offered and the viewer has not said no; nil otherwise.
func (db *DB) CommunityMentorOffer(ctx context.Context, viewer *hearth.Member, slug string) (*hearth.Mentorship, error) {
	if viewer == nil {
		return nil, nil
	}
	vid, staff := viewerArgs(viewer)
	m, err := scanMentorship(db.read.QueryRowContext(ctx, mentorshipSelect+` WHERE ms.newcomer_id = CAST($1 AS BIGINT) AND c.slug = $3
		AND ms.mentor_id IS NOT NULL AND ms.status IN ('offered','accepted') AND `+canReadCommunity, vid, staff, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return m, err
}

// moderatedCommunity finds a community the viewer may read and checks
// that they moderate it.
func mentoringCommunity(ctx context.Context, q querier, viewer *hearth.Member, slug string) (*hearth.Community, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to see mentoring coverage.")
	}
	c, err := findCommunity(ctx, q, viewer, slug, true)
	if err != nil {
		return nil, err
	}
	if !c.CanModerate(viewer) {
		return nil, hearth.Errorf(hearth.EForbidden, "Only the moderators of %s can see who is waiting for a mentor.", c.Name)
	}
	return c, nil
}

// MentoringCoverage lists a community's newcomers not yet welcomed,
// oldest first, and its mentors by load, for its moderators.
func (db *DB) MentoringCoverage(ctx context.Context, viewer *hearth.Member, slug string) (*hearth.MentoringCoverage, error) {
	c, err := mentoringCommunity(ctx, db.read, viewer, slug)
	if err != nil {
		return nil, err
	}
	cov := &hearth.MentoringCoverage{Community: c.Slug, CommunityName: c.Name, Now: db.Now().UTC()}
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, mentorshipSelect+` WHERE ms.community_id = $3 AND ms.welcomed_at IS NULL AND `+activeMentee("ms")+`
		AND `+canReadCommunity+` ORDER BY ms.joined_at, ms.id LIMIT 200`, vid, staff, c.ID)
	if cov.Waiting, err = scanAll(rows, err, scanMentorship); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, volunteerSelect+` WHERE v.community_id = $1 ORDER BY 6, m.handle`, c.ID)
	if cov.Mentors, err = scanAll(rows, err, scanVolunteer); err != nil {
		return nil, err
	}
	if cov.Waiting == nil {
		cov.Waiting = []*hearth.Mentorship{}
	}
	if cov.Mentors == nil {
		cov.Mentors = []*hearth.MentorVolunteer{}
	}
	return cov, nil
}

// ListMentoringCoverage covers every community the viewer moderates
// (every community, for staff), by name.
func (db *DB) ListMentoringCoverage(ctx context.Context, viewer *hearth.Member) ([]*hearth.MentoringCoverage, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to see mentoring coverage.")
	}
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT c.slug FROM communities c WHERE CAST($2 AS INTEGER) = 1
		OR EXISTS (SELECT 1 FROM memberships mm WHERE mm.community_id = c.id AND mm.member_id = CAST($1 AS BIGINT) AND mm.status = 'active' AND mm.is_moderator = 1)
		ORDER BY c.name`, vid, staff)
	slugs, err := scanAll(rows, err, func(r rowScanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		return nil, err
	}
	if len(slugs) == 0 {
		return nil, hearth.Errorf(hearth.EForbidden, "Only moderators can see mentoring coverage. You do not moderate a community.")
	}
	out := make([]*hearth.MentoringCoverage, 0, len(slugs))
	for _, s := range slugs {
		cov, err := db.MentoringCoverage(ctx, viewer, s)
		if err != nil {
			return nil, err
		}
		out = append(out, cov)
	}
	return out, nil
}

// ReassignMentor gives a newcomer in a community another mentor, chosen
// by one of its moderators from its volunteers; the new mentor is
// prompted to welcome them.
func (db *DB) ReassignMentor(ctx context.Context, viewer *hearth.Member, slug, newcomer, mentor string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := mentoringCommunity(ctx, tx, viewer, slug)
		if err != nil {
			return err
		}
		var id, newcomerID int64
		var status string
		err = tx.QueryRowContext(ctx, `SELECT ms.id, ms.status, nm.id FROM mentorships ms JOIN members nm ON nm.id = ms.newcomer_id
			WHERE ms.community_id = $1 AND nm.handle = $2`, c.ID, hearth.NormalizeHandle(newcomer)).Scan(&id, &status, &newcomerID)
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.FieldErrorf("newcomer", "@%s is not a newcomer in %s.", hearth.NormalizeHandle(newcomer), c.Name)
		} else if err != nil {
			return err
		}
		if status != hearth.MentorshipOffered && status != hearth.MentorshipAccepted {
			return hearth.Errorf(hearth.EConflict, "@%s said no thanks to mentoring, so they get no mentor.", hearth.NormalizeHandle(newcomer))
		}
		got, err := db.assignMentorTx(ctx, tx, id, mentor)
		if err != nil {
			return err
		}
		if got == 0 {
			return hearth.FieldErrorf("mentor", "@%s is not a mentor volunteering in %s (or cannot mentor right now).", hearth.NormalizeHandle(mentor), c.Name)
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActReassignMentor, TargetType: "member", TargetID: newcomerID,
			Member: hearth.NormalizeHandle(newcomer), Community: c.Slug, Detail: "new mentor: @" + hearth.NormalizeHandle(mentor)}, db.Now().UTC())
	})
}

// MentorshipID finds a newcomer's mentorship in a community (tests and
// the seeder).
func (db *DB) MentorshipID(ctx context.Context, slug, handle string) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, `SELECT ms.id FROM mentorships ms JOIN communities c ON c.id = ms.community_id
		JOIN members nm ON nm.id = ms.newcomer_id WHERE c.slug = $1 AND nm.handle = $2`, slug, hearth.NormalizeHandle(handle)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, hearth.Errorf(hearth.ENotFound, "@%s has no mentorship in /c/%s.", handle, slug)
	}
	return id, err
}

// SeedMentorship records a newcomer's mentorship in a community at the
// database clock, as joining would, and offers a mentor (the demo seeder,
// whose members are added without joining).
func (db *DB) SeedMentorship(ctx context.Context, slug, handle string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var cid, mid int64
		if err := tx.QueryRowContext(ctx, `SELECT c.id, m.id FROM communities c, members m WHERE c.slug = $1 AND m.handle = $2`,
			slug, hearth.NormalizeHandle(handle)).Scan(&cid, &mid); err != nil {
			return err
		}
		return db.offerMentorTx(ctx, tx, cid, mid)
	})
}
