package hearth

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// OrgKind is what sort of health organization a directory entry is.
type OrgKind string

// Kinds of organization.
const (
	OrgHospital     OrgKind = "hospital"
	OrgClinic       OrgKind = "clinic"
	OrgPatientGroup OrgKind = "patient_organization"
	OrgResearch     OrgKind = "research_center"
	OrgPublicHealth OrgKind = "public_health_agency"
	OrgOther        OrgKind = "other"
)

// OrgKinds lists every kind, in the order forms show them.
var OrgKinds = []OrgKind{OrgHospital, OrgClinic, OrgPatientGroup, OrgResearch, OrgPublicHealth, OrgOther}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Label names k in plain words.
func (k OrgKind) Label() string {
	switch k {
	case OrgHospital:
		return "Hospital"
	case OrgClinic:
		return "Clinic"
	case OrgPatientGroup:
		return "Patient organization"
	case OrgResearch:
		return "Research center"
	case OrgPublicHealth:
		return "Public health agency"
	case OrgOther:
		return "Other"
	}
	return string(k)
}

// orgKindAliases are other ways people write a kind in a spreadsheet.
var orgKindAliases = map[string]OrgKind{
	"hospital": OrgHospital, "medical center": OrgHospital, "health system": OrgHospital,
	"clinic": OrgClinic, "health center": OrgClinic, "practice": OrgClinic,
	"patient organization": OrgPatientGroup, "patient organisation": OrgPatientGroup, "patient group": OrgPatientGroup,
	"patient org": OrgPatientGroup, "foundation": OrgPatientGroup, "nonprofit": OrgPatientGroup,
	"research center": OrgResearch, "research centre": OrgResearch, "research": OrgResearch, "research institute": OrgResearch,
	"public health agency": OrgPublicHealth, "public health": OrgPublicHealth, "health department": OrgPublicHealth,
	"other": OrgOther,
}

// ParseOrgKind reads a kind written as its value ("patient_organization")
// or in words ("Patient organization", "research centre").
func ParseOrgKind(s string) (OrgKind, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(s)), " "))
	k, ok := orgKindAliases[s]
	return k, ok
}

// ChannelKind is a kind of online presence an organization keeps.
type ChannelKind string

// Kinds of channel.
const (
	ChannelFacebook  ChannelKind = "facebook"
	ChannelX         ChannelKind = "x"
	ChannelYouTube   ChannelKind = "youtube"
	ChannelInstagram ChannelKind = "instagram"
	ChannelLinkedIn  ChannelKind = "linkedin"
	ChannelTikTok    ChannelKind = "tiktok"
	ChannelBlog      ChannelKind = "blog"
	ChannelPodcast   ChannelKind = "podcast"
	ChannelForum     ChannelKind = "forum"
	ChannelMastodon  ChannelKind = "mastodon"
)

// ChannelKinds lists every channel kind, in the order pages and CSV
// files show them.
var ChannelKinds = []ChannelKind{ChannelFacebook, ChannelX, ChannelYouTube, ChannelInstagram, ChannelLinkedIn,
	ChannelTikTok, ChannelBlog, ChannelPodcast, ChannelForum, ChannelMastodon}

// Valid reports whether k is a known channel kind.
func (k ChannelKind) Valid() bool {
	for _, v := range ChannelKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Label names k as people know it.
func (k ChannelKind) Label() string {
	switch k {
	case ChannelFacebook:
		return "Facebook"
	case ChannelX:
		return "X (Twitter)"
	case ChannelYouTube:
		return "YouTube"
	case ChannelInstagram:
		return "Instagram"
	case ChannelLinkedIn:
		return "LinkedIn"
	case ChannelTikTok:
		return "TikTok"
	case ChannelBlog:
		return "Blog"
	case ChannelPodcast:
		return "Podcast"
	case ChannelForum:
		return "Community forum"
	case ChannelMastodon:
		return "Mastodon"
	}
	return string(k)
}

// Hosts lists the sites a channel of kind k must live on (a subdomain
// such as www. or m. counts), or nil when any site will do.
func (k ChannelKind) Hosts() []string {
	switch k {
	case ChannelFacebook:
		return []string{"facebook.com", "fb.com", "fb.me"}
	case ChannelX:
		return []string{"x.com", "twitter.com"}
	case ChannelYouTube:
		return []string{"youtube.com", "youtu.be"}
	case ChannelInstagram:
		return []string{"instagram.com", "instagr.am"}
	case ChannelLinkedIn:
		return []string{"linkedin.com"}
	case ChannelTikTok:
		return []string{"tiktok.com"}
	}
	return nil
}

// ChannelStatus is what the link checker last found at a channel's URL.
type ChannelStatus string

// Channel statuses.
const (
	// ChannelUnchecked: never checked.
	ChannelUnchecked ChannelStatus = "unchecked"
	// ChannelOK: the page answered.
	ChannelOK ChannelStatus = "ok"
	// ChannelDead: the page is gone (404 or 410) or its site no longer exists.
	ChannelDead ChannelStatus = "dead"
	// ChannelUnknown: the check could not tell (a timeout, a server error,
	// a site that turns away automated checks). It is not counted as dead.
	ChannelUnknown ChannelStatus = "unknown"
)

// Channel is one of an organization's channels.
type Channel struct {
	Kind      ChannelKind   `json:"kind"`
	URL       string        `json:"url"`
	Status    ChannelStatus `json:"status"`
	CheckedAt *time.Time    `json:"checked_at,omitempty"`
	// CheckNote says what the last check saw, in plain words.
	CheckNote string `json:"check_note,omitempty"`
}

// ChannelCheck is one channel's link-check result, or (from
// ChannelsToCheck) a channel waiting for a check.
type ChannelCheck struct {
	OrgID     int64
	Kind      ChannelKind
	URL       string
	Status    ChannelStatus
	Note      string
	CheckedAt time.Time
}

// Organization is an entry in the directory.
type Organization struct {
	ID   int64   `json:"id"`
	Name string  `json:"name"`
	Kind OrgKind `json:"kind"`
	City string  `json:"city"`
	// Region is the state or region; for the US, the two-letter state code.
	Region string `json:"region"`
	// Country is an ISO 3166-1 two-letter code, such as US.
	Country string `json:"country"`
	Website string `json:"website"`
	// Domain is the website's host without "www."; no two entries share one.
	Domain    string    `json:"domain"`
	Channels  []Channel `json:"channels"`
	ManagedBy []string  `json:"managed_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// ViewerClaim is the reading member's claim on the entry, if any.
	ViewerClaim ClaimStatus `json:"-"`
}

// Channel returns o's channel of kind k, or nil.
func (o *Organization) Channel(k ChannelKind) *Channel {
	for i := range o.Channels {
		if o.Channels[i].Kind == k {
			return &o.Channels[i]
		}
	}
	return nil
}

// RegionName is the region in words: "Ohio" for the US state OH.
func (o *Organization) RegionName() string { return RegionName(o.Country, o.Region) }

// Place is where o is, for one line of a listing: "Dayton, Ohio".
func (o *Organization) Place() string {
	var parts []string
	for _, p := range []string{o.City, o.RegionName()} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if o.Country != "US" && o.Country != "" {
		parts = append(parts, o.Country)
	}
	return strings.Join(parts, ", ")
}

// RegionName names a region: a US state code becomes the state's name.
func RegionName(country, region string) string {
	if country == "US" {
		if n, ok := usStates[region]; ok {
			return n
		}
	}
	return region
}

// Limits on directory entries.
const (
	MaxOrgNameRunes  = 200
	MaxOrgPlaceRunes = 100
	MaxURLLength     = 500
)

// NewOrganization is an entry to add to the directory, as an import row
// or a form gives it. Check normalizes it in place.
type NewOrganization struct {
	Name    string
	Kind    OrgKind
	City    string
	Region  string
	Country string
	Website string
	// Channels maps each kind to its URL; empty URLs are dropped.
	Channels map[ChannelKind]string
}

// Domain is the website's host without "www.", the key that duplicate
// detection compares. Call it after Check.
func (n *NewOrganization) Domain() string { return WebsiteDomain(n.Website) }

// WebsiteDomain returns a URL's lowercased host without a port or a
// leading "www.", or "" when the URL has no host.
func WebsiteDomain(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// Check normalizes n (trimmed text, a known kind, a US state code, an
// upper-case country code, canonical URLs) and returns every problem it
// finds, each an invalid-input error naming its field, so that an import
// can report them all at once.
func (n *NewOrganization) Check() []*Error {
	var problems []*Error
	add := func(err *Error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	fields := []*string{&n.Name, &n.City, &n.Region, &n.Country, &n.Website}
	for _, f := range fields {
		if !utf8.ValidString(*f) {
			add(Errorf(EInvalid, "Some text has characters we could not read; save the file as UTF-8 and try again."))
			return problems
		}
		*f = strings.Join(strings.Fields(*f), " ")
	}
	for k, v := range n.Channels {
		if !utf8.ValidString(v) {
			add(FieldErrorf(string(k), "Some text has characters we could not read; save the file as UTF-8 and try again."))
			return problems
		}
	}

	switch c := utf8.RuneCountInString(n.Name); {
	case c == 0:
		add(FieldErrorf("name", "The name is missing."))
	case c > MaxOrgNameRunes:
		add(FieldErrorf("name", "The name is %d characters long; the limit is %d.", c, MaxOrgNameRunes))
	}
	if k, ok := ParseOrgKind(string(n.Kind)); ok {
		n.Kind = k
	} else if n.Kind == "" {
		add(FieldErrorf("kind", "The kind is missing. Use one of: %s.", kindList()))
	} else {
		add(FieldErrorf("kind", "%q is not a kind we know. Use one of: %s.", string(n.Kind), kindList()))
	}
	if c := utf8.RuneCountInString(n.City); c > MaxOrgPlaceRunes {
		add(FieldErrorf("city", "The city is %d characters long; the limit is %d.", c, MaxOrgPlaceRunes))
	}
	// Spreadsheet programs run a cell that starts with one of these as a
	// formula, so an exported file could run something on the reader's
	// computer; refusing them here keeps exports safe and exact.
	for _, f := range []struct{ field, what, v string }{{"name", "The name", n.Name}, {"city", "The city", n.City}, {"region", "The region", n.Region}} {
		if f.v != "" && strings.ContainsRune("=+-@", rune(f.v[0])) {
			add(FieldErrorf(f.field, "%s %q starts with %q; spreadsheet programs would treat it as a formula. Please remove that character.", f.what, f.v, f.v[:1]))
		}
	}

	country, ok := ParseCountry(n.Country)
	if ok {
		n.Country = country
	} else {
		add(FieldErrorf("country", "%q is not a country code. Use the two-letter code, like US or CA.", n.Country))
	}
	switch {
	case ok && country == "US" && n.Region == "":
		add(FieldErrorf("region", "The state is missing. Use the two-letter code, like OH, or the name, like Ohio."))
	case ok && country == "US":
		if code, ok := ParseUSState(n.Region); ok {
			n.Region = code
		} else {
			add(FieldErrorf("region", "%q is not a US state. Use the two-letter code, like OH, or the name, like Ohio.", n.Region))
		}
	case utf8.RuneCountInString(n.Region) > MaxOrgPlaceRunes:
		add(FieldErrorf("region", "The region is longer than %d characters.", MaxOrgPlaceRunes))
	}

	if n.Website == "" {
		add(FieldErrorf("website", "The website is missing. Every entry needs one: it is how we tell entries apart."))
	} else if u, err := CleanURL("website", "The website", n.Website); err != nil {
		add(err)
	} else {
		n.Website = u
	}

	for k, v := range n.Channels {
		v = strings.TrimSpace(v)
		if !k.Valid() {
			add(FieldErrorf(string(k), "%q is not a channel we know.", string(k)))
			continue
		}
		if v == "" {
			delete(n.Channels, k)
			continue
		}
		u, err := CleanChannelURL(k, v)
		if err != nil {
			add(err)
			continue
		}
		n.Channels[k] = u
	}
	// Report channels in a stable order, whatever the map's.
	sort.SliceStable(problems, func(i, j int) bool { return fieldOrder(problems[i].Field) < fieldOrder(problems[j].Field) })
	return problems
}

// Validate is Check's first problem, or nil.
func (n *NewOrganization) Validate() error {
	if p := n.Check(); len(p) > 0 {
		return p[0]
	}
	return nil
}

func fieldOrder(f string) int {
	for i, name := range []string{"", "name", "kind", "city", "region", "country", "website"} {
		if f == name {
			return i
		}
	}
	for i, k := range ChannelKinds {
		if f == string(k) {
			return 10 + i
		}
	}
	return 100
}

func kindList() string {
	var ks []string
	for _, k := range OrgKinds {
		ks = append(ks, strings.ToLower(k.Label()))
	}
	return strings.Join(ks, ", ")
}

// CleanURL checks that raw is a full http or https address of a named
// site and returns it with its scheme and host in lower case. what names
// the field in messages ("The website", "The Facebook link").
func CleanURL(field, what, raw string) (string, *Error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > MaxURLLength {
		return "", FieldErrorf(field, "%s is %d characters long; the limit is %d.", what, len(raw), MaxURLLength)
	}
	if strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", FieldErrorf(field, "%s %q has a space in it. A web address has none.", what, raw)
	}
	if !strings.Contains(raw, "://") {
		return "", FieldErrorf(field, "%s %q must start with https:// (or http://).", what, raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", FieldErrorf(field, "%s %q is not a web address we can read.", what, raw)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", FieldErrorf(field, "%s %q must start with https:// or http://, not %s:.", what, raw, u.Scheme)
	}
	if u.User != nil {
		return "", FieldErrorf(field, "%s %q must not hold a user name or password.", what, raw)
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "":
		return "", FieldErrorf(field, "%s %q has no site name after https://.", what, raw)
	case net.ParseIP(host) != nil:
		return "", FieldErrorf(field, "%s %q uses a bare IP address; use the site's name.", what, raw)
	case !strings.Contains(host, ".") || strings.HasSuffix(host, ".") || !hostPattern.MatchString(host):
		return "", FieldErrorf(field, "%s %q does not name a public website.", what, raw)
	}
	u.Scheme = scheme
	u.Host = strings.ToLower(u.Host)
	return u.String(), nil
}

var hostPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// CleanChannelURL checks a channel's URL: a full web address and, for the
// big platforms, one on the platform's own site that points at a page of
// it rather than its home page. A Mastodon address must name an account
// (https://server/@name), since any server can host one.
func CleanChannelURL(k ChannelKind, raw string) (string, *Error) {
	what := "The " + k.Label() + " link"
	u, err := CleanURL(string(k), what, raw)
	if err != nil {
		return "", err
	}
	parsed, _ := url.Parse(u)
	host := parsed.Hostname()
	if hosts := k.Hosts(); hosts != nil {
		ok := false
		for _, h := range hosts {
			if host == h || strings.HasSuffix(host, "."+h) {
				ok = true
			}
		}
		if !ok {
			return "", FieldErrorf(string(k), "%s %q is not on %s.", what, raw, strings.Join(hosts, " or "))
		}
		if strings.Trim(parsed.Path, "/") == "" && parsed.RawQuery == "" {
			return "", FieldErrorf(string(k), "%s %q goes to the %s home page; link to the organization's own page.", what, raw, k.Label())
		}
	}
	if k == ChannelMastodon && !strings.HasPrefix(parsed.Path, "/@") && !strings.HasPrefix(parsed.Path, "/users/") {
		return "", FieldErrorf(string(k), "%s %q does not name an account; it looks like https://server.example/@name.", what, raw)
	}
	return u, nil
}

// ParseCountry reads a two-letter country code; empty means US, and a
// few spellings of the United States are understood.
func ParseCountry(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "", "US", "USA", "U.S.", "U.S.A.", "UNITED STATES", "UNITED STATES OF AMERICA":
		return "US", true
	}
	if len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' {
		return s, true
	}
	return "", false
}

// ParseUSState reads a US state (or DC or a territory) written as its
// two-letter code or its name, in any case, and returns the code.
func ParseUSState(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if code := strings.ToUpper(s); usStates[code] != "" {
		return code, true
	}
	for code, name := range usStates {
		if strings.EqualFold(name, s) {
			return code, true
		}
	}
	return "", false
}

// USStates maps each US state code to its name.
func USStates() map[string]string {
	m := make(map[string]string, len(usStates))
	for k, v := range usStates {
		m[k] = v
	}
	return m
}

var usStates = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
	"CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
	"HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
	"KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
	"MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
	"NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
	"NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
	"OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
	"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
	"WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
	"PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}

// OrgFilter narrows a directory listing. Zero values mean "any".
type OrgFilter struct {
	// Query matches words in the name or city.
	Query   string
	Kind    OrgKind
	Region  string
	Channel ChannelKind
	// Page counts from 1; PerPage 0 means the default.
	Page    int
	PerPage int
}

// OrgsPerPage is the default page size of directory listings.
const OrgsPerPage = 25

// Clean normalizes f and rejects unknown kinds and channels.
func (f *OrgFilter) Clean() error {
	f.Query = strings.Join(strings.Fields(strings.ToValidUTF8(f.Query, "")), " ")
	if utf8.RuneCountInString(f.Query) > MaxOrgNameRunes {
		f.Query = string([]rune(f.Query)[:MaxOrgNameRunes])
	}
	if f.Kind != "" {
		k, ok := ParseOrgKind(string(f.Kind))
		if !ok {
			return FieldErrorf("kind", "%q is not a kind of organization we list.", string(f.Kind))
		}
		f.Kind = k
	}
	if f.Channel != "" && !f.Channel.Valid() {
		return FieldErrorf("channel", "%q is not a channel we list.", string(f.Channel))
	}
	f.Region = strings.TrimSpace(f.Region)
	if code, ok := ParseUSState(f.Region); ok {
		f.Region = code
	}
	f.Page = max(f.Page, 1)
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = OrgsPerPage
	}
	return nil
}

// IsZero reports whether f filters nothing (paging aside).
func (f OrgFilter) IsZero() bool {
	return f.Query == "" && f.Kind == "" && f.Region == "" && f.Channel == ""
}

// OrgPage is one page of a directory listing.
type OrgPage struct {
	Orgs  []*Organization `json:"organizations"`
	Total int             `json:"total"`
	Page  int             `json:"page"`
	Pages int             `json:"pages"`
}

// ChannelCount is how many organizations list a kind of channel, and how
// many of those links the checker found dead.
type ChannelCount struct {
	Kind  ChannelKind `json:"kind"`
	Label string      `json:"label"`
	Orgs  int         `json:"organizations"`
	Dead  int         `json:"dead"`
}

// RegionCount is how many organizations are in a state or region.
type RegionCount struct {
	Country string `json:"country"`
	Region  string `json:"region"`
	Name    string `json:"name"`
	Orgs    int    `json:"organizations"`
}

// DirectoryStats sums up the organizations a filter selects.
type DirectoryStats struct {
	Total int `json:"total"`
	// WithChannel counts organizations with at least one channel.
	WithChannel int `json:"with_channel"`
	// ByChannel has every channel kind, most listed first.
	ByChannel []ChannelCount `json:"by_channel"`
	// ByRegion has every region with an organization, most first.
	ByRegion []RegionCount `json:"by_region"`
}

// SharePercent is the rounded percentage of organizations with at least
// one channel.
func (s *DirectoryStats) SharePercent() int {
	if s.Total == 0 {
		return 0
	}
	return (s.WithChannel*100 + s.Total/2) / s.Total
}

// ClaimStatus is where a claim on a directory entry stands.
type ClaimStatus string

// Claim statuses. A declined claim is deleted.
const (
	ClaimNone     ClaimStatus = ""
	ClaimPending  ClaimStatus = "pending"
	ClaimApproved ClaimStatus = "approved"
)

// MaxClaimNoteRunes bounds what a claimant writes about their role.
const MaxClaimNoteRunes = 500

// OrgClaim is a member's request to manage a directory entry on behalf of
// the organization, which an administrator verifies and approves.
type OrgClaim struct {
	ID         int64       `json:"id"`
	OrgID      int64       `json:"organization_id"`
	OrgName    string      `json:"organization_name"`
	Member     string      `json:"member"`
	MemberRole Role        `json:"member_role"`
	Note       string      `json:"note"`
	Status     ClaimStatus `json:"status"`
	CreatedAt  time.Time   `json:"created_at"`
	ApprovedBy string      `json:"approved_by,omitempty"`
	ApprovedAt *time.Time  `json:"approved_at,omitempty"`
}

// CanManageDirectory reports whether m may import, export and approve
// claims: administrators only.
func CanManageDirectory(m *Member) bool { return m != nil && m.Role == RoleAdmin }

// DirectoryService stores the directory of organizations.
type DirectoryService interface {
	ListOrganizations(ctx context.Context, f OrgFilter) (*OrgPage, error)
	// ExportOrganizations returns every organization f selects, unpaged.
	ExportOrganizations(ctx context.Context, f OrgFilter) ([]*Organization, error)
	DirectoryStats(ctx context.Context, f OrgFilter) (*DirectoryStats, error)
	// FindOrganization returns an entry with its channels, its managers
	// and the viewer's claim (viewer may be nil).
	FindOrganization(ctx context.Context, viewer *Member, id int64) (*Organization, error)
	// OrganizationsByDomain returns the entries that already hold any of
	// the website domains, keyed by domain.
	OrganizationsByDomain(ctx context.Context, domains []string) (map[string]*Organization, error)
	// CreateOrganizations adds checked entries in one transaction: all of
	// them or, on any error, none.
	CreateOrganizations(ctx context.Context, orgs []NewOrganization) ([]*Organization, error)
	ClaimOrganization(ctx context.Context, viewer *Member, orgID int64, note string) (*OrgClaim, error)
	// ListClaims lists pending and approved claims, for administrators.
	ListClaims(ctx context.Context, viewer *Member) ([]*OrgClaim, error)
	// DecideClaim approves a pending claim or declines (deletes) a claim.
	DecideClaim(ctx context.Context, viewer *Member, claimID int64, approve bool) error
}
