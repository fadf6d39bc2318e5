package hearth

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Anonymous posting (issue 13). Where a community allows it, a member may
// start a thread or reply as "a member". Storage keeps the real author
// (rate limits, spam scoring, holds and sanctions use it) and a flag; the
// queries that read posts, threads, search results and notifications
// never return the handle or the role of an anonymous post, so every page,
// feed, email and API answer built on them shows AnonymousAuthor. The one
// way to learn who wrote it is RevealAuthor: a moderator's audited action
// with a reason.

// AnonymousAuthor is what every reader sees instead of the handle of an
// anonymous post, the author included.
const AnonymousAuthor = "a member"

// ActReveal is the audited action of a moderator who looks up the author
// of an anonymous post.
const ActReveal ModAction = "reveal_author"

func init() { AuditActions = append(AuditActions, ActReveal) }

// AuthorName names the author of a post in running text: "@handle", or
// AnonymousAuthor. It is the one place that decides how an author is
// named; pages, feeds and emails call it through By and Summary.
func AuthorName(handle string, anonymous bool) string {
	if anonymous || handle == "" {
		return AnonymousAuthor
	}
	if IsDeletedHandle(handle) { // account.go
		return DeletedMemberLabel
	}
	return "@" + handle
}

// By names the post's author: "@handle" or "a member".
func (p *Post) By() string { return AuthorName(p.Author, p.Anonymous) }

// By names the member who started the thread: "@handle" or "a member".
func (t *Thread) By() string { return AuthorName(t.Author, t.Anonymous) }

// ErrAnonymousNotAllowed is the refusal of an anonymous post where the
// community does not allow them; the form keeps the member's text.
func ErrAnonymousNotAllowed(community string) error {
	return FieldErrorf("anonymous", "%s does not allow anonymous posts. Untick “Post anonymously” to post under your handle; your text is still here.", community)
}

// ValidateRevealReason cleans and checks a moderator's reason to reveal
// an author: it is required, because the audit log keeps it.
func ValidateRevealReason(reason string) (string, error) {
	if err := CheckText(reason); err != nil {
		return "", err
	}
	reason = strings.TrimSpace(strings.ReplaceAll(reason, "\r\n", "\n"))
	if reason == "" {
		return "", FieldErrorf("reason", "Please say why you need to know who wrote this post. The reason goes in the audit log.")
	}
	if n := utf8.RuneCountInString(reason); n > MaxModReasonRunes {
		return "", FieldErrorf("reason", "Your reason is %d characters long; please keep it under %d.", n, MaxModReasonRunes)
	}
	return reason, nil
}

// Revealed is the author of an anonymous post, as RevealAuthor tells the
// moderator who asked.
type Revealed struct {
	PostID int64  `json:"post_id"`
	Author string `json:"author"`
	Role   Role   `json:"author_role"`
	Reason string `json:"reason"`
}

// AnonymousService posts anonymously and reveals authors. Anonymous
// threads start through ThreadService.CreateThread with
// NewThread.Anonymous set.
type AnonymousService interface {
	// CreateAnonymousReply adds a reply shown as "a member"; the
	// community must allow it.
	CreateAnonymousReply(ctx context.Context, viewer *Member, threadID int64, body string) (*Post, error)
	// HoldAnonymousReply is CreateAnonymousReply for a reply that waits
	// for review.
	HoldAnonymousReply(ctx context.Context, viewer *Member, threadID int64, body string, h Hold) (*Post, error)
	// RevealAuthor tells a moderator of the post's community who wrote an
	// anonymous post, and writes the audit log with their reason. Others
	// get not found or forbidden, as for the post's moderation page.
	RevealAuthor(ctx context.Context, viewer *Member, postID int64, reason string) (*Revealed, error)
	// ListOwnAnonymousPosts lists the threads where the viewer posted
	// anonymously, for their own profile page only.
	ListOwnAnonymousPosts(ctx context.Context, viewer *Member, limit int) ([]*Thread, error)
}
