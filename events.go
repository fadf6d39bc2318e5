package hearth

import (
	"context"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Live events: scheduled chats (once or recurring) hosted in a community,
// with a live room while they run and a transcript thread afterwards.
//
// Schedules are wall-clock rules in the event's own IANA time zone: a chat
// "every Sunday at 9 p.m. in America/New_York" stays at 9 p.m. there when
// the clocks change, and so moves for readers in zones that change on
// other dates. Occurrences are computed, never stored; only exceptions
// (a skipped date, a moved session) and what happened in a session are.

// Repeat says how an event recurs.
type Repeat string

// Repeats.
const (
	RepeatOnce     Repeat = "once"
	RepeatWeekly   Repeat = "weekly"
	RepeatBiweekly Repeat = "biweekly" // every other week
	RepeatMonthly  Repeat = "monthly"  // on the nth (or last) weekday of each month
)

// Valid reports whether r is a known repeat.
func (r Repeat) Valid() bool {
	return r == RepeatOnce || r == RepeatWeekly || r == RepeatBiweekly || r == RepeatMonthly
}

// Event limits and rules.
const (
	MaxEventDuration = 6 * time.Hour
	MinEventDuration = 15 * time.Minute
	// RoomOpensEarly is how long before a session starts its live room
	// opens, so that people can settle in.
	RoomOpensEarly = 15 * time.Minute
	// MaxLiveMessageRunes bounds one message in a live room: a chat
	// message, not an essay.
	MaxLiveMessageRunes = 2000
	// ReminderLead is how long before a session the members who said
	// they will be there are reminded.
	ReminderLead = time.Hour
	// dateLayout is the layout of a session's date key.
	dateLayout = "2006-01-02"
)

// Event is a scheduled chat in a community.
type Event struct {
	ID            int64      `json:"id"`
	CommunityID   int64      `json:"-"`
	CommunitySlug string     `json:"community"`
	CommunityName string     `json:"community_name"`
	Visibility    Visibility `json:"-"`
	Title         string     `json:"title"`
	Description   string     `json:"description"`
	// DescriptionHTML is the description rendered from Markdown.
	DescriptionHTML template.HTML `json:"-"`
	// Hosts are the handles of the members who run the chat.
	Hosts []string `json:"hosts"`
	// TimeZone is the IANA name of the zone the schedule is kept in.
	TimeZone string `json:"time_zone"`
	// StartDate and StartTime are the first session's date and its wall
	// clock time in TimeZone ("2026-03-01", "21:00"); every session
	// starts at StartTime local time.
	StartDate string        `json:"start_date"`
	StartTime string        `json:"start_time"`
	Duration  time.Duration `json:"-"`
	Repeat    Repeat        `json:"repeat"`
	// MonthWeek is, for monthly events, which weekday of the month: 1–4,
	// or -1 for the last.
	MonthWeek int `json:"month_week,omitempty"`
	// Until is the last date sessions may fall on, or "" for no end.
	Until      string      `json:"until,omitempty"`
	Exceptions []Exception `json:"exceptions"`
	CreatedAt  time.Time   `json:"created_at"`

	// Viewer-specific: whether the reader hosts the event, and whether
	// they moderate its community.
	IsHost      bool `json:"-"`
	IsModerator bool `json:"-"`
}

// Exception changes one session of a recurring event: it is skipped, or
// moved to another start time. Date is the session's scheduled date in the
// event's zone, the key that RECURRENCE-ID and EXDATE name in iCalendar.
type Exception struct {
	Date    string    `json:"date"`
	Skip    bool      `json:"skipped"`
	MovedTo time.Time `json:"moved_to,omitzero"`
}

// Occurrence is one session of an event.
type Occurrence struct {
	// Date is the scheduled date in the event's zone: the session's key.
	Date  string    `json:"date"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Scheduled is when the session was due before it was moved.
	Scheduled time.Time `json:"scheduled"`
	Moved     bool      `json:"moved,omitempty"`
	Skipped   bool      `json:"skipped,omitempty"`
}

// OpensAt is when the live room of the session opens.
func (o Occurrence) OpensAt() time.Time { return o.Start.Add(-RoomOpensEarly) }

// OpenAt reports whether the live room of the session is open at t.
func (o Occurrence) OpenAt(t time.Time) bool {
	return !o.Skipped && !t.Before(o.OpensAt()) && t.Before(o.End)
}

var zones sync.Map // name → *time.Location

// LoadZone loads an IANA time zone by name, with a message a member can act
// on when the name is unknown. Locations are cached: time.LoadLocation
// reads the zone database on every call.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	// "Local" is the server's zone, which means nothing to a reader, and
	// "" is UTC to Go; neither is a choice a person made.
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, FieldErrorf("time_zone", "Please choose a time zone, such as America/New_York or Europe/London.")
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, FieldErrorf("time_zone", "We do not know the time zone %q. Please use a name like America/Chicago, Europe/Berlin or Australia/Sydney.", name)
	}
	zones.Store(name, l)
	return l, nil
}

// Location returns the event's zone (UTC if its name is no longer known).
func (e *Event) Location() *time.Location {
	l, err := LoadZone(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	return l
}

// civil is a calendar date, kept at noon UTC so that adding days never
// meets a clock change.
type civil struct{ t time.Time }

func parseDate(s string) (civil, bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return civil{}, false
	}
	return civil{t.Add(12 * time.Hour)}, true
}

func dateOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{time.Date(y, m, d, 12, 0, 0, 0, time.UTC)}
}

func (c civil) String() string           { return c.t.Format(dateLayout) }
func (c civil) addDays(n int) civil      { return civil{c.t.AddDate(0, 0, n)} }
func (c civil) before(d civil) bool      { return c.t.Before(d.t) }
func (c civil) daysUntil(d civil) int    { return int(d.t.Sub(c.t).Round(time.Hour) / (24 * time.Hour)) }
func (c civil) weekday() time.Weekday    { return c.t.Weekday() }
func (c civil) month() (int, time.Month) { return c.t.Year(), c.t.Month() }

// nthWeekday returns the nth (1–5, or -1 for the last) given weekday of a
// month, and false when the month has no such day.
func nthWeekday(year int, month time.Month, wd time.Weekday, n int) (civil, bool) {
	if n == -1 {
		last := civil{time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC)}
		return last.addDays(-((int(last.weekday()) - int(wd) + 7) % 7)), true
	}
	first := civil{time.Date(year, month, 1, 12, 0, 0, 0, time.UTC)}
	d := first.addDays((int(wd)-int(first.weekday())+7)%7 + 7*(n-1))
	if _, m := d.month(); m != month {
		return civil{}, false
	}
	return d, true
}

// weekOfMonth says which weekday of its month a date is: 1–5.
func weekOfMonth(c civil) int { return (c.t.Day()-1)/7 + 1 }

// isLastOfMonth reports whether no later date in the month has its weekday.
func isLastOfMonth(c civil) bool {
	_, m := c.addDays(7).month()
	_, m0 := c.month()
	return m != m0
}

// wallClock parses "21:00".
func wallClock(s string) (hour, min int, ok bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// at returns the instant a session on date c starts, at the event's wall
// clock time in its zone. A time that a spring clock change skips is read
// with the offset from before the gap, as RFC 5545 says, so 2:30 on the
// night the clocks jump from 2:00 to 3:00 is 3:30. (time.Date does not
// promise which offset it picks in a gap.)
func (e *Event) at(c civil) time.Time {
	h, m, _ := wallClock(e.StartTime)
	y, mo, d := c.t.Date()
	loc := e.Location()
	t := time.Date(y, mo, d, h, m, 0, 0, loc)
	if t.Hour() == h && t.Minute() == m && t.Day() == d {
		return t
	}
	wall := time.Date(y, mo, d, h, m, 0, 0, time.UTC)
	_, before := wall.Add(-24 * time.Hour).In(loc).Zone()
	return wall.Add(-time.Duration(before) * time.Second).In(loc)
}

// First is the start of the first scheduled session.
func (e *Event) First() time.Time {
	c, _ := parseDate(e.StartDate)
	return e.at(c)
}

// isScheduled reports whether the rule puts a session on date c.
func (e *Event) isScheduled(c civil) bool {
	start, ok := parseDate(e.StartDate)
	if !ok || c.before(start) {
		return false
	}
	if until, ok := parseDate(e.Until); ok && until.before(c) {
		return false
	}
	switch e.Repeat {
	case RepeatWeekly, RepeatBiweekly:
		period := 7
		if e.Repeat == RepeatBiweekly {
			period = 14
		}
		return start.daysUntil(c)%period == 0
	case RepeatMonthly:
		y, m := c.month()
		d, ok := nthWeekday(y, m, start.weekday(), e.MonthWeek)
		return ok && d == c
	}
	return c == start
}

// scheduledDates lists the dates the rule puts sessions on, from..to
// inclusive, in order.
func (e *Event) scheduledDates(from, to civil) []civil {
	start, ok := parseDate(e.StartDate)
	if !ok {
		return nil
	}
	if from.before(start) {
		from = start
	}
	if until, ok := parseDate(e.Until); ok && until.before(to) {
		to = until
	}
	var out []civil
	switch e.Repeat {
	case RepeatWeekly, RepeatBiweekly:
		period := 7
		if e.Repeat == RepeatBiweekly {
			period = 14
		}
		k := (start.daysUntil(from) + period - 1) / period
		for d := start.addDays(k * period); !to.before(d); d = d.addDays(period) {
			out = append(out, d)
		}
	case RepeatMonthly:
		y, m := from.month()
		for i := 0; ; i++ {
			first := civil{time.Date(y, m+time.Month(i), 1, 12, 0, 0, 0, time.UTC)}
			if to.before(first) {
				break
			}
			fy, fm := first.month()
			if d, ok := nthWeekday(fy, fm, start.weekday(), e.MonthWeek); ok && !d.before(from) && !to.before(d) {
				out = append(out, d)
			}
		}
	default:
		if !from.before(start.addDays(1)) || to.before(start) {
			return nil
		}
		out = append(out, start)
	}
	return out
}

func (e *Event) exception(date string) (Exception, bool) {
	for _, x := range e.Exceptions {
		if x.Date == date {
			return x, true
		}
	}
	return Exception{}, false
}

// occurrence builds the session on a scheduled date, exceptions applied.
func (e *Event) occurrence(c civil) Occurrence {
	start := e.at(c)
	o := Occurrence{Date: c.String(), Start: start, End: start.Add(e.Duration), Scheduled: start}
	if x, ok := e.exception(o.Date); ok {
		switch {
		case x.Skip:
			o.Skipped = true
		case !x.MovedTo.IsZero():
			o.Moved, o.Start, o.End = true, x.MovedTo.In(e.Location()), x.MovedTo.Add(e.Duration).In(e.Location())
		}
	}
	return o
}

// Occurrences lists the sessions that overlap [from, to), skipped ones
// included (marked), by start time. A session moved into the window
// appears even when its scheduled date is outside it.
func (e *Event) Occurrences(from, to time.Time) []Occurrence {
	loc := e.Location()
	// A session that started up to its duration (and a day of slack for
	// zone offsets) before from may still run.
	lo, hi := dateOf(from.In(loc).Add(-e.Duration)).addDays(-1), dateOf(to.In(loc)).addDays(1)
	var out []Occurrence
	seen := map[string]bool{}
	add := func(o Occurrence) {
		if !seen[o.Date] && o.End.After(from) && o.Start.Before(to) {
			seen[o.Date] = true
			out = append(out, o)
		}
	}
	for _, c := range e.scheduledDates(lo, hi) {
		add(e.occurrence(c))
	}
	for _, x := range e.Exceptions {
		if c, ok := parseDate(x.Date); ok && !x.MovedTo.IsZero() && e.isScheduled(c) {
			add(e.occurrence(c))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// horizon is how far ahead Next looks: past a year, a monthly chat has
// always had a session.
const horizon = 400 * 24 * time.Hour

// Next returns the session that is running at now or the next one to
// start, skipping skipped sessions; false when none is left.
func (e *Event) Next(now time.Time) (Occurrence, bool) {
	for _, o := range e.Occurrences(now, now.Add(horizon)) {
		if !o.Skipped {
			return o, true
		}
	}
	return Occurrence{}, false
}

// Upcoming lists up to n sessions that have not ended at now, skipped
// ones included so that readers learn of them.
func (e *Event) Upcoming(now time.Time, n int) []Occurrence {
	os := e.Occurrences(now, now.Add(horizon))
	if len(os) > n {
		os = os[:n]
	}
	return os
}

// Live returns the session whose room is open at now.
func (e *Event) Live(now time.Time) (Occurrence, bool) {
	for _, o := range e.Occurrences(now, now.Add(RoomOpensEarly+time.Minute)) {
		if o.OpenAt(now) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// OccurrenceOn returns the session scheduled on a date ("2006-01-02").
func (e *Event) OccurrenceOn(date string) (Occurrence, bool) {
	c, ok := parseDate(date)
	if !ok || !e.isScheduled(c) {
		return Occurrence{}, false
	}
	return e.occurrence(c), true
}

// Ended reports whether the event has no session left after now.
func (e *Event) Ended(now time.Time) bool {
	_, ok := e.Next(now)
	return !ok
}

// LastEnd is when the last session ends, or zero when the event repeats
// without end. Storage keeps it to list only events that have not ended.
func (e *Event) LastEnd() time.Time {
	var last time.Time
	if e.Repeat != RepeatOnce {
		until, ok := parseDate(e.Until)
		if !ok {
			return time.Time{}
		}
		if ds := e.scheduledDates(until.addDays(-45), until); len(ds) > 0 {
			last = e.occurrence(ds[len(ds)-1]).End
		}
	} else if c, ok := parseDate(e.StartDate); ok {
		last = e.occurrence(c).End
	}
	// A session moved later than the last one ends the event later.
	for _, x := range e.Exceptions {
		if end := x.MovedTo.Add(e.Duration); !x.MovedTo.IsZero() && end.After(last) {
			last = end
		}
	}
	return last
}

var weekNames = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

// RRule is the iCalendar (RFC 5545) recurrence rule of the event, without
// the "RRULE:" name, or "" for a single session. It must describe exactly
// the dates scheduledDates lists; the tests hold the two together.
func (e *Event) RRule() string {
	start, ok := parseDate(e.StartDate)
	if !ok {
		return ""
	}
	day := strings.ToUpper(start.weekday().String()[:2])
	var r string
	switch e.Repeat {
	case RepeatWeekly:
		r = "FREQ=WEEKLY;BYDAY=" + day
	case RepeatBiweekly:
		r = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + day
	case RepeatMonthly:
		r = "FREQ=MONTHLY;BYDAY=" + strconv.Itoa(e.MonthWeek) + day
	default:
		return ""
	}
	if until, ok := parseDate(e.Until); ok {
		// UNTIL is in UTC when DTSTART has a zone (RFC 5545 3.3.10); the
		// end of the last day covers a session at any hour of it.
		y, m, d := until.t.Date()
		r += ";UNTIL=" + time.Date(y, m, d, 23, 59, 59, 0, e.Location()).UTC().Format("20060102T150405Z")
	}
	return r
}

// Schedule describes the rule in plain words in the event's own zone:
// "Every Sunday at 9:00 p.m.", "Monthly on the last Thursday at 7:00 p.m.".
func (e *Event) Schedule() string {
	start, ok := parseDate(e.StartDate)
	if !ok {
		return ""
	}
	clock := ClockTime(e.First())
	day := start.weekday().String()
	switch e.Repeat {
	case RepeatWeekly:
		return "Every " + day + " at " + clock
	case RepeatBiweekly:
		return "Every other " + day + " at " + clock
	case RepeatMonthly:
		return "Monthly on the " + weekNames[e.MonthWeek] + " " + day + " at " + clock
	}
	return "Once, on " + e.First().Format("Monday, January 2, 2006") + ", at " + clock
}

// ClockTime formats a time of day in plain style: "9:00 p.m.", "noon".
func ClockTime(t time.Time) string {
	switch h, m := t.Hour(), t.Minute(); {
	case h == 12 && m == 0:
		return "noon"
	case h == 0 && m == 0:
		return "midnight"
	}
	s := t.Format("3:04")
	if t.Hour() < 12 {
		return s + " a.m."
	}
	return s + " p.m."
}

// NewEvent is an event as its form or the API gives it: text, checked by
// Validate, which fills the parsed fields.
type NewEvent struct {
	Title       string
	Description string
	// Hosts is a list of handles separated by commas or spaces.
	Hosts     string
	Date      string // "2026-03-01"
	Time      string // "21:00"
	TimeZone  string // IANA name
	Duration  string // minutes
	Repeat    string // once, weekly, biweekly, monthly, monthly_last
	Until     string // "" or a date
	HostList  []string
	Minutes   int
	RepeatAs  Repeat
	MonthWeek int
}

// Validate checks a new event and fills HostList, Minutes, RepeatAs and
// MonthWeek, naming the field at fault.
func (n *NewEvent) Validate() error {
	if err := CheckText(n.Title, n.Description, n.Hosts, n.Date, n.Time, n.TimeZone, n.Duration, n.Repeat, n.Until); err != nil {
		return err
	}
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	n.Description = strings.TrimSpace(strings.ReplaceAll(n.Description, "\r\n", "\n"))
	if n.Title == "" {
		return FieldErrorf("title", "Please give the event a title, such as “Sunday night epilepsy chat”.")
	}
	if c := utf8.RuneCountInString(n.Title); c > MaxTitleRunes {
		return FieldErrorf("title", "The title is %d characters long; please keep it under %d.", c, MaxTitleRunes)
	}
	if c := utf8.RuneCountInString(n.Description); c > 10000 {
		return FieldErrorf("description", "The description is %d characters long; please keep it under 10,000.", c)
	}
	n.HostList = nil
	for _, h := range strings.FieldsFunc(n.Hosts, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		h = NormalizeHandle(h)
		if ValidateHandle(h) != nil {
			return FieldErrorf("hosts", "%q is not a handle. List hosts as handles separated by commas, like @nurse_amy, @dr_lee.", h)
		}
		if !slices.Contains(n.HostList, h) {
			n.HostList = append(n.HostList, h)
		}
	}
	if len(n.HostList) == 0 {
		return FieldErrorf("hosts", "Please name at least one host, by handle.")
	}
	if len(n.HostList) > 10 {
		return FieldErrorf("hosts", "Please name at most 10 hosts.")
	}
	start, ok := parseDate(strings.TrimSpace(n.Date))
	if !ok {
		return FieldErrorf("date", "Please give the date of the first session as year-month-day, like 2026-03-01.")
	}
	n.Date = start.String()
	h, m, ok := wallClock(strings.TrimSpace(n.Time))
	if !ok {
		return FieldErrorf("time", "Please give the start time as hours and minutes on a 24-hour clock, like 21:00 for 9 p.m.")
	}
	n.Time = fmt.Sprintf("%02d:%02d", h, m)
	if _, err := LoadZone(n.TimeZone); err != nil {
		return err
	}
	n.TimeZone = strings.TrimSpace(n.TimeZone)
	mins, err := strconv.Atoi(strings.TrimSpace(n.Duration))
	if err != nil || time.Duration(mins)*time.Minute < MinEventDuration || time.Duration(mins)*time.Minute > MaxEventDuration {
		return FieldErrorf("duration", "Please give the length in minutes, from %d to %d.", int(MinEventDuration/time.Minute), int(MaxEventDuration/time.Minute))
	}
	n.Minutes = mins
	n.MonthWeek = 0
	switch n.Repeat {
	case "", string(RepeatOnce):
		n.RepeatAs = RepeatOnce
	case string(RepeatWeekly), string(RepeatBiweekly):
		n.RepeatAs = Repeat(n.Repeat)
	case string(RepeatMonthly):
		n.RepeatAs, n.MonthWeek = RepeatMonthly, weekOfMonth(start)
		if n.MonthWeek == 5 {
			n.MonthWeek = -1 // a fifth weekday is always the last
		}
	case "monthly_last":
		if !isLastOfMonth(start) {
			return FieldErrorf("repeat", "%s is not the last %s of its month. Pick a date in the last week of the month, or repeat on the %s %s.",
				n.Date, start.weekday(), weekNames[weekOfMonth(start)], start.weekday())
		}
		n.RepeatAs, n.MonthWeek = RepeatMonthly, -1
	default:
		return FieldErrorf("repeat", "Please choose how the event repeats.")
	}
	n.Until = strings.TrimSpace(n.Until)
	if n.Until != "" {
		until, ok := parseDate(n.Until)
		if !ok {
			return FieldErrorf("until", "Please give the last date as year-month-day, like 2026-12-31, or leave it empty.")
		}
		if until.before(start) {
			return FieldErrorf("until", "The last date is before the first session. Please check both dates.")
		}
		if n.RepeatAs == RepeatOnce {
			n.Until = ""
		} else {
			n.Until = until.String()
		}
	}
	return nil
}

// Apply copies a validated NewEvent onto e.
func (n *NewEvent) Apply(e *Event) {
	e.Title, e.Description, e.Hosts = n.Title, n.Description, n.HostList
	e.StartDate, e.StartTime, e.TimeZone = n.Date, n.Time, n.TimeZone
	e.Duration, e.Repeat, e.MonthWeek, e.Until = time.Duration(n.Minutes)*time.Minute, n.RepeatAs, n.MonthWeek, n.Until
}

// CheckException checks that an exception names a session of e and, for
// a move, that the new time is sensible.
func (e *Event) CheckException(x Exception) error {
	c, ok := parseDate(x.Date)
	if !ok || !e.isScheduled(c) {
		return FieldErrorf("date", "There is no session of this event on %s.", x.Date)
	}
	if x.Skip {
		return nil
	}
	if x.MovedTo.IsZero() {
		return FieldErrorf("moved_to", "Please give the new date and time of the session.")
	}
	// A session moves by at most four weeks either way; further than that
	// it is a different session and deserves its own event.
	if d := x.MovedTo.Sub(e.at(c)); d > 28*24*time.Hour || d < -28*24*time.Hour {
		return FieldErrorf("moved_to", "A session can move by at most four weeks. For a later date, skip this one and create a new event.")
	}
	return nil
}

// LiveMessage kinds.
const (
	LiveKindQuestion = "question" // a host's question, numbered Q1, Q2 …
	LiveKindMessage  = "message"  // anyone's message, maybe about a question
)

// LiveMessage is a message in a session's live room.
type LiveMessage struct {
	ID         int64         `json:"id"`
	EventID    int64         `json:"event_id"`
	Date       string        `json:"date"`
	Author     string        `json:"author"`
	AuthorID   int64         `json:"-"`
	AuthorRole Role          `json:"author_role"`
	IsHost     bool          `json:"is_host"`
	Kind       string        `json:"kind"`
	Number     int           `json:"number,omitempty"` // Q number of a question
	Topic      int           `json:"topic,omitempty"`  // the question a message answers
	Body       string        `json:"body"`
	BodyHTML   template.HTML `json:"body_html"`
	CreatedAt  time.Time     `json:"created_at"`
}

// Tag is the message's hashtag-like topic: "Q2" for question 2 and for
// the messages about it.
func (m *LiveMessage) Tag() string {
	switch {
	case m.Number > 0:
		return "Q" + strconv.Itoa(m.Number)
	case m.Topic > 0:
		return "Q" + strconv.Itoa(m.Topic)
	}
	return ""
}

// NewLiveMessage is a message posted in a live room.
type NewLiveMessage struct {
	Body string
	// Topic is the question the message is about (0: none); a leading
	// tag in the body ("A2:", "Q2", "#Q2") sets it too.
	Topic int
	// Question asks to post a host's numbered question.
	Question bool
}

var topicTag = regexp.MustCompile(`^#?[QqAa]([1-9][0-9]{0,2})(?:[:.)\s]|$)`)

// TopicTag returns the question number a message starts with ("A2: …",
// "Q2 …", "#Q2 …"), or 0.
func TopicTag(body string) int {
	m := topicTag.FindStringSubmatch(strings.TrimSpace(body))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// Validate cleans and checks a live message.
func (n *NewLiveMessage) Validate() error {
	if err := CheckText(n.Body); err != nil {
		return err
	}
	n.Body = strings.TrimSpace(strings.ReplaceAll(n.Body, "\r\n", "\n"))
	if n.Body == "" {
		return FieldErrorf("body", "Your message is empty. Please write something before you send it.")
	}
	if c := utf8.RuneCountInString(n.Body); c > MaxLiveMessageRunes {
		return FieldErrorf("body", "Your message is %d characters long; in a live chat the limit is %d. Please shorten it or send it in two parts. Your text is still here.", c, MaxLiveMessageRunes)
	}
	if n.Question {
		n.Topic = 0
	} else if t := TopicTag(n.Body); t > 0 {
		n.Topic = t
	}
	if n.Topic < 0 {
		n.Topic = 0
	}
	return nil
}

// EventSession is a past or current session that had a live room, with its
// transcript thread once archived.
type EventSession struct {
	EventID     int64     `json:"event_id"`
	Date        string    `json:"date"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Messages    int       `json:"messages"`
	Questions   int       `json:"questions"`
	ThreadID    int64     `json:"thread_id,omitempty"`
	ThreadTitle string    `json:"thread_title,omitempty"`
	ArchivedAt  time.Time `json:"archived_at,omitzero"`
}

// SubjectEventReminder is the notification subject of a reminder: its ID
// is the RSVP's, so that each member is reminded of each session once.
const SubjectEventReminder = "event_reminder"

// RSVP is a reader's answer for one session and how many said yes.
type RSVP struct {
	Date  string `json:"date"`
	Going bool   `json:"going"`
	Count int    `json:"count"`
}

// EventService manages events, RSVPs, live rooms and transcripts. Every
// read takes the viewer and shows only events in communities they may
// read; what they may not read is not found. Times ("now") come from
// storage's clock.
type EventService interface {
	CreateEvent(ctx context.Context, viewer *Member, slug string, n NewEvent) (*Event, error)
	UpdateEvent(ctx context.Context, viewer *Member, id int64, n NewEvent) (*Event, error)
	FindEvent(ctx context.Context, viewer *Member, id int64) (*Event, error)
	// ListEvents lists the events that have not ended, of one community
	// or (slug "") of every community the viewer may read.
	ListEvents(ctx context.Context, viewer *Member, slug string) ([]*Event, error)
	// SetException skips or moves a session; ClearException undoes it.
	SetException(ctx context.Context, viewer *Member, id int64, x Exception) error
	ClearException(ctx context.Context, viewer *Member, id int64, date string) error

	SetRSVP(ctx context.Context, viewer *Member, id int64, date string, going bool) error
	FindRSVP(ctx context.Context, viewer *Member, id int64, date string) (*RSVP, error)

	PostLiveMessage(ctx context.Context, viewer *Member, id int64, n NewLiveMessage) (*LiveMessage, error)
	// ListLiveMessages lists a session's visible messages after an ID, in
	// order, at most limit.
	ListLiveMessages(ctx context.Context, viewer *Member, id int64, date string, afterID int64, limit int) ([]*LiveMessage, error)
	// HiddenLiveMessages lists the IDs of a session's hidden messages.
	HiddenLiveMessages(ctx context.Context, viewer *Member, id int64, date string) ([]int64, error)
	HideLiveMessage(ctx context.Context, viewer *Member, id, messageID int64) (*LiveMessage, error)
	// ListSessions lists an event's sessions that had a live room, newest
	// first, with their transcripts.
	ListSessions(ctx context.Context, viewer *Member, id int64) ([]*EventSession, error)
	// ArchiveDue archives the transcript of every session that has ended
	// and was not archived yet, and returns how many it archived. It is
	// idempotent and safe to run on several nodes at once.
	ArchiveDue(ctx context.Context) (int, error)
	// SendReminders tells the members who said they will be at a session
	// that starts within ReminderLead, once each (a notification, and
	// email as they chose), and returns how many it told.
	SendReminders(ctx context.Context) (int, error)

	MemberTimeZone(ctx context.Context, viewer *Member) (string, error)
	SetMemberTimeZone(ctx context.Context, viewer *Member, zone string) error
	// CurrentTime is storage's clock, which decides what is live.
	CurrentTime() time.Time
}
