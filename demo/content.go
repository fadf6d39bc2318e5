// Demo content: pure data that Seed writes into an empty database.
//
// Everything here is invented. Handles are pseudonymous, emails use the
// reserved example.org domain, and no post contains real names, phone
// numbers, addresses or dates of birth. Children are never named.
//
// Timing conventions, so the seeder can place content relative to "now":
// a member joined DaysAgo days ago; a thread was started DaysAgo days ago;
// a reply was posted HoursAfter hours after its thread started. The content
// guarantees that every reply falls between its thread's start and now
// (HoursAfter <= thread DaysAgo * 24), that every author joined at least
// contentJoinSlackHours (6h, see content_test.go) before posting, and that threads
// with DaysAgo 0 have no replies.

package demo

// Member is a demo account. Handles are pseudonymous (3–30 chars of a-z0-9_-), never real-looking full names.
type Member struct {
	Handle  string
	Email   string // @example.org addresses only
	Role    string // "member", "mentor", "clinician", "moderator", "admin"
	Bio     string // one or two sentences, plain voice
	DaysAgo int    // when they joined
}

// Community is a demo community with its members and join requests.
type Community struct {
	Slug        string // e.g. "epilepsy"
	Name        string
	Visibility  string   // "public", "members", "private"
	Description string   // one paragraph, plain language
	Rules       string   // Markdown list of 4–6 rules
	Members     []string // handles of members (the first one is the community moderator or owner)
	Pending     []string // handles who asked to join (private communities only)
}

// Reply is a reply to a demo thread.
type Reply struct {
	Author     string // handle
	Body       string // Markdown
	HoursAfter int    // hours after the thread started
}

// Thread is a demo discussion thread with its replies, oldest first.
type Thread struct {
	Community string // slug
	Author    string // handle
	Title     string
	Body      string // Markdown
	DaysAgo   int
	Replies   []Reply
}

// Password is the demo sign-in password for every demo account.
const Password = "hearth-demo-2026"

// Threads is every demo thread across all communities.
var Threads = concatThreads(
	epilepsyThreads,
	t1dThreads,
	caregiverThreads,
	longCovidThreads,
	spanishThreads, // content_search.go
)

func concatThreads(groups ...[]Thread) []Thread {
	var all []Thread
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}
