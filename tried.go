package hearth

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TriedK is the k-anonymity threshold of "What we tried": no number is
// shown for a cell (a treatment under a filter, a named side effect) built
// from reports by fewer than TriedK different members.
const TriedK = 5

// NotEnoughReports is what every place that would show a number says
// instead when its cell is under the threshold.
const NotEnoughReports = "Not enough reports yet"

// TriedNote is the standing note on every "What we tried" page and export.
const TriedNote = "These are members' own experiences, not medical advice. Talk with your own care team before you start, change or stop any treatment."

// Category is the kind of a treatment.
type Category string

// Categories of treatment.
const (
	CategoryMedication Category = "medication"
	CategoryDevice     Category = "device"
	CategoryTherapy    Category = "therapy"
	CategorySurgery    Category = "surgery"
	CategoryDiet       Category = "diet"
	CategoryLifestyle  Category = "lifestyle"
	CategoryOther      Category = "other"
)

// Categories lists every category, in the order forms show them.
var Categories = []Category{CategoryMedication, CategoryDevice, CategoryTherapy, CategorySurgery, CategoryDiet, CategoryLifestyle, CategoryOther}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return oneOf(c, Categories) }

// Label names c in plain words.
func (c Category) Label() string {
	switch c {
	case CategoryMedication:
		return "Medicine"
	case CategoryDevice:
		return "Device"
	case CategoryTherapy:
		return "Therapy"
	case CategorySurgery:
		return "Surgery"
	case CategoryDiet:
		return "Diet"
	case CategoryLifestyle:
		return "Lifestyle"
	case CategoryOther:
		return "Other"
	}
	return string(c)
}

// ForWhom is who a report is about.
type ForWhom string

// Who a report can be about.
const (
	ForSelf    ForWhom = "self"
	ForChild   ForWhom = "child"
	ForPartner ForWhom = "partner"
	ForParent  ForWhom = "parent"
	ForOther   ForWhom = "other"
)

// ForWhoms lists every ForWhom, in form order.
var ForWhoms = []ForWhom{ForSelf, ForChild, ForPartner, ForParent, ForOther}

// Valid reports whether f is known.
func (f ForWhom) Valid() bool { return oneOf(f, ForWhoms) }

// Label is the form's wording ("My child").
func (f ForWhom) Label() string {
	switch f {
	case ForSelf:
		return "Myself"
	case ForChild:
		return "My child"
	case ForPartner:
		return "My partner"
	case ForParent:
		return "My parent"
	case ForOther:
		return "Someone else I care for"
	}
	return string(f)
}

// FilterLabel is the summary's wording ("Reports about a child").
func (f ForWhom) FilterLabel() string {
	switch f {
	case ForSelf:
		return "The member themselves"
	case ForChild:
		return "A child"
	case ForPartner:
		return "A partner"
	case ForParent:
		return "A parent"
	case ForOther:
		return "Someone else"
	}
	return string(f)
}

// Effectiveness is how much a treatment helped.
type Effectiveness string

// Levels of effectiveness, from least to most.
const (
	EffectNone     Effectiveness = "none"
	EffectSlight   Effectiveness = "slight"
	EffectModerate Effectiveness = "moderate"
	EffectMajor    Effectiveness = "major"
)

// Effectivenesses lists every level, least first.
var Effectivenesses = []Effectiveness{EffectNone, EffectSlight, EffectModerate, EffectMajor}

// Valid reports whether e is known.
func (e Effectiveness) Valid() bool { return oneOf(e, Effectivenesses) }

// Label names e in plain words.
func (e Effectiveness) Label() string {
	switch e {
	case EffectNone:
		return "Did not help"
	case EffectSlight:
		return "Helped a little"
	case EffectModerate:
		return "Helped quite a bit"
	case EffectMajor:
		return "Helped a lot"
	}
	return string(e)
}

// Severity is how bad a side effect was. SeverityNone is not chosen on a
// side effect: it is the bucket of reports that name none.
type Severity string

// Severities, least first.
const (
	SeverityNone     Severity = "none"
	SeverityMild     Severity = "mild"
	SeverityModerate Severity = "moderate"
	SeveritySevere   Severity = "severe"
)

// Severities lists every severity, least first.
var Severities = []Severity{SeverityNone, SeverityMild, SeverityModerate, SeveritySevere}

// SideEffectSeverities are the severities a named side effect can have.
var SideEffectSeverities = []Severity{SeverityMild, SeverityModerate, SeveritySevere}

// Rank orders severities: none 0 … severe 3.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if s == v {
			return i
		}
	}
	return -1
}

// Label names s in plain words.
func (s Severity) Label() string {
	switch s {
	case SeverityNone:
		return "No side effects"
	case SeverityMild:
		return "Mild"
	case SeverityModerate:
		return "Moderate"
	case SeveritySevere:
		return "Severe"
	}
	return string(s)
}

// StopReason is why a member stopped a treatment.
type StopReason string

// Reasons to stop.
const (
	StopSideEffects  StopReason = "side_effects"
	StopNotEffective StopReason = "not_effective"
	StopCost         StopReason = "cost"
	StopOther        StopReason = "other"
)

// StopReasons lists every reason, in form order.
var StopReasons = []StopReason{StopSideEffects, StopNotEffective, StopCost, StopOther}

// Valid reports whether r is known.
func (r StopReason) Valid() bool { return oneOf(r, StopReasons) }

// Label names r in plain words.
func (r StopReason) Label() string {
	switch r {
	case StopSideEffects:
		return "Side effects"
	case StopNotEffective:
		return "It did not help enough"
	case StopCost:
		return "Cost"
	case StopOther:
		return "Another reason"
	}
	return string(r)
}

// Duration is a band of time on a treatment, for the filter.
type Duration string

// Bands of time on treatment.
const (
	DurationShort  Duration = "short"  // under 6 months
	DurationMedium Duration = "medium" // 6 to 24 months
	DurationLong   Duration = "long"   // over 2 years
)

// Durations lists every band, shortest first.
var Durations = []Duration{DurationShort, DurationMedium, DurationLong}

// Valid reports whether d is known.
func (d Duration) Valid() bool { return oneOf(d, Durations) }

// Label names d in plain words.
func (d Duration) Label() string {
	switch d {
	case DurationShort:
		return "Less than 6 months"
	case DurationMedium:
		return "6 months to 2 years"
	case DurationLong:
		return "More than 2 years"
	}
	return string(d)
}

// Months returns the band's bounds in whole months, lo inclusive and hi
// exclusive; hi is 0 for no upper bound.
func (d Duration) Months() (lo, hi int) {
	switch d {
	case DurationShort:
		return 0, 6
	case DurationMedium:
		return 6, 25
	case DurationLong:
		return 25, 0
	}
	return 0, 0
}

func oneOf[T comparable](v T, all []T) bool {
	for _, x := range all {
		if v == x {
			return true
		}
	}
	return false
}

// Month is a calendar month, as members remember when they started.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month t falls in, in UTC.
func MonthOf(t time.Time) Month { t = t.UTC(); return Month{t.Year(), t.Month()} }

// MonthFromIndex is the inverse of Index.
func MonthFromIndex(i int) Month { return Month{i / 12, time.Month(i%12 + 1)} }

// Index counts months from year 0, so that months subtract.
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// IsZero reports whether m is unset.
func (m Month) IsZero() bool { return m.Year == 0 }

// After reports whether m is later than o.
func (m Month) After(o Month) bool { return m.Index() > o.Index() }

// String formats m as "March 2024".
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s %d", m.Month, m.Year)
}

// MarshalJSON writes "2024-03".
func (m Month) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte(`null`), nil
	}
	return json.Marshal(fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)))
}

// ParseMonth reads a month from a form's month (1–12) and year fields.
// Field names the form field that errors point at.
func ParseMonth(field, month, year string) (Month, error) {
	month, year = strings.TrimSpace(month), strings.TrimSpace(year)
	if month == "" && year == "" {
		return Month{}, nil
	}
	mo, err := strconv.Atoi(month)
	if err != nil || mo < 1 || mo > 12 {
		return Month{}, FieldErrorf(field+"_month", "Please choose a month from the list.")
	}
	y, err := strconv.Atoi(year)
	if err != nil || y < 1900 || y > 9999 {
		return Month{}, FieldErrorf(field+"_year", "Please write the year as four digits, like 2024.")
	}
	return Month{y, time.Month(mo)}, nil
}

// ParseISOMonth reads "2024-03" (the API's form of a month).
func ParseISOMonth(field, s string) (Month, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Month{}, nil
	}
	y, mo, ok := strings.Cut(s, "-")
	if !ok {
		return Month{}, FieldErrorf(field, "Write %s as year and month, like 2024-03.", field)
	}
	m, err := ParseMonth(field, mo, y)
	if err != nil {
		return Month{}, FieldErrorf(field, "Write %s as year and month, like 2024-03.", field)
	}
	return m, nil
}

// TreatmentStatus says whether a treatment is on a community's list.
type TreatmentStatus string

// Treatment states. Members propose (pending); a moderator approves, or
// merges the proposal into a treatment already on the list.
const (
	TreatmentApproved TreatmentStatus = "approved"
	TreatmentPending  TreatmentStatus = "pending"
	TreatmentMerged   TreatmentStatus = "merged"
)

// Treatment is something members of a community tried. It may go by
// several names ("Keppra", "levetiracetam"); reports under any of them
// count as one.
type Treatment struct {
	ID          int64           `json:"id"`
	CommunityID int64           `json:"-"`
	Name        string          `json:"name"`
	Category    Category        `json:"category"`
	Status      TreatmentStatus `json:"status"`
	Synonyms    []string        `json:"synonyms"`
	// MergedInto is set when Status is merged.
	MergedInto int64 `json:"merged_into,omitempty"`
	// ProposedBy is the handle of the member who proposed it, if any.
	ProposedBy string    `json:"-"`
	CreatedAt  time.Time `json:"-"`
}

// Label is the name with its other names, for lists: "Levetiracetam
// (Keppra, Spritam)".
func (t *Treatment) Label() string {
	if len(t.Synonyms) == 0 {
		return t.Name
	}
	return t.Name + " (" + strings.Join(t.Synonyms, ", ") + ")"
}

// Limits on what a report holds.
const (
	MaxTreatmentNameRunes = 80
	MaxSideEffectRunes    = 60
	MaxSideEffects        = 8
	MaxExperienceRunes    = 5000
)

// NameKey is the form of a name that synonyms and side effects are
// matched on: lowercase, spaces collapsed.
func NameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// CleanName trims a treatment or side-effect name and checks its length.
func CleanName(field, s string, limit int) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if n := utf8.RuneCountInString(s); n > limit {
		return s, FieldErrorf(field, "That name is %d characters long; please keep it under %d.", n, limit)
	}
	return s, ScreenReportText(field, s)
}

// ScreenReportText is the one place where every piece of free text in a
// report (the experience, side-effect names, a proposed treatment name)
// is checked before it is stored. The privacy guard, which needs the
// author's role and confirmation, runs on the experience in the web
// layer before this (web/tried_privacy.go), as it does for posts.
func ScreenReportText(field, s string) error {
	if !utf8.ValidString(s) {
		return &Error{Code: EInvalid, Field: field, Message: "Some of your text has characters we could not read (it may have been pasted from another program). We replaced them with � so you can see where; please check and send again."}
	}
	return nil
}

// CleanExperience trims the free text of a report and checks it. It may
// be empty: the structured answers are a report on their own.
func CleanExperience(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if n := utf8.RuneCountInString(s); n > MaxExperienceRunes {
		return s, FieldErrorf("body", "Your experience is %d characters long; the limit is %d. Please shorten it. Your text is still here.", n, MaxExperienceRunes)
	}
	return s, ScreenReportText("body", s)
}

// SideEffect is one side effect in a report.
type SideEffect struct {
	Name     string   `json:"name"`
	Severity Severity `json:"severity"`
}

// ReportInput is what a member fills in to report on, or update a report
// on, a treatment.
type ReportInput struct {
	// TreatmentID picks a treatment from the community's list; when it
	// is 0, NewTreatment names one (matched against synonyms, or
	// proposed with Category).
	TreatmentID  int64
	NewTreatment string
	Category     Category

	ForWhom       ForWhom
	Started       Month
	StillUsing    bool
	Stopped       Month
	StopReason    StopReason
	Effectiveness Effectiveness
	SideEffects   []SideEffect
	Body          string
}

// Validate cleans and checks a report as of now. It does not check that
// the treatment belongs to the community; storage does.
func (in *ReportInput) Validate(now time.Time) error {
	var err error
	if in.NewTreatment, err = CleanName("new_name", in.NewTreatment, MaxTreatmentNameRunes); err != nil {
		return err
	}
	switch {
	case in.TreatmentID == 0 && in.NewTreatment == "":
		return FieldErrorf("treatment", "Please choose a treatment from the list, or type the name of one that is not on it.")
	case in.TreatmentID != 0 && in.NewTreatment != "":
		return FieldErrorf("new_name", "Please either choose a treatment from the list or type a new one, not both.")
	case in.TreatmentID != 0:
		in.Category = ""
	case in.Category != "" && !in.Category.Valid():
		return ErrCategoryNeeded(in.NewTreatment)
	}
	if in.ForWhom == "" {
		return FieldErrorf("for_whom", "Please say who this report is about.")
	} else if !in.ForWhom.Valid() {
		return FieldErrorf("for_whom", "Please choose who this report is about from the list: myself, my child, my partner, my parent or someone else.")
	}
	thisMonth := MonthOf(now)
	if in.Started.IsZero() {
		return FieldErrorf("started_month", "Please give the month and year it started. A rough guess is fine.")
	}
	if in.Started.After(thisMonth) {
		return FieldErrorf("started_month", "The start date, %s, is in the future. Please give the month it started.", in.Started)
	}
	if in.StillUsing {
		in.Stopped, in.StopReason = Month{}, ""
	} else {
		if in.Stopped.IsZero() {
			return FieldErrorf("stopped_month", "Please give the month and year it stopped, or choose \"Yes, still using it\".")
		}
		if in.Stopped.After(thisMonth) {
			return FieldErrorf("stopped_month", "The stop date, %s, is in the future.", in.Stopped)
		}
		if in.Started.After(in.Stopped) {
			return FieldErrorf("stopped_month", "The stop date, %s, is before the start date, %s. Please check both.", in.Stopped, in.Started)
		}
		if in.StopReason == "" {
			return FieldErrorf("stop_reason", "Please say why it stopped.")
		} else if !in.StopReason.Valid() {
			return FieldErrorf("stop_reason", "Please choose why it stopped from the list: side effects, it did not help enough, cost or another reason.")
		}
	}
	if in.Effectiveness == "" {
		return FieldErrorf("effectiveness", "Please say how much it helped.")
	} else if !in.Effectiveness.Valid() {
		return FieldErrorf("effectiveness", "%q is not one of the choices. Please choose how much it helped: did not help, a little, quite a bit or a lot.", in.Effectiveness)
	}
	if len(in.SideEffects) > MaxSideEffects {
		return FieldErrorf("side_effects", "Please list at most %d side effects, the ones that mattered most.", MaxSideEffects)
	}
	seen := map[string]bool{}
	var kept []SideEffect
	for i, se := range in.SideEffects {
		field := "se_name_" + strconv.Itoa(i)
		if se.Name, err = CleanName(field, se.Name, MaxSideEffectRunes); err != nil {
			return err
		}
		switch {
		case se.Name == "" && se.Severity == "":
			continue
		case se.Name == "":
			return FieldErrorf(field, "Side effect %d has a severity but no name. Please name it, or clear its severity.", i+1)
		case se.Severity == "":
			return FieldErrorf("se_sev_"+strconv.Itoa(i), "Please say how bad %q was: mild, moderate or severe.", se.Name)
		case !oneOf(se.Severity, SideEffectSeverities):
			return FieldErrorf("se_sev_"+strconv.Itoa(i), "Please choose how bad %q was from the list: mild, moderate or severe.", se.Name)
		}
		if seen[NameKey(se.Name)] {
			return FieldErrorf(field, "%q is listed twice. Please list each side effect once.", se.Name)
		}
		seen[NameKey(se.Name)] = true
		kept = append(kept, se)
	}
	in.SideEffects = kept
	in.Body, err = CleanExperience(in.Body)
	return err
}

// ErrCategoryNeeded is the error for a proposed treatment without a
// (known) category. Storage raises it, since only storage knows whether
// a typed name is already on the list.
func ErrCategoryNeeded(name string) error {
	return FieldErrorf("category", "%q is not on the list yet. Please say what kind of treatment it is: medicine, device, therapy, surgery, diet, lifestyle or other.", name)
}

// WorstSeverity is the worst severity among side effects, none if none.
func WorstSeverity(ses []SideEffect) Severity {
	worst := SeverityNone
	for _, se := range ses {
		if se.Severity.Rank() > worst.Rank() {
			worst = se.Severity
		}
	}
	return worst
}

// Report is one member's experience with one treatment. Only its author
// sees it whole; everyone else sees it inside aggregates, and its free
// text, if any, on the treatment's page.
type Report struct {
	ID              int64           `json:"id"`
	CommunitySlug   string          `json:"community"`
	TreatmentID     int64           `json:"treatment_id"`
	TreatmentName   string          `json:"treatment"`
	TreatmentStatus TreatmentStatus `json:"treatment_status"`
	Category        Category        `json:"category"`
	AuthorID        int64           `json:"-"`
	Author          string          `json:"author"`
	ForWhom         ForWhom         `json:"for_whom"`
	Started         Month           `json:"started"`
	StillUsing      bool            `json:"still_using"`
	Stopped         Month           `json:"stopped"`
	StopReason      StopReason      `json:"stop_reason,omitempty"`
	Effectiveness   Effectiveness   `json:"effectiveness"`
	SideEffects     []SideEffect    `json:"side_effects"`
	Body            string          `json:"text"`
	BodyHTML        template.HTML   `json:"text_html"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
}

// Input returns the report as a form fills it in again.
func (r *Report) Input() ReportInput {
	return ReportInput{TreatmentID: r.TreatmentID, ForWhom: r.ForWhom, Started: r.Started, StillUsing: r.StillUsing,
		Stopped: r.Stopped, StopReason: r.StopReason, Effectiveness: r.Effectiveness, SideEffects: r.SideEffects, Body: r.Body}
}

// ReportRevision is an earlier version of a report, kept when it changes.
type ReportRevision struct {
	TreatmentName string        `json:"treatment"`
	ForWhom       ForWhom       `json:"for_whom"`
	Started       Month         `json:"started"`
	StillUsing    bool          `json:"still_using"`
	Stopped       Month         `json:"stopped"`
	StopReason    StopReason    `json:"stop_reason,omitempty"`
	Effectiveness Effectiveness `json:"effectiveness"`
	SideEffects   []SideEffect  `json:"side_effects"`
	Body          string        `json:"text"`
	// EditedAt is when this version was replaced.
	EditedAt time.Time `json:"edited_at"`
}

// TriedFilter narrows a summary. Zero fields do not filter.
type TriedFilter struct {
	Category Category `json:"category,omitempty"`
	ForWhom  ForWhom  `json:"for_whom,omitempty"`
	Duration Duration `json:"duration,omitempty"`
}

// Validate checks that each set field is a known value.
func (f TriedFilter) Validate() error {
	switch {
	case f.Category != "" && !f.Category.Valid():
		return FieldErrorf("category", "We do not know the kind of treatment %q. Choose one from the list.", f.Category)
	case f.ForWhom != "" && !f.ForWhom.Valid():
		return FieldErrorf("for_whom", "We do not know %q as a choice for who a report is about. Choose one from the list.", f.ForWhom)
	case f.Duration != "" && !f.Duration.Valid():
		return FieldErrorf("duration", "We do not know %q as a time on treatment. Choose one from the list.", f.Duration)
	}
	return nil
}

// IsZero reports whether f filters nothing.
func (f TriedFilter) IsZero() bool { return f == TriedFilter{} }

// Count is one bar of a distribution.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Counts is a distribution in a fixed order (least to most).
type Counts []Count

// MarshalJSON writes an object in order: {"none": 2, "slight": 3, …},
// or null for a breakdown left out.
func (cs Counts) MarshalJSON() ([]byte, error) {
	if cs == nil {
		return []byte("null"), nil
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c.Key)
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c.N))
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// Total sums the counts.
func (cs Counts) Total() int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

// SideEffectStat is how often one named side effect was reported for a
// treatment, by severity.
type SideEffectStat struct {
	Name     string `json:"name"`
	Reports  int    `json:"reports"`
	Severity Counts `json:"severity"`
}

// TreatmentStats is the summary of one treatment's reports under a
// filter. When Enough is false, storage leaves every number at zero, so
// that nothing downstream can show one by mistake.
type TreatmentStats struct {
	Treatment *Treatment
	Enough    bool

	Reports       int
	StillUsing    int
	Effectiveness Counts // by Effectivenesses
	StopReasons   Counts // by StopReasons; nil when fewer than TriedK stopped
	WorstSeverity Counts // by Severities: each report's worst side effect
	TimeOn        Counts // by Durations
	// SideEffects lists named side effects reported by at least TriedK
	// members, most reported first; OtherSideEffects says whether any
	// other names were left out for being rarer.
	SideEffects      []SideEffectStat
	OtherSideEffects bool
}

// StillUsingPercent is the share of reports still using it, rounded.
func (s *TreatmentStats) StillUsingPercent() int { return Percent(s.StillUsing, s.Reports) }

// Percent is 100·n/total rounded to the nearest whole number.
func Percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (200*n + total) / (2 * total)
}

// MarshalJSON writes the numbers only when the cell is large enough.
func (s *TreatmentStats) MarshalJSON() ([]byte, error) {
	if !s.Enough {
		return json.Marshal(struct {
			Treatment *Treatment `json:"treatment"`
			Enough    bool       `json:"enough"`
			Message   string     `json:"message"`
		}{s.Treatment, false, NotEnoughReports})
	}
	ses := s.SideEffects
	if ses == nil {
		ses = []SideEffectStat{}
	}
	return json.Marshal(struct {
		Treatment        *Treatment       `json:"treatment"`
		Enough           bool             `json:"enough"`
		Reports          int              `json:"reports"`
		StillUsing       int              `json:"still_using"`
		Effectiveness    Counts           `json:"effectiveness"`
		StopReasons      Counts           `json:"stop_reasons"`
		WorstSeverity    Counts           `json:"worst_side_effect"`
		TimeOn           Counts           `json:"time_on_treatment"`
		SideEffects      []SideEffectStat `json:"side_effects"`
		OtherSideEffects bool             `json:"other_side_effects"`
	}{s.Treatment, true, s.Reports, s.StillUsing, s.Effectiveness, s.StopReasons, s.WorstSeverity, s.TimeOn, ses, s.OtherSideEffects})
}

// TriedSummary is a community's "What we tried" page: every approved
// treatment (in the filter's category), those with enough reports first,
// most reported first, then the rest by name.
type TriedSummary struct {
	Community  *Community
	Filter     TriedFilter
	Treatments []*TreatmentStats
}

// Experience is the free text of one report, shown on its treatment's
// page without the report's structured answers, which stay inside the
// aggregates.
type Experience struct {
	ReportID   int64         `json:"-"`
	Author     string        `json:"author"`
	AuthorRole Role          `json:"author_role"`
	BodyHTML   template.HTML `json:"text_html"`
	Body       string        `json:"text"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// TreatmentPage is one treatment's summary and its members' experiences.
type TreatmentPage struct {
	Community   *Community
	Stats       *TreatmentStats
	Experiences []*Experience
}

// ExperiencesPerPage bounds the experiences on a treatment's page.
const ExperiencesPerPage = 50

// NewTreatment is what moderators add to a community's list.
type NewTreatment struct {
	Name     string
	Category Category
	Synonyms []string
}

// TriedService stores reports and treatments and summarizes them. Reads
// take the viewer and see only communities they may read; summaries never
// carry a number for a cell under TriedK.
type TriedService interface {
	ListTreatments(ctx context.Context, viewer *Member, slug string) ([]*Treatment, error)
	// ListPendingTreatments lists proposals, for the community's moderators.
	ListPendingTreatments(ctx context.Context, viewer *Member, slug string) ([]*Treatment, error)
	AddTreatment(ctx context.Context, viewer *Member, slug string, n NewTreatment) (*Treatment, error)
	AddSynonym(ctx context.Context, viewer *Member, slug string, treatmentID int64, name string) error
	ApproveTreatment(ctx context.Context, viewer *Member, slug string, treatmentID int64) error
	// MergeTreatment folds one treatment, its names and its reports into another.
	MergeTreatment(ctx context.Context, viewer *Member, slug string, fromID, intoID int64) error

	CreateReport(ctx context.Context, viewer *Member, slug string, in ReportInput) (*Report, error)
	UpdateReport(ctx context.Context, viewer *Member, reportID int64, in ReportInput) (*Report, error)
	// FindReport returns one of the viewer's own reports.
	FindReport(ctx context.Context, viewer *Member, reportID int64) (*Report, error)
	ListReportRevisions(ctx context.Context, viewer *Member, reportID int64) ([]*ReportRevision, error)
	// ListOwnReports lists the viewer's reports in a community.
	ListOwnReports(ctx context.Context, viewer *Member, slug string) ([]*Report, error)

	TriedSummary(ctx context.Context, viewer *Member, slug string, f TriedFilter) (*TriedSummary, error)
	// TreatmentPage returns a treatment's summary and experiences. A merged
	// treatment's page answers with the treatment it was merged into.
	TreatmentPage(ctx context.Context, viewer *Member, slug string, treatmentID int64, f TriedFilter) (*TreatmentPage, error)
}
