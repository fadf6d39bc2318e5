package sqldb

// Care features, second part (issue 14): urgent reports of private
// messages alert the moderators on duty like crisis flags on posts do,
// without a word of the message.

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/hearth-community/hearth"
)

// SubjectMessageCrisis is the notification subject type of a private
// message reported as "someone may be in danger": its message_reports
// row.
const SubjectMessageCrisis = "message_crisis"

func init() { notifySubjects[SubjectMessageCrisis] = messageCrisisSubject }

// messageCrisisSubject: the site's moderators and admins see it. The
// title and excerpt are fixed text, so that neither the page of
// notifications nor an email carries the message or the reporter's note
// (which may quote it); the link goes to /mod/messages/{id}, which shows
// that one message and writes the look in the audit log.
var messageCrisisSubject = &notifySubject{
	visible: `(CAST($2 AS INTEGER) = 1 AND EXISTS (SELECT 1 FROM message_reports r WHERE r.id = n.subject_id))`,
	title:   `'A private message was reported as urgent'`,
	excerpt: `'A member reported a private message: someone may be in danger. The message is shown on the moderation page only, and reading it is recorded in the audit log.'`,
	where:   `''`,
	path:    `(SELECT '/mod/messages/' || CAST(r.message_id AS TEXT) FROM message_reports r WHERE r.id = n.subject_id)`,
	fanOut:  fanOutMessageCrisis,
}

// staffOnDuty is the SQL for the site's moderators and admins on duty,
// never member $1.
const staffOnDuty = `SELECT m.id FROM moderator_duty d JOIN members m ON m.id = d.member_id
	WHERE m.id <> $1 AND m.role IN ('moderator','admin') ORDER BY m.id`

// allStaff is the SQL for every moderator and admin of the site, never
// member $1.
const allStaff = `SELECT m.id FROM members m WHERE m.id <> $1 AND m.role IN ('moderator','admin') ORDER BY m.id`

// fanOutMessageCrisis: the site's moderators and admins on duty (only
// they may read reported messages); when none is, all of them. Never
// the message's author.
func fanOutMessageCrisis(ctx context.Context, tx *sql.Tx, reportID int64) ([]hearth.NewNotification, error) {
	var author, reporter int64
	err := tx.QueryRowContext(ctx, `SELECT m.author_id, r.reporter_id FROM message_reports r JOIN messages m ON m.id = r.message_id
		WHERE r.id = $1 AND r.reason = 'crisis'`, reportID).Scan(&author, &reporter)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return staffCrisisNotices(ctx, tx, author, reporter, hearth.Subject{Type: SubjectMessageCrisis, ID: reportID})
}

// staffCrisisNotices: a crisis notification about subject, from actor, to
// each of the site's moderators and admins on duty; when none is, to all
// of them. Never to author.
func staffCrisisNotices(ctx context.Context, tx *sql.Tx, author, actor int64, subject hearth.Subject) ([]hearth.NewNotification, error) {
	ids, err := recipients(ctx, tx, staffOnDuty, author)
	if err == nil && len(ids) == 0 {
		ids, err = recipients(ctx, tx, allStaff, author)
	}
	out := make([]hearth.NewNotification, 0, len(ids))
	for _, id := range ids {
		out = append(out, hearth.NewNotification{Recipient: id, Kind: hearth.NotifyCrisis, Actor: actor, Subject: subject})
	}
	return out, err
}

// --- Crisis flags on stories --------------------------------------------

// SubjectStoryCrisis is the notification subject type of a crisis flag
// on a story: its story_flags row.
const SubjectStoryCrisis = "story_crisis"

func init() { notifySubjects[SubjectStoryCrisis] = storyCrisisSubject }

// storyCrisisSubject: stories are in no community, so the site's
// moderators and admins see it; the excerpt is fixed text (the story
// may be warned, and the moderator reads it on its page).
var storyCrisisSubject = &notifySubject{
	visible: `(CAST($2 AS INTEGER) = 1 AND EXISTS (SELECT 1 FROM story_flags f WHERE f.id = n.subject_id))`,
	title:   `(SELECT s.title FROM story_flags f JOIN stories s ON s.id = f.story_id WHERE f.id = n.subject_id)`,
	excerpt: `(SELECT CASE WHEN f.automatic = 1 THEN 'The self-harm wording check flagged this story. Please read it and reach out to its author.'
		ELSE 'A member reported this story: someone may be in danger.' END FROM story_flags f WHERE f.id = n.subject_id)`,
	where: `'Stories'`,
	path: `(SELECT '/u/' || a.handle || '/stories/' || CAST(s.id AS TEXT) FROM story_flags f JOIN stories s ON s.id = f.story_id
		JOIN members a ON a.id = s.author_id WHERE f.id = n.subject_id)`,
	fanOut: fanOutStoryCrisis,
}

// fanOutStoryCrisis: the site's moderators and admins on duty; when none
// is, all of them. Never the story's author, who is the notification's
// actor (the wording check has no account).
func fanOutStoryCrisis(ctx context.Context, tx *sql.Tx, flagID int64) ([]hearth.NewNotification, error) {
	var author int64
	err := tx.QueryRowContext(ctx, `SELECT s.author_id FROM story_flags f JOIN stories s ON s.id = f.story_id WHERE f.id = $1`, flagID).Scan(&author)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return staffCrisisNotices(ctx, tx, author, author, hearth.Subject{Type: SubjectStoryCrisis, ID: flagID})
}

// FlagStorySelfHarm files the wording check's urgent flag on the
// viewer's own story, unless one is open already; the author gets the
// gentle notice and the moderators on duty a notification, at once.
func (db *DB) FlagStorySelfHarm(ctx context.Context, viewer *hearth.Member, storyID int64) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to change your story.")
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var author int64
		err := tx.QueryRowContext(ctx, `SELECT author_id FROM stories WHERE id = $1`, storyID).Scan(&author)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundStory()
		} else if err != nil {
			return err
		}
		if author != viewer.ID {
			return hearth.Errorf(hearth.EForbidden, "You can only change your own stories.")
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM story_flags WHERE story_id = $1 AND status = 'open'`, storyID).Scan(&open); err != nil || open > 0 {
			return err
		}
		var flagID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO story_flags (story_id, reporter_id, reason, automatic, status, created_at)
			VALUES ($1, NULL, 'crisis', 1, 'open', $2) RETURNING id`, storyID, ms(now)).Scan(&flagID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO crisis_notices (member_id, created_at) VALUES ($1, $2)
			ON CONFLICT (member_id) DO UPDATE SET created_at = excluded.created_at, dismissed_at = NULL`, author, ms(now)); err != nil {
			return err
		}
		return db.notifyTx(ctx, tx, hearth.Subject{Type: SubjectStoryCrisis, ID: flagID})
	})
}

// siteStaffOnly: story flags are for the site's moderators and admins.
func siteStaffOnly(viewer *hearth.Member) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	if !viewer.IsStaff() {
		return hearth.Errorf(hearth.EForbidden, "Only the site's moderators and admins see flagged stories.")
	}
	return nil
}

// StoryFlags lists open crisis flags on stories, oldest first.
func (db *DB) StoryFlags(ctx context.Context, viewer *hearth.Member) ([]*hearth.StoryFlag, error) {
	if err := siteStaffOnly(viewer); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT f.id, s.id, s.title, a.handle, COALESCE(r.handle, ''), f.automatic, f.created_at
		FROM story_flags f JOIN stories s ON s.id = f.story_id JOIN members a ON a.id = s.author_id
		LEFT JOIN members r ON r.id = f.reporter_id WHERE f.status = 'open' ORDER BY f.created_at, f.id LIMIT $1`, maxQueueItems)
	out, err := scanAll(rows, err, func(row rowScanner) (*hearth.StoryFlag, error) {
		var f hearth.StoryFlag
		var auto int
		var created int64
		if err := row.Scan(&f.ID, &f.StoryID, &f.Title, &f.Author, &f.Reporter, &auto, &created); err != nil {
			return nil, err
		}
		f.Automatic, f.CreatedAt = auto == 1, fromMS(created)
		return &f, nil
	})
	if out == nil {
		out = []*hearth.StoryFlag{}
	}
	return out, err
}

// CloseStoryFlags closes the open crisis flags on a story and writes the
// audit log.
func (db *DB) CloseStoryFlags(ctx context.Context, viewer *hearth.Member, storyID int64, note string) error {
	if err := siteStaffOnly(viewer); err != nil {
		return err
	}
	if err := hearth.CheckText(note); err != nil {
		return err
	}
	note = strings.Join(strings.Fields(note), " ")
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var author string
		err := tx.QueryRowContext(ctx, `SELECT a.handle FROM stories s JOIN members a ON a.id = s.author_id WHERE s.id = $1`, storyID).Scan(&author)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundStory()
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE story_flags SET status = 'closed', closed_at = $1, closed_by = $2 WHERE story_id = $3 AND status = 'open'`,
			ms(now), viewer.ID, storyID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		if n == 0 {
			return hearth.Errorf(hearth.EConflict, "This story has no open flags: another moderator may have closed them.")
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActCloseStoryFlag, TargetType: "story", TargetID: storyID,
			Member: author, Reason: note, Detail: plural(int(n), "crisis flag closed", "crisis flags closed")}, now)
	})
}
