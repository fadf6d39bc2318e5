// Package spam scores a new post for the signs of spam that a health
// community sees most: links from accounts that have no history yet, the
// same text posted again and again, and the known patterns of "miracle
// cure" and pill-selling spam. A post that scores Threshold or more is
// held for a moderator, never rejected: a false alarm costs a member a
// short wait, not their words. It does no I/O; storage gathers the
// account's history (Input) and the web layer applies the result.
package spam

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Threshold is the score at which a post is held for review.
const Threshold = 5

// NewAccountAge and NewAccountPosts define a new account: younger than
// this, or with fewer published posts than this.
const (
	NewAccountAge   = 3 * 24 * time.Hour
	NewAccountPosts = 3
)

// MinRepeatRunes is the shortest text whose repetition counts: "Thank
// you!" twice is manners, not spam.
const MinRepeatRunes = 40

// Input is a post and what storage knows of its author.
type Input struct {
	Text string
	// AccountAge is how long ago the author signed up.
	AccountAge time.Duration
	// PublishedPosts counts the author's published posts (storage may
	// stop counting at NewAccountPosts).
	PublishedPosts int
	// Repeats counts the author's posts of the last day with the same
	// text (compared with Normalize).
	Repeats int
}

// NewAccount reports whether the author has no history yet.
func (in Input) NewAccount() bool {
	return in.AccountAge < NewAccountAge || in.PublishedPosts < NewAccountPosts
}

// Signal is one reason a post scored, with the text that caused it
// (when there is one) as byte offsets into Input.Text.
type Signal struct {
	Reason string
	Points int
	Start  int
	End    int
	Text   string
}

// Result is a post's score and its reasons.
type Result struct {
	Score   int
	Signals []Signal
}

// Hold reports whether the post should wait for a moderator.
func (r Result) Hold() bool { return r.Score >= Threshold }

// Reasons lists the signals' reasons in plain words, once each.
func (r Result) Reasons() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.Signals {
		if !seen[s.Reason] {
			seen[s.Reason] = true
			out = append(out, s.Reason)
		}
	}
	return out
}

// Reasons, as moderators read them in the queue.
const (
	ReasonLinks    = "links from a new account"
	ReasonRepeated = "the same text posted again"
	ReasonPattern  = "wording common in spam"
	ReasonShouting = "shouting (mostly capital letters)"
)

var (
	link = regexp.MustCompile(`(?i)\bhttps?://[^\s)>\]]+|\bwww\.[^\s)>\]]+|\b[a-z0-9-]+\.(?:com|net|org|info|biz|io|co|ru|xyz|top|shop|store|online|site|club|live|click|link|pro|vip|win)\b(?:/[^\s)>\]]*)?`)
	// patterns are the wording of spam that health communities get:
	// selling pills, "miracle cures" and the "doctor" who cures on
	// WhatsApp, money schemes and gambling.
	patterns = regexp.MustCompile(`(?i)\b(?:` + strings.Join([]string{
		`(?:viagra|cialis|levitra|tramadol|oxycodone|xanax|adderall)\b.{0,40}\b(?:buy|order|cheap|online|without|no)\b`,
		`(?:buy|order|cheap)\s+(?:\w+\s+)?(?:meds|pills|viagra|cialis|tramadol|oxycodone|xanax|adderall|pharmacy)`,
		`no prescription (?:needed|required)`,
		`(?:miracle|permanent|100%|guaranteed|natural|herbal)\s+(?:cure|remedy|healing)`,
		`(?:herbal|natural) (?:medicine|treatment) (?:for|that cured?) (?:hiv|herpes|diabetes|epilepsy|cancer|als|parkinson)`,
		`(?:cured?|healed) (?:my|me|him|her|from) .{0,40}\b(?:herbal|dr\.?|doctor|spell)\b.{0,60}\b(?:whats ?app|telegram|email|contact)`,
		`(?:contact|reach|email|message|text)\s+(?:dr\.?|doctor|prophet|priest)\s+\w+`,
		`(?:whats ?app|telegram|wechat|signal)\s*(?:me|him|her|us|him on|number|no\.?)?\s*[:+]?\s*\+?\d[\d\s-]{6,}`,
		`spell ?caster`,
		`(?:crypto|bitcoin|forex|binary options?)\s+(?:investment|trading|signals?|profits?|expert|manager)`,
		`(?:make|earn)\s+\$\s?\d[\d,]*\s*(?:per|a|an|every)\s+(?:day|week|hour|month)`,
		`work from home (?:and|to) (?:earn|make)`,
		`(?:casino|betting|slots?)\s+(?:bonus|online|site|games?)`,
		`(?:seo|backlinks?|web design) services?`,
	}, "|") + `)`)
	// weakPatterns are common in spam and sometimes in honest posts.
	weakPatterns = regexp.MustCompile(`(?i)\b(?:(?:click|tap) (?:here|the link|this link)|(?:discount|promo|coupon) code|limited (?:time )?offer|dm me)\b`)
	nonSpace     = regexp.MustCompile(`\s+`)
)

// Score scores a post.
func Score(in Input) Result {
	var r Result
	add := func(reason string, points int, loc []int) {
		s := Signal{Reason: reason, Points: points, Start: -1, End: -1}
		if loc != nil {
			s.Start, s.End, s.Text = loc[0], loc[1], in.Text[loc[0]:loc[1]]
		}
		r.Signals = append(r.Signals, s)
		r.Score += points
	}
	if in.NewAccount() {
		// Two points a link, up to three links: one or two links from a
		// newcomer are common and fine; three are a pattern.
		for i, loc := range link.FindAllStringIndex(in.Text, -1) {
			if i < 3 {
				add(ReasonLinks, 2, loc)
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range []struct {
		re     *regexp.Regexp
		points int
	}{{patterns, Threshold}, {weakPatterns, 2}} {
		for _, loc := range p.re.FindAllStringIndex(in.Text, -1) {
			key := strings.ToLower(in.Text[loc[0]:loc[1]])
			if !seen[key] {
				seen[key] = true
				add(ReasonPattern, p.points, loc)
			}
		}
	}
	if in.Repeats > 0 && len([]rune(Normalize(in.Text))) >= MinRepeatRunes {
		points := 3
		if in.NewAccount() {
			points = 4
		}
		add(ReasonRepeated, points, nil)
	}
	if shouting(in.Text) {
		add(ReasonShouting, 1, nil)
	}
	return r
}

// Normalize folds a text for comparing repeats: lowercased, spaces
// collapsed, trimmed.
func Normalize(text string) string {
	return strings.TrimSpace(nonSpace.ReplaceAllString(strings.ToLower(text), " "))
}

// shouting reports whether a text of some length is mostly capitals.
func shouting(text string) bool {
	upper, letters := 0, 0
	for _, c := range text {
		if unicode.IsLetter(c) {
			letters++
			if unicode.IsUpper(c) {
				upper++
			}
		}
	}
	return letters >= 30 && upper*10 >= letters*7
}
