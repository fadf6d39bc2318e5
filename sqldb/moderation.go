package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/spam"
)

// Moderation (issue 7), built on review.go: flags, the queue, actions on
// posts and members, sanctions, clinician verification, community
// settings, notices to authors and the append-only audit log.
//
// Who may do what:
//   - every signed-in member may flag a post they can read (not their own);
//   - the moderators of a community (memberships.is_moderator) and the
//     site's staff act on its posts: approve, return, hide, edit, remove,
//     warn. Posts held by the privacy guard stay with the site's staff
//     (review.go), as do posts by staff;
//   - only the site's staff suspend, ban and lift, and only an admin acts
//     on a moderator (hearth.CanSanction);
//   - only admins verify clinicians and read the audit log;
//   - mentors, community moderators and staff see new members to welcome.
//
// Every action writes a line in audit_log in the same transaction, so an
// action and its record commit together or not at all.

var _ hearth.ModerationService = (*DB)(nil)

// moderatesCommunity is the SQL condition that the viewer in viewerParam
// moderates the community whose ID is communityExpr.
func moderatesCommunity(communityExpr, viewerParam string) string {
	return `EXISTS (SELECT 1 FROM memberships mv WHERE mv.community_id = ` + communityExpr + ` AND mv.member_id = CAST(` + viewerParam +
		` AS BIGINT) AND mv.is_moderator = 1 AND mv.status = 'active')`
}

// moderatesThreadCommunity is moderatesCommunity for a thread t and the
// viewer in $1, as a constant for the visibility conditions (review.go).
const moderatesThreadCommunity = `EXISTS (SELECT 1 FROM memberships mv WHERE mv.community_id = t.community_id
	AND mv.member_id = CAST($1 AS BIGINT) AND mv.is_moderator = 1 AND mv.status = 'active')`

// markModerators sets AuthorModerates on the posts of a page whose
// authors moderate the thread's community: one query on a small partial
// index per page, rather than a lookup per post.
func (db *DB) markModerators(ctx context.Context, tp *hearth.ThreadPage) error {
	rows, err := db.read.QueryContext(ctx, `SELECT member_id FROM memberships WHERE community_id = $1 AND is_moderator = 1 AND status = 'active'`,
		tp.Thread.CommunityID)
	if err != nil {
		return err
	}
	defer rows.Close()
	mods := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		mods[id] = true
	}
	if len(mods) > 0 {
		for _, p := range append([]*hearth.Post{tp.Opening}, tp.Replies...) {
			p.AuthorModerates = mods[p.AuthorID] && !p.Anonymous // no badge on anonymous posts
		}
	}
	return rows.Err()
}

// sanctioned is the SQL condition that the member memberExpr is suspended
// or banned at the time in nowParam.
func sanctioned(memberExpr, nowParam string) string {
	return `EXISTS (SELECT 1 FROM member_sanctions sn WHERE sn.member_id = ` + memberExpr + ` AND sn.kind IN ('suspend', 'ban')
		AND sn.lifted_at IS NULL AND (sn.ends_at IS NULL OR sn.ends_at > CAST(` + nowParam + ` AS BIGINT)))`
}

const sanctionColumns = `sn.id, m.handle, sn.kind, sn.reason, COALESCE(b.handle, ''), sn.created_at, sn.ends_at, sn.lifted_at`

func scanSanction(row interface{ Scan(...any) error }) (*hearth.Sanction, error) {
	var s hearth.Sanction
	var created int64
	var ends, lifted sql.NullInt64
	if err := row.Scan(&s.ID, &s.Member, &s.Kind, &s.Reason, &s.By, &created, &ends, &lifted); err != nil {
		return nil, err
	}
	s.CreatedAt, s.EndsAt, s.LiftedAt = fromMS(created), optTime(ends), optTime(lifted)
	return &s, nil
}

func optTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// activeSanction returns a member's suspension or ban in force, a ban
// first; nil when there is none.
func activeSanction(ctx context.Context, q querier, memberID int64, now time.Time) (*hearth.Sanction, error) {
	s, err := scanSanction(q.QueryRowContext(ctx, `SELECT `+sanctionColumns+` FROM member_sanctions sn JOIN members m ON m.id = sn.member_id
		LEFT JOIN members b ON b.id = sn.created_by
		WHERE sn.member_id = $1 AND sn.kind IN ('suspend', 'ban') AND sn.lifted_at IS NULL AND (sn.ends_at IS NULL OR sn.ends_at > $2)
		ORDER BY CASE sn.kind WHEN 'ban' THEN 0 ELSE 1 END, sn.ends_at DESC LIMIT 1`, memberID, ms(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return s, err
}

// checkSanctions refuses a write by a suspended or banned member. Posting
// calls it inside its transaction (thread.go); signing in and tokens
// check too (member.go), so this is the second line.
func checkSanctions(ctx context.Context, tx *sql.Tx, memberID int64, now time.Time) error {
	s, err := activeSanction(ctx, tx, memberID, now)
	if err != nil || s == nil {
		return err
	}
	return s.Error()
}

// waitsForModerator reports whether a held post waits for a person, not
// for its author's edit: a first post or a post that scored as spam.
func waitsForModerator(ctx context.Context, tx *sql.Tx, postID int64) (bool, error) {
	var reason string
	err := tx.QueryRowContext(ctx, `SELECT reason FROM post_reviews WHERE post_id = $1 AND status = 'open' ORDER BY id DESC LIMIT 1`, postID).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && reason != hearth.ReasonPrivacy, err
}

// attachModReason gives a hidden or removed post the moderator's reason,
// for its author and the moderators who see it.
func (db *DB) attachModReason(ctx context.Context, p *hearth.Post) error {
	err := db.read.QueryRowContext(ctx, `SELECT reason FROM audit_log WHERE target_type = 'post' AND target_id = $1 AND action IN ('hide', 'remove', 'ban')
		ORDER BY id DESC LIMIT 1`, p.ID).Scan(&p.ReviewNote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// --- The audit log ----------------------------------------------------

// auditor is who an audit line names: a member, or the operator at the
// command line (ID 0).
type auditor struct {
	id     int64
	handle string
	role   string
}

func memberAuditor(m *hearth.Member) auditor {
	return auditor{id: m.ID, handle: m.Handle, role: string(m.Role)}
}

// operatorAuditor is the operator at a terminal (`hearth user verify`).
func operatorAuditor(name string) auditor {
	if name == "" {
		name = "operator"
	}
	return auditor{handle: name, role: "operator"}
}

// audit appends a line to the audit log, inside the action's transaction.
func audit(ctx context.Context, tx *sql.Tx, who auditor, e hearth.AuditEntry, now time.Time) error {
	var actor, target any
	if who.id != 0 {
		actor = who.id
	}
	if e.TargetID != 0 {
		target = e.TargetID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (actor_id, actor_handle, actor_role, action, target_type, target_id,
		member_handle, community_slug, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		actor, who.handle, who.role, string(e.Action), e.TargetType, target, e.Member, e.Community, e.Reason, e.Detail, ms(now))
	return err
}

const auditColumns = `id, actor_handle, actor_role, action, target_type, COALESCE(target_id, 0), member_handle, community_slug, reason, detail, created_at`

func scanAudit(row interface{ Scan(...any) error }) (*hearth.AuditEntry, error) {
	var e hearth.AuditEntry
	var role, action string
	var created int64
	if err := row.Scan(&e.ID, &e.Actor, &role, &action, &e.TargetType, &e.TargetID, &e.Member, &e.Community, &e.Reason, &e.Detail, &created); err != nil {
		return nil, err
	}
	e.ActorRole, e.Action, e.CreatedAt = hearth.Role(role), hearth.ModAction(action), fromMS(created)
	return &e, nil
}

func adminOnly(viewer *hearth.Member, what string) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in as an admin to %s.", what)
	}
	if !viewer.IsAdmin() {
		return hearth.Errorf(hearth.EForbidden, "Only the site's admins can %s.", what)
	}
	return nil
}

// ListAudit lists a page of the audit log, newest first.
func (db *DB) ListAudit(ctx context.Context, viewer *hearth.Member, action hearth.ModAction, page int) ([]*hearth.AuditEntry, int, error) {
	if err := adminOnly(viewer, "read the audit log"); err != nil {
		return nil, 0, err
	}
	where, args := ``, []any{}
	if action != "" {
		where, args = ` WHERE action = $1`, append(args, string(action))
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+where, args...).Scan(&n); err != nil {
		return nil, 0, err
	}
	pages := max(1, (n+hearth.AuditPerPage-1)/hearth.AuditPerPage)
	page = min(max(page, 1), pages)
	lim := "$" + strconv.Itoa(len(args)+1)
	off := "$" + strconv.Itoa(len(args)+2)
	rows, err := db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+where+` ORDER BY id DESC LIMIT `+lim+` OFFSET `+off,
		append(args, hearth.AuditPerPage, (page-1)*hearth.AuditPerPage)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*hearth.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, pages, rows.Err()
}

// EachAudit calls fn for every line of the audit log, oldest first, read
// in batches so that a long log is exported in constant memory.
func (db *DB) EachAudit(ctx context.Context, viewer *hearth.Member, fn func(*hearth.AuditEntry) error) error {
	if err := adminOnly(viewer, "export the audit log"); err != nil {
		return err
	}
	var after int64
	for {
		rows, err := db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE id > $1 ORDER BY id LIMIT 500`, after)
		if err != nil {
			return err
		}
		var batch []*hearth.AuditEntry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
			after = e.ID
		}
		if len(batch) < 500 {
			return nil
		}
	}
}

// --- Notices to authors ----------------------------------------------

// notice records what a member is told and queues its notification
// (moderation_notify.go).
func (db *DB) notice(ctx context.Context, tx *sql.Tx, memberID, actorID int64, action hearth.ModAction, reason string, postID int64, ends *time.Time, now time.Time) error {
	var post, endsAt any
	if postID != 0 {
		post = postID
	}
	if ends != nil {
		endsAt = ms(*ends)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO mod_notices (member_id, actor_id, action, reason, post_id, ends_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, memberID, actorID, string(action), reason, post, endsAt, ms(now)).Scan(&id); err != nil {
		return err
	}
	return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectNotice, ID: id})
}

// ListNotices lists the moderators' notices to the viewer, newest first.
func (db *DB) ListNotices(ctx context.Context, viewer *hearth.Member) ([]*hearth.ModNotice, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to read the moderators' notes to you.")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT n.id, n.action, n.reason, COALESCE(n.post_id, 0), n.ends_at, n.created_at,
		COALESCE(p.body, ''), COALESCE(p.status, ''), COALESCE(p.position, 0), COALESCE(t.id, 0), COALESCE(c.slug, '')
		FROM mod_notices n LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN threads t ON t.id = p.thread_id LEFT JOIN communities c ON c.id = t.community_id
		WHERE n.member_id = $1 ORDER BY n.id DESC LIMIT 100`, viewer.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hearth.ModNotice
	for rows.Next() {
		var n hearth.ModNotice
		var action, body, status, slug string
		var ends sql.NullInt64
		var created, threadID int64
		var pos int
		if err := rows.Scan(&n.ID, &action, &n.Reason, &n.PostID, &ends, &created, &body, &status, &pos, &threadID, &slug); err != nil {
			return nil, err
		}
		n.Action, n.EndsAt, n.CreatedAt = hearth.ModAction(action), optTime(ends), fromMS(created)
		if n.PostID != 0 {
			n.Excerpt = Excerpter(body, excerptRunes)
			if status != hearth.StatusRemoved && threadID != 0 {
				n.URL = postPath(slug, threadID, pos)
			}
		}
		out = append(out, &n)
	}
	return out, rows.Err()
}

// postPath is the URL of a post on its page of its thread.
func postPath(slug string, threadID int64, position int) string {
	if position <= 0 {
		return fmt.Sprintf("/c/%s/t/%d#p%d", slug, threadID, max(position, 0))
	}
	return fmt.Sprintf("/c/%s/t/%d?page=%d#p%d", slug, threadID, (position-1)/hearth.RepliesPerPage+1, position)
}

// --- Flags ------------------------------------------------------------

// upsertOpenReport files the reporter's report of one item in table (post_flags
// or message_reports, keyed by col) and returns its id: an open report by the
// same reporter is replaced (new reason, note and time) rather than doubled.
// table and col are constants of this package, never input.
func upsertOpenReport(ctx context.Context, tx *sql.Tx, table, col string, itemID, reporterID int64, n hearth.NewFlag, now time.Time) (int64, error) {
	var id int64
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET reason = $1, note = $2, created_at = $3 WHERE `+col+` = $4 AND reporter_id = $5 AND status = 'open'`,
		string(n.Reason), n.Note, ms(now), itemID, reporterID)
	if err != nil {
		return 0, err
	}
	if k, _ := res.RowsAffected(); k > 0 {
		err = tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE `+col+` = $1 AND reporter_id = $2 AND status = 'open'`, itemID, reporterID).Scan(&id)
	} else {
		err = tx.QueryRowContext(ctx, `INSERT INTO `+table+` (`+col+`, reporter_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			itemID, reporterID, string(n.Reason), n.Note, ms(now)).Scan(&id)
	}
	return id, err
}

// FlagPost records the viewer's flag on a published post they may read.
func (db *DB) FlagPost(ctx context.Context, viewer *hearth.Member, postID int64, n hearth.NewFlag) (*hearth.Flag, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to flag a post.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	f := &hearth.Flag{PostID: postID, Reporter: viewer.Handle, Reason: n.Reason, Note: n.Note, Status: "open", CreatedAt: now.Truncate(time.Millisecond)}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkSanctions(ctx, tx, viewer.ID, now); err != nil {
			return err
		}
		p, _, err := findPost(ctx, tx, viewer, postID)
		if err != nil {
			return err
		}
		if p.AuthorID == viewer.ID {
			return hearth.Errorf(hearth.EForbidden, "This is your own post. You can edit it instead.")
		}
		if p.Status != hearth.StatusPublished {
			return hearth.Errorf(hearth.EConflict, "This post is already with the moderators.")
		}
		f.ID, err = upsertOpenReport(ctx, tx, "post_flags", "post_id", postID, viewer.ID, n, now)
		if err != nil || n.Reason != hearth.FlagCrisis {
			return err
		}
		return db.crisisFlagged(ctx, tx, f.ID, p.AuthorID, now) // care.go
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func listFlags(ctx context.Context, q querier, postID int64) ([]*hearth.Flag, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.post_id, m.handle, f.reason, f.note, f.status, f.created_at, f.automatic FROM post_flags f
		JOIN members m ON m.id = f.reporter_id WHERE f.post_id = $1 AND f.status = 'open' ORDER BY f.id`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*hearth.Flag{}
	for rows.Next() {
		var f hearth.Flag
		var reason string
		var created int64
		if err := rows.Scan(&f.ID, &f.PostID, &f.Reporter, &reason, &f.Note, &f.Status, &created, &f.Automatic); err != nil {
			return nil, err
		}
		if f.Automatic {
			f.Reporter = "" // the self-harm wording check, not the author
		}
		f.Reason, f.CreatedAt = hearth.FlagReason(reason), fromMS(created)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// --- Loading a post for a moderator ---------------------------------

// findPostAny loads a post and its thread whatever their status, for
// moderators; callers check the viewer's rights.
func findPostAny(ctx context.Context, q querier, postID int64) (*hearth.Post, *hearth.Thread, error) {
	p, err := scanPost(q.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts p JOIN members a ON a.id = p.author_id WHERE p.id = $1`, postID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, hearth.Errorf(hearth.ENotFound, "This post does not exist.")
	} else if err != nil {
		return nil, nil, err
	}
	t, err := scanThread(q.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM threads t
		JOIN communities c ON c.id = t.community_id JOIN members a ON a.id = t.author_id WHERE t.id = $1`, p.ThreadID))
	if err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

// moderates reports whether the viewer moderates a community: the site's
// staff moderate every community.
func moderates(ctx context.Context, q querier, viewer *hearth.Member, communityID int64) (bool, error) {
	if viewer == nil {
		return false, nil
	}
	if viewer.IsStaff() {
		return true, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE community_id = $1 AND member_id = $2 AND is_moderator = 1 AND status = 'active'`,
		communityID, viewer.ID).Scan(&n)
	return n > 0, err
}

// findOpenReview returns a post's open hold, if any.
func findOpenReview(ctx context.Context, q querier, postID int64) (*hearth.Review, error) {
	var r hearth.Review
	var findings string
	var created int64
	err := q.QueryRowContext(ctx, `SELECT id, reason, findings, created_at FROM post_reviews WHERE post_id = $1 AND status = 'open' ORDER BY id DESC LIMIT 1`,
		postID).Scan(&r.ID, &r.Reason, &findings, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r.CreatedAt = fromMS(created)
	if err := json.Unmarshal([]byte(findings), &r.Findings); err != nil {
		return nil, err
	}
	return &r, nil
}

// modAccess loads a post for a moderator and checks that they may act on
// it. A post the viewer may not even read is not found.
func (db *DB) modAccess(ctx context.Context, q querier, viewer *hearth.Member, postID int64) (*hearth.Post, *hearth.Thread, *hearth.Review, error) {
	if viewer == nil {
		return nil, nil, nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	p, t, err := findPostAny(ctx, q, postID)
	if err != nil {
		return nil, nil, nil, err
	}
	mod, err := moderates(ctx, q, viewer, t.CommunityID)
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := findOpenReview(ctx, q, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	author, err := ruleAuthor(ctx, q, p) // anonymous.go: the real role of an anonymous author
	if err != nil {
		return nil, nil, nil, err
	}
	switch {
	case !mod:
		if _, _, err := findPost(ctx, q, viewer, postID); err != nil {
			return nil, nil, nil, err // not found, as for any reader
		}
		return nil, nil, nil, hearth.Errorf(hearth.EForbidden, "Only the moderators of %s can do that.", t.CommunityName)
	case !viewer.IsStaff() && p.Status == hearth.StatusHeld && r != nil && r.Reason == hearth.ReasonPrivacy:
		return nil, nil, nil, hearth.Errorf(hearth.EForbidden, "Posts held by the privacy guard are reviewed by the site's moderators.")
	case !viewer.IsStaff() && (author.Role == hearth.RoleModerator || author.Role == hearth.RoleAdmin):
		return nil, nil, nil, hearth.Errorf(hearth.EForbidden, "Posts by the site's moderators are handled by the site's moderators. Flag it if something is wrong.")
	}
	return p, t, r, nil
}

// FindModPost returns a post as a moderator of its community sees it.
func (db *DB) FindModPost(ctx context.Context, viewer *hearth.Member, postID int64) (*hearth.ModPost, error) {
	p, t, r, err := db.modAccess(ctx, db.read, viewer, postID)
	if err != nil {
		return nil, err
	}
	return db.buildModPost(ctx, viewer, p, t, r)
}

func (db *DB) buildModPost(ctx context.Context, viewer *hearth.Member, p *hearth.Post, t *hearth.Thread, r *hearth.Review) (*hearth.ModPost, error) {
	mp := &hearth.ModPost{Post: p, Thread: t, Review: r, CanAct: true}
	if r != nil {
		mp.HoldReason = r.Reason
	}
	if p.Status == hearth.StatusHidden || p.Status == hearth.StatusRemoved {
		if err := db.attachModReason(ctx, p); err != nil {
			return nil, err
		}
	}
	if p.Position != 0 {
		op, err := scanPost(db.read.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts p JOIN members a ON a.id = p.author_id
			WHERE p.thread_id = $1 AND p.position = 0`, t.ID))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		mp.Opening = op
	}
	var err error
	if mp.Flags, err = listFlags(ctx, db.read, p.ID); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE target_type = 'post' AND target_id = $1 ORDER BY id`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	mp.History = []*hearth.AuditEntry{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		mp.History = append(mp.History, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	author, err := ruleAuthor(ctx, db.read, p) // anonymous.go
	if err != nil {
		return nil, err
	}
	mp.CanSanction = hearth.CanSanction(viewer, author)
	if mp.AuthorSanction, err = activeSanction(ctx, db.read, p.AuthorID, db.Now()); err != nil {
		return nil, err
	}
	if mp.AuthorSanction != nil && p.Anonymous {
		mp.AuthorSanction.Member = "" // the page says "the author"
	}
	return mp, nil
}

// --- The queue --------------------------------------------------------

// maxQueueItems bounds each section of the queue.
const maxQueueItems = 100

// ModerationQueue lists what waits for the viewer.
func (db *DB) ModerationQueue(ctx context.Context, viewer *hearth.Member) (*hearth.Queue, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to see the moderation queue.")
	}
	vid, staff := viewerArgs(viewer)
	var modCount int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE member_id = $1 AND is_moderator = 1 AND status = 'active'`, vid).Scan(&modCount); err != nil {
		return nil, err
	}
	if !viewer.IsStaff() && modCount == 0 && !viewer.CanWelcome() {
		return nil, hearth.Errorf(hearth.EForbidden, "The moderation queue is for moderators and mentors.")
	}
	q := &hearth.Queue{CanAudit: viewer.IsAdmin(), Flagged: []*hearth.ModPost{}, Held: []*hearth.ModPost{}, Welcome: []*hearth.Newcomer{}}
	if viewer.IsStaff() || modCount > 0 {
		scope := `(CAST($2 AS INTEGER) = 1 OR ` + moderatesCommunity("t.community_id", "$1") + `)`
		// Posts by staff go to staff; privacy holds too (review.go).
		staffOnly := `(CAST($2 AS INTEGER) = 1 OR a.role NOT IN ('moderator', 'admin'))`
		flagged, err := db.postIDs(ctx, `SELECT p.id FROM post_flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id
			JOIN members a ON a.id = p.author_id
			WHERE f.status = 'open' AND `+scope+` AND `+staffOnly+` GROUP BY p.id ORDER BY MAX(CASE WHEN f.reason = 'crisis' THEN 1 ELSE 0 END) DESC, MIN(f.created_at), p.id LIMIT $3`, vid, staff, maxQueueItems)
		if err != nil {
			return nil, err
		}
		held, err := db.postIDs(ctx, `SELECT p.id FROM post_reviews r JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
			JOIN members a ON a.id = p.author_id
			WHERE r.status = 'open' AND p.status = 'held' AND `+scope+` AND `+staffOnly+`
			AND (CAST($2 AS INTEGER) = 1 OR r.reason <> 'privacy') ORDER BY r.created_at, r.id LIMIT $3`, vid, staff, maxQueueItems)
		if err != nil {
			return nil, err
		}
		for _, section := range []struct {
			ids  []int64
			into *[]*hearth.ModPost
		}{{flagged, &q.Flagged}, {held, &q.Held}} {
			for _, id := range section.ids {
				p, t, r, err := db.modAccess(ctx, db.read, viewer, id)
				if err != nil {
					return nil, err
				}
				mp, err := db.buildModPost(ctx, viewer, p, t, r)
				if err != nil {
					return nil, err
				}
				*section.into = append(*section.into, mp)
			}
		}
		rows, err := db.read.QueryContext(ctx, `SELECT `+communityColumnsNoCounts+` FROM communities c
			WHERE CAST($2 AS INTEGER) = 1 OR `+moderatesCommunity("c.id", "$1")+` ORDER BY c.name`, vid, staff)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCommunity(rows)
			if err != nil {
				return nil, err
			}
			q.Moderates = append(q.Moderates, c)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var err error
	q.Welcome, err = db.newcomers(ctx)
	return q, err
}

func (db *DB) postIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// newcomers lists the members who joined in the last NewcomerDays and
// have not been welcomed, oldest first.
func (db *DB) newcomers(ctx context.Context) ([]*hearth.Newcomer, error) {
	now := db.Now()
	rows, err := db.read.QueryContext(ctx, `SELECT m.handle, m.created_at,
		(SELECT COUNT(*) FROM posts p WHERE p.author_id = m.id AND p.status = 'published')
		FROM members m WHERE m.role = 'member' AND m.status = 'active' AND m.created_at > $1
		AND NOT EXISTS (SELECT 1 FROM member_welcomes w WHERE w.member_id = m.id) AND NOT `+sanctioned("m.id", "$2")+`
		ORDER BY m.created_at, m.id LIMIT $3`, ms(now.Add(-hearth.NewcomerDays*24*time.Hour)), ms(now), maxQueueItems)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*hearth.Newcomer{}
	for rows.Next() {
		var n hearth.Newcomer
		var joined int64
		if err := rows.Scan(&n.Handle, &joined, &n.Posts); err != nil {
			return nil, err
		}
		n.JoinedAt = fromMS(joined)
		out = append(out, &n)
	}
	return out, rows.Err()
}

// Welcome marks a new member as welcomed by the viewer.
func (db *DB) Welcome(ctx context.Context, viewer *hearth.Member, handle string) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to welcome new members.")
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if !viewer.CanWelcome() {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE member_id = $1 AND is_moderator = 1 AND status = 'active'`, viewer.ID).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return hearth.Errorf(hearth.EForbidden, "Mentors and moderators welcome new members.")
			}
		}
		target, err := findMemberTx(ctx, tx, handle)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO member_welcomes (member_id, welcomed_by, welcomed_at) VALUES ($1, $2, $3)
			ON CONFLICT (member_id) DO NOTHING`, target.ID, viewer.ID, ms(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.EConflict, "Someone already welcomed @%s.", target.Handle)
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActWelcome, TargetType: "member", TargetID: target.ID,
			Member: target.Handle}, now)
	})
}

func findMemberTx(ctx context.Context, q querier, handle string) (*hearth.Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.handle = $1`, hearth.NormalizeHandle(handle)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "There is no member called @%s.", hearth.NormalizeHandle(handle))
	}
	return m, err
}

// --- Acting on a post -------------------------------------------------

// ModeratePost acts on a post, closes its flags, tells its author and
// writes the audit log, all in one transaction.
func (db *DB) ModeratePost(ctx context.Context, viewer *hearth.Member, postID int64, a hearth.PostAction) (*hearth.Post, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	var out *hearth.Post
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		p, t, r, err := db.modAccess(ctx, tx, viewer, postID)
		if err != nil {
			return err
		}
		author, err := ruleAuthor(ctx, tx, p) // anonymous.go
		if err != nil {
			return err
		}
		switch {
		case a.Action.NeedsStaff() && !viewer.IsStaff():
			return hearth.Errorf(hearth.EForbidden, "Only the site's moderators can suspend or ban a member. Warn them, or flag the post for the site's moderators.")
		case a.Action.NeedsStaff() && !hearth.CanSanction(viewer, author):
			return hearth.Errorf(hearth.EForbidden, "You cannot suspend or ban %s.", p.By())
		case a.Action == hearth.ActWarn && p.AuthorID == viewer.ID:
			return hearth.Errorf(hearth.EForbidden, "You cannot warn yourself.")
		}
		e := hearth.AuditEntry{Action: a.Action, TargetType: "post", TargetID: p.ID, Member: p.Author, Community: t.CommunitySlug, Reason: a.Reason}
		from := p.Status
		var ends *time.Time
		switch a.Action {
		case hearth.ActApprove:
			switch p.Status {
			case hearth.StatusHeld:
				if p.AuthorID == viewer.ID {
					return hearth.Errorf(hearth.EForbidden, "Another moderator must approve your own post.")
				}
				if err := db.publish(ctx, tx, p, now); err != nil {
					return err
				}
				if err := closeReview(ctx, tx, r, "approved", a.Reason, viewer.ID, now); err != nil {
					return err
				}
			case hearth.StatusHidden, hearth.StatusRemoved:
				if err := db.publish(ctx, tx, p, now); err != nil {
					return err
				}
			case hearth.StatusPublished:
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM post_flags WHERE post_id = $1 AND status = 'open'`, p.ID).Scan(&n); err != nil {
					return err
				} else if n == 0 {
					return hearth.Errorf(hearth.EConflict, "This post is published and nobody has flagged it: there is nothing to approve.")
				}
				e.Detail = "kept"
			default:
				return hearth.Errorf(hearth.EConflict, "This post went back to its author; they can send it again.")
			}
		case hearth.ActReturn:
			if p.Status != hearth.StatusHeld {
				return hearth.Errorf(hearth.EConflict, "Only a post that waits for review can go back to its author.")
			}
			if err := setStatus(ctx, tx, p, hearth.StatusRejected); err != nil {
				return err
			}
			if err := closeReview(ctx, tx, r, "rejected", a.Reason, viewer.ID, now); err != nil {
				return err
			}
		case hearth.ActHide:
			if p.Status != hearth.StatusPublished && p.Status != hearth.StatusHeld {
				return hearth.Errorf(hearth.EConflict, "This post is already %s.", p.Status)
			}
			if err := setStatus(ctx, tx, p, hearth.StatusHidden); err != nil {
				return err
			}
			if err := closeReview(ctx, tx, r, "rejected", a.Reason, viewer.ID, now); err != nil {
				return err
			}
		case hearth.ActRemove, hearth.ActBan:
			if p.Status != hearth.StatusRemoved {
				if err := setStatus(ctx, tx, p, hearth.StatusRemoved); err != nil {
					return err
				}
				if err := closeReview(ctx, tx, r, "rejected", a.Reason, viewer.ID, now); err != nil {
					return err
				}
			} else if a.Action == hearth.ActRemove {
				return hearth.Errorf(hearth.EConflict, "This post is already removed.")
			}
		case hearth.ActEdit:
			if p.Status == hearth.StatusRemoved {
				return hearth.Errorf(hearth.EConflict, "This post is removed. Approve it first if it should be seen again.")
			}
			if a.Body == p.Body {
				return hearth.FieldErrorf("body", "The text is the same as before. Change it, or choose another action.")
			}
			if err := db.modEdit(ctx, tx, p, t, a, now); err != nil {
				return err
			}
		}
		switch a.Action {
		case hearth.ActWarn, hearth.ActSuspend, hearth.ActBan:
			if ends, err = sanction(ctx, tx, viewer, p.AuthorID, a.Action, a.Reason, p.ID, a.Days, now); err != nil {
				return err
			}
		}
		if p.Status != from {
			e.Detail = strings.TrimPrefix(e.Detail+"; "+from+" → "+p.Status, "; ")
		}
		if a.Action == hearth.ActSuspend {
			e.Detail = strings.TrimPrefix(e.Detail+"; "+strconv.Itoa(a.Days)+" days", "; ")
		}
		res, err := tx.ExecContext(ctx, `UPDATE post_flags SET status = 'resolved', resolution = $1, resolved_at = $2, resolved_by = $3
			WHERE post_id = $4 AND status = 'open'`, string(a.Action), ms(now), viewer.ID, p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			e.Detail = strings.TrimPrefix(e.Detail+"; closed "+plural(int(n), "flag", "flags"), "; ")
		}
		if a.Action != hearth.ActApprove {
			if err := db.notice(ctx, tx, p.AuthorID, viewer.ID, a.Action, a.Reason, p.ID, ends, now); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, memberAuditor(viewer), e, now); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// publish makes a held, hidden or removed post visible (review.go's
// publishPost) and tells those who follow it, as for a new post (a member
// told before is not told twice).
func (db *DB) publish(ctx context.Context, tx *sql.Tx, p *hearth.Post, now time.Time) error {
	if err := publishPost(ctx, tx, p, now); err != nil {
		return err
	}
	return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectPost, ID: p.ID})
}

// setStatus sets a post's status, and its thread's for an opening post.
func setStatus(ctx context.Context, tx *sql.Tx, p *hearth.Post, status string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET status = $1 WHERE id = $2`, status, p.ID); err != nil {
		return err
	}
	if p.Position == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET status = $1 WHERE id = $2`, status, p.ThreadID); err != nil {
			return err
		}
	}
	p.Status = status
	return nil
}

// closeReview records a moderator's decision on a post's open hold.
func closeReview(ctx context.Context, tx *sql.Tx, r *hearth.Review, decision, note string, by int64, now time.Time) error {
	if r == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE post_reviews SET status = $1, note = $2, decided_at = $3, decided_by = $4 WHERE id = $5 AND status = 'open'`,
		decision, note, ms(now), by, r.ID)
	return err
}

// modEdit replaces a post's text for a moderator, keeping the old text
// as a revision (its history shows both) and the reason as a note that
// every reader sees.
func (db *DB) modEdit(ctx context.Context, tx *sql.Tx, p *hearth.Post, t *hearth.Thread, a hearth.PostAction, now time.Time) error {
	html := db.Render(a.Body)
	if _, err := tx.ExecContext(ctx, `INSERT INTO post_revisions (post_id, body, body_html, edited_at) VALUES ($1, $2, $3, $4)`,
		p.ID, p.Body, string(p.BodyHTML), ms(now)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET body = $1, body_html = $2, edited_at = $3, mod_note = $4 WHERE id = $5`,
		a.Body, string(html), ms(now), a.Reason, p.ID); err != nil {
		return err
	}
	if p.Position == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET excerpt = $1 WHERE id = $2`, Excerpter(a.Body, excerptRunes), t.ID); err != nil {
			return err
		}
	}
	edited := now.Truncate(time.Millisecond)
	p.Body, p.BodyHTML, p.EditedAt, p.ModNote = a.Body, html, &edited, a.Reason
	return nil
}

// sanction records a warning, suspension or ban; a suspension or ban ends
// the member's sessions at once. It returns when a suspension ends.
func sanction(ctx context.Context, tx *sql.Tx, viewer *hearth.Member, memberID int64, action hearth.ModAction, reason string, postID int64, days int, now time.Time) (*time.Time, error) {
	kind := map[hearth.ModAction]string{hearth.ActWarn: hearth.SanctionWarn, hearth.ActSuspend: hearth.SanctionSuspend, hearth.ActBan: hearth.SanctionBan}[action]
	var ends *time.Time
	var endsAt, post any
	if action == hearth.ActSuspend {
		e := now.Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Millisecond)
		ends, endsAt = &e, ms(e)
	}
	if postID != 0 {
		post = postID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO member_sanctions (member_id, kind, reason, post_id, created_by, created_at, ends_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, memberID, kind, reason, post, viewer.ID, ms(now), endsAt); err != nil {
		return nil, err
	}
	if kind != hearth.SanctionWarn {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE member_id = $1`, memberID); err != nil {
			return nil, err
		}
	}
	return ends, nil
}

// --- Acting on a member ----------------------------------------------

// ModerateMember warns, suspends, bans or lifts a member (site staff).
func (db *DB) ModerateMember(ctx context.Context, viewer *hearth.Member, handle string, a hearth.MemberAction) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	if !viewer.IsStaff() {
		return hearth.Errorf(hearth.EForbidden, "Only the site's moderators can warn, suspend or ban a member.")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		target, err := findMemberTx(ctx, tx, handle)
		if err != nil {
			return err
		}
		if !hearth.CanSanction(viewer, target) {
			return hearth.Errorf(hearth.EForbidden, "You cannot act on @%s's account.", target.Handle)
		}
		e := hearth.AuditEntry{Action: a.Action, TargetType: "member", TargetID: target.ID, Member: target.Handle, Reason: a.Reason}
		var ends *time.Time
		if a.Action == hearth.ActLift {
			res, err := tx.ExecContext(ctx, `UPDATE member_sanctions SET lifted_at = $1, lifted_by = $2 WHERE member_id = $3 AND kind IN ('suspend', 'ban')
				AND lifted_at IS NULL AND (ends_at IS NULL OR ends_at > $1)`, ms(now), viewer.ID, target.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return hearth.Errorf(hearth.EConflict, "@%s is not suspended or banned.", target.Handle)
			}
		} else {
			if ends, err = sanction(ctx, tx, viewer, target.ID, a.Action, a.Reason, 0, a.Days, now); err != nil {
				return err
			}
			if a.Action == hearth.ActSuspend {
				e.Detail = strconv.Itoa(a.Days) + " days"
			}
		}
		if err := db.notice(ctx, tx, target.ID, viewer.ID, a.Action, a.Reason, 0, ends, now); err != nil {
			return err
		}
		return audit(ctx, tx, memberAuditor(viewer), e, now)
	})
}

// FindMemberRecord returns a member's sanctions and verification.
func (db *DB) FindMemberRecord(ctx context.Context, viewer *hearth.Member, handle string) (*hearth.MemberRecord, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	if !viewer.IsStaff() {
		return nil, hearth.Errorf(hearth.EForbidden, "Only the site's moderators can see a member's record.")
	}
	m, err := findMemberTx(ctx, db.read, handle)
	if err != nil {
		return nil, err
	}
	rec := &hearth.MemberRecord{Member: m, Sanctions: []*hearth.Sanction{}, CanSanction: hearth.CanSanction(viewer, m), CanVerify: viewer.IsAdmin()}
	rows, err := db.read.QueryContext(ctx, `SELECT `+sanctionColumns+` FROM member_sanctions sn JOIN members m ON m.id = sn.member_id
		LEFT JOIN members b ON b.id = sn.created_by WHERE sn.member_id = $1 ORDER BY sn.id DESC`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanSanction(rows)
		if err != nil {
			return nil, err
		}
		rec.Sanctions = append(rec.Sanctions, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if rec.Active, err = activeSanction(ctx, db.read, m.ID, db.Now()); err != nil {
		return nil, err
	}
	if rec.Verification, err = db.FindVerification(ctx, m.Handle); hearth.ErrorCode(err) == hearth.ENotFound {
		err = nil
	}
	return rec, err
}

// --- Community settings ------------------------------------------------

// CommunitySettings returns a community's moderation settings, for its
// moderators.
func (db *DB) CommunitySettings(ctx context.Context, viewer *hearth.Member, slug string) (*hearth.Community, *hearth.CommunitySettings, error) {
	c, err := db.modCommunity(ctx, db.read, viewer, slug)
	if err != nil {
		return nil, nil, err
	}
	cs, err := communitySettings(ctx, db.read, c.ID)
	return c, cs, err
}

func (db *DB) modCommunity(ctx context.Context, q querier, viewer *hearth.Member, slug string) (*hearth.Community, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	c, err := findCommunity(ctx, q, viewer, slug, true)
	if err != nil {
		return nil, err
	}
	if !c.CanModerate(viewer) {
		return nil, hearth.Errorf(hearth.EForbidden, "Only the moderators of %s can change its settings.", c.Name)
	}
	return c, nil
}

func communitySettings(ctx context.Context, q querier, communityID int64) (*hearth.CommunitySettings, error) {
	var hold, anon int
	err := q.QueryRowContext(ctx, `SELECT hold_first_posts, allow_anonymous FROM community_settings WHERE community_id = $1`, communityID).Scan(&hold, &anon)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return &hearth.CommunitySettings{HoldFirstPosts: hold == 1, AllowAnonymous: anon == 1}, nil
}

// SetCommunitySettings changes a community's moderation settings.
func (db *DB) SetCommunitySettings(ctx context.Context, viewer *hearth.Member, slug string, cs hearth.CommunitySettings) error {
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := db.modCommunity(ctx, tx, viewer, slug)
		if err != nil {
			return err
		}
		hold, anon := 0, 0
		if cs.HoldFirstPosts {
			hold = 1
		}
		if cs.AllowAnonymous {
			anon = 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO community_settings (community_id, hold_first_posts, allow_anonymous) VALUES ($1, $2, $3)
			ON CONFLICT (community_id) DO UPDATE SET hold_first_posts = EXCLUDED.hold_first_posts, allow_anonymous = EXCLUDED.allow_anonymous`,
			c.ID, hold, anon); err != nil {
			return err
		}
		detail := "hold new members' first posts: off"
		if cs.HoldFirstPosts {
			detail = "hold new members' first posts: on"
		}
		detail += "; anonymous posts: " + map[bool]string{false: "off", true: "on"}[cs.AllowAnonymous] // anonymous.go
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActSettings, TargetType: "community", TargetID: c.ID,
			Community: c.Slug, Detail: detail}, now)
	})
}

// --- Holds for first posts and spam -----------------------------------

// ModerationHold says whether a new thread (in the community slug) or a
// reply (in threadID) must wait for a moderator.
func (db *DB) ModerationHold(ctx context.Context, viewer *hearth.Member, slug string, threadID int64, title, body string) (*hearth.Hold, error) {
	if viewer == nil || viewer.Role != hearth.RoleMember {
		return nil, nil // mentors, clinicians and staff are trusted
	}
	var communityID int64
	var err error
	if threadID != 0 {
		err = db.read.QueryRowContext(ctx, `SELECT community_id FROM threads WHERE id = $1`, threadID).Scan(&communityID)
	} else {
		err = db.read.QueryRowContext(ctx, `SELECT id FROM communities WHERE slug = $1`, slug).Scan(&communityID)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // posting will say it is not found
	} else if err != nil {
		return nil, err
	}
	if mod, err := moderates(ctx, db.read, viewer, communityID); err != nil || mod {
		return nil, err
	}
	now := db.Now()
	var created int64
	var published, inCommunity, hold int
	if err := db.read.QueryRowContext(ctx, `SELECT m.created_at,
		(SELECT COUNT(*) FROM (SELECT 1 FROM posts p WHERE p.author_id = m.id AND p.status = 'published' LIMIT $2) x),
		(SELECT COUNT(*) FROM (SELECT 1 FROM posts p JOIN threads t ON t.id = p.thread_id
			WHERE p.author_id = m.id AND p.status = 'published' AND t.community_id = $3 LIMIT 1) y),
		COALESCE((SELECT hold_first_posts FROM community_settings WHERE community_id = $3), 0)
		FROM members m WHERE m.id = $1`, viewer.ID, spam.NewAccountPosts, communityID).Scan(&created, &published, &inCommunity, &hold); err != nil {
		return nil, err
	}
	text := body
	if title != "" {
		text = title + "\n" + body
	}
	in := spam.Input{Text: text, AccountAge: now.Sub(fromMS(created)), PublishedPosts: published}
	if len([]rune(spam.Normalize(body))) >= spam.MinRepeatRunes {
		if in.Repeats, err = db.repeats(ctx, viewer.ID, body, now); err != nil {
			return nil, err
		}
	}
	if r := spam.Score(in); r.Hold() {
		h := &hearth.Hold{Reason: hearth.ReasonSpam}
		for _, s := range r.Signals {
			f := hearth.HeldFinding{Field: "", Start: -1, End: -1, Type: s.Reason, Text: s.Text}
			switch {
			case s.Start < 0:
			case title != "" && s.End <= len(title):
				f.Field, f.Start, f.End = "title", s.Start, s.End
			case title != "":
				f.Field, f.Start, f.End = "body", s.Start-len(title)-1, s.End-len(title)-1
			default:
				f.Field, f.Start, f.End = "body", s.Start, s.End
			}
			h.Findings = append(h.Findings, f)
		}
		return h, nil
	}
	if hold == 1 && inCommunity == 0 {
		return &hearth.Hold{Reason: hearth.ReasonFirstPost}, nil
	}
	return nil, nil
}

// repeats counts the member's posts of the last day with the same text.
func (db *DB) repeats(ctx context.Context, memberID int64, body string, now time.Time) (int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT body FROM posts WHERE author_id = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT 20`,
		memberID, ms(now.Add(-24*time.Hour)))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	want, n := spam.Normalize(body), 0
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			return 0, err
		}
		if spam.Normalize(b) == want {
			n++
		}
	}
	return n, rows.Err()
}
