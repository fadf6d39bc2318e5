package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/hearth-community/hearth"
)

// systemViewer reads events and messages for storage's own work
// (archiving, reminders): it may read every community.
var systemViewer = &hearth.Member{Role: hearth.RoleAdmin}

// ArchiveDue archives the transcript of every session that has ended and
// is not archived yet, as a thread in the event's community. Claiming a
// session (archived_at set where it was NULL) and writing its thread are
// one transaction, so a session is archived once however many nodes,
// requests and commands try at the same time.
func (db *DB) ArchiveDue(ctx context.Context) (int, error) {
	now := db.Now()
	rows, err := db.read.QueryContext(ctx, `SELECT event_id, occurs_on FROM event_sessions WHERE archived_at IS NULL AND ends_at <= $1
		ORDER BY ends_at LIMIT 50`, ms(now))
	if err != nil {
		return 0, err
	}
	type key struct {
		id   int64
		date string
	}
	var due []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.date); err != nil {
			rows.Close()
			return 0, err
		}
		due = append(due, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, k := range due {
		ok, err := db.archiveSession(ctx, k.id, k.date, now)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// archiveSession archives one session; false when another did first.
func (db *DB) archiveSession(ctx context.Context, eventID int64, date string, now time.Time) (bool, error) {
	claimed := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		claimed = false // group commit may run this again (batch.go)
		var start, end int64
		err := tx.QueryRowContext(ctx, `UPDATE event_sessions SET archived_at = $1
			WHERE event_id = $2 AND occurs_on = $3 AND archived_at IS NULL AND ends_at <= $1 RETURNING starts_at, ends_at`,
			ms(now), eventID, date).Scan(&start, &end)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		claimed = true
		e, err := findEvent(ctx, tx, systemViewer, eventID)
		if err != nil {
			return err
		}
		msgs, err := listLiveMessages(ctx, tx, systemViewer, eventID, date, 0, 1<<20)
		if err != nil || len(msgs) == 0 {
			return err // nothing was said: nothing to keep
		}
		o := hearth.Occurrence{Date: date, Start: fromMS(start), End: fromMS(end)}
		tr := hearth.BuildTranscript(e, o, msgs)
		var author int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT member_id FROM event_hosts WHERE event_id = $1 ORDER BY position LIMIT 1), created_by)
			FROM events WHERE id = $1`, eventID).Scan(&author); err != nil {
			return err
		}
		var threadID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO threads (community_id, author_id, title, excerpt, reply_count, created_at, last_activity_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			e.CommunityID, author, tr.Title, Excerpter(tr.Opening, excerptRunes), len(tr.Replies), ms(now)).Scan(&threadID); err != nil {
			return err
		}
		// The transcript notifies nobody: it quotes the people who were
		// there, and it is news only to those who follow the event's page.
		for i, body := range append([]string{tr.Opening}, tr.Replies...) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO posts (thread_id, position, author_id, body, body_html, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				threadID, i, author, body, string(db.Render(body)), ms(now)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE event_sessions SET thread_id = $1 WHERE event_id = $2 AND occurs_on = $3`, threadID, eventID, date)
		return err
	})
	return claimed, err
}

func init() { notifySubjects[hearth.SubjectEventReminder] = eventReminderSubject }

// eventReminderSubject: a reminder names an RSVP (the member, the event
// and the session); it is seen while its event's community is readable,
// and leads to the live room.
var eventReminderSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM event_rsvps r JOIN events e ON e.id = r.event_id JOIN communities c ON c.id = e.community_id
		WHERE r.id = n.subject_id AND ` + canReadCommunity + `)`,
	title:   `(SELECT e.title FROM event_rsvps r JOIN events e ON e.id = r.event_id WHERE r.id = n.subject_id)`,
	excerpt: `(SELECT SUBSTR(e.description, 1, 600) FROM event_rsvps r JOIN events e ON e.id = r.event_id WHERE r.id = n.subject_id)`,
	where: `(SELECT c.name FROM event_rsvps r JOIN events e ON e.id = r.event_id JOIN communities c ON c.id = e.community_id
		WHERE r.id = n.subject_id)`,
	path:   `(SELECT '/events/' || CAST(r.event_id AS TEXT) || '/live' FROM event_rsvps r WHERE r.id = n.subject_id)`,
	fanOut: fanOutEventReminder,
}

// fanOutEventReminder tells the member who answered "I'll be there"; the
// first host (or the event's creator) is the actor.
func fanOutEventReminder(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error) {
	var member, actor int64
	err := tx.QueryRowContext(ctx, `SELECT r.member_id, COALESCE((SELECT h.member_id FROM event_hosts h WHERE h.event_id = e.id AND h.member_id <> r.member_id
		ORDER BY h.position LIMIT 1), e.created_by) FROM event_rsvps r JOIN events e ON e.id = r.event_id WHERE r.id = $1`, id).Scan(&member, &actor)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // the answer was withdrawn before the fan-out ran
	} else if err != nil {
		return nil, err
	}
	return []hearth.NewNotification{{Recipient: member, Kind: hearth.NotifyEvent, Actor: actor,
		Subject: hearth.Subject{Type: hearth.SubjectEventReminder, ID: id}}}, nil
}

// SendReminders claims the RSVPs of sessions that start within
// hearth.ReminderLead and notifies their members through the
// notification system (notifyTx: a durable job with a queue, else at
// once), in the claiming transaction. A claimed RSVP is never claimed
// again, so each member hears once per session across nodes.
func (db *DB) SendReminders(ctx context.Context) (int, error) {
	now := db.Now()
	n := 0
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		n = 0 // group commit may run this again (batch.go)
		rows, err := tx.QueryContext(ctx, `UPDATE event_rsvps SET reminded_at = $1
			WHERE reminded_at IS NULL AND starts_at > $1 AND starts_at <= $2 RETURNING id, event_id, occurs_on`,
			ms(now), ms(now.Add(hearth.ReminderLead)))
		if err != nil {
			return err
		}
		type claim struct {
			id, event int64
			date      string
		}
		var claims []claim
		for rows.Next() {
			var c claim
			if err := rows.Scan(&c.id, &c.event, &c.date); err != nil {
				rows.Close()
				return err
			}
			claims = append(claims, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		events := map[int64]*hearth.Event{}
		for _, c := range claims {
			e, ok := events[c.event]
			if !ok {
				if e, err = findEvent(ctx, tx, systemViewer, c.event); err != nil {
					return err
				}
				events[c.event] = e
			}
			if o, ok := e.OccurrenceOn(c.date); !ok || o.Skipped {
				continue // called off: claimed, and nobody is told
			}
			if err := db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectEventReminder, ID: c.id}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
