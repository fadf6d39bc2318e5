package sqldb

import "testing"

func TestSnippetHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"We tried the \x01ketogenic\x02 \x01diet\x02.", "We tried the <mark>ketogenic</mark> <mark>diet</mark>."},
		{"**\x01Keppra\x02** made [him angry](https://example.org/x) for _weeks_", "<mark>Keppra</mark> made him angry for weeks"},
		{"> **@nurse wrote:**\n> take it \x01slowly\x02\n\n- one\n- two", "@nurse wrote: take it <mark>slowly</mark> one two"},
		{"<script>\x01alert\x02(1)</script> & more", "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp; more"},
		{"stray \x02 end and \x01open", "stray end and <mark>open</mark>"},
		{"\x01\x02 empty mark", "empty mark"},
		{"`code` and ~~old~~ and snake_case", "code and old and snake_case"},
	} {
		if got := string(snippetHTML(tc.in, true)); got != tc.want {
			t.Errorf("snippetHTML(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	if got := string(snippetHTML("**not** Markdown \x01here\x02", false)); got != "**not** Markdown <mark>here</mark>" {
		t.Errorf("a title: %q", got)
	}
}
