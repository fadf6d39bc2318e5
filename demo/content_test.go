package demo

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

var (
	contentHandleRE  = regexp.MustCompile(`^[a-z0-9_-]{3,30}$`)
	contentSlugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	contentMentionRE = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.-])@([A-Za-z0-9_-]+)`)
	contentURLRE     = regexp.MustCompile(`https?://\S+`)

	// Things that must never appear in free text (bios, descriptions,
	// titles, bodies). Deliberately simple: false positives are fixed by
	// rewording the content.
	contentForbidden = []struct {
		what string
		re   *regexp.Regexp
	}{
		{"phone number", regexp.MustCompile(`\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b`)},
		{"phone number", regexp.MustCompile(`\+\d[\d ().-]{7,}\d`)},
		{"email address", regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)},
		{"numeric date", regexp.MustCompile(`\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b`)},
		{"ISO date", regexp.MustCompile(`\b\d{4}-\d{1,2}-\d{1,2}\b`)},
		{"written date", regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}\b`)},
	}
)

// contentJoinSlackHours is how long before their first post a member must have
// joined, so small offsets added while seeding keep posts after joins.
const contentJoinSlackHours = 6

var (
	contentRoles        = []string{"member", "mentor", "clinician", "moderator", "admin"}
	contentVisibilities = []string{"public", "members", "private"}
)

func contentHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func contentMembersByHandle() map[string]Member {
	m := make(map[string]Member, len(Members))
	for _, mem := range Members {
		m[mem.Handle] = mem
	}
	return m
}

func contentCommunitiesBySlug() map[string]Community {
	m := make(map[string]Community, len(Communities))
	for _, c := range Communities {
		m[c.Slug] = c
	}
	return m
}

// contentFreeText returns every human-written string with a label for error messages.
func contentFreeText() map[string]string {
	texts := make(map[string]string)
	for _, m := range Members {
		texts["bio of "+m.Handle] = m.Bio
	}
	for _, c := range Communities {
		texts["name of "+c.Slug] = c.Name
		texts["description of "+c.Slug] = c.Description
		texts["rules of "+c.Slug] = c.Rules
	}
	for i, t := range Threads {
		texts[fmt.Sprintf("title of thread %d %q", i, t.Title)] = t.Title
		texts[fmt.Sprintf("body of thread %d %q", i, t.Title)] = t.Body
		for j, r := range t.Replies {
			texts[fmt.Sprintf("reply %d by %s in %q", j, r.Author, t.Title)] = r.Body
		}
	}
	return texts
}

func TestContentMembers(t *testing.T) {
	if n := len(Members); n < 20 || n > 30 {
		t.Errorf("got %d members, want about 20–25", n)
	}
	handles := map[string]bool{}
	emails := map[string]bool{}
	roles := map[string]int{}
	for _, m := range Members {
		if !contentHandleRE.MatchString(m.Handle) {
			t.Errorf("invalid handle %q", m.Handle)
		}
		if handles[m.Handle] {
			t.Errorf("duplicate handle %q", m.Handle)
		}
		handles[m.Handle] = true

		email := strings.ToLower(m.Email)
		if !strings.HasSuffix(email, "@example.org") || strings.Count(email, "@") != 1 || strings.HasPrefix(email, "@") {
			t.Errorf("%s: email %q must be a single address at @example.org", m.Handle, m.Email)
		}
		if emails[email] {
			t.Errorf("duplicate email %q", m.Email)
		}
		emails[email] = true

		if !contentHas(contentRoles, m.Role) {
			t.Errorf("%s: invalid role %q", m.Handle, m.Role)
		}
		roles[m.Role]++
		if strings.TrimSpace(m.Bio) == "" {
			t.Errorf("%s: empty bio", m.Handle)
		}
		if m.DaysAgo < 0 {
			t.Errorf("%s: negative DaysAgo", m.Handle)
		}
	}
	for _, r := range contentRoles {
		if roles[r] == 0 {
			t.Errorf("no member with role %q", r)
		}
	}
	if roles["mentor"] < 2 {
		t.Errorf("got %d mentors, want at least 2", roles["mentor"])
	}
	if roles["clinician"] < 2 {
		t.Errorf("got %d clinicians, want at least 2", roles["clinician"])
	}
}

func TestContentCommunities(t *testing.T) {
	members := contentMembersByHandle()
	slugs := map[string]bool{}
	vis := map[string]bool{}
	listItem := regexp.MustCompile(`(?m)^\s*(?:[-*+]|\d+\.)\s+\S`)
	for _, c := range Communities {
		if !contentSlugRE.MatchString(c.Slug) {
			t.Errorf("invalid slug %q", c.Slug)
		}
		if slugs[c.Slug] {
			t.Errorf("duplicate slug %q", c.Slug)
		}
		slugs[c.Slug] = true
		if !contentHas(contentVisibilities, c.Visibility) {
			t.Errorf("%s: invalid visibility %q", c.Slug, c.Visibility)
		}
		vis[c.Visibility] = true
		if c.Name == "" || c.Description == "" {
			t.Errorf("%s: missing name or description", c.Slug)
		}
		if n := len(listItem.FindAllString(c.Rules, -1)); n < 4 || n > 6 {
			t.Errorf("%s: rules have %d list items, want 4–6", c.Slug, n)
		}
		if len(c.Members) == 0 {
			t.Errorf("%s: no members", c.Slug)
			continue
		}
		if first, ok := members[c.Members[0]]; ok && first.Role != "moderator" && first.Role != "admin" {
			t.Errorf("%s: first member %s is a %s, want the moderator or owner", c.Slug, first.Handle, first.Role)
		}
		seen := map[string]bool{}
		for _, h := range c.Members {
			if _, ok := members[h]; !ok {
				t.Errorf("%s: unknown member %q", c.Slug, h)
			}
			if seen[h] {
				t.Errorf("%s: %q listed twice", c.Slug, h)
			}
			seen[h] = true
		}
		if len(c.Pending) > 0 && c.Visibility != "private" {
			t.Errorf("%s: pending join requests on a %s community", c.Slug, c.Visibility)
		}
		for _, h := range c.Pending {
			if _, ok := members[h]; !ok {
				t.Errorf("%s: unknown pending member %q", c.Slug, h)
			}
			if seen[h] {
				t.Errorf("%s: %q is both a member and pending", c.Slug, h)
			}
			seen[h] = true
		}
	}
	for _, v := range contentVisibilities {
		if !vis[v] {
			t.Errorf("no community with visibility %q", v)
		}
	}
	for _, want := range []string{"epilepsy", "t1d-parents", "caregivers"} {
		if !slugs[want] {
			t.Errorf("missing community %q", want)
		}
	}
}

func TestContentThreads(t *testing.T) {
	members := contentMembersByHandle()
	communities := contentCommunitiesBySlug()

	if len(Threads) < 30 {
		t.Errorf("got %d threads, want at least 30", len(Threads))
	}
	perCommunity := map[string]int{}
	long, unanswered, recent := 0, 0, 0
	for i, th := range Threads {
		name := fmt.Sprintf("thread %d %q", i, th.Title)
		c, ok := communities[th.Community]
		if !ok {
			t.Errorf("%s: unknown community %q", name, th.Community)
			continue
		}
		perCommunity[th.Community]++
		if strings.TrimSpace(th.Title) == "" || strings.TrimSpace(th.Body) == "" {
			t.Errorf("%s: empty title or body", name)
		}
		if th.DaysAgo < 0 || th.DaysAgo > 90 {
			t.Errorf("%s: DaysAgo %d out of range", name, th.DaysAgo)
		}
		if th.DaysAgo <= 2 {
			recent++
		}
		if len(th.Replies) == 0 {
			unanswered++
		}
		if c.Visibility == "public" && len(th.Replies) >= 50 {
			long++
		}

		// checkAuthor verifies that a handle exists, belongs to the
		// community, and had joined comfortably before posting hoursAgo
		// hours ago (the seeder may shift posts a few hours earlier).
		checkAuthor := func(what, handle string, hoursAgo int) {
			m, ok := members[handle]
			if !ok {
				t.Errorf("%s: unknown %s %q", name, what, handle)
				return
			}
			// Every community in the demo, public ones included, only has
			// posts from its members; for non-public ones it is required.
			if !contentHas(c.Members, handle) {
				t.Errorf("%s: %s %q is not a member of %s (%s)", name, what, handle, c.Slug, c.Visibility)
			}
			if m.DaysAgo*24-hoursAgo < contentJoinSlackHours {
				t.Errorf("%s: %s %q posts %dh ago but joined %d days ago", name, what, handle, hoursAgo, m.DaysAgo)
			}
		}
		checkAuthor("author", th.Author, th.DaysAgo*24)

		if th.DaysAgo == 0 && len(th.Replies) > 0 {
			t.Errorf("%s: started today but has replies", name)
		}
		prev := 0
		bodies := map[string]bool{}
		for j, r := range th.Replies {
			if r.HoursAfter < prev {
				t.Errorf("%s: reply %d HoursAfter %d < previous %d", name, j, r.HoursAfter, prev)
			}
			prev = r.HoursAfter
			if r.HoursAfter < 0 || r.HoursAfter > th.DaysAgo*24 {
				t.Errorf("%s: reply %d HoursAfter %d is outside the thread's %d days", name, j, r.HoursAfter, th.DaysAgo)
			}
			checkAuthor("reply author", r.Author, th.DaysAgo*24-r.HoursAfter)
			if strings.TrimSpace(r.Body) == "" {
				t.Errorf("%s: reply %d is empty", name, j)
			}
			if bodies[r.Body] {
				t.Errorf("%s: reply %d repeats an earlier reply", name, j)
			}
			bodies[r.Body] = true
		}
	}
	if long == 0 {
		t.Error("no public thread with at least 50 replies")
	}
	if unanswered < 2 {
		t.Errorf("got %d unanswered threads, want at least 2", unanswered)
	}
	if recent < 3 {
		t.Errorf("got %d threads from the last 2 days, want at least 3", recent)
	}
	if perCommunity["caregivers"] < 5 {
		t.Errorf("got %d caregivers threads, want at least 5", perCommunity["caregivers"])
	}
	for _, c := range Communities {
		if perCommunity[c.Slug] == 0 {
			t.Errorf("community %s has no threads", c.Slug)
		}
	}
}

func TestContentMentionsAndMarkdown(t *testing.T) {
	members := contentMembersByHandle()
	var quote, list, url, parenURL bool
	for label, text := range contentFreeText() {
		for _, m := range contentMentionRE.FindAllStringSubmatch(text, -1) {
			if _, ok := members[m[1]]; !ok {
				t.Errorf("%s: mention of unknown member @%s", label, m[1])
			}
		}
		for _, u := range contentURLRE.FindAllString(text, -1) {
			if !strings.HasPrefix(u, "https://") {
				t.Errorf("%s: non-https URL %s", label, u)
			}
			url = true
			if strings.Contains(u, "(") {
				parenURL = true
			}
		}
		if regexp.MustCompile(`(?m)^> \S`).MatchString(text) {
			quote = true
		}
		if regexp.MustCompile(`(?m)^(?:- |\d+\. )\S`).MatchString(text) {
			list = true
		}
	}
	if !quote {
		t.Error("no quoted reply in the content")
	}
	if !list {
		t.Error("no Markdown list in the content")
	}
	if !url {
		t.Error("no bare URL in the content")
	}
	if !parenURL {
		t.Error("no URL with parentheses in the content")
	}
}

func TestContentNoPersonalData(t *testing.T) {
	for label, text := range contentFreeText() {
		for _, f := range contentForbidden {
			if loc := f.re.FindString(text); loc != "" {
				t.Errorf("%s: looks like a %s: %q", label, f.what, loc)
			}
		}
	}
}

func TestContentForbiddenPatterns(t *testing.T) {
	bad := []string{
		"call me at 555-123-4567",
		"(555) 123-4567",
		"+44 20 7946 0958",
		"write to jane.doe@gmail.com",
		"born 03/14/2019",
		"on 2019-03-14",
		"since March 14, 2019",
	}
	for _, s := range bad {
		hit := false
		for _, f := range contentForbidden {
			if f.re.MatchString(s) {
				hit = true
			}
		}
		if !hit {
			t.Errorf("contentForbidden patterns miss %q", s)
		}
	}
	ok := []string{
		"ask @peds_endo_doc, thanks",
		"from 7.2 to 8.1",
		"usually 120-something",
		"24/7 support",
		"https://en.wikipedia.org/wiki/Aura_(symptom)",
	}
	for _, s := range ok {
		for _, f := range contentForbidden {
			if f.re.MatchString(s) {
				t.Errorf("contentForbidden pattern %s wrongly matches %q", f.what, s)
			}
		}
	}
}

func TestContentPassword(t *testing.T) {
	if len(Password) < 8 {
		t.Errorf("demo password %q is too short", Password)
	}
}
