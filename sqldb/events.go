package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"time"

	"github.com/hearth-community/hearth"
)

// Events: the schedule is a wall-clock rule (hearth.Event computes the
// sessions); storage keeps the rule, its hosts and exceptions, and two
// instants for lists: starts_at (the first session) and ends_at (the end
// of the last, NULL while it repeats without end). Visibility is the
// community's, decided in SQL like every read.

var _ hearth.EventService = (*DB)(nil)

// CurrentTime is the storage clock, which decides what is live.
func (db *DB) CurrentTime() time.Time { return db.Now() }

// eventColumns reads an event e in community c for the viewer in $1.
const eventColumns = `e.id, e.community_id, c.slug, c.name, c.visibility, e.title, e.description, e.description_html,
	e.time_zone, e.start_date, e.start_time, e.duration_minutes, e.recurrence, e.month_week, e.until_date, e.created_at,
	CASE WHEN EXISTS (SELECT 1 FROM event_hosts vh WHERE vh.event_id = e.id AND vh.member_id = CAST($1 AS BIGINT)) THEN 1 ELSE 0 END,
	COALESCE((SELECT vm.is_moderator FROM memberships vm WHERE vm.community_id = c.id AND vm.member_id = CAST($1 AS BIGINT) AND vm.status = 'active'), 0)`

func scanEvent(row interface{ Scan(...any) error }) (*hearth.Event, error) {
	var e hearth.Event
	var vis, html, repeat string
	var minutes, host, mod int
	var created int64
	if err := row.Scan(&e.ID, &e.CommunityID, &e.CommunitySlug, &e.CommunityName, &vis, &e.Title, &e.Description, &html,
		&e.TimeZone, &e.StartDate, &e.StartTime, &minutes, &repeat, &e.MonthWeek, &e.Until, &created, &host, &mod); err != nil {
		return nil, err
	}
	e.Visibility, e.DescriptionHTML, e.Repeat = hearth.Visibility(vis), template.HTML(html), hearth.Repeat(repeat)
	e.Duration, e.CreatedAt, e.IsHost, e.IsModerator = time.Duration(minutes)*time.Minute, fromMS(created), host == 1, mod == 1
	return &e, nil
}

func notFoundEvent() error {
	return hearth.Errorf(hearth.ENotFound, "This event does not exist, or you need to sign in or join its community to see it.")
}

// findEvent returns an event the viewer may read, with its hosts and
// exceptions.
func findEvent(ctx context.Context, q querier, viewer *hearth.Member, id int64) (*hearth.Event, error) {
	vid, staff := viewerArgs(viewer)
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e JOIN communities c ON c.id = e.community_id
		WHERE e.id = $3 AND `+canReadCommunity, vid, staff, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundEvent()
	} else if err != nil {
		return nil, err
	}
	return e, loadEventDetails(ctx, q, e)
}

// loadEventDetails reads an event's hosts and exceptions.
func loadEventDetails(ctx context.Context, q querier, e *hearth.Event) error {
	rows, err := q.QueryContext(ctx, `SELECT m.handle FROM event_hosts h JOIN members m ON m.id = h.member_id WHERE h.event_id = $1 ORDER BY h.position, m.handle`, e.ID)
	if err != nil {
		return err
	}
	e.Hosts = []string{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return err
		}
		e.Hosts = append(e.Hosts, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT occurs_on, skipped, moved_to FROM event_exceptions WHERE event_id = $1 ORDER BY occurs_on`, e.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	e.Exceptions = []hearth.Exception{}
	for rows.Next() {
		var x hearth.Exception
		var skip int
		var moved sql.NullInt64
		if err := rows.Scan(&x.Date, &skip, &moved); err != nil {
			return err
		}
		x.Skip = skip == 1
		if moved.Valid {
			x.MovedTo = fromMS(moved.Int64)
		}
		e.Exceptions = append(e.Exceptions, x)
	}
	return rows.Err()
}

// FindEvent returns an event the viewer may read.
func (db *DB) FindEvent(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Event, error) {
	return findEvent(ctx, db.read, viewer, id)
}

// ListEvents lists the events that have not ended, in one community (by
// slug) or in every community the viewer may read, by first session.
func (db *DB) ListEvents(ctx context.Context, viewer *hearth.Member, slug string) ([]*hearth.Event, error) {
	vid, staff := viewerArgs(viewer)
	q, args := `SELECT `+eventColumns+` FROM events e JOIN communities c ON c.id = e.community_id
		WHERE (e.ends_at IS NULL OR e.ends_at > $3) AND `+canReadCommunity, []any{vid, staff, ms(db.Now())}
	if slug != "" {
		if _, err := db.FindCommunity(ctx, viewer, slug); err != nil {
			return nil, err
		}
		q += ` AND c.slug = $4`
		args = append(args, slug)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY e.starts_at, e.id LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	var es []*hearth.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range es {
		if err := loadEventDetails(ctx, db.read, e); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// canManage reports whether the viewer may change an event: its hosts,
// the moderators of its community and site staff.
func canManage(viewer *hearth.Member, e *hearth.Event) bool {
	return viewer != nil && (viewer.IsStaff() || e.IsModerator || e.IsHost)
}

// hostIDs resolves host handles to member IDs.
func hostIDs(ctx context.Context, q querier, handles []string) ([]int64, error) {
	ids := make([]int64, 0, len(handles))
	for _, h := range handles {
		var id int64
		err := q.QueryRowContext(ctx, `SELECT id FROM members WHERE handle = $1`, h).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, hearth.FieldErrorf("hosts", "There is no member called @%s. Please check the hosts' handles.", h)
		} else if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// nullMS is an instant for a nullable column: NULL for the zero time.
func nullMS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ms(t)
}

// CreateEvent schedules an event in a community. The community's
// moderators and site staff may.
func (db *DB) CreateEvent(ctx context.Context, viewer *hearth.Member, slug string, n hearth.NewEvent) (*hearth.Event, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to schedule an event.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now()
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := findCommunity(ctx, tx, viewer, slug, true)
		if err != nil {
			return err
		}
		if !c.CanModerate(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only the moderators of %s can schedule events there.", c.Name)
		}
		hosts, err := hostIDs(ctx, tx, n.HostList)
		if err != nil {
			return err
		}
		e := &hearth.Event{}
		n.Apply(e)
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (community_id, created_by, title, description, description_html, time_zone,
			start_date, start_time, duration_minutes, recurrence, month_week, until_date, starts_at, ends_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			c.ID, viewer.ID, e.Title, e.Description, string(db.Render(e.Description)), e.TimeZone, e.StartDate, e.StartTime,
			int(e.Duration/time.Minute), string(e.Repeat), e.MonthWeek, e.Until, ms(e.First()), nullMS(e.LastEnd()), ms(now)).Scan(&id); err != nil {
			return err
		}
		return setHosts(ctx, tx, id, hosts)
	})
	if err != nil {
		return nil, err
	}
	return db.FindEvent(ctx, viewer, id)
}

func setHosts(ctx context.Context, tx *sql.Tx, eventID int64, hosts []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_hosts WHERE event_id = $1`, eventID); err != nil {
		return err
	}
	for i, h := range hosts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_hosts (event_id, member_id, position) VALUES ($1, $2, $3)`, eventID, h, i); err != nil {
			return err
		}
	}
	return nil
}

// UpdateEvent changes an event's details and schedule. Its hosts, its
// community's moderators and site staff may.
func (db *DB) UpdateEvent(ctx context.Context, viewer *hearth.Member, id int64, n hearth.NewEvent) (*hearth.Event, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in first.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := findEvent(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		if !canManage(viewer, e) {
			return hearth.Errorf(hearth.EForbidden, "Only the hosts and the community's moderators can change this event.")
		}
		hosts, err := hostIDs(ctx, tx, n.HostList)
		if err != nil {
			return err
		}
		n.Apply(e)
		if _, err := tx.ExecContext(ctx, `UPDATE events SET title = $1, description = $2, description_html = $3, time_zone = $4, start_date = $5,
			start_time = $6, duration_minutes = $7, recurrence = $8, month_week = $9, until_date = $10, starts_at = $11, ends_at = $12, updated_at = $13
			WHERE id = $14`, e.Title, e.Description, string(db.Render(e.Description)), e.TimeZone, e.StartDate, e.StartTime,
			int(e.Duration/time.Minute), string(e.Repeat), e.MonthWeek, e.Until, ms(e.First()), nullMS(e.LastEnd()), ms(db.Now()), e.ID); err != nil {
			return err
		}
		if err := setHosts(ctx, tx, e.ID, hosts); err != nil {
			return err
		}
		return refreshSessions(ctx, tx, e, "")
	})
	if err != nil {
		return nil, err
	}
	return db.FindEvent(ctx, viewer, id)
}

// refreshSessions brings the times that storage copies from the schedule
// (a live session's start and end, an RSVP's start) in line with it after
// a change, for one date or (date "") all, so that archiving and
// reminders follow a moved or lengthened session.
func refreshSessions(ctx context.Context, tx *sql.Tx, e *hearth.Event, date string) error {
	cond, args := ``, []any{e.ID}
	if date != "" {
		cond, args = ` AND occurs_on = $2`, append(args, date)
	}
	sessions, err := queryStrings(ctx, tx, `SELECT occurs_on FROM event_sessions WHERE event_id = $1 AND archived_at IS NULL`+cond, args...)
	if err != nil {
		return err
	}
	rsvps, err := queryStrings(ctx, tx, `SELECT DISTINCT occurs_on FROM event_rsvps WHERE event_id = $1 AND reminded_at IS NULL`+cond, args...)
	if err != nil {
		return err
	}
	for _, d := range sessions {
		if o, ok := e.OccurrenceOn(d); ok {
			if _, err := tx.ExecContext(ctx, `UPDATE event_sessions SET starts_at = $1, ends_at = $2 WHERE event_id = $3 AND occurs_on = $4`,
				ms(o.Start), ms(o.End), e.ID, d); err != nil {
				return err
			}
		}
	}
	for _, d := range rsvps {
		if o, ok := e.OccurrenceOn(d); ok {
			if _, err := tx.ExecContext(ctx, `UPDATE event_rsvps SET starts_at = $1 WHERE event_id = $2 AND occurs_on = $3 AND reminded_at IS NULL`,
				ms(o.Start), e.ID, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// queryStrings runs a query that selects one text column.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetException skips or moves one session.
func (db *DB) SetException(ctx context.Context, viewer *hearth.Member, id int64, x hearth.Exception) error {
	return db.changeException(ctx, viewer, id, x.Date, &x)
}

// ClearException puts a skipped or moved session back on its schedule.
func (db *DB) ClearException(ctx context.Context, viewer *hearth.Member, id int64, date string) error {
	return db.changeException(ctx, viewer, id, date, nil)
}

func (db *DB) changeException(ctx context.Context, viewer *hearth.Member, id int64, date string, x *hearth.Exception) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in first.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := findEvent(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		if !canManage(viewer, e) {
			return hearth.Errorf(hearth.EForbidden, "Only the hosts and the community's moderators can change this event's sessions.")
		}
		if x == nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_exceptions WHERE event_id = $1 AND occurs_on = $2`, e.ID, date); err != nil {
				return err
			}
			kept := e.Exceptions[:0]
			for _, old := range e.Exceptions {
				if old.Date != date {
					kept = append(kept, old)
				}
			}
			e.Exceptions = kept
		} else {
			if err := e.CheckException(*x); err != nil {
				return err
			}
			skip := 0
			if x.Skip {
				skip, x.MovedTo = 1, time.Time{}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_exceptions (event_id, occurs_on, skipped, moved_to, created_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (event_id, occurs_on) DO UPDATE SET skipped = EXCLUDED.skipped, moved_to = EXCLUDED.moved_to`,
				e.ID, x.Date, skip, nullMS(x.MovedTo), ms(db.Now())); err != nil {
				return err
			}
			e.Exceptions = append(e.Exceptions, *x)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET ends_at = $1, updated_at = $2 WHERE id = $3`, nullMS(e.LastEnd()), ms(db.Now()), e.ID); err != nil {
			return err
		}
		return refreshSessions(ctx, tx, e, date)
	})
}

// SetRSVP records that the viewer will (or will no longer) be at a
// session that has not ended.
func (db *DB) SetRSVP(ctx context.Context, viewer *hearth.Member, id int64, date string, going bool) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to say you will be there.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := findEvent(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		if !going {
			_, err := tx.ExecContext(ctx, `DELETE FROM event_rsvps WHERE event_id = $1 AND occurs_on = $2 AND member_id = $3`, e.ID, date, viewer.ID)
			return err
		}
		o, ok := e.OccurrenceOn(date)
		switch {
		case !ok:
			return hearth.FieldErrorf("date", "There is no session of this event on %s.", date)
		case o.Skipped:
			return hearth.Errorf(hearth.EConflict, "The session on %s is not happening.", date)
		case !o.End.After(db.Now()):
			return hearth.Errorf(hearth.EConflict, "That session has already ended.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO event_rsvps (event_id, occurs_on, member_id, starts_at, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (event_id, occurs_on, member_id) DO NOTHING`, e.ID, date, viewer.ID, ms(o.Start), ms(db.Now()))
		return err
	})
}

// FindRSVP says how many said they will be at a session, and whether
// the viewer did.
func (db *DB) FindRSVP(ctx context.Context, viewer *hearth.Member, id int64, date string) (*hearth.RSVP, error) {
	vid, staff := viewerArgs(viewer)
	r := &hearth.RSVP{Date: date}
	var going int
	err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.occurs_on = $4),
		(SELECT COUNT(*) FROM event_rsvps r WHERE r.event_id = e.id AND r.occurs_on = $4 AND r.member_id = CAST($1 AS BIGINT))
		FROM events e JOIN communities c ON c.id = e.community_id WHERE e.id = $3 AND `+canReadCommunity, vid, staff, id, date).Scan(&r.Count, &going)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundEvent()
	}
	r.Going = going > 0
	return r, err
}

// MemberTimeZone returns the viewer's chosen time zone, or "".
func (db *DB) MemberTimeZone(ctx context.Context, viewer *hearth.Member) (string, error) {
	if viewer == nil {
		return "", nil
	}
	var tz string
	err := db.read.QueryRowContext(ctx, `SELECT time_zone FROM members WHERE id = $1`, viewer.ID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return tz, err
}

// SetMemberTimeZone sets (or, with "", clears) the viewer's time zone.
func (db *DB) SetMemberTimeZone(ctx context.Context, viewer *hearth.Member, zone string) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to save your time zone.")
	}
	if zone != "" {
		l, err := hearth.LoadZone(zone)
		if err != nil {
			return err
		}
		zone = l.String()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET time_zone = $1 WHERE id = $2`, zone, viewer.ID)
		return err
	})
}
