package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/markup"
)

// Notifications about stories and comments (see notify.go): each is a
// subject type whose visibility is decided when the notification is shown
// or mailed, with the same rules as the story pages (canReadStory,
// canSeeComment). CreateStory, CreateComment and ModerateComment call
// db.notifyTx inside their transactions.
//
// A guest's comment waits for approval, and notifies nobody until then:
// the story's author sees it on the story and its list ("N waiting for
// approval"). Approving it fans it out like a member's comment (issue 6),
// with the approving member as the notification's actor, since a
// notification names a member; it shows as "A guest commented"
// (notificationActor in anonymous.go), and the approver, who has just
// read it, is not told.

func init() {
	notifySubjects[hearth.SubjectStory] = storySubject
	notifySubjects[hearth.SubjectComment] = commentSubject
}

// storySubject: a story is seen by whoever may read it.
var storySubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM stories s WHERE s.id = n.subject_id AND ` + canReadStory + `)`,
	title:   `(SELECT s.title FROM stories s WHERE s.id = n.subject_id)`,
	excerpt: `(SELECT ` + warnedExcerpt("s") + ` FROM stories s WHERE s.id = n.subject_id)`, // care.go
	where:   `(SELECT 'stories by @' || a.handle FROM stories s JOIN members a ON a.id = s.author_id WHERE s.id = n.subject_id)`,
	path: `(SELECT '/u/' || a.handle || '/stories/' || CAST(s.id AS TEXT)
		FROM stories s JOIN members a ON a.id = s.author_id WHERE s.id = n.subject_id)`,
	fanOut: fanOutStory,
}

// commentSubject: a comment is seen by whoever may read its story, once
// published; a held one by the story's author and site moderators.
var commentSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM story_comments sc JOIN stories s ON s.id = sc.story_id
		WHERE sc.id = n.subject_id AND ` + canReadStory + ` AND ` + canSeeComment + `)`,
	title:   `(SELECT s.title FROM story_comments sc JOIN stories s ON s.id = sc.story_id WHERE sc.id = n.subject_id)`,
	excerpt: `(SELECT SUBSTR(sc.body, 1, 600) FROM story_comments sc WHERE sc.id = n.subject_id)`,
	where: `(SELECT 'stories by @' || a.handle FROM story_comments sc JOIN stories s ON s.id = sc.story_id
		JOIN members a ON a.id = s.author_id WHERE sc.id = n.subject_id)`,
	path: `(SELECT '/u/' || a.handle || '/stories/' || CAST(s.id AS TEXT) || '#c' || CAST(sc.id AS TEXT)
		FROM story_comments sc JOIN stories s ON s.id = sc.story_id JOIN members a ON a.id = s.author_id WHERE sc.id = n.subject_id)`,
	fanOut: fanOutComment,
}

// mentionRecipients returns the members mentioned in body, other than
// the author. Every member may read every story (public or members-only),
// so a mention needs no visibility check beyond the story's existence.
func mentionRecipients(ctx context.Context, tx *sql.Tx, body string, author int64) ([]int64, error) {
	handles := markup.Mentions(body)
	if len(handles) == 0 {
		return nil, nil
	}
	handles = handles[:min(len(handles), maxMentions)]
	args := []any{author}
	ph := make([]string, len(handles))
	for i, h := range handles {
		args = append(args, h)
		ph[i] = "$" + strconv.Itoa(i+2)
	}
	return recipients(ctx, tx, `SELECT m.id FROM members m WHERE m.handle IN (`+strings.Join(ph, ", ")+`) AND m.id <> $1 ORDER BY m.id`, args...)
}

// fanOutStory: members mentioned, then the author's followers.
func fanOutStory(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error) {
	var author int64
	var body string
	err := tx.QueryRowContext(ctx, `SELECT author_id, body FROM stories WHERE id = $1`, id).Scan(&author, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // deleted before the fan-out ran
	} else if err != nil {
		return nil, err
	}
	subject := hearth.Subject{Type: hearth.SubjectStory, ID: id}
	var out []hearth.NewNotification
	mentioned, err := mentionRecipients(ctx, tx, body, author)
	if err != nil {
		return nil, err
	}
	for _, m := range mentioned {
		out = append(out, hearth.NewNotification{Recipient: m, Kind: hearth.NotifyMention, Actor: author, Subject: subject})
	}
	followers, err := recipients(ctx, tx, `SELECT f.member_id FROM follows f WHERE f.target_kind = 'member' AND f.target_id = $1 AND f.member_id <> $1
		ORDER BY f.member_id`, author)
	for _, m := range followers {
		out = append(out, hearth.NewNotification{Recipient: m, Kind: hearth.NotifyStory, Actor: author, Subject: subject})
	}
	return out, err
}

// fanOutComment: members mentioned, the story's author, and for a reply
// the author of the comment it answers; never the comment's own author.
// Only published comments notify; a guest's once approved.
func fanOutComment(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error) {
	var author, storyAuthor, parentAuthor, approver sql.NullInt64
	var body, status string
	err := tx.QueryRowContext(ctx, `SELECT sc.author_id, s.author_id, p.author_id, sc.decided_by, sc.body, sc.status
		FROM story_comments sc JOIN stories s ON s.id = sc.story_id LEFT JOIN story_comments p ON p.id = sc.parent_id AND p.status = 'published'
		WHERE sc.id = $1`, id).Scan(&author, &storyAuthor, &parentAuthor, &approver, &body, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if status != hearth.StatusPublished {
		return nil, nil // held or removed
	}
	if !author.Valid {
		if !approver.Valid {
			return nil, nil // a guest's comment that nobody approved
		}
		author = approver // a guest's, approved: the approver acts
	}
	subject := hearth.Subject{Type: hearth.SubjectComment, ID: id}
	var out []hearth.NewNotification
	mentioned, err := mentionRecipients(ctx, tx, body, author.Int64)
	if err != nil {
		return nil, err
	}
	for _, m := range mentioned {
		out = append(out, hearth.NewNotification{Recipient: m, Kind: hearth.NotifyMention, Actor: author.Int64, Subject: subject})
	}
	for _, m := range []sql.NullInt64{parentAuthor, storyAuthor} {
		if m.Valid && m.Int64 != author.Int64 {
			out = append(out, hearth.NewNotification{Recipient: m.Int64, Kind: hearth.NotifyComment, Actor: author.Int64, Subject: subject})
		}
	}
	return out, nil
}
