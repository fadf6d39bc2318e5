package hearth

import (
	"context"
	"html/template"
	"time"
)

// Thread is a conversation in a community. Its opening post is Posts[0]
// in storage; Thread carries the summary shown in lists.
type Thread struct {
	ID             int64     `json:"id"`
	CommunityID    int64     `json:"-"`
	CommunitySlug  string    `json:"community"`
	CommunityName  string    `json:"community_name"`
	Title          string    `json:"title"`
	Author         string    `json:"author,omitempty"`
	AuthorRole     Role      `json:"author_role,omitempty"`
	Excerpt        string    `json:"excerpt"`
	ReplyCount     int       `json:"reply_count"`
	CreatedAt      time.Time `json:"created_at"`
	LastActivityAt time.Time `json:"last_activity_at"`
	// Status is StatusPublished, or held or rejected (see review.go).
	Status string `json:"status"`
	// Visibility is ThreadOpen, or ThreadCommunity for a thread only the
	// community's active members and staff may read (thread_privacy.go).
	Visibility ThreadVisibility `json:"visibility"`
	// Anonymous: the thread was started anonymously; Author and
	// AuthorRole are empty (anonymous.go).
	Anonymous bool `json:"anonymous,omitempty"`
}

// Post is the opening post or a reply.
type Post struct {
	ID         int64         `json:"id"`
	ThreadID   int64         `json:"thread_id"`
	Position   int           `json:"position"`
	Author     string        `json:"author,omitempty"`
	AuthorID   int64         `json:"-"`
	AuthorRole Role          `json:"author_role,omitempty"`
	Body       string        `json:"body"`
	BodyHTML   template.HTML `json:"body_html"`
	CreatedAt  time.Time     `json:"created_at"`
	EditedAt   *time.Time    `json:"edited_at,omitempty"`
	// Status is StatusPublished, or held or rejected (see review.go);
	// ReviewNote is the moderator's note on a rejected post.
	Status     string `json:"status"`
	ReviewNote string `json:"review_note,omitempty"`
	// ModNote is a moderator's note on a post they edited, shown to every
	// reader (moderation.go).
	ModNote string `json:"mod_note,omitempty"`
	// AuthorModerates: the author moderates the thread's community (set
	// on the pages of a thread).
	AuthorModerates bool `json:"author_moderates,omitempty"`
	// Anonymous: posted as "a member"; Author and AuthorRole are empty
	// for every reader (anonymous.go). AuthorID stays, for the author's
	// own rights, and never leaves the server.
	Anonymous bool `json:"anonymous,omitempty"`
	// Warning is the author's content warning (care.go), if any.
	Warning ContentWarning `json:"content_warning"`
}

// Revision is an earlier version of a post, kept when it is edited.
type Revision struct {
	Body     string        `json:"body"`
	BodyHTML template.HTML `json:"body_html"`
	// EditedAt is when this version was replaced.
	EditedAt time.Time `json:"edited_at"`
}

// ThreadPage is one page of a thread: the opening post and some replies.
type ThreadPage struct {
	Thread    *Thread
	Community *Community
	Opening   *Post
	Replies   []*Post
	Page      int
	Pages     int
}

// RepliesPerPage is how many replies one page of a thread shows.
const RepliesPerPage = 50

// ThreadsPerPage is how many threads one page of a community lists.
const ThreadsPerPage = 30

// NewThread is a new thread from a member.
type NewThread struct {
	Title string
	Body  string
	// Visibility is ThreadOpen or ThreadCommunity; empty takes the
	// community's default (Community.ThreadDefault).
	Visibility ThreadVisibility
	// Anonymous posts it as "a member", where the community allows it
	// (anonymous.go).
	Anonymous bool
}

// Validate cleans and checks a new thread.
func (n *NewThread) Validate() error {
	if err := CheckText(n.Title, n.Body); err != nil {
		return err
	}
	if n.Visibility != "" && !n.Visibility.Valid() {
		return FieldErrorf("visibility", "Choose who may read the thread: everyone who may read the community, or its members only.")
	}
	var err error
	if n.Title, err = CleanTitle(n.Title); err != nil {
		return err
	}
	n.Body, err = CleanBody(n.Body)
	return err
}

// Renderer turns Markdown into safe HTML; markup.Render satisfies it.
type Renderer func(src string) template.HTML

// ThreadService manages threads and posts, with the same visibility rule
// as CommunityService: what the viewer may not read is not found.
type ThreadService interface {
	CreateThread(ctx context.Context, viewer *Member, slug string, n NewThread) (*Thread, error)
	CreateReply(ctx context.Context, viewer *Member, threadID int64, body string) (*Post, error)
	FindThreadPage(ctx context.Context, viewer *Member, threadID int64, page int) (*ThreadPage, error)
	FindPost(ctx context.Context, viewer *Member, postID int64) (*Post, *Thread, error)
	EditPost(ctx context.Context, viewer *Member, postID int64, body string) (*Post, error)
	ListRevisions(ctx context.Context, viewer *Member, postID int64) ([]*Revision, error)
	// ListThreads lists a community's threads, most recently active first.
	ListThreads(ctx context.Context, viewer *Member, slug string, page int) ([]*Thread, int, error)
	// RecentThreads lists the most recently active threads the viewer may read.
	RecentThreads(ctx context.Context, viewer *Member, limit int) ([]*Thread, error)
	// ListMemberPosts lists a member's recent posts that the viewer may read.
	ListMemberPosts(ctx context.Context, viewer *Member, handle string, limit int) ([]*Thread, error)
}
