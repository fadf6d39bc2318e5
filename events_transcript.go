package hearth

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Transcript is a session's messages written as a thread: an opening
// post that says what the chat was and lists its questions, then one
// reply per question with the messages about it, then the messages about
// no question. A part longer than a post may be is split.
type Transcript struct {
	Title   string
	Opening string
	Replies []string
}

// BuildTranscript writes the transcript of a session from its visible
// messages, in order, with times in the event's zone.
func BuildTranscript(e *Event, o Occurrence, msgs []*LiveMessage) *Transcript {
	loc := e.Location()
	start, end := o.Start.In(loc), o.End.In(loc)
	title := "Transcript: " + e.Title + ", " + start.Format("January 2, 2006")
	if utf8.RuneCountInString(title) > MaxTitleRunes {
		title = string([]rune(title)[:MaxTitleRunes-1]) + "…"
	}
	var hosts []string
	for _, h := range e.Hosts {
		hosts = append(hosts, "@"+h)
	}
	var questions []*LiveMessage
	byTopic := map[int][]*LiveMessage{}
	var general []*LiveMessage
	for _, m := range msgs {
		switch {
		case m.Kind == LiveKindQuestion:
			questions = append(questions, m)
		case m.Topic > 0:
			byTopic[m.Topic] = append(byTopic[m.Topic], m)
		default:
			general = append(general, m)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The live chat “%s” on %s, from %s to %s (%s)", e.Title, start.Format("Monday, January 2, 2006"),
		ClockTime(start), ClockTime(end)+" "+end.Format("MST"), e.TimeZone)
	if len(hosts) > 0 {
		fmt.Fprintf(&b, ", hosted by %s", strings.Join(hosts, " and "))
	}
	fmt.Fprintf(&b, ".\n\nThis is what was said, grouped by question. It was saved here when the chat ended. [About the event](/events/%d).\n", e.ID)
	if len(questions) > 0 {
		b.WriteString("\nQuestions:\n\n")
		for _, q := range questions {
			fmt.Fprintf(&b, "- **Q%d:** %s\n", q.Number, oneLine(q.Body, 160))
		}
	}
	t := &Transcript{Title: title, Opening: strings.TrimSpace(b.String())}
	for _, q := range questions {
		head := fmt.Sprintf("### Q%d: %s\n\nAsked by @%s at %s.", q.Number, oneLine(q.Body, 300), q.Author, ClockTime(q.CreatedAt.In(loc)))
		if utf8.RuneCountInString(q.Body) > 300 {
			head += "\n\n" + q.Body
		}
		t.add(head, fmt.Sprintf("### Q%d (continued)", q.Number), byTopic[q.Number], loc)
		delete(byTopic, q.Number)
	}
	// Messages about a question that has no row (none should) join the
	// general ones, so that nothing visible is left out.
	for _, q := range slices.Sorted(maps.Keys(byTopic)) {
		general = append(general, byTopic[q]...)
	}
	if len(general) > 0 {
		t.add("### Other messages", "### Other messages (continued)", general, loc)
	}
	return t
}

// add appends a section as one or more replies, each within MaxBodyRunes.
func (t *Transcript) add(head, cont string, msgs []*LiveMessage, loc *time.Location) {
	const room = MaxBodyRunes - 500
	var b strings.Builder
	b.WriteString(head + "\n")
	if len(msgs) == 0 {
		b.WriteString("\nNo answers.\n")
	}
	for _, m := range msgs {
		line := messageLine(m, loc)
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(line) > room {
			t.Replies = append(t.Replies, strings.TrimSpace(b.String()))
			b.Reset()
			b.WriteString(cont + "\n")
		}
		b.WriteString(line)
	}
	t.Replies = append(t.Replies, strings.TrimSpace(b.String()))
}

// messageLine is one message as a Markdown list item; the lines of a
// longer message stay inside its item.
func messageLine(m *LiveMessage, loc *time.Location) string {
	who := "@" + m.Author
	if m.IsHost {
		who += " (host)"
	}
	body := strings.ReplaceAll(m.Body, "\n", "\n  ")
	return fmt.Sprintf("\n- **%s**, %s: %s\n", who, ClockTime(m.CreatedAt.In(loc)), body)
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]) + "…"
	}
	return s
}
