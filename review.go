package hearth

import (
	"context"
	"time"
)

// Post statuses. Published posts are read by everyone who may read the
// community; a held post waits for a moderator and is seen only by its
// author and the site's moderators; a rejected post is seen only by its
// author, with the moderator's note. A thread carries the status of its
// opening post.
const (
	StatusPublished = "published"
	StatusHeld      = "held"
	StatusRejected  = "rejected"
)

// Review reasons.
const (
	// ReasonPrivacy: the privacy guard found identifiers and the author's
	// role sends such posts to review (see Role.HeldForReview).
	ReasonPrivacy = "privacy"
)

// HeldForReview reports whether a post by role r that still holds
// identifiers after the author's check goes to a moderator instead of
// being published. Clinicians and staff must never publish patient
// identifiers. Mentors are members who volunteer: like any member, their
// own family's story is theirs to tell, so they may publish anyway.
func (r Role) HeldForReview() bool {
	return r == RoleClinician || r == RoleModerator || r == RoleAdmin
}

// Hold asks storage to keep a new or edited post from readers until a
// moderator reviews it.
type Hold struct {
	Reason   string
	Findings []HeldFinding
}

// HeldFinding is what made the guard hold a post: a span of the post's
// title or body, in byte offsets into the text as stored.
type HeldFinding struct {
	Field string `json:"field"` // "title" or "body"
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	Text  string `json:"text"`
}

// Review is a held post in the review queue, with its thread.
type Review struct {
	ID        int64
	Reason    string
	Findings  []HeldFinding
	CreatedAt time.Time
	Post      *Post
	Thread    *Thread
}

// ReviewService holds posts for review and lets site moderators decide.
type ReviewService interface {
	// HoldThread, HoldReply and HoldEdit are CreateThread, CreateReply
	// and EditPost for a post that must wait for review.
	HoldThread(ctx context.Context, viewer *Member, slug string, n NewThread, h Hold) (*Thread, error)
	HoldReply(ctx context.Context, viewer *Member, threadID int64, body string, h Hold) (*Post, error)
	HoldEdit(ctx context.Context, viewer *Member, postID int64, body string, h Hold) (*Post, error)
	// ListReviews lists the open reviews, oldest first, for site staff.
	ListReviews(ctx context.Context, viewer *Member) ([]*Review, error)
	// DecideReview publishes the post (approve) or returns it to its
	// author with a note (reject).
	DecideReview(ctx context.Context, viewer *Member, reviewID int64, approve bool, note string) error
}
