package ical_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/ical"
)

func mustEvent(t *testing.T, id int64, date, clock, tz, repeat string, exceptions ...hearth.Exception) *hearth.Event {
	t.Helper()
	n := hearth.NewEvent{Title: "Sunday night chat, with Q&A; all welcome", Description: "Bring questions.\nAll welcome.", Hosts: "nurse_amy",
		Date: date, Time: clock, TimeZone: tz, Duration: "60", Repeat: repeat}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	e := &hearth.Event{ID: id, CommunityName: "Epilepsy"}
	n.Apply(e)
	e.Exceptions = exceptions
	for _, x := range exceptions {
		if err := e.CheckException(x); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func parse(t *testing.T, text string) *ics.Calendar {
	t.Helper()
	if !strings.Contains(text, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	for _, line := range strings.Split(text, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("golang-ical cannot parse our output: %v\n%s", err, text)
	}
	return cal
}

func prop(c *ics.ComponentBase, p ics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func TestEventCalendarParsesBack(t *testing.T) {
	ny, _ := hearth.LoadZone("America/New_York")
	e := mustEvent(t, 7, "2026-03-01", "21:00", "America/New_York", "weekly",
		hearth.Exception{Date: "2026-03-08", Skip: true},
		hearth.Exception{Date: "2026-03-15", MovedTo: time.Date(2026, 3, 14, 10, 0, 0, 0, ny)})
	text := ical.Write(ical.Calendar{Name: "Epilepsy events", BaseURL: "https://hearth.example.org", Now: now}, []*hearth.Event{e})
	cal := parse(t, text)
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d VEVENTs, want the series and one moved session", len(evs))
	}
	master, moved := evs[0], evs[1]
	if uid := master.Id(); uid != "event-7@hearth.example.org" || moved.Id() != uid {
		t.Errorf("UIDs %q %q", uid, moved.Id())
	}
	if got := prop(&master.ComponentBase, ics.ComponentPropertyRrule); got != e.RRule() || got != "FREQ=WEEKLY;BYDAY=SU" {
		t.Errorf("RRULE %q, want %q", got, e.RRule())
	}
	if got := prop(&master.ComponentBase, ics.ComponentPropertySummary); got != e.Title {
		t.Errorf("SUMMARY %q (commas and semicolons must round-trip)", got)
	}
	start, err := master.GetStartAt()
	if err != nil || !start.Equal(e.First()) || start.Location().String() != "America/New_York" {
		t.Errorf("DTSTART %v (%v), want %v in its zone", start, err, e.First())
	}
	if end, err := master.GetEndAt(); err != nil || end.Sub(start) != time.Hour {
		t.Errorf("DTEND %v %v", end, err)
	}
	ex := master.GetProperty(ics.ComponentPropertyExdate)
	if ex == nil || ex.Value != "20260308T210000" || ex.ICalParameters["TZID"][0] != "America/New_York" {
		t.Errorf("EXDATE %+v", ex)
	}
	rid := moved.GetProperty(ics.ComponentPropertyRecurrenceId)
	if rid == nil || rid.Value != "20260315T210000" || rid.ICalParameters["TZID"][0] != "America/New_York" {
		t.Errorf("RECURRENCE-ID %+v", rid)
	}
	if ms, _ := moved.GetStartAt(); !ms.Equal(time.Date(2026, 3, 14, 10, 0, 0, 0, ny)) {
		t.Errorf("moved DTSTART %v", ms)
	}
	if desc := prop(&master.ComponentBase, ics.ComponentPropertyDescription); !strings.Contains(desc, "Bring questions.\nAll welcome.") ||
		!strings.Contains(desc, "https://hearth.example.org/events/7/live") {
		t.Errorf("DESCRIPTION %q", desc)
	}
	if tzs := cal.Timezones(); len(tzs) != 1 || prop(&tzs[0].ComponentBase, ics.ComponentPropertyTzid) != "America/New_York" {
		t.Errorf("VTIMEZONE %+v", tzs)
	}
	// The RRULE, expanded the way a calendar app would, gives the
	// sessions the site shows (the skipped one taken out by EXDATE).
	checkRRule(t, e, master)
}

// checkRRule expands an event's RRULE (the subset hearth writes: WEEKLY
// with INTERVAL and one BYDAY, MONTHLY with BYDAY=nDD, UNTIL) from its
// DTSTART and compares the dates with hearth's own schedule.
func checkRRule(t *testing.T, e *hearth.Event, v *ics.VEvent) {
	t.Helper()
	rule := map[string]string{}
	for _, part := range strings.Split(prop(&v.ComponentBase, ics.ComponentPropertyRrule), ";") {
		k, val, _ := strings.Cut(part, "=")
		rule[k] = val
	}
	start, _ := v.GetStartAt()
	var until time.Time
	if u := rule["UNTIL"]; u != "" {
		until, _ = time.Parse("20060102T150405Z", u)
	}
	excluded := map[string]bool{}
	for _, x := range v.GetProperties(ics.ComponentPropertyExdate) {
		excluded[x.Value] = true
	}
	limit := start.AddDate(1, 0, 0)
	var got []string
	add := func(d time.Time) {
		if d.Before(start) || (!until.IsZero() && d.After(until)) || d.After(limit) {
			return
		}
		if !excluded[d.Format("20060102T150405")] {
			got = append(got, d.Format("2006-01-02 15:04 MST"))
		}
	}
	h, m, loc := start.Hour(), start.Minute(), start.Location()
	switch rule["FREQ"] {
	case "WEEKLY":
		interval := 1
		if s := rule["INTERVAL"]; s != "" {
			interval, _ = strconv.Atoi(s)
		}
		for d := start; d.Before(limit); {
			add(d)
			y, mo, day := d.Date()
			d = time.Date(y, mo, day+7*interval, h, m, 0, 0, loc)
		}
	case "MONTHLY":
		by := rule["BYDAY"]
		n, _ := strconv.Atoi(by[:len(by)-2])
		for i := 0; i < 13; i++ {
			first := time.Date(start.Year(), start.Month()+time.Month(i), 1, h, m, 0, 0, loc)
			var d time.Time
			if n > 0 {
				d = first.AddDate(0, 0, (int(start.Weekday())-int(first.Weekday())+7)%7+7*(n-1))
			} else {
				last := first.AddDate(0, 1, -1)
				d = last.AddDate(0, 0, -((int(last.Weekday()) - int(start.Weekday()) + 7) % 7))
			}
			if d.Month() == first.Month() {
				add(d)
			}
		}
	default:
		t.Fatalf("unexpected FREQ %q", rule["FREQ"])
	}
	var want []string
	for _, o := range e.Occurrences(start, limit.Add(time.Second)) {
		if !o.Skipped {
			want = append(want, o.Scheduled.Format("2006-01-02 15:04 MST"))
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("RRULE %v expands to\n %v\nhearth says\n %v", rule, got, want)
	}
}

func TestRRulesMatchSchedules(t *testing.T) {
	for _, c := range []struct{ date, clock, tz, repeat, until string }{
		{"2026-01-04", "21:00", "America/New_York", "weekly", ""},
		{"2026-01-07", "20:00", "America/Chicago", "biweekly", "2026-09-30"},
		{"2026-01-11", "15:00", "Europe/London", "monthly", ""},
		{"2026-01-29", "19:00", "Australia/Sydney", "monthly_last", ""},
		{"2026-02-26", "18:30", "Europe/Berlin", "monthly_last", "2026-10-29"},
	} {
		t.Run(c.tz+" "+c.repeat, func(t *testing.T) {
			e := mustEvent(t, 1, c.date, c.clock, c.tz, c.repeat)
			e.Until = c.until
			cal := parse(t, ical.Write(ical.Calendar{BaseURL: "http://127.0.0.1:8080", Now: now}, []*hearth.Event{e}))
			checkRRule(t, e, cal.Events()[0])
		})
	}
}

// offsetAt evaluates a parsed VTIMEZONE at an instant the way a calendar
// app does: the observance with the latest onset at or before it wins.
func offsetAt(t *testing.T, tz *ics.VTimezone, at time.Time) int {
	t.Helper()
	best, bestOff := time.Time{}, 0
	for _, c := range tz.Components {
		var cb *ics.ComponentBase
		switch o := c.(type) {
		case *ics.Standard:
			cb = &o.ComponentBase
		case *ics.Daylight:
			cb = &o.ComponentBase
		default:
			continue
		}
		from, to := parseOffset(prop(cb, ics.ComponentProperty(ics.PropertyTzoffsetfrom))), parseOffset(prop(cb, ics.ComponentProperty(ics.PropertyTzoffsetto)))
		local, err := time.Parse("20060102T150405", prop(cb, ics.ComponentPropertyDtStart))
		if err != nil {
			t.Fatal(err)
		}
		onsets := []time.Time{local.Add(-time.Duration(from) * time.Second)}
		if r := prop(cb, ics.ComponentPropertyRrule); r != "" {
			onsets = yearly(t, r, local, from)
		}
		for _, on := range onsets {
			if !on.After(at) && on.After(best) {
				best, bestOff = on, to
			}
		}
	}
	if best.IsZero() {
		t.Fatalf("no observance covers %v", at)
	}
	return bestOff
}

func parseOffset(s string) int {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	h, _ := strconv.Atoi(s[1:3])
	m, _ := strconv.Atoi(s[3:5])
	return sign * (h*3600 + m*60)
}

// yearly expands FREQ=YEARLY;BYMONTH=m;BYDAY=nDD[;UNTIL] onsets in UTC.
func yearly(t *testing.T, rule string, local time.Time, from int) []time.Time {
	parts := map[string]string{}
	for _, p := range strings.Split(rule, ";") {
		k, v, _ := strings.Cut(p, "=")
		parts[k] = v
	}
	month, _ := strconv.Atoi(parts["BYMONTH"])
	by := parts["BYDAY"]
	n, _ := strconv.Atoi(by[:len(by)-2])
	wd := map[string]time.Weekday{"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}[by[len(by)-2:]]
	var until time.Time
	if u := parts["UNTIL"]; u != "" {
		until, _ = time.Parse("20060102T150405Z", u)
	}
	var out []time.Time
	for y := local.Year(); y < local.Year()+15; y++ {
		first := time.Date(y, time.Month(month), 1, local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
		var d time.Time
		if n > 0 {
			d = first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
		} else {
			last := first.AddDate(0, 1, -1)
			d = last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
		}
		on := d.Add(-time.Duration(from) * time.Second)
		if !until.IsZero() && on.After(until) {
			break
		}
		out = append(out, on)
	}
	if len(out) == 0 || !out[0].Equal(local.Add(-time.Duration(from)*time.Second)) {
		t.Errorf("RRULE %s does not start at its DTSTART %v", rule, local)
	}
	return out
}

// The VTIMEZONE, read back and evaluated like a calendar app would, gives
// the offsets Go's zone database gives, hour by hour over years, for zones
// on both sides of the equator and without DST.
func TestTimezonesMatchGo(t *testing.T) {
	for _, c := range []struct{ name, date string }{
		{"America/New_York", "2026-03-01"}, {"Europe/London", "2026-03-01"}, {"Europe/Berlin", "2026-03-01"},
		{"Australia/Sydney", "2026-03-01"}, {"Asia/Kolkata", "2026-03-01"}, {"America/Phoenix", "2026-03-01"}, {"UTC", "2026-03-01"},
		// Zones whose rules changed inside the window: Brazil dropped DST
		// in 2019, Mexico in 2022.
		{"America/Sao_Paulo", "2018-03-04"}, {"America/Mexico_City", "2022-03-06"},
	} {
		name := c.name
		t.Run(name, func(t *testing.T) {
			e := mustEvent(t, 1, c.date, "21:00", name, "weekly")
			cal := parse(t, ical.Write(ical.Calendar{Now: now}, []*hearth.Event{e}))
			tzs := cal.Timezones()
			if len(tzs) != 1 {
				t.Fatalf("%d VTIMEZONEs", len(tzs))
			}
			loc, _ := hearth.LoadZone(name)
			bad := 0
			first := e.First().AddDate(-1, 0, 0)
			for at := first; at.Before(time.Date(2031, 12, 31, 0, 0, 0, 0, time.UTC)); at = at.Add(time.Hour) {
				_, want := at.In(loc).Zone()
				if got := offsetAt(t, tzs[0], at); got != want && bad < 5 {
					bad++
					t.Errorf("%v: VTIMEZONE says %+d, Go says %+d", at, got, want)
				}
			}
		})
	}
}

func TestOnceAndFeed(t *testing.T) {
	once := mustEvent(t, 3, "2026-12-01", "18:00", "Europe/Berlin", "once")
	skipped := mustEvent(t, 4, "2026-12-02", "18:00", "Europe/Berlin", "once", hearth.Exception{Date: "2026-12-02", Skip: true})
	weekly := mustEvent(t, 5, "2026-03-01", "21:00", "America/New_York", "weekly")
	cal := parse(t, ical.Write(ical.Calendar{Name: "Feed", BaseURL: "https://x.example", Now: now}, []*hearth.Event{once, skipped, weekly}))
	if n := len(cal.Timezones()); n != 2 {
		t.Errorf("%d VTIMEZONEs for two zones", n)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	if r := evs[0].GetProperty(ics.ComponentPropertyRrule); r != nil {
		t.Errorf("a one-off has RRULE %q", r.Value)
	}
	if s := prop(&evs[1].ComponentBase, ics.ComponentPropertyStatus); s != "CANCELLED" {
		t.Errorf("skipped one-off status %q", s)
	}
}
