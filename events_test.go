package hearth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := hearth.LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// event builds a valid event through NewEvent, as the form does.
func event(t *testing.T, date, clock, tz, repeat string, minutes string) *hearth.Event {
	t.Helper()
	n := hearth.NewEvent{Title: "Chat", Hosts: "@nurse", Date: date, Time: clock, TimeZone: tz, Duration: minutes, Repeat: repeat}
	if err := n.Validate(); err != nil {
		t.Fatalf("validate %s %s %s %s: %v", date, clock, tz, repeat, err)
	}
	e := &hearth.Event{}
	n.Apply(e)
	return e
}

// starts lists the first n session starts after from, formatted in loc.
func starts(e *hearth.Event, from time.Time, n int, loc *time.Location) []string {
	var out []string
	for _, o := range e.Upcoming(from, n) {
		out = append(out, o.Start.In(loc).Format("Mon Jan 2 15:04 MST"))
	}
	return out
}

func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// The US springs forward on March 8, 2026 and Europe on March 29: for
// three weeks a 9 p.m. New York chat is at 1 a.m. in London, not 2 a.m.
func TestWeeklyAcrossSpringChangesOnBothSides(t *testing.T) {
	e := event(t, "2026-03-01", "21:00", "America/New_York", "weekly", "60")
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	same(t, "in New York", starts(e, from, 6, zone(t, "America/New_York")), []string{
		"Sun Mar 1 21:00 EST", "Sun Mar 8 21:00 EDT", "Sun Mar 15 21:00 EDT",
		"Sun Mar 22 21:00 EDT", "Sun Mar 29 21:00 EDT", "Sun Apr 5 21:00 EDT",
	})
	same(t, "in UTC", starts(e, from, 6, time.UTC), []string{
		"Mon Mar 2 02:00 UTC", "Mon Mar 9 01:00 UTC", "Mon Mar 16 01:00 UTC",
		"Mon Mar 23 01:00 UTC", "Mon Mar 30 01:00 UTC", "Mon Apr 6 01:00 UTC",
	})
	same(t, "in London", starts(e, from, 6, zone(t, "Europe/London")), []string{
		"Mon Mar 2 02:00 GMT", "Mon Mar 9 01:00 GMT", "Mon Mar 16 01:00 GMT",
		"Mon Mar 23 01:00 GMT", "Mon Mar 30 02:00 BST", "Mon Apr 6 02:00 BST",
	})
}

// Europe falls back on October 25, 2026 and the US on November 1.
func TestWeeklyAcrossAutumnChangesOnBothSides(t *testing.T) {
	e := event(t, "2026-03-01", "21:00", "America/New_York", "weekly", "60")
	from := time.Date(2026, 10, 18, 0, 0, 0, 0, time.UTC)
	same(t, "in New York", starts(e, from, 4, zone(t, "America/New_York")), []string{
		"Sun Oct 18 21:00 EDT", "Sun Oct 25 21:00 EDT", "Sun Nov 1 21:00 EST", "Sun Nov 8 21:00 EST",
	})
	same(t, "in Berlin", starts(e, from, 4, zone(t, "Europe/Berlin")), []string{
		"Mon Oct 19 03:00 CEST", "Mon Oct 26 02:00 CET", "Mon Nov 2 03:00 CET", "Mon Nov 9 03:00 CET",
	})
}

// A chat kept in Berlin time, read in Chicago: the other direction.
func TestEuropeanChatReadInAmerica(t *testing.T) {
	e := event(t, "2026-03-03", "19:00", "Europe/Berlin", "weekly", "60")
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	same(t, "in Chicago", starts(e, from, 5, zone(t, "America/Chicago")), []string{
		"Tue Mar 3 12:00 CST", "Tue Mar 10 13:00 CDT", "Tue Mar 17 13:00 CDT", "Tue Mar 24 13:00 CDT", "Tue Mar 31 12:00 CDT",
	})
}

// Sydney's clocks go back on April 5, 2026 and forward on October 4,
// while New York's go the other way at other dates.
func TestSouthernHemisphere(t *testing.T) {
	e := event(t, "2026-03-23", "19:00", "Australia/Sydney", "weekly", "60")
	from := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	same(t, "in Sydney", starts(e, from, 3, zone(t, "Australia/Sydney")), []string{
		"Mon Mar 23 19:00 AEDT", "Mon Mar 30 19:00 AEDT", "Mon Apr 6 19:00 AEST",
	})
	same(t, "in New York", starts(e, from, 3, zone(t, "America/New_York")), []string{
		"Mon Mar 23 04:00 EDT", "Mon Mar 30 04:00 EDT", "Mon Apr 6 05:00 EDT",
	})
	from = time.Date(2026, 9, 25, 0, 0, 0, 0, time.UTC)
	same(t, "spring in Sydney, autumn in New York", starts(e, from, 7, zone(t, "America/New_York")), []string{
		"Mon Sep 28 05:00 EDT", "Mon Oct 5 04:00 EDT", "Mon Oct 12 04:00 EDT", "Mon Oct 19 04:00 EDT",
		"Mon Oct 26 04:00 EDT", "Mon Nov 2 03:00 EST", "Mon Nov 9 03:00 EST",
	})
}

func TestBiweekly(t *testing.T) {
	e := event(t, "2026-10-14", "20:00", "America/Chicago", "biweekly", "90")
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	same(t, "every other Wednesday", starts(e, from, 4, zone(t, "America/Chicago")), []string{
		"Wed Oct 14 20:00 CDT", "Wed Oct 28 20:00 CDT", "Wed Nov 11 20:00 CST", "Wed Nov 25 20:00 CST",
	})
	// Starting the window in the middle of the series finds the right phase.
	same(t, "from mid-series", starts(e, time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), 1, zone(t, "America/Chicago")),
		[]string{"Wed Nov 11 20:00 CST"})
	if got := e.RRule(); got != "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE" {
		t.Errorf("RRULE %q", got)
	}
}

func TestMonthlyNthAndLastWeekday(t *testing.T) {
	second := event(t, "2026-01-11", "15:00", "Europe/London", "monthly", "60")
	same(t, "second Sunday", starts(second, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 4, zone(t, "Europe/London")), []string{
		"Sun Jan 11 15:00 GMT", "Sun Feb 8 15:00 GMT", "Sun Mar 8 15:00 GMT", "Sun Apr 12 15:00 BST",
	})
	if got := second.RRule(); got != "FREQ=MONTHLY;BYDAY=2SU" {
		t.Errorf("RRULE %q", got)
	}
	// The last Thursday: the 4th in some months, the 5th in others.
	last := event(t, "2026-01-29", "19:00", "America/Los_Angeles", "monthly_last", "60")
	same(t, "last Thursday", starts(last, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 5, zone(t, "America/Los_Angeles")), []string{
		"Thu Jan 29 19:00 PST", "Thu Feb 26 19:00 PST", "Thu Mar 26 19:00 PDT", "Thu Apr 30 19:00 PDT", "Thu May 28 19:00 PDT",
	})
	if got := last.RRule(); got != "FREQ=MONTHLY;BYDAY=-1TH" {
		t.Errorf("RRULE %q", got)
	}
	// A fifth weekday is always the last one.
	fifth := event(t, "2026-01-31", "10:00", "UTC", "monthly", "60")
	if fifth.MonthWeek != -1 {
		t.Errorf("fifth Saturday: month week %d, want -1", fifth.MonthWeek)
	}
	// "Last" only for a date in the last week.
	n := hearth.NewEvent{Title: "x", Hosts: "nurse", Date: "2026-01-22", Time: "19:00", TimeZone: "UTC", Duration: "60", Repeat: "monthly_last"}
	if err := n.Validate(); hearth.ErrorField(err) != "repeat" {
		t.Errorf("last Thursday on the 4th of 5: %v", err)
	}
}

func TestUntilAndOnce(t *testing.T) {
	e := event(t, "2026-03-01", "21:00", "America/New_York", "weekly", "60")
	e.Until = "2026-03-15"
	got := starts(e, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), 10, zone(t, "America/New_York"))
	same(t, "until", got, []string{"Sun Mar 1 21:00 EST", "Sun Mar 8 21:00 EDT", "Sun Mar 15 21:00 EDT"})
	if r := e.RRule(); r != "FREQ=WEEKLY;BYDAY=SU;UNTIL=20260316T035959Z" {
		t.Errorf("RRULE %q", r)
	}
	if end := e.LastEnd(); !end.Equal(time.Date(2026, 3, 16, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("last end %v", end)
	}
	once := event(t, "2026-11-01", "12:00", "UTC", "once", "30")
	if once.RRule() != "" {
		t.Errorf("once has RRULE %q", once.RRule())
	}
	if _, ok := once.Next(time.Date(2026, 11, 1, 12, 29, 0, 0, time.UTC)); !ok {
		t.Error("a running session is next")
	}
	if !once.Ended(time.Date(2026, 11, 1, 12, 30, 0, 0, time.UTC)) {
		t.Error("once: not ended after its end")
	}
}

func TestExceptions(t *testing.T) {
	e := event(t, "2026-03-01", "21:00", "America/New_York", "weekly", "60")
	ny := zone(t, "America/New_York")
	e.Exceptions = []hearth.Exception{
		{Date: "2026-03-08", Skip: true},
		// The Mar 15 session moves to Saturday Mar 21, 10 a.m.: after the
		// scheduled Mar 15, and the day before Mar 22's.
		{Date: "2026-03-15", MovedTo: time.Date(2026, 3, 21, 10, 0, 0, 0, ny)},
	}
	for _, x := range e.Exceptions {
		if err := e.CheckException(x); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, o := range e.Upcoming(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 5) {
		s := o.Date + " " + o.Start.In(ny).Format("Mon Jan 2 15:04")
		if o.Skipped {
			s += " skipped"
		}
		if o.Moved {
			s += " moved"
		}
		got = append(got, s)
	}
	same(t, "with exceptions", got, []string{
		"2026-03-01 Sun Mar 1 21:00", "2026-03-08 Sun Mar 8 21:00 skipped", "2026-03-15 Sat Mar 21 10:00 moved",
		"2026-03-22 Sun Mar 22 21:00", "2026-03-29 Sun Mar 29 21:00",
	})
	// Next skips the skipped session.
	if o, _ := e.Next(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)); o.Date != "2026-03-21" && o.Date != "2026-03-15" {
		t.Errorf("next after the skip: %+v", o)
	}
	// A moved session is found by a window around its new time only.
	if os := e.Occurrences(time.Date(2026, 3, 21, 14, 30, 0, 0, time.UTC), time.Date(2026, 3, 21, 14, 31, 0, 0, time.UTC)); len(os) != 1 || os[0].Date != "2026-03-15" {
		t.Errorf("window around the moved session: %+v", os)
	}
	if err := e.CheckException(hearth.Exception{Date: "2026-03-10", Skip: true}); hearth.ErrorField(err) != "date" {
		t.Errorf("a Tuesday is not a session: %v", err)
	}
	if err := e.CheckException(hearth.Exception{Date: "2026-03-22", MovedTo: time.Date(2026, 6, 1, 0, 0, 0, 0, ny)}); hearth.ErrorField(err) != "moved_to" {
		t.Errorf("a move of months: %v", err)
	}
}

func TestLiveWindow(t *testing.T) {
	e := event(t, "2026-11-01", "12:00", "UTC", "weekly", "60")
	at := func(h, m int) time.Time { return time.Date(2026, 11, 1, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		t    time.Time
		live bool
	}{{at(11, 44), false}, {at(11, 45), true}, {at(12, 30), true}, {at(12, 59), true}, {at(13, 0), false}} {
		if _, ok := e.Live(c.t); ok != c.live {
			t.Errorf("live at %s: %v, want %v", c.t.Format("15:04"), ok, c.live)
		}
	}
}

// In the hour the clocks skip, a 2:30 session starts at 3:30 that day
// only, as RFC 5545 says; the next week it is 2:30 again.
func TestSessionInTheSpringGap(t *testing.T) {
	e := event(t, "2026-03-01", "02:30", "America/New_York", "weekly", "60")
	same(t, "gap", starts(e, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 3, zone(t, "America/New_York")), []string{
		"Sun Mar 1 02:30 EST", "Sun Mar 8 03:30 EDT", "Sun Mar 15 02:30 EDT",
	})
}

func TestNewEventValidation(t *testing.T) {
	ok := hearth.NewEvent{Title: " Sunday  chat ", Hosts: "@Nurse_A, dr-b nurse_a", Date: "2026-03-01", Time: "9:05", TimeZone: "America/New_York", Duration: "60", Repeat: "weekly"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if ok.Title != "Sunday chat" || strings.Join(ok.HostList, ",") != "nurse_a,dr-b" || ok.Time != "09:05" {
		t.Errorf("cleaned: %+v", ok)
	}
	for field, n := range map[string]hearth.NewEvent{
		"title":     {Hosts: "a_b", Date: "2026-03-01", Time: "21:00", TimeZone: "UTC", Duration: "60"},
		"hosts":     {Title: "x", Hosts: "not a handle!", Date: "2026-03-01", Time: "21:00", TimeZone: "UTC", Duration: "60"},
		"date":      {Title: "x", Hosts: "abc", Date: "March 1", Time: "21:00", TimeZone: "UTC", Duration: "60"},
		"time":      {Title: "x", Hosts: "abc", Date: "2026-03-01", Time: "9pm", TimeZone: "UTC", Duration: "60"},
		"time_zone": {Title: "x", Hosts: "abc", Date: "2026-03-01", Time: "21:00", TimeZone: "Mars/Olympus", Duration: "60"},
		"duration":  {Title: "x", Hosts: "abc", Date: "2026-03-01", Time: "21:00", TimeZone: "UTC", Duration: "600"},
		"until":     {Title: "x", Hosts: "abc", Date: "2026-03-01", Time: "21:00", TimeZone: "UTC", Duration: "60", Repeat: "weekly", Until: "2026-02-01"},
	} {
		if err := n.Validate(); hearth.ErrorField(err) != field || hearth.ErrorCode(err) != hearth.EInvalid {
			t.Errorf("%s: got %v (field %q)", field, err, hearth.ErrorField(err))
		}
	}
}

func TestTopicTag(t *testing.T) {
	for in, want := range map[string]int{"A2: yes": 2, "Q3 more": 3, "#Q12 hi": 12, "a1. ok": 1, "A2": 2, "Q0 x": 0, "AQ1": 0, "A2B": 0, "Answer": 0, "": 0} {
		if got := hearth.TopicTag(in); got != want {
			t.Errorf("TopicTag(%q) = %d, want %d", in, got, want)
		}
	}
	m := hearth.NewLiveMessage{Body: "A2: same here", Topic: 1}
	if err := m.Validate(); err != nil || m.Topic != 2 {
		t.Errorf("the tag in the text wins: %+v %v", m, err)
	}
	long := hearth.NewLiveMessage{Body: strings.Repeat("x", hearth.MaxLiveMessageRunes+1)}
	if err := long.Validate(); hearth.ErrorField(err) != "body" {
		t.Errorf("too long: %v", err)
	}
}

func TestScheduleWords(t *testing.T) {
	for _, c := range []struct {
		date, clock, repeat, want string
	}{
		{"2026-03-01", "21:00", "weekly", "Every Sunday at 9:00 p.m."},
		{"2026-03-04", "12:00", "biweekly", "Every other Wednesday at noon"},
		{"2026-01-29", "19:30", "monthly_last", "Monthly on the last Thursday at 7:30 p.m."},
		{"2026-01-06", "09:00", "monthly", "Monthly on the first Tuesday at 9:00 a.m."},
		{"2026-01-06", "09:00", "once", "Once, on Tuesday, January 6, 2026, at 9:00 a.m."},
	} {
		if got := event(t, c.date, c.clock, "UTC", c.repeat, "60").Schedule(); got != c.want {
			t.Errorf("%s %s %s: %q, want %q", c.date, c.clock, c.repeat, got, c.want)
		}
	}
}
