package hearth

import (
	"context"
	"time"
)

// Visibility says who may read a community.
type Visibility string

// Visibilities.
const (
	// Public communities are readable by anyone, signed in or not.
	Public Visibility = "public"
	// MembersOnly communities are readable by any signed-in member.
	MembersOnly Visibility = "members"
	// Private communities are readable by approved members only.
	Private Visibility = "private"
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool { return v == Public || v == MembersOnly || v == Private }

// Label describes v in plain words.
func (v Visibility) Label() string {
	switch v {
	case Public:
		return "Public: anyone can read"
	case MembersOnly:
		return "Members only: signed-in members can read"
	case Private:
		return "Private: approved members only"
	}
	return string(v)
}

// Membership states of a member in a community.
const (
	MembershipNone    = ""
	MembershipActive  = "active"
	MembershipPending = "pending"
)

// Community is a place for one condition or topic.
type Community struct {
	ID          int64      `json:"id"`
	Slug        string     `json:"slug"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Rules       string     `json:"rules"`
	RulesHTML   string     `json:"-"`
	Visibility  Visibility `json:"visibility"`
	CreatedAt   time.Time  `json:"created_at"`
	MemberCount int        `json:"member_count"`
	ThreadCount int        `json:"thread_count"`
	// ThreadDefault is the visibility a new thread starts with here.
	ThreadDefault ThreadVisibility `json:"thread_default"`

	// Viewer-specific: the reading member's membership state and
	// whether they moderate this community.
	Membership  string `json:"membership,omitempty"`
	IsModerator bool   `json:"-"`

	// AllowAnonymous: members may post here as "a member" (anonymous.go).
	AllowAnonymous bool `json:"allow_anonymous,omitempty"`
}

// CanRead reports whether a viewer (nil when signed out) with the given
// membership state may read a community of visibility v. It is the rule
// that sqldb's queries implement in SQL; tests hold them to each other.
func CanRead(v Visibility, viewer *Member, membership string) bool {
	switch {
	case v == Public:
		return true
	case viewer == nil:
		return false
	case viewer.IsStaff():
		return true
	case v == MembersOnly:
		return true
	}
	return membership == MembershipActive
}

// CanPost reports whether the viewer may start threads and reply.
func (c *Community) CanPost(viewer *Member) bool {
	if viewer == nil {
		return false
	}
	if c.Visibility == Private {
		return c.Membership == MembershipActive || viewer.IsStaff()
	}
	return true
}

// CanModerate reports whether the viewer moderates c.
func (c *Community) CanModerate(viewer *Member) bool {
	return viewer.IsStaff() || c.IsModerator
}

// NewCommunity is what admins pass to create a community.
type NewCommunity struct {
	Slug        string
	Name        string
	Description string
	Rules       string
	Visibility  Visibility
}

// CommunityService manages communities and memberships. Every read takes
// the viewer (nil when signed out) and returns only what they may see:
// a community they may not read is not found, not forbidden.
type CommunityService interface {
	CreateCommunity(ctx context.Context, n NewCommunity) (*Community, error)
	ListCommunities(ctx context.Context, viewer *Member) ([]*Community, error)
	FindCommunity(ctx context.Context, viewer *Member, slug string) (*Community, error)
	// FindCommunityForJoin finds a community even when the viewer may not
	// read it, for the about page where outsiders ask to join. Callers
	// show only its name, description and rules.
	FindCommunityForJoin(ctx context.Context, viewer *Member, slug string) (*Community, error)
	// Join makes the viewer a member, or asks to join a private community.
	Join(ctx context.Context, viewer *Member, slug string) (membership string, err error)
	Leave(ctx context.Context, viewer *Member, slug string) error
	ListPending(ctx context.Context, viewer *Member, slug string) ([]*Member, error)
	Approve(ctx context.Context, viewer *Member, slug, handle string, accept bool) error
	SetModerator(ctx context.Context, slug, handle string) error
}
