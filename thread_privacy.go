package hearth

import "context"

// ThreadVisibility says who, among the readers of a thread's community,
// may read the thread. It can only narrow the community's visibility.
type ThreadVisibility string

const (
	// ThreadOpen: whoever may read the community.
	ThreadOpen ThreadVisibility = "open"
	// ThreadCommunity: the community's active members and staff only. To
	// everyone else the thread does not exist: not its page, title, posts
	// or counts, and never in feeds, the sitemap, share metadata, search
	// or notifications.
	ThreadCommunity ThreadVisibility = "community"
)

// Valid reports whether v is a known thread visibility.
func (v ThreadVisibility) Valid() bool { return v == ThreadOpen || v == ThreadCommunity }

// Label is the visibility in plain words, for forms and thread pages.
func (v ThreadVisibility) Label() string {
	if v == ThreadCommunity {
		return "Members of this community only"
	}
	return "Everyone who can read this community"
}

// CanReadThread is the rule that sqldb's canReadThread implements in SQL,
// for a viewer who may read the thread's community: tests hold the two
// to each other.
func CanReadThread(v ThreadVisibility, viewer *Member, membership string) bool {
	return v != ThreadCommunity || viewer.IsStaff() || (viewer != nil && membership == MembershipActive)
}

// MemberCommunity is one community on a member's profile.
type MemberCommunity struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Moderator bool   `json:"moderator,omitempty"`
}

// PrivacyService holds a member's privacy choices and what they hide.
type PrivacyService interface {
	// SetThreadVisibility changes a thread's visibility; only its author
	// (or staff) may.
	SetThreadVisibility(ctx context.Context, viewer *Member, threadID int64, v ThreadVisibility) error
	// SetThreadDefault sets a community's default thread visibility; only
	// its moderators and staff may.
	SetThreadDefault(ctx context.Context, viewer *Member, slug string, v ThreadVisibility) error
	// SetHideMemberships hides or shows the viewer's communities.
	SetHideMemberships(ctx context.Context, viewer *Member, hide bool) error
	// HidesMemberships reports whether a member hides their communities.
	HidesMemberships(ctx context.Context, memberID int64) (bool, error)
	// ListMemberCommunities lists the communities of the member with the
	// handle that the viewer may read; none when the member hides them,
	// unless the viewer is that member or staff. hidden reports that the
	// list was withheld.
	ListMemberCommunities(ctx context.Context, viewer *Member, handle string) (cs []*MemberCommunity, hidden bool, err error)
}
