package markup

import (
	"flag"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Run `go test ./markup -run TestPage -args -page=/tmp/page.html` and feed
// the file to html-validate and axe.
var pageOut = flag.String("page", "", "write a page of rendered samples to this file")

// checkSafe fails t unless out holds only the elements and attributes the
// policy allows, with safe link targets. It parses out rather than trusting
// substrings.
func checkSafe(t testing.TB, src string, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Render(%q): invalid UTF-8 output %q", src, out)
	}
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("Render(%q) = %q: contains <script", src, out)
	}
	if onAttr.MatchString(out) {
		t.Fatalf("Render(%q) = %q: event handler attribute", src, out)
	}
	allowed := map[string][]string{
		"p": nil, "br": nil, "hr": nil, "em": nil, "strong": nil, "del": nil,
		"code": {"class"}, "pre": nil, "blockquote": nil, "ul": nil, "ol": {"start"}, "li": nil,
		"h3": nil, "h4": nil, "table": nil, "thead": nil, "tbody": nil, "tr": nil,
		"th": {"class", "scope"}, "td": {"class"}, "a": {"href", "rel", "class"},
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("Render(%q): tokenizer: %v", src, z.Err())
			}
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		attrs, ok := allowed[tok.Data]
		if !ok {
			t.Fatalf("Render(%q) = %q: element <%s> not allowed", src, out, tok.Data)
		}
		for _, a := range tok.Attr {
			if !slices.Contains(attrs, a.Key) {
				t.Fatalf("Render(%q) = %q: attribute %s on <%s>", src, out, a.Key, tok.Data)
			}
			if a.Key == "href" {
				u, err := url.Parse(a.Val)
				if err != nil {
					t.Fatalf("Render(%q) = %q: href %q: %v", src, out, a.Val, err)
				}
				switch strings.ToLower(u.Scheme) {
				case "", "http", "https", "mailto":
				default:
					t.Fatalf("Render(%q) = %q: href scheme %q", src, out, u.Scheme)
				}
			}
		}
	}
}

var onAttr = regexp.MustCompile(`<[^>]+\son[a-z]+=`)

func TestRenderAutolinks(t *testing.T) {
	const rel = ` rel="nofollow ugc noopener"`
	tests := []struct{ name, src, want string }{
		{"paren then space", "(see http://bit.ly/a8F11D )",
			`<p>(see <a href="http://bit.ly/a8F11D"` + rel + `>http://bit.ly/a8F11D</a> )</p>`},
		{"closing paren", "(see http://bit.ly/a8F11D)",
			`<p>(see <a href="http://bit.ly/a8F11D"` + rel + `>http://bit.ly/a8F11D</a>)</p>`},
		{"balanced parens kept", "https://en.wikipedia.org/wiki/Epilepsy_(disambiguation)",
			`<p><a href="https://en.wikipedia.org/wiki/Epilepsy_(disambiguation)"` + rel + `>https://en.wikipedia.org/wiki/Epilepsy_(disambiguation)</a></p>`},
		{"balanced inside parens", "(https://en.wikipedia.org/wiki/Epilepsy_(disambiguation))",
			`<p>(<a href="https://en.wikipedia.org/wiki/Epilepsy_(disambiguation)"` + rel + `>https://en.wikipedia.org/wiki/Epilepsy_(disambiguation)</a>)</p>`},
		{"period", "Read http://example.com/a.",
			`<p>Read <a href="http://example.com/a"` + rel + `>http://example.com/a</a>.</p>`},
		{"comma", "Read http://example.com/a, then",
			`<p>Read <a href="http://example.com/a"` + rel + `>http://example.com/a</a>, then</p>`},
		{"query and fragment", "https://example.com/a?b=c&d=e#f!",
			`<p><a href="https://example.com/a?b=c&amp;d=e#f"` + rel + `>https://example.com/a?b=c&amp;d=e#f</a>!</p>`},
		{"www", "www.epilepsy.com",
			`<p><a href="https://www.epilepsy.com"` + rel + `>www.epilepsy.com</a></p>`},
		{"www with period", "See www.epilepsy.com.",
			`<p>See <a href="https://www.epilepsy.com"` + rel + `>www.epilepsy.com</a>.</p>`},
		{"www in parens", "(www.epilepsy.com)",
			`<p>(<a href="https://www.epilepsy.com"` + rel + `>www.epilepsy.com</a>)</p>`},
		{"email", "mail a@example.com.",
			`<p>mail <a href="mailto:a@example.com"` + rel + `>a@example.com</a>.</p>`},
		{"angle autolink", "<https://example.com/x>",
			`<p><a href="https://example.com/x"` + rel + `>https://example.com/x</a></p>`},
		{"ftp stays text", "ftp://example.com/file", `<p>ftp://example.com/file</p>`},
		{"quote in url escaped", `http://x.com/"onmouseover="alert(1)`,
			`<p><a href="http://x.com/%22onmouseover=%22alert(1)"` + rel + `>http://x.com/&#34;onmouseover=&#34;alert(1)</a></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(string(Render(tt.src)))
			if got != tt.want {
				t.Errorf("Render(%q)\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestRenderElements(t *testing.T) {
	const rel = ` rel="nofollow ugc noopener"`
	tests := []struct{ name, src, want string }{
		{"empty", "", ""},
		{"emphasis", "*a* **b** ~~c~~ `d`", "<p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code></p>"},
		{"headings", "# A\n\n## B\n\n### C\n\n#### D\n\n###### E",
			"<h3>A</h3>\n<h3>B</h3>\n<h4>C</h4>\n<h4>D</h4>\n<h4>E</h4>"},
		{"deep heading first", "#### D\n\n### C\n\n# B", "<h3>D</h3>\n<h4>C</h4>\n<h3>B</h3>"},
		{"empty heading dropped", "#\n\n# <b></b>\n\ntext", "<p>text</p>"},
		{"lists", "- a\n- b\n\n3. c\n4. d",
			"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>"},
		{"task list is text", "- [ ] todo", "<ul>\n<li>[ ] todo</li>\n</ul>"},
		{"blockquote", "> q", "<blockquote>\n<p>q</p>\n</blockquote>"},
		{"hr and br", "a  \nb\n\n---", "<p>a<br>\nb</p>\n<hr>"},
		{"fenced code", "```Go\nx := 1   \n```", "<pre><code class=\"language-go\">x := 1\n</code></pre>"},
		{"odd language dropped", "```c++\nx\n```", "<pre><code>x\n</code></pre>"},
		{"indented code", "    <b>x</b>", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"},
		{"table", "| a | b |\n|:--|--:|\n| 1 | 2 |",
			"<table>\n<thead>\n<tr>\n<th scope=\"col\" class=\"align-left\">a</th>\n<th scope=\"col\" class=\"align-right\">b</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td class=\"align-left\">1</td>\n<td class=\"align-right\">2</td>\n</tr>\n</tbody>\n</table>"},
		{"empty header cell is td", "| | a |\n|-|-|\n| b | 1 |",
			"<table>\n<thead>\n<tr>\n<td></td>\n<th scope=\"col\">a</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td>b</td>\n<td>1</td>\n</tr>\n</tbody>\n</table>"},
		{"link", `[a](https://example.com "title")`, `<p><a href="https://example.com"` + rel + `>a</a></p>`},
		{"relative link", "[t](/t/12)", `<p><a href="/t/12"` + rel + `>t</a></p>`},
		{"mailto link", "[m](mailto:a@example.com)", `<p><a href="mailto:a@example.com"` + rel + `>m</a></p>`},
		{"empty link text shows url", "[](https://example.com)", `<p><a href="https://example.com"` + rel + `>https://example.com</a></p>`},
		{"blank link text shows url", "[&nbsp;](https://example.com)", `<p><a href="https://example.com"` + rel + `>https://example.com</a></p>`},
		{"empty destination", "[a]()", "<p>a</p>"},
		{"reference link", "[a][r]\n\n[r]: https://example.com", `<p><a href="https://example.com"` + rel + `>a</a></p>`},
		{"image becomes link", "![a cat](https://example.com/cat.png)",
			`<p><a href="https://example.com/cat.png"` + rel + `>a cat</a></p>`},
		{"image without alt", "![](https://example.com/cat.png)",
			`<p><a href="https://example.com/cat.png"` + rel + `>https://example.com/cat.png</a></p>`},
		{"image inside link", "[![a cat](https://example.com/cat.png)](https://example.com)",
			`<p><a href="https://example.com"` + rel + `>a cat</a></p>`},
		{"raw html dropped", "a <b>b</b> c\n\n<div>\nd\n</div>\n\n<i></i>", "<p>a b c</p>"},
		{"entities", "Tom &amp; Jerry &copy; &lt;b&gt;", "<p>Tom &amp; Jerry © &lt;b&gt;</p>"},
		{"invalid utf8", "a\xffb\x00c", "<p>a\uFFFDb\uFFFDc</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(string(Render(tt.src)))
			if got != tt.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tt.src, got, tt.want)
			}
			checkSafe(t, tt.src, got)
		})
	}
}

func TestRenderMentions(t *testing.T) {
	m := func(h, text string) string { return `<a href="/u/` + h + `" class="mention">` + text + `</a>` }
	tests := []struct{ name, src, want string }{
		{"plain", "hi @alice", "<p>hi " + m("alice", "@alice") + "</p>"},
		{"case kept in text, lowered in href", "@Alice_B-2", "<p>" + m("alice_b-2", "@Alice_B-2") + "</p>"},
		{"punctuation around", "(@bob), @carol. @dave's", "<p>(" + m("bob", "@bob") + "), " + m("carol", "@carol") +
			". " + m("dave", "@dave") + "&#39;s</p>"},
		{"emphasis", "*@alice* _@alice_", "<p><em>" + m("alice", "@alice") + "</em> <em>" + m("alice", "@alice") + "</em></p>"},
		{"too short", "@al", "<p>@al</p>"},
		{"too long", "@" + strings.Repeat("a", 31), "<p>@" + strings.Repeat("a", 31) + "</p>"},
		{"max length", "@" + strings.Repeat("a", 30), "<p>" + m(strings.Repeat("a", 30), "@"+strings.Repeat("a", 30)) + "</p>"},
		{"email", "a@bob.com", `<p><a href="mailto:a@bob.com" rel="nofollow ugc noopener">a@bob.com</a></p>`},
		{"email without tld", "alice@bobby", "<p>alice@bobby</p>"},
		{"fediverse address", "@alice@example.org", "<p>@alice@example.org</p>"},
		{"in url", "https://example.org/@alice", `<p><a href="https://example.org/@alice" rel="nofollow ugc noopener">https://example.org/@alice</a></p>`},
		{"in bare path", "example.org/@alice", "<p>example.org/@alice</p>"},
		{"in code span", "`@alice`", "<p><code>@alice</code></p>"},
		{"in code block", "```\n@alice\n```", "<pre><code>@alice\n</code></pre>"},
		{"escaped", `\@alice`, "<p>@alice</p>"},
		{"followed by letter", "@alicé", "<p>@alicé</p>"},
		{"in link text", "[@alice](https://example.com)", `<p><a href="https://example.com" rel="nofollow ugc noopener">@alice</a></p>`},
		{"in brackets", "[@alice]", "<p>[" + m("alice", "@alice") + "]</p>"},
		{"in heading", "# hi @alice", "<h3>hi " + m("alice", "@alice") + "</h3>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSpace(string(Render(tt.src)))
			if got != tt.want {
				t.Errorf("Render(%q)\n got %s\nwant %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestRenderXSS(t *testing.T) {
	vectors := []string{
		`<script>alert(1)</script>`,
		`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
		`<scr<script>ipt>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<svg onload=alert(1)>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<style>body{display:none}</style>`,
		`<div onmouseover="alert(1)">hover</div>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<!-- <script>alert(1)</script> -->`,
		`[x](javascript:alert(1))`,
		`[x](JaVaScRiPt:alert(1))`,
		`[x](   javascript:alert(1))`,
		`[x](<javascript:alert(1)>)`,
		`[x](javascript://%0aalert(1))`,
		`[x](&#106;avascript:alert(1))`,
		`[x](&#x6A;avascript&colon;alert(1))`,
		`[x](javascript&#58;alert(1))`,
		"[x](java\tscript:alert(1))",
		"[x](java&#9;script:alert(1))",
		`[x](vbscript:msgbox(1))`,
		`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`[x](file:///etc/passwd)`,
		`[x]: javascript:alert(1)` + "\n\n[x]",
		`<javascript:alert(1)>`,
		`<JAVASCRIPT:alert(1)>`,
		`javascript:alert(1)`,
		`![x](javascript:alert(1))`,
		`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
		`![x" onerror="alert(1)](https://example.com/a.png)`,
		`[x](https://example.com "onmouseover=alert(1)")`,
		`[x](https://example.com" onmouseover="alert(1))`,
		`[<img src=x onerror=alert(1)>](https://example.com)`,
		`[[x](javascript:alert(1))](https://example.com)`,
		`[a [b [c](javascript:x)]](javascript:y)`,
		`![[x](javascript:a)](javascript:b)`,
		`[![x](javascript:a)](javascript:b)`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`&#60;script&#62;alert(1)&#60;/script&#62;`,
		"`<script>alert(1)</script>`",
		"```html\n<script>alert(1)</script>\n```",
		"```\"><script>alert(1)</script>\n```",
		"``` onclick=alert(1)\nx\n```",
		"\x00<script>alert(1)</script>",
		"| <script> | x |\n|---|---|\n| <img src=x onerror=alert(1)> | y |",
		"@alice\"><script>alert(1)</script>",
	}
	for _, src := range vectors {
		out := string(Render(src))
		checkSafe(t, src, out)
		if strings.Contains(strings.ToLower(out), "javascript:") && strings.Contains(out, "href") {
			// Only text may say javascript:, never a link target.
			for _, m := range regexp.MustCompile(`href="[^"]*"`).FindAllString(out, -1) {
				if strings.Contains(strings.ToLower(m), "javascript") {
					t.Errorf("Render(%q) = %q: javascript link", src, out)
				}
			}
		}
		for _, bad := range []string{"onerror", "onload", "onmouseover", "onclick", "<img", "<iframe", "<svg", "style="} {
			if strings.Contains(out, bad) && !strings.Contains(out, "&gt;") && !strings.Contains(out, "&#34;") {
				t.Errorf("Render(%q) = %q: contains %q", src, out, bad)
			}
		}
	}
}

// TestRenderLinkAttributes checks every member link, whatever its form.
func TestRenderLinkAttributes(t *testing.T) {
	src := "[a](https://a.example) <https://b.example> https://c.example www.d.example e@f.example " +
		"[g][r] ![h](https://h.example/x.png) [i](/t/1) @someone\n\n[r]: http://g.example"
	out := string(Render(src))
	z := html.NewTokenizer(strings.NewReader(out))
	n := 0
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		if tt != html.StartTagToken || tok.Data != "a" {
			continue
		}
		n++
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
		}
		if _, ok := attrs["target"]; ok {
			t.Errorf("link %v has target", attrs)
		}
		if strings.HasPrefix(attrs["href"], "/u/") {
			if attrs["class"] != "mention" {
				t.Errorf("mention %v lacks class", attrs)
			}
			continue
		}
		if attrs["rel"] != "nofollow ugc noopener" {
			t.Errorf("link %v: rel = %q", attrs, attrs["rel"])
		}
	}
	if n != 9 {
		t.Errorf("found %d links in %s, want 9", n, out)
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"", nil},
		{"no mentions here", nil},
		{"hi @alice", []string{"alice"}},
		{"@Bob, @carol and @BOB again; @dave.", []string{"bob", "carol", "dave"}},
		{"@al @abc", []string{"abc"}},
		{"@" + strings.Repeat("x", 31), nil},
		{"mail me at me@alice.com or alice@bobby", nil},
		{"@alice@example.org", nil},
		{"https://example.org/@alice and <https://example.org/@bob>", nil},
		{"`@alice` and\n\n```\n@bob\n```\n\n    @carol\n\n@dave", []string{"dave"}},
		{"[@alice](https://example.com) ![@bob](https://example.com/b.png)", nil},
		{"[@alice] and [@bob](javascript:x)", []string{"alice", "bob"}},
		{"> **@alice wrote:**\n> hi @bob", []string{"alice", "bob"}},
		{"| @alice | b |\n|---|---|\n| @carol | d |", []string{"alice", "carol"}},
		{"_@alice_ *@bob*", []string{"alice", "bob"}},
		{`\@alice`, nil},
		{"a\xff@alice", []string{"alice"}},
	}
	for _, tt := range tests {
		if got := Mentions(tt.src); !slices.Equal(got, tt.want) {
			t.Errorf("Mentions(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		src  string
		n    int
		want string
	}{
		{"", 10, ""},
		{"hello", 0, ""},
		{"hello", 5, "hello"},
		{"hello world", 1, "…"},
		{"one two three four", 10, "one two…"},
		{"one two three four", 8, "one two…"},
		{"one two three four", 7, "one…"},
		{"one, two three", 6, "one…"},
		{"abcdefghijkl", 5, "abcd…"},
		{"# Title\n\nSome *emphasis*,\nand [a link](https://example.com).", 100, "Title Some emphasis, and a link."},
		{"Tom &amp; Jerry \\*not em\\*", 100, "Tom & Jerry *not em*"},
		{"`x := 1` <b>bold</b>", 100, "x := 1 bold"},
		{"![a cat](https://example.com/c.png) see https://example.com", 100, "a cat see https://example.com"},
		{"> quoted\n\n- a\n- b\n\n| h |\n|---|\n| c |", 100, "quoted a b h c"},
		{"hi @Alice", 100, "hi @Alice"},
		{"héllo wörld ünïcode", 12, "héllo wörld…"},
		{"a\xffb", 10, "a\uFFFDb"},
		{"  lots   of\n\n\nspace\t ", 100, "lots of space"},
	}
	for _, tt := range tests {
		got := Excerpt(tt.src, tt.n)
		if got != tt.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.src, tt.n, got, tt.want)
		}
		if utf8.RuneCountInString(got) > max(tt.n, 0) {
			t.Errorf("Excerpt(%q, %d) = %q: longer than %d runes", tt.src, tt.n, got, tt.n)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ handle, src, want string }{
		{"alice", "line1\nline2", "> **@alice wrote:**\n> line1\n> line2\n\n"},
		{"alice", "", "> **@alice wrote:**\n\n"},
		{"alice", "a\r\n\r\nb  \r\n\n", "> **@alice wrote:**\n> a\n>\n> b\n\n"},
		{"alice", "> earlier\n\nreply", "> **@alice wrote:**\n> > earlier\n>\n> reply\n\n"},
		{"alice", "```\ncode\n```", "> **@alice wrote:**\n> ```\n> code\n> ```\n\n"},
		{"x](javascript:alert(1))", "hi", "> hi\n\n"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := Quote(tt.handle, tt.src); got != tt.want {
			t.Errorf("Quote(%q, %q) = %q, want %q", tt.handle, tt.src, got, tt.want)
		}
	}

	// The quote renders as an attributed blockquote, and notifies the author.
	q := Quote("alice", "I tried **this**.\n\n- a\n- b")
	out := string(Render(q + "Thanks!"))
	want := "<blockquote>\n<p><strong><a href=\"/u/alice\" class=\"mention\">@alice</a> wrote:</strong>\n" +
		"I tried <strong>this</strong>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>\n<p>Thanks!</p>\n"
	if out != want {
		t.Errorf("Render(Quote) =\n%s\nwant\n%s", out, want)
	}
	if got := Mentions(q); !slices.Equal(got, []string{"alice"}) {
		t.Errorf("Mentions(Quote) = %q", got)
	}
}

// timeScale widens time limits under the race detector.
var timeScale = 1

// TestRenderHostile feeds inputs on which goldmark alone takes seconds to a
// minute (see guard.go). It measures CPU time, so a busy machine does not
// make it flaky.
func TestRenderHostile(t *testing.T) {
	const n = 100 << 10
	inputs := map[string]string{
		"unclosed code spans": strings.Repeat("\\``\n", n/4),
		"nested quotes":       strings.Repeat(">", n),
		"nested lists":        strings.Repeat("- ", n/2) + "x",
		"nested mixed":        strings.Repeat("> 1. ", n/5) + "x",
		"link destinations":   strings.Repeat("[a](", n/4),
		"image destinations":  strings.Repeat("![a](", n/5),
		"angle destinations":  strings.Repeat("[a](<", n/5),
		"brackets":            strings.Repeat("[", n),
		"emphasis":            strings.Repeat("*a_b*c_d**e_f*g**h*i_j**", n/24),
		"mentions":            strings.Repeat("@abc ", n/5),
		"wide table":          strings.Repeat("|a", n/6) + "\n" + strings.Repeat("|-", n/6) + "\n" + strings.Repeat("|x", n/6),
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			start := cpuTime()
			out := string(Render(src))
			Mentions(src)
			Excerpt(src, 200)
			// About 0.8 s at worst with the guards; 10 s to a minute without.
			if d := cpuTime() - start; d > time.Duration(timeScale)*3*time.Second {
				t.Errorf("took %v of CPU", d)
			}
			checkSafe(t, name, out)
		})
	}
}

func TestRenderConcurrent(t *testing.T) {
	want := Render(realisticPost)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := Render(realisticPost); got != want {
					t.Error("concurrent Render differs")
					return
				}
				Mentions(realisticPost)
			}
		})
	}
	wg.Wait()
}

// TestPage writes rendered samples as one page when -page is given, for
// checking with html-validate and axe outside Go.
func TestPage(t *testing.T) {
	if *pageOut == "" {
		t.Skip("no -page")
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Thread</title>\n</head>\n" +
		"<body>\n<main>\n<h1>Thread</h1>\n<h2>Replies</h2>\n")
	samples := []string{realisticPost, Quote("alice", realisticPost)}
	for _, f := range []string{"testdata/samples.md"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, strings.Split(string(data), "\n\n=====\n\n")...)
	}
	for _, s := range samples {
		b.WriteString("<article>\n" + string(Render(s)) + "</article>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	if err := os.WriteFile(*pageOut, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

const realisticPost = `## Three months on the new medication

Hi everyone, and thanks @maria_k and @Dr-Ahmed for the advice in my last thread.
I wanted to give an update since a few of you asked.

**The good:** seizures went from roughly *two a week* to one in the last month.
I keep a diary (the [Epilepsy Foundation has a good template](https://www.epilepsy.com/manage/tracking)),
which made the appointment much easier.

**The not so good:**

1. Tiredness in the afternoon, especially the first two weeks.
2. Some word-finding trouble — my neurologist says it often settles.
3. Appetite changes; I've lost about 2 kg.

> Give it at least six to eight weeks before judging side effects.

That was the best advice I got here. My dosing so far:

| Week | Morning | Evening |
|------|--------:|--------:|
| 1–2  | 25 mg   | 25 mg   |
| 3–4  | 50 mg   | 50 mg   |
| 5+   | 50 mg   | 100 mg  |

Things that helped with the tiredness:

- a short walk after lunch
- moving the evening dose earlier (ask your doctor first!)
- ~~coffee~~ water, lots of it

For anyone reading later, the leaflet is at https://example.org/leaflets/lamotrigine_(2024).pdf, and the
support line is www.epilepsy.org.uk. You can also email the nurse team at nurses@example.org.

` + "I logged doses with a tiny script, `log_dose(mg)`, if anyone wants it:\n\n```python\nimport datetime\n\ndef log_dose(mg):\n    print(datetime.date.today(), mg)\n```\n\n" +
	`Next review is in March. Happy to answer questions — and @sam, I hope your EEG goes well!

---

_Edited to fix the table._
`

func benchmarkRender(b *testing.B, src string) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Render(src)
	}
}

func BenchmarkRender(b *testing.B) {
	b.Run("2KB", func(b *testing.B) { benchmarkRender(b, realisticPost) })
	long := strings.Repeat(realisticPost+"\n", (100<<10)/len(realisticPost))
	b.Run("100KB", func(b *testing.B) { benchmarkRender(b, long) })
}

func BenchmarkMentions(b *testing.B) {
	for b.Loop() {
		Mentions(realisticPost)
	}
}
