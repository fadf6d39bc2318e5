package privacy

import (
	"sort"
	"strings"
)

// structured finds emails, URLs and IPv6/MAC addresses on the raw bytes,
// before tokenizing, since their punctuation would split them into many
// tokens. Generic URLs (an organization's site) are kept as regions with
// an empty Type, so nothing inside them is flagged either.
func (s *scanner) structured() {
	t := s.text
	if strings.IndexByte(t, '@') < 0 && strings.IndexByte(t, '.') < 0 && strings.IndexByte(t, ':') < 0 {
		return
	}
	last := 0
	for i := 0; i < len(t); i++ {
		if i < last {
			continue
		}
		c := t[i]
		var f Finding
		ok := false
		switch c {
		case '@':
			f, ok = s.email(i)
		case 'h', 'H', 'w', 'W':
			if i == 0 || !isURLByte(t[i-1]) {
				f, ok = s.url(i, i)
			}
		case '.':
			f, ok = s.bareDomain(i, last)
		case ':':
			f, ok = s.hexColon(i, last)
		}
		if !ok {
			continue
		}
		// An email found after a bare domain overlaps it: keep the wider.
		for len(s.hard) > 0 && s.hard[len(s.hard)-1].End > f.Start {
			s.hard = s.hard[:len(s.hard)-1]
		}
		s.hard = append(s.hard, f)
		last = f.End
	}
	sort.Slice(s.hard, func(a, b int) bool { return s.hard[a].Start < s.hard[b].Start })
}

func isURLByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '-' || c == '_' || c == '/' || c == '@'
}

func isAlnum(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func (s *scanner) email(at int) (Finding, bool) {
	t := s.text
	b := at
	for b > 0 && (isAlnum(t[b-1]) || strings.IndexByte("._%+-'", t[b-1]) >= 0) {
		b--
	}
	for b < at && (t[b] == '.' || t[b] == '\'') {
		b++
	}
	if b == at {
		return Finding{}, false // an @handle
	}
	e, dots := at+1, 0
	for e < len(t) && (isAlnum(t[e]) || t[e] == '-' || (t[e] == '.' && e+1 < len(t) && isAlnum(t[e+1]))) {
		if t[e] == '.' {
			dots++
		}
		e++
	}
	if dots == 0 || e == at+1 {
		return Finding{}, false
	}
	if roleMailboxes[strings.ToLower(t[b:at])] {
		// info@foundation.org names an organization, not a person.
		return Finding{Start: b, End: e}, true
	}
	return Finding{Start: b, End: e, Type: Email}, true
}

var roleMailboxes = map[string]bool{"info": true, "support": true,
	"contact": true, "help": true, "admin": true, "office": true, "hello": true,
	"team": true, "media": true, "press": true, "donate": true, "noreply": true,
	"no-reply": true, "webmaster": true, "membership": true, "events": true,
	"questions": true, "feedback": true, "billing": true, "records": true}

// url handles scheme:// and www. links starting at i.
func (s *scanner) url(i, b int) (Finding, bool) {
	t := s.text[i:]
	n := 0
	switch {
	case hasPrefixFold(t, "https://"):
		n = 8
	case hasPrefixFold(t, "http://"):
		n = 7
	case hasPrefixFold(t, "www."):
		n = 0
	default:
		return Finding{}, false
	}
	e := urlEnd(s.text, i+n)
	if e <= i+n+3 {
		return Finding{}, false
	}
	host, path := splitURL(s.text[i+n : e])
	typ := Type("")
	if s.personalURL(host, path) {
		typ = URL
	}
	return Finding{Start: b, End: e, Type: typ}, true
}

// bareDomain handles "facebook.com/some.person" written without a scheme.
func (s *scanner) bareDomain(dot, last int) (Finding, bool) {
	t := s.text
	if dot == 0 || !isAlnum(t[dot-1]) {
		return Finding{}, false
	}
	// The TLD must be letters followed by a non-letter.
	j := dot + 1
	for j < len(t) && (('a' <= t[j] && t[j] <= 'z') || ('A' <= t[j] && t[j] <= 'Z')) {
		j++
	}
	if !tlds[strings.ToLower(t[dot+1:j])] {
		return Finding{}, false
	}
	if j < len(t) && (isAlnum(t[j]) || t[j] == '@') {
		return Finding{}, false
	}
	b := dot
	for b > last && (isAlnum(t[b-1]) || t[b-1] == '-' || t[b-1] == '.') {
		b--
	}
	if b > 0 && (t[b-1] == '@' || t[b-1] == '/') {
		return Finding{}, false
	}
	e := urlEnd(t, b)
	host, path := splitURL(t[b:e])
	typ := Type("")
	if s.personalURL(host, path) {
		typ = URL
	}
	return Finding{Start: b, End: e, Type: typ}, true
}

var tlds = map[string]bool{"com": true, "org": true, "net": true, "edu": true,
	"gov": true, "io": true, "me": true, "co": true, "us": true, "info": true,
	"ly": true, "be": true, "gl": true, "app": true, "page": true, "blog": true,
	"ee": true, "tv": true, "fund": true, "site": true, "uk": true, "ca": true}

// urlEnd finds where a URL starting at i ends: at space or a quote, less
// trailing punctuation, keeping a ")" that closes a "(" inside the URL.
func urlEnd(t string, i int) int {
	e := i
	for e < len(t) && t[e] > ' ' && strings.IndexByte("<>\"`", t[e]) < 0 && t[e] < 0x80 {
		e++
	}
	for e > i {
		c := t[e-1]
		if strings.IndexByte(".,;:!?'*", c) >= 0 {
			e--
			continue
		}
		if c == ')' && strings.Count(t[i:e], "(") < strings.Count(t[i:e], ")") {
			e--
			continue
		}
		break
	}
	return e
}

func splitURL(u string) (host, path string) {
	if k := strings.Index(u, "://"); k >= 0 {
		u = u[k+3:]
	}
	k := strings.IndexAny(u, "/?#")
	if k < 0 {
		host = u
	} else {
		host, path = u[:k], u[k:]
	}
	if c := strings.IndexByte(host, ':'); c >= 0 {
		host = host[:c]
	}
	host = strings.ToLower(strings.TrimPrefix(strings.ToLower(host), "www."))
	host = strings.TrimPrefix(host, "m.")
	return host, path
}

// socialHosts are sites where a path names a person (a profile, a
// fundraiser, a family's update page). Paths that name a group or a
// page of the site itself are excluded below.
var socialHosts = map[string]bool{
	"facebook.com": true, "fb.com": true, "fb.me": true, "instagram.com": true,
	"twitter.com": true, "x.com": true, "tiktok.com": true, "linkedin.com": true,
	"youtube.com": true, "gofundme.com": true, "caringbridge.org": true,
	"pinterest.com": true, "reddit.com": true, "github.com": true,
	"medium.com": true, "threads.net": true, "snapchat.com": true,
	"venmo.com": true, "paypal.me": true, "cash.app": true, "linktr.ee": true,
	"about.me": true, "mealtrain.com": true, "givesendgo.com": true,
	"lotsahelpinghands.com": true, "flickr.com": true, "twitch.tv": true,
	"patreon.com": true, "ko-fi.com": true, "buymeacoffee.com": true,
	"bsky.app": true, "mastodon.social": true, "spot.fund": true,
	"fundly.com": true, "gofund.me": true, "amazon.com": false,
}

// blogHosts give each person a subdomain.
var blogHosts = []string{".blogspot.com", ".wordpress.com", ".tumblr.com",
	".substack.com", ".wixsite.com", ".weebly.com", ".squarespace.com",
	".github.io", ".carrd.co", ".caringbridge.org", ".mystrikingly.com"}

var nonPersonPaths = []string{"/groups/", "/pages/", "/events/", "/hashtag/",
	"/watch", "/search", "/help", "/about", "/policies", "/privacy",
	"/r/", "/explore", "/topics/", "/discover", "/login", "/signup", "/home"}

// personalCues are what families put in a domain around a name:
// teamliam.org, prayforemma.com, thesmithfamily.net.
var personalCues = []string{"prayfor", "pray4", "teamm", "team", "the", "family",
	"journey", "strong", "story", "fund", "warrior", "army", "love", "life",
	"blog", "fight", "hope", "for", "4", "s", "updates", "legacy", "foundation"}

func (s *scanner) personalURL(host, path string) bool {
	if host == "" {
		return false
	}
	if strings.Contains(path, "wishlist") && strings.Contains(host, "amazon.") {
		return true
	}
	for _, b := range blogHosts {
		if strings.HasSuffix(host, b) && len(host) > len(b) && !strings.HasPrefix(host, "www.") {
			return true
		}
	}
	if socialHosts[host] {
		p := strings.ToLower(path)
		if len(strings.Trim(p, "/")) < 2 {
			return false
		}
		for _, np := range nonPersonPaths {
			if strings.HasPrefix(p, np) || p+"/" == np {
				return false
			}
		}
		return true
	}
	// A domain made of a name and a family cue.
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return false
	}
	lbl := labels[len(labels)-2]
	lbl = strings.ReplaceAll(lbl, "-", "")
	stripped, cue := lbl, false
	for changed := true; changed; {
		changed = false
		for _, c := range personalCues {
			if len(stripped) > len(c)+2 && strings.HasPrefix(stripped, c) {
				stripped, cue, changed = stripped[len(c):], true, true
			}
			if len(stripped) > len(c)+2 && strings.HasSuffix(stripped, c) {
				stripped, cue, changed = stripped[:len(stripped)-len(c)], true, true
			}
		}
	}
	if !cue {
		return false
	}
	f := s.lex.m[stripped]
	return f&(fGiven|fSurname) != 0 && f&fNotName == 0
}

// hexColon finds IPv6 addresses and MAC addresses (a device identifier).
func (s *scanner) hexColon(i, last int) (Finding, bool) {
	t := s.text
	b := i
	for b > last && (isHex(t[b-1]) || t[b-1] == ':') {
		b--
	}
	e := i
	for e < len(t) && (isHex(t[e]) || t[e] == ':' || (t[e] == '.' && e+1 < len(t) && isHex(t[e+1]))) {
		e++
	}
	if (b > 0 && isAlnum(t[b-1])) || (e < len(t) && isAlnum(t[e])) {
		return Finding{}, false
	}
	cand := t[b:e]
	colons := strings.Count(cand, ":")
	groups := strings.Split(cand, ":")
	for _, g := range groups {
		if len(g) > 4 && !strings.Contains(g, ".") {
			return Finding{}, false
		}
	}
	if colons == 5 && len(cand) == 17 {
		return Finding{Start: b, End: e, Type: Device}, true
	}
	if strings.Contains(cand, "::") && colons >= 2 && len(cand) >= 6 || colons >= 5 {
		return Finding{Start: b, End: e, Type: IP}, true
	}
	return Finding{}, false
}

func hasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}
