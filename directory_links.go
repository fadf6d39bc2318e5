package hearth

import "context"

// Organizations that have claimed their directory entry link it to the
// communities and events they host (issue 12). A member whose claim on
// the entry is approved may link communities they moderate, and events
// in them; administrators may link any. The entry's page lists the
// links each reader may see: a community or event the reader may not
// read is left out, decided where it is stored.

// OrgRef names a directory entry, for "Hosted by" lines and the
// hosted_by field of communities and events in JSON.
type OrgRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"` // the entry's page: /directory/{id}
}

// LinkedCommunity is a community linked to a directory entry.
type LinkedCommunity struct {
	Slug       string     `json:"slug"`
	Name       string     `json:"name"`
	Visibility Visibility `json:"visibility"`
	// Moderates is true when the reader moderates the community, and so
	// may unlink it even without a claim on the entry.
	Moderates bool `json:"-"`
}

// OrgLinks is what a directory entry hosts, as one reader may see it:
// its linked communities, and its linked events that have not ended.
type OrgLinks struct {
	Communities []*LinkedCommunity `json:"communities"`
	Events      []*Event           `json:"events"`
}

// OrgLinkTarget is a community (by slug) or an event (by ID) to link to
// or unlink from a directory entry; exactly one is set.
type OrgLinkTarget struct {
	Community string `json:"community,omitempty"`
	EventID   int64  `json:"event_id,omitempty"`
}

// Validate checks that exactly one target is named.
func (t OrgLinkTarget) Validate() error {
	if (t.Community == "") == (t.EventID == 0) {
		return FieldErrorf("target", "Please choose one community or one event.")
	}
	return nil
}

// DirectoryLinkService links directory entries to communities and events.
type DirectoryLinkService interface {
	// OrganizationLinks lists the communities and upcoming events linked
	// to an entry that viewer (nil when signed out) may read.
	OrganizationLinks(ctx context.Context, viewer *Member, orgID int64) (*OrgLinks, error)
	// LinkTargets lists what viewer may still link to the entry: the
	// communities they moderate and the upcoming events in them. It
	// refuses members who may not link the entry at all.
	LinkTargets(ctx context.Context, viewer *Member, orgID int64) (*OrgLinks, error)
	// LinkOrganization links the entry to a community or an event.
	LinkOrganization(ctx context.Context, viewer *Member, orgID int64, t OrgLinkTarget) error
	// UnlinkOrganization removes a link; the entry's approved claimants,
	// the community's moderators and administrators may.
	UnlinkOrganization(ctx context.Context, viewer *Member, orgID int64, t OrgLinkTarget) error
	// CommunityHosts lists the entries linked to a community, by name.
	CommunityHosts(ctx context.Context, slug string) ([]OrgRef, error)
	// EventHosts lists, for each of the events, the entries linked to it
	// or to its community, by name, each once: one query for a whole list.
	EventHosts(ctx context.Context, eventIDs []int64) (map[int64][]OrgRef, error)
}
