package hearth

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Care features (issue 14): content warnings and members' mutes, crisis
// flags (FlagCrisis in moderation.go), moderators on duty and crisis
// resources. The self-harm wording detector is package care.

// WarningKind is what a content warning warns of.
type WarningKind string

// Warning kinds: a fixed list, so that members can mute a kind.
const (
	WarnLoss            WarningKind = "loss"
	WarnSelfHarm        WarningKind = "self-harm"
	WarnGraphicMedical  WarningKind = "graphic-medical"
	WarnEndOfLife       WarningKind = "end-of-life"
	WarnEatingDisorders WarningKind = "eating-disorders"
	// WarnOther carries a short text of the author's (ContentWarning.Note).
	WarnOther WarningKind = "other"
)

// WarningKinds lists every kind, in the order forms show them.
var WarningKinds = []WarningKind{WarnLoss, WarnSelfHarm, WarnGraphicMedical, WarnEndOfLife, WarnEatingDisorders, WarnOther}

// Valid reports whether k is a known kind.
func (k WarningKind) Valid() bool { return slices.Contains(WarningKinds, k) }

// Label names a kind in plain words: "Content warning: " + Label.
func (k WarningKind) Label() string {
	switch k {
	case WarnLoss:
		return "loss"
	case WarnSelfHarm:
		return "self-harm"
	case WarnGraphicMedical:
		return "graphic medical images"
	case WarnEndOfLife:
		return "end of life"
	case WarnEatingDisorders:
		return "eating disorders"
	case WarnOther:
		return "other"
	}
	return string(k)
}

// MaxWarningNoteRunes bounds the text of an "other" warning.
const MaxWarningNoteRunes = 60

// ContentWarning is the warning on a post or a story; the zero value is
// none.
type ContentWarning struct {
	Kind WarningKind `json:"kind"`
	Note string      `json:"note,omitempty"`
}

// IsZero reports whether there is no warning.
func (w ContentWarning) IsZero() bool { return w.Kind == "" }

// Text is what readers see after "Content warning: ".
func (w ContentWarning) Text() string {
	if w.Kind == WarnOther && w.Note != "" {
		return w.Note
	}
	return w.Kind.Label()
}

// Validate cleans and checks a warning.
func (w *ContentWarning) Validate() error {
	if err := CheckText(string(w.Kind), w.Note); err != nil {
		return err
	}
	w.Note = strings.Join(strings.Fields(w.Note), " ")
	if w.Kind == "" {
		w.Note = ""
		return nil
	}
	if !w.Kind.Valid() {
		return FieldErrorf("content_warning", "Please choose a content warning from the list, or none.")
	}
	if w.Kind != WarnOther {
		w.Note = ""
		return nil
	}
	if w.Note == "" {
		return FieldErrorf("content_warning_note", "Please say in a few words what the warning is about.")
	}
	if c := utf8.RuneCountInString(w.Note); c > MaxWarningNoteRunes {
		return FieldErrorf("content_warning_note", "Your warning is %d characters long; please keep it under %d.", c, MaxWarningNoteRunes)
	}
	return nil
}

// MuteMode is what a muted warning kind does to a post.
type MuteMode string

// Mute modes.
const (
	// MuteCollapse keeps muted posts collapsed with a note.
	MuteCollapse MuteMode = "collapse"
	// MuteHide leaves muted posts out, with one line saying so.
	MuteHide MuteMode = "hide"
)

// Mutes are the warning kinds a member muted.
type Mutes struct {
	Kinds []WarningKind `json:"kinds"`
	Mode  MuteMode      `json:"mode"`
}

// Muted reports whether w is of a muted kind.
func (m *Mutes) Muted(w ContentWarning) bool {
	return m != nil && w.Kind != "" && slices.Contains(m.Kinds, w.Kind)
}

// Validate cleans and checks mutes.
func (m *Mutes) Validate() error {
	if m.Mode == "" {
		m.Mode = MuteCollapse
	}
	if m.Mode != MuteCollapse && m.Mode != MuteHide {
		return FieldErrorf("mode", "Please choose whether muted posts stay collapsed or are hidden.")
	}
	var kinds []WarningKind
	for _, k := range m.Kinds {
		if !k.Valid() {
			return FieldErrorf("kinds", "%q is not a kind of content warning.", string(k))
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.SortFunc(kinds, func(a, b WarningKind) int { return slices.Index(WarningKinds, a) - slices.Index(WarningKinds, b) })
	m.Kinds = kinds
	if m.Kinds == nil {
		m.Kinds = []WarningKind{}
	}
	return nil
}

// CrisisResource is a place to get help at once: a helpline, a text
// line, an emergency number, for one country and language.
type CrisisResource struct {
	ID int64 `json:"id"`
	// Country is an ISO 3166-1 alpha-2 code ("US"); Language an ISO 639-1
	// code ("en").
	Country  string `json:"country"`
	Language string `json:"language"`
	Name     string `json:"name"`
	Phone    string `json:"phone,omitempty"`
	// SMS is what to text and where, in words ("Text HOME to 741741").
	SMS   string `json:"sms,omitempty"`
	URL   string `json:"url,omitempty"`
	Hours string `json:"hours,omitempty"`
	// Position orders resources within a country and language.
	Position  int       `json:"position"`
	UpdatedAt time.Time `json:"updated_at"`
}

var (
	countryCode  = regexp.MustCompile(`^[A-Z]{2}$`)
	languageCode = regexp.MustCompile(`^[a-z]{2}$`)
	phoneChars   = regexp.MustCompile(`^\+?[0-9][0-9 ().-]*$`)
)

// Validate cleans and checks a resource.
func (c *CrisisResource) Validate() error {
	if err := CheckText(c.Country, c.Language, c.Name, c.Phone, c.SMS, c.URL, c.Hours); err != nil {
		return err
	}
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	c.Country, c.Language = strings.ToUpper(clean(c.Country)), strings.ToLower(clean(c.Language))
	c.Name, c.Phone, c.SMS, c.URL, c.Hours = clean(c.Name), clean(c.Phone), clean(c.SMS), clean(c.URL), clean(c.Hours)
	switch {
	case !countryCode.MatchString(c.Country):
		return FieldErrorf("country", "Please give the country as its two-letter code, like US, GB or ES.")
	case !languageCode.MatchString(c.Language):
		return FieldErrorf("language", "Please give the language as its two-letter code, like en or es.")
	case c.Name == "":
		return FieldErrorf("name", "Please give the service's name.")
	case utf8.RuneCountInString(c.Name) > 120:
		return FieldErrorf("name", "Please keep the name under 120 characters.")
	case c.Phone == "" && c.SMS == "" && c.URL == "":
		return FieldErrorf("phone", "Please give at least one way to reach them: a phone number, a text line or a web address.")
	case c.Phone != "" && (!phoneChars.MatchString(c.Phone) || len(c.Phone) > 30):
		return FieldErrorf("phone", "A phone number has digits, spaces, and maybe + ( ) or -, like 988 or +44 116 123.")
	case utf8.RuneCountInString(c.SMS) > 80:
		return FieldErrorf("sms", "Please keep the text line under 80 characters, like: Text HOME to 741741.")
	case utf8.RuneCountInString(c.Hours) > 80:
		return FieldErrorf("hours", "Please keep the hours under 80 characters, like: 24 hours, every day.")
	case c.Position < 0 || c.Position > 1000:
		return FieldErrorf("position", "Please give an order number from 0 to 1000.")
	}
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(c.URL) > 300 {
			return FieldErrorf("url", "Please give a full web address that starts with https://.")
		}
	}
	return nil
}

// CrisisHelp is the crisis resources page: the place chosen and what is
// there, and every place there are resources for.
type CrisisHelp struct {
	Country   string            `json:"country"`
	Language  string            `json:"language"`
	Resources []*CrisisResource `json:"resources"`
	Places    []CrisisPlace     `json:"places"`
}

// CrisisPlace is a country and language that has resources.
type CrisisPlace struct {
	Country  string `json:"country"`
	Language string `json:"language"`
}

// PostCare is what the care checks decide about a post just written.
type PostCare struct {
	Warning ContentWarning
	// SelfHarm: the self-harm wording detector (package care) found a
	// phrase; storage files an automatic crisis flag.
	SelfHarm bool
	// Replace sets Warning even when it is zero: an edit that changes or
	// removes the warning. Without it a zero Warning changes nothing.
	Replace bool
}

// Duty is who is on duty for crisis flags.
type Duty struct {
	OnDuty bool     `json:"on_duty"`
	Others []string `json:"others"`
}

type warningKey struct{}

// WithWarning returns a context that carries the content warning of the
// post about to be created with it: storage applies it in the same
// transaction that creates the post (so that no notification or email
// ever goes out without it), whichever path creates it (published, held
// by the privacy guard or for review). w must be valid.
func WithWarning(ctx context.Context, w ContentWarning) context.Context {
	if w.IsZero() {
		return ctx
	}
	return context.WithValue(ctx, warningKey{}, w)
}

// WarningFrom returns the content warning WithWarning put in ctx.
func WarningFrom(ctx context.Context) ContentWarning {
	w, _ := ctx.Value(warningKey{}).(ContentWarning)
	return w
}

// CareService stores content warnings, mutes, crisis resources and duty.
type CareService interface {
	// SetPostCare applies care to the viewer's own post (postID), or to
	// the opening post of their thread when postID is 0. New posts get
	// their warning as they are created (WithWarning).
	SetPostCare(ctx context.Context, viewer *Member, postID, threadID int64, c PostCare) error
	Mutes(ctx context.Context, viewer *Member) (*Mutes, error)
	SetMutes(ctx context.Context, viewer *Member, m Mutes) error
	// CrisisHelp lists the resources for a country and language, falling
	// back to the country's other languages, then to any.
	CrisisHelp(ctx context.Context, country, language string) (*CrisisHelp, error)
	ListCrisisResources(ctx context.Context) ([]*CrisisResource, error)
	SaveCrisisResource(ctx context.Context, viewer *Member, c *CrisisResource) error
	DeleteCrisisResource(ctx context.Context, viewer *Member, id int64) error
	Duty(ctx context.Context, viewer *Member) (*Duty, error)
	SetDuty(ctx context.Context, viewer *Member, on bool) error
	// FlagStorySelfHarm files an urgent crisis flag on the viewer's own
	// story, with the system as reporter, when the self-harm wording
	// check found a phrase in it (new or edited); one open flag a story.
	FlagStorySelfHarm(ctx context.Context, viewer *Member, storyID int64) error
	// StoryFlags lists the stories with open crisis flags, for the site's
	// moderators and admins; CloseStoryFlags closes a story's flags once
	// a moderator has reached out, with a line in the audit log.
	StoryFlags(ctx context.Context, viewer *Member) ([]*StoryFlag, error)
	CloseStoryFlags(ctx context.Context, viewer *Member, storyID int64, note string) error
	// CrisisNotice reports whether the viewer has a crisis notice to see;
	// DismissCrisisNotice hides it.
	CrisisNotice(ctx context.Context, viewer *Member) (bool, error)
	DismissCrisisNotice(ctx context.Context, viewer *Member) error
}

// Urgent reports whether a post in the queue has a crisis flag: it goes
// to the top, marked urgent.
func (mp *ModPost) Urgent() bool {
	for _, f := range mp.Flags {
		if f.Reason == FlagCrisis {
			return true
		}
	}
	return false
}

// Audited changes to crisis resources (issue 14): who added, changed or
// removed which line of /help/crisis.
const (
	ActCrisisAdd    ModAction = "crisis_resource_add"
	ActCrisisEdit   ModAction = "crisis_resource_edit"
	ActCrisisRemove ModAction = "crisis_resource_remove"
)

func init() { AuditActions = append(AuditActions, ActCrisisAdd, ActCrisisEdit, ActCrisisRemove) }

// StoryFlag is an open crisis flag on a story, as the site's moderators
// see it in the queue.
type StoryFlag struct {
	ID      int64  `json:"id"`
	StoryID int64  `json:"story_id"`
	Title   string `json:"title"`
	Author  string `json:"author"`
	// Reporter is the member who reported it; empty when the self-harm
	// wording check did (Automatic).
	Reporter  string    `json:"reporter,omitempty"`
	Automatic bool      `json:"automatic"`
	CreatedAt time.Time `json:"created_at"`
}

// URL is the story's page.
func (f *StoryFlag) URL() string {
	return "/u/" + f.Author + "/stories/" + strconv.FormatInt(f.StoryID, 10)
}

// ActCloseStoryFlag: a moderator closed the crisis flags on a story.
const ActCloseStoryFlag ModAction = "close_story_flag"

func init() { AuditActions = append(AuditActions, ActCloseStoryFlag) }
