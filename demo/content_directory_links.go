package demo

// OrgHost is a directory entry claimed by a staff member and linked to
// the community and the weekly chat the organization hosts (issue 12,
// seed_directory_links.go).
type OrgHost struct {
	Slug, Handle, Note string
	Community          string
	Events             []string // titles of events in Community
}

// OrgHosts are the demo's links from entries to communities and events.
var OrgHosts = []OrgHost{
	{Slug: "great-lakes-epilepsy", Handle: "oakbench_mod",
		Note:      "Site moderator and the alliance's volunteer community lead; the alliance's director can confirm from its office email.",
		Community: "epilepsy", Events: []string{"Sunday night epilepsy chat"}},
	// Long COVID's community moderator (CommunityModerators) is not the
	// collective's staff, yet may remove the link from its entry's page.
	{Slug: "long-covid-collective", Handle: "oakbench_mod",
		Note:      "Site moderator; I set up the collective's space here with their outreach coordinator, who can confirm by email.",
		Community: "long-covid"},
}
