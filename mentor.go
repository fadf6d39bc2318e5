package hearth

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Mentoring (issue 14): members with the mentor role volunteer in the
// communities they belong to, with the languages they speak and how many
// newcomers they can look after at once. Each member who joins a
// community is offered the volunteer with the fewest active mentees who
// speaks their language and has room; the mentor is prompted to welcome
// them and reminded to check in after a week and after a month, unless
// the newcomer declined or opted out of mentoring.

// Mentorship states.
const (
	MentorshipOffered  = "offered"   // a mentor is offered (or none found yet), no answer
	MentorshipAccepted = "accepted"  // the newcomer said yes
	MentorshipDeclined = "declined"  // the newcomer said no thanks, for this community
	MentorshipOptedOut = "opted_out" // the newcomer wants no mentoring anywhere
)

// Mentor prompt kinds: what a mentor (or, for an offer, the newcomer) is
// told, each at most once per mentorship and person.
const (
	PromptOffer   = "offer"   // to the newcomer: a mentor can welcome you
	PromptWelcome = "welcome" // to the mentor: please welcome a newcomer
	PromptWeek    = "week"    // to the mentor: one week on, check in
	PromptMonth   = "month"   // to the mentor: one month on, check in
)

// Reminder delays, from the day the newcomer joined.
const (
	MentorWeekReminder  = 7 * 24 * time.Hour
	MentorMonthReminder = 30 * 24 * time.Hour
)

// MaxMentorCapacity bounds how many mentees one mentor can take on in a
// community.
const MaxMentorCapacity = 20

// Language is a language a member reads and a mentor speaks.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Languages lists the languages offered in forms, by code (ISO 639-1).
var Languages = []Language{
	{"en", "English"}, {"es", "Spanish (Español)"}, {"fr", "French (Français)"}, {"de", "German (Deutsch)"},
	{"pt", "Portuguese (Português)"}, {"it", "Italian (Italiano)"}, {"pl", "Polish (Polski)"},
	{"ru", "Russian (Русский)"}, {"uk", "Ukrainian (Українська)"}, {"ar", "Arabic (العربية)"},
	{"hi", "Hindi (हिन्दी)"}, {"zh", "Chinese (中文)"}, {"vi", "Vietnamese (Tiếng Việt)"},
	{"ko", "Korean (한국어)"}, {"tl", "Tagalog"}, {"ht", "Haitian Creole (Kreyòl)"},
}

// DefaultLanguage is a member's language until they choose one.
const DefaultLanguage = "en"

// ValidLanguage reports whether code is in Languages.
func ValidLanguage(code string) bool {
	return slices.ContainsFunc(Languages, func(l Language) bool { return l.Code == code })
}

// LanguageName names a language code in plain words.
func LanguageName(code string) string {
	for _, l := range Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// LanguageFromAccept picks the first known language of an Accept-Language
// header, by preference weight, or DefaultLanguage.
func LanguageFromAccept(header string) string {
	best, bestQ := DefaultLanguage, -1.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		// Equal weights keep the header's order.
		if ValidLanguage(base) && q > 0 && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// ParseLanguages normalizes a list of language codes (from a form's
// checkboxes or a JSON list), dropping duplicates, in Languages order.
func ParseLanguages(codes []string) ([]string, error) {
	var out []string
	for _, l := range Languages {
		for _, c := range codes {
			if strings.ToLower(strings.TrimSpace(c)) == l.Code && !slices.Contains(out, l.Code) {
				out = append(out, l.Code)
			}
		}
	}
	for _, c := range codes {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && !ValidLanguage(c) {
			return nil, FieldErrorf("languages", "We do not know the language %q. Please choose from the list.", c)
		}
	}
	if len(out) == 0 {
		return nil, FieldErrorf("languages", "Please choose at least one language you can mentor in.")
	}
	return out, nil
}

// CanVolunteer reports whether m may volunteer as a mentor.
func (m *Member) CanVolunteer() bool { return m != nil && m.Role == RoleMentor }

// MentorVolunteer is a mentor's offer to welcome newcomers to one
// community, with their current load.
type MentorVolunteer struct {
	Mentor        string    `json:"mentor"`
	Community     string    `json:"community"`
	CommunityName string    `json:"community_name"`
	Languages     []string  `json:"languages"`
	Capacity      int       `json:"capacity"`
	Active        int       `json:"active_mentees"`
	CreatedAt     time.Time `json:"created_at"`
}

// LanguageNames names the volunteer's languages.
func (v *MentorVolunteer) LanguageNames() string {
	names := make([]string, len(v.Languages))
	for i, c := range v.Languages {
		names[i] = LanguageName(c)
	}
	return strings.Join(names, ", ")
}

// Full reports whether the volunteer has no room for another mentee.
func (v *MentorVolunteer) Full() bool { return v.Active >= v.Capacity }

// Volunteer is what a mentor submits.
type Volunteer struct {
	Community string   `json:"community"`
	Languages []string `json:"languages"`
	Capacity  int      `json:"capacity"`
}

// Validate checks a volunteer form.
func (v *Volunteer) Validate() error {
	v.Community = strings.TrimSpace(v.Community)
	if v.Community == "" {
		return FieldErrorf("community", "Please choose the community where you will welcome newcomers.")
	}
	langs, err := ParseLanguages(v.Languages)
	if err != nil {
		return err
	}
	v.Languages = langs
	if v.Capacity < 1 || v.Capacity > MaxMentorCapacity {
		return FieldErrorf("capacity", "Please choose how many newcomers you can look after at once: 1 to %d.", MaxMentorCapacity)
	}
	return nil
}

// Mentorship is a newcomer in a community and their mentor, if any.
// LastActive is the newcomer's latest post in that community that the
// reader may see; zero when there is none.
type Mentorship struct {
	ID            int64     `json:"id"`
	Community     string    `json:"community"`
	CommunityName string    `json:"community_name"`
	Newcomer      string    `json:"newcomer"`
	Mentor        string    `json:"mentor,omitempty"`
	Status        string    `json:"status"`
	Language      string    `json:"language"`
	JoinedAt      time.Time `json:"joined_at"`
	AssignedAt    time.Time `json:"assigned_at,omitzero"`
	WelcomedAt    time.Time `json:"welcomed_at,omitzero"`
	CheckedInAt   time.Time `json:"checked_in_at,omitzero"`
	LastActive    time.Time `json:"last_active_at,omitzero"`
}

// StatusLabel says where the mentorship stands, in plain words.
func (m *Mentorship) StatusLabel() string {
	switch {
	case m.Status == MentorshipDeclined:
		return "Said no thanks"
	case m.Status == MentorshipOptedOut:
		return "Opted out of mentoring"
	case m.Mentor == "":
		return "Waiting for a mentor"
	case !m.CheckedInAt.IsZero():
		return "Checked in"
	case !m.WelcomedAt.IsZero():
		return "Welcomed"
	case m.Status == MentorshipAccepted:
		return "Accepted, waiting for a welcome"
	}
	return "Waiting for a welcome"
}

// LanguageLabel names the newcomer's language.
func (m *Mentorship) LanguageLabel() string { return LanguageName(m.Language) }

// Open reports whether the newcomer has not declined or opted out.
func (m *Mentorship) Open() bool {
	return m.Status == MentorshipOffered || m.Status == MentorshipAccepted
}

// MentorPage is what a member's mentoring page shows: their language and
// choice, the offers made to them, and for mentors their volunteering
// and mentees.
type MentorPage struct {
	Language  string             `json:"language"`
	OptedOut  bool               `json:"opted_out"`
	Offers    []*Mentorship      `json:"offers"`
	Volunteer []*MentorVolunteer `json:"volunteering"`
	Mentees   []*Mentorship      `json:"mentees"`
	// Communities lists where the member may volunteer (active
	// memberships), by slug and name.
	Communities []*Community `json:"-"`
}

// MentoringCoverage is one community's mentoring as its moderators see
// it: newcomers not yet welcomed, oldest first, and every mentor's load.
type MentoringCoverage struct {
	Community     string             `json:"community"`
	CommunityName string             `json:"community_name"`
	Waiting       []*Mentorship      `json:"waiting"`
	Mentors       []*MentorVolunteer `json:"mentors"`
	Now           time.Time          `json:"-"`
}

// Waited says how long a newcomer has waited for a welcome, coarsely.
func (c *MentoringCoverage) Waited(m *Mentorship) string {
	d := c.Now.Sub(m.JoinedAt)
	switch {
	case d < time.Hour:
		return "less than an hour"
	case d < 48*time.Hour:
		h := int(d.Hours())
		if h == 1 {
			return "1 hour"
		}
		return strconv.Itoa(h) + " hours"
	}
	return strconv.Itoa(int(d.Hours()/24)) + " days"
}

// ActReassignMentor: a moderator gave a newcomer another mentor (audited).
const ActReassignMentor ModAction = "reassign_mentor"

func init() { AuditActions = append(AuditActions, ActReassignMentor) }

// Mentee actions a mentor takes.
const (
	MenteeWelcomed  = "welcomed"
	MenteeCheckedIn = "checked_in"
)

// Offer answers a newcomer gives.
const (
	OfferAccept  = "accept"
	OfferDecline = "decline"
	OfferOptOut  = "opt_out"
)

// MentorService manages mentoring. Every call takes the viewer and checks
// what they may do.
type MentorService interface {
	MentorPage(ctx context.Context, viewer *Member) (*MentorPage, error)
	// VolunteerMentor adds or updates the viewer's volunteering in a
	// community; StopMentoring ends it (their mentees keep them).
	VolunteerMentor(ctx context.Context, viewer *Member, v Volunteer) (*MentorVolunteer, error)
	StopMentoring(ctx context.Context, viewer *Member, slug string) error
	// MarkMentee records a welcome or a check-in by the mentee's mentor.
	MarkMentee(ctx context.Context, viewer *Member, id int64, action string) error
	// AnswerMentorOffer accepts, declines or opts out of mentoring.
	AnswerMentorOffer(ctx context.Context, viewer *Member, id int64, answer string) error
	SetMemberLanguage(ctx context.Context, viewer *Member, code string) error
	// SetMentoringOptOut turns mentoring offers off or back on.
	SetMentoringOptOut(ctx context.Context, viewer *Member, out bool) error
	// CommunityMentorOffer is the viewer's open offer in a community, for
	// its page; nil when there is none.
	CommunityMentorOffer(ctx context.Context, viewer *Member, slug string) (*Mentorship, error)
	// MentoringCoverage is for the community's moderators and staff;
	// ListMentoringCoverage covers every community the viewer moderates.
	MentoringCoverage(ctx context.Context, viewer *Member, slug string) (*MentoringCoverage, error)
	ListMentoringCoverage(ctx context.Context, viewer *Member) ([]*MentoringCoverage, error)
	// ReassignMentor gives a newcomer another mentor (a moderator's act).
	ReassignMentor(ctx context.Context, viewer *Member, slug, newcomer, mentor string) error
	// SetLanguageByID sets a new account's language (sign-up, from
	// Accept-Language), without a session.
	SetLanguageByID(ctx context.Context, memberID int64, code string) error
}
