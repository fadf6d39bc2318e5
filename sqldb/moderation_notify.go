package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/hearth-community/hearth"
)

// Notices from the moderators are a subject type of notifications (see
// notify.go): a member hears of each action on their post or account in
// the app and, by default, by email at once. A notice is seen only by the
// member it is for; its text is the moderator's reason. The moderator is
// the notification's actor, but pages and mail say "the moderators", not
// who.

func init() { notifySubjects[hearth.SubjectNotice] = noticeSubject }

var noticeSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM mod_notices mn WHERE mn.id = n.subject_id AND mn.member_id = CAST($1 AS BIGINT))`,
	title: `(SELECT CASE mn.action
			WHEN 'hide' THEN 'A moderator hid your post'
			WHEN 'edit' THEN 'A moderator edited your post'
			WHEN 'remove' THEN 'A moderator removed your post'
			WHEN 'return' THEN 'A moderator returned your post to you'
			WHEN 'warn' THEN 'A moderator sent you a warning'
			WHEN 'suspend' THEN 'Your account is suspended'
			WHEN 'ban' THEN 'Your account was closed'
			WHEN 'lift' THEN 'Your suspension was lifted'
			ELSE 'A note from the moderators' END FROM mod_notices mn WHERE mn.id = n.subject_id)`,
	excerpt: `(SELECT SUBSTR(mn.reason, 1, 600) FROM mod_notices mn WHERE mn.id = n.subject_id)`,
	where: `(SELECT c.name FROM mod_notices mn JOIN posts p ON p.id = mn.post_id JOIN threads t ON t.id = p.thread_id
		JOIN communities c ON c.id = t.community_id WHERE mn.id = n.subject_id)`,
	path:   `('/notices#n' || CAST(n.subject_id AS TEXT))`,
	fanOut: fanOutNotice,
}

// fanOutNotice: the member the notice is for.
func fanOutNotice(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error) {
	var member, actor int64
	err := tx.QueryRowContext(ctx, `SELECT member_id, actor_id FROM mod_notices WHERE id = $1`, id).Scan(&member, &actor)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return []hearth.NewNotification{{Recipient: member, Kind: hearth.NotifyModeration, Actor: actor, Subject: hearth.Subject{Type: hearth.SubjectNotice, ID: id}}}, nil
}
