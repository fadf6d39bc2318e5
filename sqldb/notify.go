package sqldb

// Follow and notify: follows, notifications, email choices and the data
// that mail jobs read. How it fits together:
//
//   - A write that publishes something (a thread, a reply, an approved
//     post; a story or comment in stories' storage) calls
//     db.notifyTx(ctx, tx, subject) inside its transaction. With a job
//     queue (DB.Jobs, package jobs) that inserts a durable fan-out job in
//     the same transaction; without one, the fan-out runs right there.
//   - The fan-out (FanOut) asks the subject type who hears about it
//     (notifySubjects), creates one notification per member and subject
//     (a retried fan-out adds nothing), and queues an email job for each
//     member who wants that kind immediately, all in one transaction.
//   - Notifications carry no copy of their subject: listing them, counting
//     them and mailing them read the subject and decide visibility in SQL
//     at that moment (notifySubject.visible), so a community turned
//     private, a post taken down or a member removed from a community
//     drops out of pages, digests and emails.
//
// Another subject type (stories) adds an entry to notifySubjects from its
// own file, in an init function, and calls db.notifyTx when it publishes.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/markup"
	"github.com/hearth-community/hearth/password"
)

var (
	_ hearth.NotifyService        = (*DB)(nil)
	_ hearth.PasswordResetService = (*DB)(nil)
)

// Enqueuer puts durable jobs in the database inside a storage
// transaction, so that a job exists exactly when the write that calls for
// it commits. jobs.Queue implements it. With DB.Jobs nil (command-line
// tools, tests of storage alone), notifications are created inside the
// writing transaction and no mail is queued.
type Enqueuer interface {
	// FanOutTx queues the notifications about a subject just published.
	FanOutTx(ctx context.Context, tx *sql.Tx, s hearth.Subject) error
	// EmailNotificationTx queues the immediate email about a notification.
	EmailNotificationTx(ctx context.Context, tx *sql.Tx, notificationID int64) error
	// PasswordResetTx queues a password reset email to an address.
	PasswordResetTx(ctx context.Context, tx *sql.Tx, email string) error
}

// notifySubject is how storage handles notifications about one type of
// subject. The SQL expressions are about a notification row n, with the
// recipient's ID in $1 and their staff flag in $2, as in canReadCommunity.
type notifySubject struct {
	// visible is true when the recipient may see the subject now.
	visible string
	// title, excerpt, where and path are text: the subject's title, the
	// Markdown it begins with, the place it is in and its URL path.
	title, excerpt, where, path string
	// fanOut lists who hears about a subject just published, most
	// specific reason first: a member listed twice keeps the first.
	fanOut func(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error)
}

// notifySubjects has one entry per subject type.
var notifySubjects = map[string]*notifySubject{}

func init() { notifySubjects[hearth.SubjectPost] = postSubject }

// postSubject: a post is seen by whoever may read its community, once it
// and its thread are published.
var postSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
		WHERE p.id = n.subject_id AND p.status = 'published' AND t.status = 'published' AND ` + canReadThread + `)`,
	title:   `(SELECT t.title FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = n.subject_id)`,
	excerpt: `(SELECT ` + warnedExcerpt("p") + ` FROM posts p WHERE p.id = n.subject_id)`, // care.go
	where: `(SELECT c.name FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
		WHERE p.id = n.subject_id)`,
	path: `(SELECT CASE WHEN p.position > 0
			THEN '/c/' || c.slug || '/t/' || CAST(t.id AS TEXT) || '?page=' || CAST((p.position + ` + strconv.Itoa(hearth.RepliesPerPage-1) + `) / ` +
		strconv.Itoa(hearth.RepliesPerPage) + ` AS TEXT) || '#p' || CAST(p.position AS TEXT)
			ELSE '/c/' || c.slug || '/t/' || CAST(t.id AS TEXT) END
		FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id WHERE p.id = n.subject_id)`,
	fanOut: fanOutPost,
}

// memberCanRead is canReadCommunity for the member aliased m (and the
// community c), for queries over many recipients at once.
const memberCanRead = `(c.visibility IN ('public','members') OR m.role IN ('moderator','admin')
	OR EXISTS (SELECT 1 FROM memberships rm WHERE rm.community_id = c.id AND rm.member_id = m.id AND rm.status = 'active'))`

// memberCanReadThread is memberCanRead for a thread that only its
// community's active members and staff may read (canReadThread).
const memberCanReadThread = `(` + memberCanRead + ` AND (m.role IN ('moderator','admin')
	OR EXISTS (SELECT 1 FROM memberships tam WHERE tam.community_id = c.id AND tam.member_id = m.id AND tam.status = 'active')))`

// maxMentions bounds how many members one post can notify by name, so
// that a post cannot be used to ping a whole site.
const maxMentions = 20

// fanOutPost: members mentioned, the thread's author for a reply, the
// thread's followers for a reply, the community's followers for a new
// thread; never the post's own author, and only members who may read it.
func fanOutPost(ctx context.Context, tx *sql.Tx, postID int64) ([]hearth.NewNotification, error) {
	var author, threadID, threadAuthor, communityID int64
	var position int
	var body, status, threadStatus, threadVis string
	err := tx.QueryRowContext(ctx, `SELECT p.author_id, p.thread_id, t.author_id, t.community_id, p.position, p.body, p.status, t.status, t.visibility
		FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1`, postID).
		Scan(&author, &threadID, &threadAuthor, &communityID, &position, &body, &status, &threadStatus, &threadVis)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // gone before the fan-out ran
	} else if err != nil {
		return nil, err
	}
	if status != hearth.StatusPublished || threadStatus != hearth.StatusPublished {
		return nil, nil // held: approval fans it out
	}
	subject := hearth.Subject{Type: hearth.SubjectPost, ID: postID}
	// memberCanRead below is memberCanReadThread for a thread only the
	// community's members may read (thread_privacy.go).
	memberCanRead := memberCanRead
	if threadVis != string(hearth.ThreadOpen) {
		memberCanRead = memberCanReadThread
	}
	var out []hearth.NewNotification
	add := func(kind hearth.NotifyKind, query string, args ...any) error {
		ids, err := recipients(ctx, tx, query, args...)
		for _, id := range ids {
			out = append(out, hearth.NewNotification{Recipient: id, Kind: kind, Actor: author, Subject: subject})
		}
		return err
	}
	if handles := markup.Mentions(body); len(handles) > 0 {
		handles = handles[:min(len(handles), maxMentions)]
		args := []any{communityID, author}
		ph := make([]string, len(handles))
		for i, h := range handles {
			args = append(args, h)
			ph[i] = "$" + strconv.Itoa(i+3)
		}
		if err := add(hearth.NotifyMention, `SELECT m.id FROM members m JOIN communities c ON c.id = $1
			WHERE m.handle IN (`+strings.Join(ph, ", ")+`) AND m.id <> $2 AND `+memberCanRead, args...); err != nil {
			return nil, err
		}
	}
	if position > 0 {
		if err := add(hearth.NotifyReply, `SELECT m.id FROM members m JOIN communities c ON c.id = $1
			WHERE m.id = $2 AND m.id <> $3 AND `+memberCanRead, communityID, threadAuthor, author); err != nil {
			return nil, err
		}
		if err := add(hearth.NotifyPost, `SELECT m.id FROM follows f JOIN members m ON m.id = f.member_id JOIN communities c ON c.id = $1
			WHERE f.target_kind = 'thread' AND f.target_id = $2 AND m.id <> $3 AND `+memberCanRead+` ORDER BY m.id`,
			communityID, threadID, author); err != nil {
			return nil, err
		}
	} else if err := add(hearth.NotifyThread, `SELECT m.id FROM follows f JOIN members m ON m.id = f.member_id JOIN communities c ON c.id = $1
		WHERE f.target_kind = 'community' AND f.target_id = $1 AND m.id <> $2 AND `+memberCanRead+` ORDER BY m.id`,
		communityID, author); err != nil {
		return nil, err
	}
	return out, nil
}

// recipients runs a query that selects member IDs.
func recipients(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

// notifyTx is called inside the transaction that publishes a subject.
func (db *DB) notifyTx(ctx context.Context, tx *sql.Tx, s hearth.Subject) error {
	if db.Jobs != nil {
		return db.Jobs.FanOutTx(ctx, tx, s)
	}
	_, err := db.fanOutTx(ctx, tx, s)
	return err
}

// FanOut creates the notifications about a subject and queues their
// immediate emails; done, when not nil, runs in the same transaction (a
// job's completion), so that the work and its record commit together. It
// returns how many notifications it created: none when run again.
func (db *DB) FanOut(ctx context.Context, s hearth.Subject, done func(tx *sql.Tx) error) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = db.fanOutTx(ctx, tx, s); err != nil {
			return err
		}
		if done != nil {
			return done(tx)
		}
		return nil
	})
	return n, err
}

func (db *DB) fanOutTx(ctx context.Context, tx *sql.Tx, s hearth.Subject) (int, error) {
	sub, ok := notifySubjects[s.Type]
	if !ok {
		return 0, fmt.Errorf("notify: no subject type %q", s.Type)
	}
	ns, err := sub.fanOut(ctx, tx, s.ID)
	if err != nil {
		return 0, err
	}
	return db.createNotifications(ctx, tx, ns)
}

// createNotifications inserts notifications, skipping a member's second
// one about the same subject, and queues the immediate emails.
func (db *DB) createNotifications(ctx context.Context, tx *sql.Tx, ns []hearth.NewNotification) (int, error) {
	now := ms(db.Now())
	created := 0
	seen := map[int64]bool{}
	for _, n := range ns {
		if seen[n.Recipient] || n.Recipient == n.Actor {
			continue
		}
		seen[n.Recipient] = true
		var id int64
		// Memorial and deleted accounts get nothing (account.go).
		err := tx.QueryRowContext(ctx, `INSERT INTO notifications (member_id, kind, actor_id, subject_type, subject_id, created_at)
			SELECT m.id, CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS TEXT), CAST($5 AS BIGINT), CAST($6 AS BIGINT) FROM members m
			WHERE m.id = $1 AND m.status = 'active' ON CONFLICT (member_id, subject_type, subject_id) DO NOTHING RETURNING id`,
			n.Recipient, string(n.Kind), n.Actor, n.Subject.Type, n.Subject.ID, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // already told about this subject
		} else if err != nil {
			return created, err
		}
		created++
		if db.Jobs == nil {
			continue
		}
		mode, err := emailMode(ctx, tx, n.Recipient, n.Kind)
		if err != nil {
			return created, err
		}
		if mode == hearth.EmailImmediately {
			if err := db.Jobs.EmailNotificationTx(ctx, tx, id); err != nil {
				return created, err
			}
		}
	}
	return created, nil
}

// emailMode returns a member's current choice for a kind.
func emailMode(ctx context.Context, q querier, memberID int64, kind hearth.NotifyKind) (hearth.EmailMode, error) {
	var mode string
	err := q.QueryRowContext(ctx, `SELECT email_mode FROM notify_prefs WHERE member_id = $1 AND kind = $2`, memberID, string(kind)).Scan(&mode)
	if errors.Is(err, sql.ErrNoRows) {
		return kind.DefaultEmail(), nil
	}
	return hearth.EmailMode(mode), err
}

// modeOf is the SQL for the current email mode of a notification n's
// kind for its member: their choice, or the kind's default.
func modeOf() string {
	var b strings.Builder
	b.WriteString(`COALESCE((SELECT np.email_mode FROM notify_prefs np WHERE np.member_id = n.member_id AND np.kind = n.kind), CASE n.kind`)
	for _, k := range hearth.NotifyKinds {
		fmt.Fprintf(&b, ` WHEN '%s' THEN '%s'`, k, k.DefaultEmail())
	}
	fmt.Fprintf(&b, ` WHEN '%s' THEN '%s'`, hearth.NotifyCrisis, hearth.EmailImmediately) // care.go
	b.WriteString(` ELSE 'never' END)`)
	return b.String()
}

// subjectTypes lists the registered subject types in a fixed order, so
// that the generated SQL is the same text every time.
func subjectTypes() []string {
	ts := make([]string, 0, len(notifySubjects))
	for t := range notifySubjects {
		ts = append(ts, t)
	}
	slices.Sort(ts)
	return ts
}

// notificationVisible is the SQL condition that the recipient ($1, staff
// flag $2) may see notification n's subject now.
func notificationVisible() string {
	var parts []string
	for _, t := range subjectTypes() {
		parts = append(parts, `(n.subject_type = '`+t+`' AND `+notifySubjects[t].visible+`)`)
	}
	return `(` + strings.Join(parts, ` OR `) + `)`
}

func subjectCase(field func(*notifySubject) string) string {
	var b strings.Builder
	b.WriteString(`COALESCE(CASE n.subject_type`)
	for _, t := range subjectTypes() {
		b.WriteString(` WHEN '` + t + `' THEN ` + field(notifySubjects[t]))
	}
	b.WriteString(` END, '')`)
	return b.String()
}

var (
	notificationSQLOnce sync.Once
	notificationSelect  string
	notificationVisSQL  string
)

// notificationSQL returns the SELECT of notifications (with their
// subjects, read now) and the visibility condition, built once after
// every subject type has registered.
func notificationSQL() (string, string) {
	notificationSQLOnce.Do(func() {
		notificationVisSQL = notificationVisible()
		notificationSelect = `SELECT n.id, n.kind, ` + notificationActor + `, n.subject_type, n.subject_id, n.created_at, n.read_at, ` +
			subjectCase(func(s *notifySubject) string { return s.title }) + `, ` +
			subjectCase(func(s *notifySubject) string { return s.excerpt }) + `, ` +
			subjectCase(func(s *notifySubject) string { return s.where }) + `, ` +
			subjectCase(func(s *notifySubject) string { return s.path }) + `
			FROM notifications n JOIN members a ON a.id = n.actor_id
			WHERE n.member_id = CAST($1 AS BIGINT) AND ` + notificationVisSQL
	})
	return notificationSelect, notificationVisSQL
}

func scanNotification(row interface{ Scan(...any) error }) (*hearth.Notification, error) {
	var n hearth.Notification
	var kind string
	var created int64
	var read sql.NullInt64
	if err := row.Scan(&n.ID, &kind, &n.Actor, &n.Subject.Type, &n.Subject.ID, &created, &read,
		&n.Title, &n.Excerpt, &n.Where, &n.URL); err != nil {
		return nil, err
	}
	n.Kind, n.CreatedAt, n.Read = hearth.NotifyKind(kind), fromMS(created), read.Valid
	n.Excerpt = Excerpter(n.Excerpt, 200)
	return &n, nil
}

// listNotifications runs the notification SELECT for a recipient with
// more conditions (their parameters from $3) and a tail (ORDER, LIMIT).
func (db *DB) listNotifications(ctx context.Context, q querier, recipient *hearth.Member, where, tail string, args ...any) ([]*hearth.Notification, error) {
	sel, _ := notificationSQL()
	vid, staff := viewerArgs(recipient)
	rows, err := q.QueryContext(ctx, sel+where+` `+tail, append([]any{vid, staff}, args...)...)
	return scanAll(rows, err, scanNotification)
}

func signInFirst() error {
	return hearth.Errorf(hearth.EUnauthorized, "Please sign in to see your notifications.")
}

// ListNotifications lists one page of the viewer's notifications that
// they may still see, newest first, and the page count.
func (db *DB) ListNotifications(ctx context.Context, viewer *hearth.Member, page int) ([]*hearth.Notification, int, error) {
	if viewer == nil {
		return nil, 0, signInFirst()
	}
	_, vis := notificationSQL()
	vid, staff := viewerArgs(viewer)
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications n WHERE n.member_id = CAST($1 AS BIGINT) AND `+vis,
		vid, staff).Scan(&total); err != nil {
		return nil, 0, err
	}
	pages := max(1, (total+hearth.NotificationsPerPage-1)/hearth.NotificationsPerPage)
	page = min(max(page, 1), pages)
	ns, err := db.listNotifications(ctx, db.read, viewer, ``, `ORDER BY n.id DESC LIMIT $3 OFFSET $4`,
		hearth.NotificationsPerPage, (page-1)*hearth.NotificationsPerPage)
	return ns, pages, err
}

// UnreadCap is where CountUnread stops counting; the header shows more
// as "20+".
const UnreadCap = 20

// CountUnread counts the viewer's unread notifications that they may
// still see, up to UnreadCap+1: an index range and a few lookups.
func (db *DB) CountUnread(ctx context.Context, viewer *hearth.Member) (int, error) {
	if viewer == nil {
		return 0, nil
	}
	_, vis := notificationSQL()
	vid, staff := viewerArgs(viewer)
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications n
		WHERE n.member_id = CAST($1 AS BIGINT) AND n.read_at IS NULL AND `+vis+` LIMIT $3) u`, vid, staff, UnreadCap+1).Scan(&n)
	return n, err
}

// MarkRead marks one of the viewer's notifications read.
func (db *DB) MarkRead(ctx context.Context, viewer *hearth.Member, id int64) error {
	if viewer == nil {
		return signInFirst()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE id = $1 AND member_id = $2`, id, viewer.ID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return hearth.Errorf(hearth.ENotFound, "There is no such notification.")
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL`, ms(db.Now()), id)
		return err
	})
}

// MarkAllRead marks every notification of the viewer read.
func (db *DB) MarkAllRead(ctx context.Context, viewer *hearth.Member) error {
	if viewer == nil {
		return signInFirst()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE member_id = $2 AND read_at IS NULL`, ms(db.Now()), viewer.ID)
		return err
	})
}

// FindNotification returns one of the viewer's notifications, if they
// may still see what it is about.
func (db *DB) FindNotification(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Notification, error) {
	if viewer == nil {
		return nil, signInFirst()
	}
	ns, err := db.listNotifications(ctx, db.read, viewer, ` AND n.id = $3`, ``, id)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, hearth.Errorf(hearth.ENotFound, "This notification is about something you can no longer see, or it does not exist.")
	}
	return ns[0], nil
}

// Follows.

// followKind is how storage finds and lists one kind of follow target.
type followKind struct {
	// resolve returns the target's ID; with mustSee, only if the viewer
	// may see it now (following), else whenever it exists (unfollowing).
	resolve func(ctx context.Context, q querier, viewer *hearth.Member, key string, mustSee bool) (int64, error)
	// list returns the viewer's follows of this kind that they may see.
	list func(ctx context.Context, q querier, viewer *hearth.Member) ([]*hearth.Follow, error)
}

// followKinds has one entry per kind that can be followed today; events
// add theirs from their own file.
var followKinds = map[hearth.FollowKind]*followKind{}

func init() {
	followKinds[hearth.FollowCommunity] = &followKind{resolve: resolveCommunity, list: listFollowedCommunities}
	followKinds[hearth.FollowThread] = &followKind{resolve: resolveThread, list: listFollowedThreads}
	followKinds[hearth.FollowMember] = &followKind{resolve: resolveMember, list: listFollowedMembers}
}

func resolveCommunity(ctx context.Context, q querier, viewer *hearth.Member, key string, mustSee bool) (int64, error) {
	c, err := findCommunity(ctx, q, viewer, key, mustSee)
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}

func resolveThread(ctx context.Context, q querier, viewer *hearth.Member, key string, mustSee bool) (int64, error) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id <= 0 {
		return 0, notFoundThread()
	}
	if !mustSee {
		return id, nil
	}
	t, _, err := findThread(ctx, q, viewer, id)
	if err != nil {
		return 0, err
	}
	return t.ID, nil
}

func resolveMember(ctx context.Context, q querier, viewer *hearth.Member, key string, mustSee bool) (int64, error) {
	handle := hearth.NormalizeHandle(key)
	var id int64
	// A deleted account cannot be followed (account.go).
	err := q.QueryRowContext(ctx, `SELECT id FROM members WHERE handle = $1 AND status <> 'deleted'`, handle).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, hearth.Errorf(hearth.ENotFound, "There is no member called @%s.", hearth.DisplayHandle(handle))
	} else if err != nil {
		return 0, err
	}
	if mustSee && id == viewer.ID {
		return 0, hearth.Errorf(hearth.EInvalid, "You cannot follow yourself.")
	}
	return id, nil
}

func scanFollows(rows *sql.Rows, err error, kind hearth.FollowKind) ([]*hearth.Follow, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hearth.Follow
	for rows.Next() {
		f := &hearth.Follow{Kind: kind}
		var created int64
		if err := rows.Scan(&f.Key, &f.Title, &f.URL, &created); err != nil {
			return nil, err
		}
		f.CreatedAt = fromMS(created)
		out = append(out, f)
	}
	return out, rows.Err()
}

func listFollowedCommunities(ctx context.Context, q querier, viewer *hearth.Member) ([]*hearth.Follow, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := q.QueryContext(ctx, `SELECT c.slug, c.name, '/c/' || c.slug, f.created_at FROM follows f JOIN communities c ON c.id = f.target_id
		WHERE f.member_id = CAST($1 AS BIGINT) AND f.target_kind = 'community' AND `+canReadCommunity+` ORDER BY c.name`, vid, staff)
	return scanFollows(rows, err, hearth.FollowCommunity)
}

func listFollowedThreads(ctx context.Context, q querier, viewer *hearth.Member) ([]*hearth.Follow, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := q.QueryContext(ctx, `SELECT CAST(t.id AS TEXT), t.title, '/c/' || c.slug || '/t/' || CAST(t.id AS TEXT), f.created_at
		FROM follows f JOIN threads t ON t.id = f.target_id JOIN communities c ON c.id = t.community_id
		WHERE f.member_id = CAST($1 AS BIGINT) AND f.target_kind = 'thread' AND t.status = 'published' AND `+canReadThread+`
		ORDER BY t.last_activity_at DESC`, vid, staff)
	return scanFollows(rows, err, hearth.FollowThread)
}

func listFollowedMembers(ctx context.Context, q querier, viewer *hearth.Member) ([]*hearth.Follow, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.handle, '@' || m.handle, '/u/' || m.handle, f.created_at FROM follows f JOIN members m ON m.id = f.target_id
		WHERE f.member_id = $1 AND f.target_kind = 'member' ORDER BY m.handle`, viewer.ID)
	return scanFollows(rows, err, hearth.FollowMember)
}

func findFollowKind(viewer *hearth.Member, t hearth.FollowTarget) (*followKind, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to follow.")
	}
	fk, ok := followKinds[t.Kind]
	if !ok {
		return nil, hearth.FieldErrorf("kind", "You can follow a community, a thread or a member; %q is not one of them.", string(t.Kind))
	}
	return fk, nil
}

// Follow makes the viewer follow a target they may see. Following twice
// is following once.
func (db *DB) Follow(ctx context.Context, viewer *hearth.Member, t hearth.FollowTarget) error {
	fk, err := findFollowKind(viewer, t)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := fk.resolve(ctx, tx, viewer, t.Key, true)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO follows (member_id, target_kind, target_id, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (member_id, target_kind, target_id) DO NOTHING`, viewer.ID, string(t.Kind), id, ms(db.Now()))
		return err
	})
}

// Unfollow stops the viewer following a target, even one they may no
// longer see.
func (db *DB) Unfollow(ctx context.Context, viewer *hearth.Member, t hearth.FollowTarget) error {
	fk, err := findFollowKind(viewer, t)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := fk.resolve(ctx, tx, viewer, t.Key, false)
		if hearth.ErrorCode(err) == hearth.ENotFound {
			return nil
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM follows WHERE member_id = $1 AND target_kind = $2 AND target_id = $3`, viewer.ID, string(t.Kind), id)
		return err
	})
}

// IsFollowing reports whether the viewer follows a target.
func (db *DB) IsFollowing(ctx context.Context, viewer *hearth.Member, t hearth.FollowTarget) (bool, error) {
	if viewer == nil {
		return false, nil
	}
	fk, err := findFollowKind(viewer, t)
	if err != nil {
		return false, err
	}
	id, err := fk.resolve(ctx, db.read, viewer, t.Key, false)
	if hearth.ErrorCode(err) == hearth.ENotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM follows WHERE member_id = $1 AND target_kind = $2 AND target_id = $3`,
		viewer.ID, string(t.Kind), id).Scan(&n)
	return n > 0, err
}

// ListFollows lists what the viewer follows and may still see.
func (db *DB) ListFollows(ctx context.Context, viewer *hearth.Member) ([]*hearth.Follow, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to see what you follow.")
	}
	var out []*hearth.Follow
	for _, k := range hearth.FollowKinds {
		fk, ok := followKinds[k]
		if !ok {
			continue
		}
		fs, err := fk.list(ctx, db.read, viewer)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}

// Email choices.

// NotifyPrefs returns the viewer's email choice for every kind.
func (db *DB) NotifyPrefs(ctx context.Context, viewer *hearth.Member) (hearth.NotifyPrefs, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to choose your email settings.")
	}
	return notifyPrefs(ctx, db.read, viewer.ID)
}

func notifyPrefs(ctx context.Context, q querier, memberID int64) (hearth.NotifyPrefs, error) {
	p := hearth.NotifyPrefs{}
	for _, k := range hearth.NotifyKinds {
		p[k] = k.DefaultEmail()
	}
	rows, err := q.QueryContext(ctx, `SELECT kind, email_mode FROM notify_prefs WHERE member_id = $1`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, m string
		if err := rows.Scan(&k, &m); err != nil {
			return nil, err
		}
		if hearth.NotifyKind(k).Valid() {
			p[hearth.NotifyKind(k)] = hearth.EmailMode(m)
		}
	}
	return p, rows.Err()
}

// SetNotifyPrefs stores the viewer's choices for the kinds given.
func (db *DB) SetNotifyPrefs(ctx context.Context, viewer *hearth.Member, p hearth.NotifyPrefs) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to choose your email settings.")
	}
	for k, m := range p {
		if !k.Valid() {
			return hearth.FieldErrorf(string(k), "There is no kind of notification called %q.", string(k))
		}
		if !m.Valid() {
			return hearth.FieldErrorf(string(k), "Please choose right away, daily, weekly or no email for %q.", k.Label())
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return setPrefs(ctx, tx, viewer.ID, p) })
}

func setPrefs(ctx context.Context, tx *sql.Tx, memberID int64, p hearth.NotifyPrefs) error {
	for _, k := range hearth.NotifyKinds {
		m, ok := p[k]
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notify_prefs (member_id, kind, email_mode) VALUES ($1, $2, $3)
			ON CONFLICT (member_id, kind) DO UPDATE SET email_mode = EXCLUDED.email_mode`, memberID, string(k), string(m)); err != nil {
			return err
		}
	}
	return nil
}

// One-click unsubscribe (RFC 8058): a link carries a token signed with a
// key the site keeps in its database, naming a member and a scope, so
// that it works without a session and cannot be forged or widened.

// Unsubscribe scopes: one kind ("kind:mention"), every kind a digest
// carries ("daily", "weekly"), or all mail ("all").
const (
	ScopeDaily  = "daily"
	ScopeWeekly = "weekly"
	ScopeAll    = "all"
)

// ScopeKind is the scope of one kind's emails.
func ScopeKind(k hearth.NotifyKind) string { return "kind:" + string(k) }

var siteKeys sync.Map // "name\x00" + db pointer → []byte

// siteKey returns a named secret, creating it on first use. Every node
// reads the same row, whichever made it.
func (db *DB) siteKey(ctx context.Context, name string) ([]byte, error) {
	cacheKey := fmt.Sprintf("%s\x00%p", name, db)
	if k, ok := siteKeys.Load(cacheKey); ok {
		return k.([]byte), nil
	}
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM site_keys WHERE name = $1`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		if err := db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO site_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
				name, hex.EncodeToString(b), ms(db.Now())); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, `SELECT value FROM site_keys WHERE name = $1`, name).Scan(&v)
		}); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	k, err := hex.DecodeString(v)
	if err != nil {
		return nil, err
	}
	siteKeys.Store(cacheKey, k)
	return k, nil
}

// UnsubscribeToken returns a token that turns off a member's mail of a
// scope.
func (db *DB) UnsubscribeToken(ctx context.Context, memberID int64, scope string) (string, error) {
	key, err := db.siteKey(ctx, "unsubscribe")
	if err != nil {
		return "", err
	}
	payload := "1:" + strconv.FormatInt(memberID, 10) + ":" + scope
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18]), nil
}

var errBadUnsubscribe = hearth.Errorf(hearth.ENotFound, "This unsubscribe link is not valid. It may have been cut short by your email program; you can also choose your email settings after signing in.")

// parseUnsubscribe checks a token's signature and returns what it names.
func (db *DB) parseUnsubscribe(ctx context.Context, token string) (int64, string, error) {
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return 0, "", errBadUnsubscribe
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	got, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return 0, "", errBadUnsubscribe
	}
	key, err := db.siteKey(ctx, "unsubscribe")
	if err != nil {
		return 0, "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(payload)
	if !hmac.Equal(got, mac.Sum(nil)[:18]) {
		return 0, "", errBadUnsubscribe
	}
	parts := strings.SplitN(string(payload), ":", 3)
	if len(parts) != 3 || parts[0] != "1" {
		return 0, "", errBadUnsubscribe
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return 0, "", errBadUnsubscribe
	}
	return id, parts[2], nil
}

// scopeKinds returns the kinds a scope turns off, given current choices.
func scopeKinds(scope string, p hearth.NotifyPrefs) []hearth.NotifyKind {
	var ks []hearth.NotifyKind
	for _, k := range hearth.NotifyKinds {
		switch {
		case scope == ScopeAll,
			scope == ScopeKind(k),
			scope == ScopeDaily && p.Mode(k) == hearth.EmailDaily,
			scope == ScopeWeekly && p.Mode(k) == hearth.EmailWeekly:
			ks = append(ks, k)
		}
	}
	return ks
}

func describeScope(scope string) string {
	switch {
	case scope == ScopeAll:
		return "all email from this site"
	case scope == ScopeDaily:
		return "the daily digest"
	case scope == ScopeWeekly:
		return "the weekly digest"
	case strings.HasPrefix(scope, "kind:"):
		return "email when: " + strings.ToLower(hearth.NotifyKind(strings.TrimPrefix(scope, "kind:")).Label())
	}
	return "this email"
}

// CheckUnsubscribe says what a token would turn off.
func (db *DB) CheckUnsubscribe(ctx context.Context, token string) (string, error) {
	_, scope, err := db.parseUnsubscribe(ctx, token)
	if err != nil {
		return "", err
	}
	return describeScope(scope), nil
}

// Unsubscribe turns off what a token names and says what that was. Using
// a token twice is harmless.
func (db *DB) Unsubscribe(ctx context.Context, token string) (string, error) {
	memberID, scope, err := db.parseUnsubscribe(ctx, token)
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := notifyPrefs(ctx, tx, memberID)
		if err != nil {
			return err
		}
		off := hearth.NotifyPrefs{}
		for _, k := range scopeKinds(scope, p) {
			off[k] = hearth.EmailNever
		}
		return setPrefs(ctx, tx, memberID, off)
	})
	if err != nil {
		return "", err
	}
	return describeScope(scope), nil
}

// Data for mail jobs.

// findMemberByID returns a member by ID.
func findMemberByID(ctx context.Context, q querier, id int64) (*hearth.Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "There is no such member.")
	}
	return m, err
}

// errNothingToSend says a mail job has nothing (left) to send.
func errNothingToSend(why string) error {
	return hearth.Errorf(hearth.ENotFound, "nothing to send: %s", why)
}

// NotificationMail returns a notification and its recipient when it
// should be emailed now: not emailed yet, not read, about something the
// recipient may still see, of a kind they want right away. Otherwise the
// error has the code not_found.
func (db *DB) NotificationMail(ctx context.Context, id int64) (*hearth.Member, *hearth.Notification, error) {
	var memberID int64
	err := db.read.QueryRowContext(ctx, `SELECT member_id FROM notifications WHERE id = $1`, id).Scan(&memberID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errNothingToSend("the notification is gone")
	} else if err != nil {
		return nil, nil, err
	}
	m, err := findMemberByID(ctx, db.read, memberID)
	if err != nil {
		return nil, nil, err
	}
	ns, err := db.listNotifications(ctx, db.read, m, ` AND n.id = $3 AND n.emailed_at IS NULL AND n.read_at IS NULL AND `+modeOf()+` = 'immediate'`, ``, id)
	if err != nil {
		return nil, nil, err
	}
	if len(ns) == 0 {
		return nil, nil, errNothingToSend("already emailed or read, no longer visible, or not wanted right away")
	}
	return m, ns[0], nil
}

// MaxDigestItems bounds one digest; the rest wait for the next one, and
// every notification is on the notifications page.
const MaxDigestItems = 50

// DigestLookback bounds how far back a digest reaches: older unmailed
// notifications stay in the app only.
const DigestLookback = 14 * 24 * time.Hour

// DigestMembers lists the members who have notifications for a digest of
// period (daily or weekly) that ends at until.
func (db *DB) DigestMembers(ctx context.Context, period hearth.EmailMode, until time.Time) ([]int64, error) {
	return recipients(ctx, db.read, `SELECT DISTINCT n.member_id FROM notifications n
		WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at >= $1 AND n.created_at < $2 AND `+modeOf()+` = $3
		ORDER BY n.member_id`, ms(until.Add(-DigestLookback)), ms(until), string(period))
}

// Digest returns a member and their digest for period ending at until:
// their unread notifications not emailed yet, of kinds they get in that
// digest, about what they may see now; oldest first.
func (db *DB) Digest(ctx context.Context, memberID int64, period hearth.EmailMode, until time.Time) (*hearth.Member, []*hearth.Notification, error) {
	m, err := findMemberByID(ctx, db.read, memberID)
	if err != nil {
		return nil, nil, err
	}
	ns, err := db.listNotifications(ctx, db.read, m,
		` AND n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at >= $3 AND n.created_at < $4 AND `+modeOf()+` = $5`,
		`ORDER BY n.id LIMIT $6`, ms(until.Add(-DigestLookback)), ms(until), string(period), MaxDigestItems)
	return m, ns, err
}

// MailRecord is a message handed to the mail server or logged.
type MailRecord struct {
	MessageID string
	MemberID  int64
	// Kind is "notification", "digest" or "password_reset".
	Kind string
	// Status is "sent", or "logged" when no mail server is configured.
	Status string
	// Notifications lists the notifications the message carried.
	Notifications []int64
}

// MailSent reports whether a message was already handed over (or logged).
func (db *DB) MailSent(ctx context.Context, messageID string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_log WHERE message_id = $1`, messageID).Scan(&n)
	return n > 0, err
}

// RecordMail records a message and marks the notifications it carried as
// emailed; done, when not nil, runs in the same transaction (the job's
// completion), so that a job never completes without its record.
func (db *DB) RecordMail(ctx context.Context, r MailRecord, done func(tx *sql.Tx) error) error {
	now := ms(db.Now())
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var member any
		if r.MemberID > 0 {
			member = r.MemberID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mail_log (message_id, member_id, kind, status, items, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (message_id) DO NOTHING`, r.MessageID, member, r.Kind, r.Status, len(r.Notifications), now); err != nil {
			return err
		}
		for _, id := range r.Notifications {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET emailed_at = $1, message_id = $2 WHERE id = $3 AND emailed_at IS NULL`,
				now, r.MessageID, id); err != nil {
				return err
			}
		}
		if done != nil {
			return done(tx)
		}
		return nil
	})
}

// MailCounts counts the messages in the mail log by status.
func (db *DB) MailCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM mail_log GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// Password reset.

func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// RequestPasswordReset queues a reset email for an address. It does the
// same work whether or not an account has that address (the job looks),
// so that neither its answer nor its timing tells.
func (db *DB) RequestPasswordReset(ctx context.Context, email string) error {
	email = normalizeEmail(email)
	if email == "" || len(email) > 254 || !strings.Contains(email, "@") {
		return hearth.FieldErrorf("email", "Please enter the email address you signed up with.")
	}
	if db.Jobs == nil {
		return hearth.Errorf(hearth.EInternal, "password reset: no job queue to send mail")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.Jobs.PasswordResetTx(ctx, tx, email) })
}

// PasswordResetMail is what a reset email carries.
type PasswordResetMail struct {
	Member *hearth.Member
	Token  string
}

// PreparePasswordReset makes a reset token for the account with an email
// address, stored hashed under requestKey (the job's key): a retried job
// replaces its own earlier token, which was never delivered. With no
// such account the error has the code not_found.
func (db *DB) PreparePasswordReset(ctx context.Context, email, requestKey string) (*PasswordResetMail, error) {
	now := db.Now()
	token, hash := newToken("")
	var out *PasswordResetMail
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		m, err := scanMember(tx.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.email_lower = $1`, normalizeEmail(email)))
		if errors.Is(err, sql.ErrNoRows) {
			return errNothingToSend("no account has this address")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (member_id, token_hash, request_key, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (request_key) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
			m.ID, hash, requestKey, ms(now), ms(now.Add(hearth.PasswordResetLifetime))); err != nil {
			return err
		}
		out = &PasswordResetMail{Member: m, Token: token}
		return nil
	})
	return out, err
}

var errBadReset = hearth.Errorf(hearth.ENotFound, "This password reset link has expired or was already used. Links work once, for one hour. You can ask for a new one.")

// CheckPasswordReset reports whether a reset token is still usable.
func (db *DB) CheckPasswordReset(ctx context.Context, token string) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		hashToken(token), ms(db.Now())).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errBadReset
	}
	return nil
}

// ResetPassword sets a new password with a reset token, uses up the
// token (and any other of the account's), and ends every session.
func (db *DB) ResetPassword(ctx context.Context, token, newPassword string) (*hearth.Member, error) {
	if err := hearth.CheckText(newPassword); err != nil {
		return nil, err
	}
	if err := hearth.ValidatePassword(newPassword); err != nil {
		return nil, err
	}
	if err := db.CheckPasswordReset(ctx, token); err != nil {
		return nil, err
	}
	hash, err := password.Hash(newPassword, db.passwordParams())
	if err != nil {
		return nil, err
	}
	now := ms(db.Now())
	var m *hearth.Member
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var memberID int64
		err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
			RETURNING member_id`, now, hashToken(token)).Scan(&memberID)
		if errors.Is(err, sql.ErrNoRows) {
			return errBadReset // used by a request that won the race
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET password_hash = $1 WHERE id = $2`, hash, memberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE member_id = $2 AND used_at IS NULL`, now, memberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE member_id = $1`, memberID); err != nil {
			return err
		}
		m, err = findMemberByID(ctx, tx, memberID)
		return err
	})
	return m, err
}

// SettleSeededNotifications marks seeded history (the demo): the
// notifications created before readBefore are read, and every one is
// marked emailed, so that no digest mails the past.
func (db *DB) SettleSeededNotifications(ctx context.Context, readBefore time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = created_at WHERE read_at IS NULL AND created_at < $1`, ms(readBefore)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET emailed_at = created_at WHERE emailed_at IS NULL`)
		return err
	})
}
