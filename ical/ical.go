// Package ical writes hearth's events as iCalendar (RFC 5545) with
// github.com/arran4/golang-ical: one VEVENT per event with its RRULE in
// the event's own zone, EXDATE for skipped sessions, a VEVENT with
// RECURRENCE-ID for each moved one, and a VTIMEZONE for each zone, built
// from Go's zone database so that calendars show the same times as the
// site across clock changes.
package ical

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/hearth-community/hearth"
)

// Calendar is what a feed needs besides its events.
type Calendar struct {
	// Name is the calendar's name in the reader's app.
	Name string
	// BaseURL is the site's address ("https://hearth.example.org"); links
	// and UIDs are made from it.
	BaseURL string
	// Now stamps the events (DTSTAMP).
	Now time.Time
}

const (
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// Write returns the calendar of events as iCalendar text.
func Write(c Calendar, events []*hearth.Event) string {
	cal := ics.NewCalendarFor("hearth")
	cal.SetProductId("-//hearth//live events//EN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	if c.Name != "" {
		cal.SetName(c.Name)
		cal.SetXWRCalName(c.Name)
	}
	host := "hearth"
	if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	// One VTIMEZONE per zone, covering from a year before the zone's
	// earliest session to a few years ahead.
	earliest := map[string]time.Time{}
	for _, e := range events {
		if t, ok := earliest[e.TimeZone]; !ok || e.First().Before(t) {
			earliest[e.TimeZone] = e.First()
		}
	}
	var names []string
	for name := range earliest {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		from := earliest[name].AddDate(-1, 0, 0)
		to := c.Now.AddDate(5, 0, 0)
		if to.Before(from.AddDate(6, 0, 0)) {
			to = from.AddDate(6, 0, 0)
		}
		cal.AddVTimezone(Timezone(name, from, to))
	}
	for _, e := range events {
		addEvent(cal, c, host, e)
	}
	// RFC 5545 lines end in CRLF; golang-ical's default is a bare LF.
	return cal.Serialize(ics.WithNewLine("\r\n"))
}

// addEvent adds an event's VEVENT and one more for each moved session.
func addEvent(cal *ics.Calendar, c Calendar, host string, e *hearth.Event) {
	loc := e.Location()
	tz := ics.WithTZID(e.TimeZone)
	uid := fmt.Sprintf("event-%d@%s", e.ID, host)
	page := fmt.Sprintf("%s/events/%d", strings.TrimRight(c.BaseURL, "/"), e.ID)
	describe := func(v *ics.VEvent) {
		v.SetDtStampTime(c.Now)
		v.SetSummary(e.Title)
		desc := strings.TrimSpace(e.Description)
		if desc != "" {
			desc += "\n\n"
		}
		desc += "A live chat in " + e.CommunityName + ", hosted by @" + strings.Join(e.Hosts, ", @") + ". Join the live room: " + page + "/live"
		v.SetDescription(desc)
		v.SetURL(page)
		v.SetLocation(page + "/live")
	}
	first := e.First()
	v := cal.AddEvent(uid)
	describe(v)
	start, end := first, first.Add(e.Duration)
	if e.Repeat == hearth.RepeatOnce {
		// A single session that moved simply starts elsewhere.
		if o, ok := e.OccurrenceOn(e.StartDate); ok {
			start, end = o.Start, o.End
			if o.Skipped {
				v.SetStatus(ics.ObjectStatusCancelled)
			}
		}
	}
	v.SetProperty(ics.ComponentPropertyDtStart, start.In(loc).Format(localLayout), tz)
	v.SetProperty(ics.ComponentPropertyDtEnd, end.In(loc).Format(localLayout), tz)
	if rule := e.RRule(); rule != "" {
		v.AddRrule(rule)
		for _, x := range e.Exceptions {
			o, ok := e.OccurrenceOn(x.Date)
			if !ok {
				continue // no longer on the schedule
			}
			if o.Skipped {
				v.AddExdate(o.Scheduled.In(loc).Format(localLayout), tz)
				continue
			}
			m := cal.AddEvent(uid)
			describe(m)
			m.SetProperty(ics.ComponentPropertyRecurrenceId, o.Scheduled.In(loc).Format(localLayout), tz)
			m.SetProperty(ics.ComponentPropertyDtStart, o.Start.In(loc).Format(localLayout), tz)
			m.SetProperty(ics.ComponentPropertyDtEnd, o.End.In(loc).Format(localLayout), tz)
		}
	}
}

// transition is a change of a zone's offset.
type transition struct {
	at             time.Time // the instant it happens
	from, to       int       // offsets in seconds east of UTC
	name           string    // the abbreviation after it
	dst            bool
	month          time.Month
	weekday        time.Weekday
	week           int    // 1–4, or -1 for the last of the month
	wall           string // local time before it, "020000"
	year           int
	localStartText string
}

// key says which yearly rule a transition follows.
func (t transition) key() string {
	return fmt.Sprintf("%v %d %d %s %d %d %d %s", t.dst, t.from, t.to, t.name, t.month, t.weekday, t.week, t.wall)
}

// transitions lists a zone's offset changes in [from, to), found by
// walking the zone's periods (time.Time.ZoneBounds).
func transitions(loc *time.Location, from, to time.Time) []transition {
	var out []transition
	t := from.In(loc)
	for range 1000 {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		before, after := end.Add(-time.Second).In(loc), end.In(loc)
		_, offFrom := before.Zone()
		name, offTo := after.Zone()
		// The onset is written in the local time that was in force before
		// it (RFC 5545 3.6.5).
		local := end.In(time.FixedZone("", offFrom))
		week := (local.Day()-1)/7 + 1
		if local.AddDate(0, 0, 7).Month() != local.Month() && week >= 4 {
			week = -1
		}
		out = append(out, transition{at: end, from: offFrom, to: offTo, name: name, dst: after.IsDST(), month: local.Month(),
			weekday: local.Weekday(), week: week, wall: local.Format("150405"), year: local.Year(), localStartText: local.Format(localLayout)})
		t = after
	}
	return out
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// Timezone builds the VTIMEZONE of a zone for times in [from, to): one
// observance per yearly rule, with an RRULE (ended by UNTIL when a later
// rule replaces it), and single observances for one-off changes.
func Timezone(name string, from, to time.Time) *ics.VTimezone {
	loc, err := hearth.LoadZone(name)
	if err != nil {
		loc = time.UTC
	}
	tz := ics.NewTimezone(name)
	observe := func(dst bool, start string, offFrom, offTo int, abbr, rule string) {
		var cb *ics.ComponentBase
		if dst {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			cb = &d.ComponentBase
		} else {
			cb = &tz.AddStandard().ComponentBase
		}
		cb.SetProperty(ics.ComponentPropertyDtStart, start)
		cb.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(offFrom))
		cb.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(offTo))
		cb.SetProperty(ics.ComponentProperty(ics.PropertyTzname), abbr)
		if rule != "" {
			cb.AddRrule(rule)
		}
	}
	// What is in force when the window opens, from the start of that
	// year (a round onset, early enough for the window).
	at := from.In(loc)
	at = time.Date(at.Year(), 1, 1, 0, 0, 0, 0, loc)
	from = at
	abbr, off := at.Zone()
	observe(at.IsDST(), at.Format(localLayout), off, off, abbr, "")
	ts := transitions(loc, from, to)
	lastYear := to.In(loc).Year() - 1
	used := make([]bool, len(ts))
	for i, t := range ts {
		if used[i] {
			continue
		}
		// A rule is the transitions, a year apart, that share a key; the
		// other rules' transitions lie between them (DST on, DST off, …).
		run := []transition{t}
		used[i] = true
		for k := i + 1; k < len(ts); k++ {
			if !used[k] && ts[k].key() == t.key() && ts[k].year == run[len(run)-1].year+1 {
				run = append(run, ts[k])
				used[k] = true
			}
		}
		rule := ""
		if len(run) >= 2 {
			day := strings.ToUpper(t.weekday.String()[:2])
			rule = fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(t.month), t.week, day)
			if last := run[len(run)-1]; last.year < lastYear {
				rule += ";UNTIL=" + last.at.UTC().Format(utcLayout)
			}
		}
		observe(t.dst, t.localStartText, t.from, t.to, t.name, rule)
	}
	return tz
}
