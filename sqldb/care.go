package sqldb

// Care features (issue 14): content warnings on posts, members' mutes,
// crisis flags (their notifications to the moderators on duty and the
// author's gentle notice), moderators on duty and crisis resources.

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

var _ hearth.CareService = (*DB)(nil)

// SubjectCrisis is the notification subject type of a crisis flag: its
// post_flags row.
const SubjectCrisis = "crisis"

func init() { notifySubjects[SubjectCrisis] = crisisSubject }

// crisisSubject: moderators who may act on the post see it (staff, and
// moderators of its community).
var crisisSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM post_flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id
		WHERE f.id = n.subject_id AND (CAST($2 AS INTEGER) = 1 OR ` + moderatesCommunity("t.community_id", "$1") + `))`,
	title: `(SELECT t.title FROM post_flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id WHERE f.id = n.subject_id)`,
	excerpt: `(SELECT CASE WHEN f.automatic = 1 THEN 'The self-harm wording check flagged this post. Please read it and reach out to its author.'
		WHEN f.note <> '' THEN 'A member flagged this post: someone may be in danger. Their note: ' || f.note
		ELSE 'A member flagged this post: someone may be in danger.' END FROM post_flags f WHERE f.id = n.subject_id)`,
	where: `(SELECT c.name FROM post_flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id
		JOIN communities c ON c.id = t.community_id WHERE f.id = n.subject_id)`,
	path:   `('/mod/posts/' || CAST((SELECT f.post_id FROM post_flags f WHERE f.id = n.subject_id) AS TEXT))`,
	fanOut: fanOutCrisis,
}

// mayModerate is the SQL condition that member m may act on posts in
// the community whose ID is $1.
const mayModerate = `(m.role IN ('moderator','admin') OR EXISTS (SELECT 1 FROM memberships mm
	WHERE mm.community_id = $1 AND mm.member_id = m.id AND mm.is_moderator = 1 AND mm.status = 'active'))`

// fanOutCrisis: the moderators on duty who may act on the post; when
// none is on duty, every one who may. Never the post's author.
func fanOutCrisis(ctx context.Context, tx *sql.Tx, flagID int64) ([]hearth.NewNotification, error) {
	var communityID, author, reporter int64
	err := tx.QueryRowContext(ctx, `SELECT t.community_id, p.author_id, f.reporter_id FROM post_flags f JOIN posts p ON p.id = f.post_id
		JOIN threads t ON t.id = p.thread_id WHERE f.id = $1`, flagID).Scan(&communityID, &author, &reporter)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	ids, err := recipients(ctx, tx, `SELECT m.id FROM moderator_duty d JOIN members m ON m.id = d.member_id
		WHERE m.id <> $2 AND `+mayModerate+` ORDER BY m.id`, communityID, author)
	if err == nil && len(ids) == 0 {
		ids, err = recipients(ctx, tx, `SELECT m.id FROM members m WHERE m.id <> $2 AND `+mayModerate+` ORDER BY m.id`, communityID, author)
	}
	out := make([]hearth.NewNotification, 0, len(ids))
	for _, id := range ids {
		out = append(out, hearth.NewNotification{Recipient: id, Kind: hearth.NotifyCrisis, Actor: reporter, Subject: hearth.Subject{Type: SubjectCrisis, ID: flagID}})
	}
	return out, err
}

// crisisFlagged runs in the transaction that files a crisis flag: the
// author gets the gentle notice, the moderators on duty a notification.
func (db *DB) crisisFlagged(ctx context.Context, tx *sql.Tx, flagID, authorID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO crisis_notices (member_id, created_at) VALUES ($1, $2)
		ON CONFLICT (member_id) DO UPDATE SET created_at = excluded.created_at, dismissed_at = NULL`, authorID, ms(now)); err != nil {
		return err
	}
	return db.notifyTx(ctx, tx, hearth.Subject{Type: SubjectCrisis, ID: flagID})
}

// warningLabel is the SQL for the text of the content warning of the
// post or story aliased a: the kind's label, or the note of "other".
func warningLabel(a string) string {
	var b strings.Builder
	b.WriteString(`CASE ` + a + `.content_warning WHEN 'other' THEN ` + a + `.content_warning_note`)
	for _, k := range hearth.WarningKinds {
		if k != hearth.WarnOther {
			b.WriteString(` WHEN '` + string(k) + `' THEN '` + k.Label() + `'`)
		}
	}
	b.WriteString(` ELSE ` + a + `.content_warning END`)
	return b.String()
}

// warnedExcerpt is the SQL for the start of the body of the post or
// story aliased a, or "(content warning: …)" in its place: notification
// emails and lists do not show warned text.
func warnedExcerpt(a string) string {
	return `(CASE WHEN ` + a + `.content_warning = '' THEN SUBSTR(` + a + `.body, 1, 600)
		ELSE '(content warning: ' || ` + warningLabel(a) + ` || ')' END)`
}

// applyWarning gives a post just inserted the content warning carried by
// ctx (hearth.WithWarning), if any, and its thread's excerpt when it is
// the opening post.
func applyWarning(ctx context.Context, tx *sql.Tx, threadID, postID int64, position int) (hearth.ContentWarning, error) {
	w := hearth.WarningFrom(ctx)
	if w.IsZero() {
		return w, nil
	}
	if err := w.Validate(); err != nil {
		return w, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET content_warning = $1, content_warning_note = $2 WHERE id = $3`,
		string(w.Kind), w.Note, postID); err != nil {
		return w, err
	}
	if position != 0 {
		return w, nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE threads SET excerpt = $1 WHERE id = $2`, "Content warning: "+w.Text(), threadID)
	return w, err
}

// SetPostCare gives the viewer's own post a content warning (a zero one
// changes nothing, unless c.Replace: an edit that removes it) and, when
// the self-harm wording check found something, files an automatic
// crisis flag.
func (db *DB) SetPostCare(ctx context.Context, viewer *hearth.Member, postID, threadID int64, c hearth.PostCare) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to change your post.")
	}
	if err := c.Warning.Validate(); err != nil {
		return err
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var author int64
		var position int
		var body string
		var err error
		if postID == 0 {
			err = tx.QueryRowContext(ctx, `SELECT id, author_id, position, body FROM posts WHERE thread_id = $1 AND position = 0`, threadID).Scan(&postID, &author, &position, &body)
		} else {
			err = tx.QueryRowContext(ctx, `SELECT author_id, thread_id, position, body FROM posts WHERE id = $1`, postID).Scan(&author, &threadID, &position, &body)
		}
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "This post does not exist.")
		} else if err != nil {
			return err
		}
		if author != viewer.ID {
			return hearth.Errorf(hearth.EForbidden, "Only the author can set a post's content warning.")
		}
		if !c.Warning.IsZero() || c.Replace {
			// An edit may change or remove the warning (Replace); the
			// body's revisions stay as editPost keeps them.
			if _, err := tx.ExecContext(ctx, `UPDATE posts SET content_warning = $1, content_warning_note = $2 WHERE id = $3`,
				string(c.Warning.Kind), c.Warning.Note, postID); err != nil {
				return err
			}
			if position == 0 {
				// Thread lists and the community feed show the warning,
				// not the text; without one, the text again.
				excerpt := Excerpter(body, excerptRunes)
				if !c.Warning.IsZero() {
					excerpt = "Content warning: " + c.Warning.Text()
				}
				if _, err := tx.ExecContext(ctx, `UPDATE threads SET excerpt = $1 WHERE id = $2`, excerpt, threadID); err != nil {
					return err
				}
			}
		}
		if !c.SelfHarm {
			return nil
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM post_flags WHERE post_id = $1 AND reporter_id = $2 AND status = 'open'`,
			postID, author).Scan(&open); err != nil || open > 0 {
			return err
		}
		var flagID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO post_flags (post_id, reporter_id, reason, note, created_at, automatic)
			VALUES ($1, $2, 'crisis', '', $3, 1) RETURNING id`, postID, author, ms(now)).Scan(&flagID); err != nil {
			return err
		}
		return db.crisisFlagged(ctx, tx, flagID, author, now)
	})
}

// --- Mutes ---------------------------------------------------------------

// Mutes returns the viewer's muted warning kinds.
func (db *DB) Mutes(ctx context.Context, viewer *hearth.Member) (*hearth.Mutes, error) {
	m := &hearth.Mutes{Kinds: []hearth.WarningKind{}, Mode: hearth.MuteCollapse}
	if viewer == nil {
		return m, nil
	}
	var kinds, mode string
	err := db.read.QueryRowContext(ctx, `SELECT kinds, mode FROM member_mutes WHERE member_id = $1`, viewer.ID).Scan(&kinds, &mode)
	if errors.Is(err, sql.ErrNoRows) {
		return m, nil
	} else if err != nil {
		return nil, err
	}
	for _, k := range strings.Split(kinds, ",") {
		if k := hearth.WarningKind(k); k.Valid() {
			m.Kinds = append(m.Kinds, k)
		}
	}
	m.Mode = hearth.MuteMode(mode)
	return m, nil
}

// SetMutes replaces the viewer's mutes.
func (db *DB) SetMutes(ctx context.Context, viewer *hearth.Member, m hearth.Mutes) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to mute content warnings.")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	kinds := make([]string, len(m.Kinds))
	for i, k := range m.Kinds {
		kinds[i] = string(k)
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO member_mutes (member_id, kinds, mode) VALUES ($1, $2, $3)
		ON CONFLICT (member_id) DO UPDATE SET kinds = excluded.kinds, mode = excluded.mode`, viewer.ID, strings.Join(kinds, ","), string(m.Mode))
	return err
}

// --- Crisis resources ------------------------------------------------------

const crisisColumns = `id, country, language, name, phone, sms, url, hours, position, updated_at`

func scanCrisisResource(row interface{ Scan(...any) error }) (*hearth.CrisisResource, error) {
	var c hearth.CrisisResource
	var updated int64
	if err := row.Scan(&c.ID, &c.Country, &c.Language, &c.Name, &c.Phone, &c.SMS, &c.URL, &c.Hours, &c.Position, &updated); err != nil {
		return nil, err
	}
	c.UpdatedAt = fromMS(updated)
	return &c, nil
}

// ListCrisisResources lists every resource by country, language and
// position. Resources are public.
func (db *DB) ListCrisisResources(ctx context.Context) ([]*hearth.CrisisResource, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+crisisColumns+` FROM crisis_resources ORDER BY country, language, position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*hearth.CrisisResource{}
	for rows.Next() {
		c, err := scanCrisisResource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CrisisHelp picks the resources for a country and language: that
// place, else the country in another language, else the language in
// another country, else the first place (the United States in English
// when there are resources for it).
func (db *DB) CrisisHelp(ctx context.Context, country, language string) (*hearth.CrisisHelp, error) {
	all, err := db.ListCrisisResources(ctx)
	if err != nil {
		return nil, err
	}
	country, language = strings.ToUpper(country), strings.ToLower(language)
	h := &hearth.CrisisHelp{Resources: []*hearth.CrisisResource{}, Places: []hearth.CrisisPlace{}}
	for _, c := range all {
		p := hearth.CrisisPlace{Country: c.Country, Language: c.Language}
		if !slices.Contains(h.Places, p) {
			h.Places = append(h.Places, p)
		}
	}
	if len(h.Places) == 0 {
		h.Country, h.Language = country, language
		return h, nil
	}
	pick := h.Places[0]
	for _, p := range h.Places {
		if p.Country == "US" && p.Language == "en" {
			pick = p
		}
	}
	found := false
	for _, match := range []func(hearth.CrisisPlace) bool{
		func(p hearth.CrisisPlace) bool { return p.Country == country && p.Language == language },
		func(p hearth.CrisisPlace) bool { return p.Country == country },
		func(p hearth.CrisisPlace) bool { return country == "" && p.Language == language },
	} {
		for _, p := range h.Places {
			if !found && match(p) {
				pick, found = p, true
			}
		}
	}
	h.Country, h.Language = pick.Country, pick.Language
	for _, c := range all {
		if c.Country == pick.Country && c.Language == pick.Language {
			h.Resources = append(h.Resources, c)
		}
	}
	return h, nil
}

// SaveCrisisResource adds a resource (ID 0) or changes one; admins only.
// The audit log gets a line saying who did it and what changed, in the
// same transaction.
func (db *DB) SaveCrisisResource(ctx context.Context, viewer *hearth.Member, c *hearth.CrisisResource) error {
	if err := adminOnly(viewer, "edit crisis resources"); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	now := db.Now().UTC()
	c.UpdatedAt = now.Truncate(time.Millisecond)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if c.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO crisis_resources (country, language, name, phone, sms, url, hours, position, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				c.Country, c.Language, c.Name, c.Phone, c.SMS, c.URL, c.Hours, c.Position, ms(now)).Scan(&c.ID); err != nil {
				return err
			}
			return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActCrisisAdd, TargetType: "crisis_resource",
				TargetID: c.ID, Detail: describeResource(c)}, now)
		}
		old, err := scanCrisisResource(tx.QueryRowContext(ctx, `SELECT `+crisisColumns+` FROM crisis_resources WHERE id = $1`, c.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "This crisis resource does not exist (any more).")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE crisis_resources SET country = $1, language = $2, name = $3, phone = $4, sms = $5,
			url = $6, hours = $7, position = $8, updated_at = $9 WHERE id = $10`,
			c.Country, c.Language, c.Name, c.Phone, c.SMS, c.URL, c.Hours, c.Position, ms(now), c.ID); err != nil {
			return err
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActCrisisEdit, TargetType: "crisis_resource",
			TargetID: c.ID, Detail: describeResource(c) + changedResource(old, c)}, now)
	})
}

// describeResource names a resource in an audit line: place, name and
// ways to reach it.
func describeResource(c *hearth.CrisisResource) string {
	parts := []string{c.Country + "-" + c.Language + ": " + c.Name}
	for _, f := range [][2]string{{"phone", c.Phone}, {"text", c.SMS}, {"web", c.URL}, {"hours", c.Hours}} {
		if f[1] != "" {
			parts = append(parts, f[0]+" "+f[1])
		}
	}
	return strings.Join(parts, "; ")
}

// changedResource lists what an edit changed, old → new.
func changedResource(old, c *hearth.CrisisResource) string {
	var ch []string
	for _, f := range []struct{ name, a, b string }{{"country", old.Country, c.Country}, {"language", old.Language, c.Language},
		{"name", old.Name, c.Name}, {"phone", old.Phone, c.Phone}, {"text", old.SMS, c.SMS}, {"web", old.URL, c.URL},
		{"hours", old.Hours, c.Hours}, {"order", strconv.Itoa(old.Position), strconv.Itoa(c.Position)}} {
		if f.a != f.b {
			ch = append(ch, f.name+" “"+f.a+"” → “"+f.b+"”")
		}
	}
	if len(ch) == 0 {
		return " (nothing changed)"
	}
	return " (changed: " + strings.Join(ch, ", ") + ")"
}

// DeleteCrisisResource removes a resource; admins only. The audit log
// keeps what it was.
func (db *DB) DeleteCrisisResource(ctx context.Context, viewer *hearth.Member, id int64) error {
	if err := adminOnly(viewer, "edit crisis resources"); err != nil {
		return err
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanCrisisResource(tx.QueryRowContext(ctx, `SELECT `+crisisColumns+` FROM crisis_resources WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already gone
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM crisis_resources WHERE id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActCrisisRemove, TargetType: "crisis_resource",
			TargetID: id, Detail: describeResource(old)}, now)
	})
}

// --- Duty ------------------------------------------------------------------

func (db *DB) mayBeOnDuty(ctx context.Context, viewer *hearth.Member) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to see who is on duty.")
	}
	if viewer.IsStaff() {
		return nil
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE member_id = $1 AND is_moderator = 1 AND status = 'active'`,
		viewer.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return hearth.Errorf(hearth.EForbidden, "Being on duty is for moderators.")
	}
	return nil
}

// Duty says whether the viewer is on duty, and who else is.
func (db *DB) Duty(ctx context.Context, viewer *hearth.Member) (*hearth.Duty, error) {
	if err := db.mayBeOnDuty(ctx, viewer); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT m.id, m.handle FROM moderator_duty d JOIN members m ON m.id = d.member_id ORDER BY m.handle`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d := &hearth.Duty{Others: []string{}}
	for rows.Next() {
		var id int64
		var handle string
		if err := rows.Scan(&id, &handle); err != nil {
			return nil, err
		}
		if id == viewer.ID {
			d.OnDuty = true
		} else {
			d.Others = append(d.Others, handle)
		}
	}
	return d, rows.Err()
}

// SetDuty puts the viewer on duty or takes them off.
func (db *DB) SetDuty(ctx context.Context, viewer *hearth.Member, on bool) error {
	if err := db.mayBeOnDuty(ctx, viewer); err != nil {
		return err
	}
	if !on {
		_, err := db.write.ExecContext(ctx, `DELETE FROM moderator_duty WHERE member_id = $1`, viewer.ID)
		return err
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO moderator_duty (member_id, since) VALUES ($1, $2) ON CONFLICT (member_id) DO NOTHING`,
		viewer.ID, ms(db.Now()))
	return err
}

// --- The author's notice ---------------------------------------------------

// CrisisNotice reports whether the viewer has a crisis notice to see.
func (db *DB) CrisisNotice(ctx context.Context, viewer *hearth.Member) (bool, error) {
	if viewer == nil {
		return false, nil
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM crisis_notices WHERE member_id = $1 AND dismissed_at IS NULL`, viewer.ID).Scan(&n)
	return n > 0, err
}

// DismissCrisisNotice hides the viewer's crisis notice.
func (db *DB) DismissCrisisNotice(ctx context.Context, viewer *hearth.Member) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in.")
	}
	_, err := db.write.ExecContext(ctx, `UPDATE crisis_notices SET dismissed_at = $1 WHERE member_id = $2`, ms(db.Now()), viewer.ID)
	return err
}

// warnedSnippet shows "(content warning: …)" in search results in place
// of the snippet of a warned post (p, when the result is a post).
func warnedSnippet(marked string) string {
	return `(CASE WHEN COALESCE(p.content_warning, '') <> '' THEN '(content warning: ' || ` + warningLabel("p") + ` || ')' ELSE ` + marked + ` END)`
}

// storyExcerpt is a story's excerpt: its warning when it has one, so that
// lists, feeds and previews do not show warned text.
func storyExcerpt(n hearth.NewStory) string {
	if !n.Warning.IsZero() {
		return "Content warning: " + n.Warning.Text()
	}
	return Excerpter(n.Body, excerptRunes)
}
