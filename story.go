package hearth

import (
	"context"
	"html/template"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Story is a post in a member's own blog inside the site. Stories are
// public by default; the author may choose MembersOnly, which lets any
// signed-in member read it. Private (approved members only) belongs to
// communities and is not offered for stories.
type Story struct {
	ID         int64         `json:"id"`
	AuthorID   int64         `json:"-"`
	Author     string        `json:"author"`
	AuthorRole Role          `json:"author_role"`
	Title      string        `json:"title"`
	Body       string        `json:"body"`
	BodyHTML   template.HTML `json:"body_html"`
	Excerpt    string        `json:"excerpt"`
	Visibility Visibility    `json:"visibility"`
	// Cover names the story's cover image (an Upload), if it has one.
	Cover       string `json:"cover,omitempty"`
	CoverAlt    string `json:"cover_alt,omitempty"`
	CoverWidth  int    `json:"-"`
	CoverHeight int    `json:"-"`
	// CommentCount counts published comments only.
	CommentCount int        `json:"comment_count"`
	CreatedAt    time.Time  `json:"created_at"`
	EditedAt     *time.Time `json:"edited_at,omitempty"`

	// HeldCount counts comments waiting for approval. It is filled in
	// only for the story's author and site moderators.
	HeldCount int `json:"held_count,omitempty"`
	// Warning is the author's content warning (care.go), if any.
	Warning ContentWarning `json:"content_warning"`
}

// IsPublic reports whether anyone, signed in or not, may read s. Only
// public stories get feeds, Open Graph tags and share links.
func (s *Story) IsPublic() bool { return s.Visibility == Public }

// CanModerate reports whether the viewer approves and removes comments on
// s: its author and the site's moderators.
func (s *Story) CanModerate(viewer *Member) bool {
	return viewer != nil && (viewer.ID == s.AuthorID || viewer.IsStaff())
}

// Comment statuses. A comment is published or held (see review.go); a
// removed comment is kept for the record but shown to nobody.
const CommentRemoved = "removed"

// Comment is a comment on a story, by a member or by a guest. A guest's
// email address is write-only: it is stored, but no read returns it, so
// it cannot reach a page, the API or an export.
type Comment struct {
	ID       int64 `json:"id"`
	StoryID  int64 `json:"story_id"`
	ParentID int64 `json:"parent_id,omitempty"`
	// Author is the member's handle; empty for a guest.
	Author     string `json:"author,omitempty"`
	AuthorID   int64  `json:"-"`
	AuthorRole Role   `json:"author_role,omitempty"`
	// GuestName and GuestWebsite are set for guests only.
	GuestName    string        `json:"guest_name,omitempty"`
	GuestWebsite string        `json:"guest_website,omitempty"`
	Body         string        `json:"body"`
	BodyHTML     template.HTML `json:"body_html"`
	// Status is StatusPublished or StatusHeld.
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	Replies   []*Comment `json:"replies,omitempty"`
}

// IsGuest reports whether a guest wrote c.
func (c *Comment) IsGuest() bool { return c.AuthorID == 0 }

// StoriesPerPage is how many stories one page of a member's list shows.
const StoriesPerPage = 20

// Limits on stories and guests.
const (
	MaxCoverAltRunes   = 300
	MaxGuestNameRunes  = 60
	MaxGuestSiteLength = 300
)

// NewStory is what an author writes: a new story or the new version of
// one. Cover names an upload of the author's; RemoveCover drops the
// current cover on edit.
type NewStory struct {
	Title       string
	Body        string
	Visibility  Visibility
	Cover       string
	CoverAlt    string
	RemoveCover bool
	// Warning is the story's content warning (care.go); zero for none.
	Warning ContentWarning
}

// Validate cleans and checks a story.
func (n *NewStory) Validate() error {
	if err := CheckText(n.Title, n.Body, n.CoverAlt); err != nil {
		return err
	}
	if err := n.Warning.Validate(); err != nil {
		return err
	}
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	if n.Title == "" {
		return FieldErrorf("title", "Please give your story a title, a few words that say what it is about.")
	}
	if c := utf8.RuneCountInString(n.Title); c > MaxTitleRunes {
		return FieldErrorf("title", "Your title is %d characters long; please keep it under %d.", c, MaxTitleRunes)
	}
	var err error
	if n.Body, err = CleanBody(n.Body); err != nil {
		if ErrorField(err) == "body" && n.Body == "" {
			return FieldErrorf("body", "Your story is empty. Please write something before you publish it.")
		}
		return err
	}
	if n.Visibility == "" {
		n.Visibility = Public
	}
	if n.Visibility != Public && n.Visibility != MembersOnly {
		return FieldErrorf("visibility", "Please choose who can read your story: everyone, or signed-in members only.")
	}
	n.CoverAlt = strings.Join(strings.Fields(n.CoverAlt), " ")
	if c := utf8.RuneCountInString(n.CoverAlt); c > MaxCoverAltRunes {
		return FieldErrorf("cover_alt", "Your image description is %d characters long; please keep it under %d.", c, MaxCoverAltRunes)
	}
	return nil
}

// Guest is who writes a guest comment. The email is required so that the
// site's operator can reach the writer; it is never shown to anyone.
type Guest struct {
	Name    string
	Email   string
	Website string
}

// NewComment is a comment to add to a story: by the viewer, or, when the
// viewer is signed out, by Guest. ParentID, when set, makes it a reply.
type NewComment struct {
	Body     string
	ParentID int64
	Guest    *Guest
}

// Validate cleans and checks a comment.
func (n *NewComment) Validate() error {
	if err := CheckText(n.Body); err != nil {
		return err
	}
	var err error
	if n.Body, err = CleanBody(n.Body); err != nil {
		if ErrorField(err) == "body" && n.Body == "" {
			return FieldErrorf("body", "Your comment is empty. Please write something before you send it.")
		}
		return err
	}
	if g := n.Guest; g != nil {
		if err := CheckText(g.Name, g.Email, g.Website); err != nil {
			return err
		}
		g.Name = strings.Join(strings.Fields(g.Name), " ")
		g.Email = strings.TrimSpace(g.Email)
		g.Website = strings.TrimSpace(g.Website)
		if g.Name == "" {
			return FieldErrorf("name", "Please tell us your name. It is shown with your comment; a first name or a nickname is fine.")
		}
		if c := utf8.RuneCountInString(g.Name); c > MaxGuestNameRunes {
			return FieldErrorf("name", "Your name is %d characters long; please keep it under %d.", c, MaxGuestNameRunes)
		}
		if g.Email == "" {
			return FieldErrorf("email", "Please enter your email address. We never show it to anyone, not even the author.")
		}
		if err := ValidateEmail(g.Email); err != nil {
			return err
		}
		if g.Website != "" {
			site, err := CleanWebsite(g.Website)
			if err != nil {
				return err
			}
			g.Website = site
		}
	}
	return nil
}

// CleanWebsite checks a guest's website address: a full http or https
// address. "example.org" gets "https://" in front.
func CleanWebsite(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		len(s) > MaxGuestSiteLength || strings.ContainsAny(s, " \t\n\"'<>") {
		return s, FieldErrorf("website", "That does not look like a website address. Please check it, or leave the field empty.")
	}
	return u.String(), nil
}

// Upload is an image a member uploaded, already checked and re-encoded.
// The file itself lives outside the database (web.Config.Uploads).
type Upload struct {
	Name        string    `json:"name"`
	OwnerID     int64     `json:"-"`
	ContentType string    `json:"content_type"`
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	Size        int       `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
	// Public: the upload is the cover of a public story, so any cache
	// may keep it.
	Public bool `json:"-"`
}

// StoryService manages stories, their comments and cover images. Like
// every service, each read takes the viewer (nil when signed out) and a
// story the viewer may not read is not found.
type StoryService interface {
	CreateStory(ctx context.Context, viewer *Member, n NewStory) (*Story, error)
	// EditStory replaces a story; only its author may.
	EditStory(ctx context.Context, viewer *Member, id int64, n NewStory) (*Story, error)
	// DeleteStory deletes a story and its comments (its author or site
	// staff), and returns the name of its cover upload, now deleted, so
	// that the caller removes the file.
	DeleteStory(ctx context.Context, viewer *Member, id int64) (cover string, err error)
	FindStory(ctx context.Context, viewer *Member, id int64) (*Story, error)
	// ListStories lists a member's stories, newest first, and the page count.
	ListStories(ctx context.Context, viewer *Member, handle string, page int) ([]*Story, int, error)

	// ListComments returns a story's comments, oldest first, with replies
	// nested under their comment. Held comments are included only for the
	// story's author and site moderators.
	ListComments(ctx context.Context, viewer *Member, storyID int64) ([]*Comment, error)
	// CreateComment adds a comment: published for members, held for
	// guests (viewer nil, n.Guest set), who may comment on public stories.
	CreateComment(ctx context.Context, viewer *Member, storyID int64, n NewComment) (*Comment, error)
	// ModerateComment publishes a held comment (approve) or removes a
	// comment and its replies; for the story's author and site staff.
	ModerateComment(ctx context.Context, viewer *Member, commentID int64, approve bool) (*Comment, error)

	// CreateUpload records an image the viewer uploaded.
	CreateUpload(ctx context.Context, viewer *Member, u *Upload) error
	// FindUpload returns an upload if the viewer may see it: its owner
	// always, others when it is the cover of a story they may read.
	FindUpload(ctx context.Context, viewer *Member, name string) (*Upload, error)
}
