package main

import (
	"bytes"
	"html/template"
	"regexp"
	"time"
)

// An archived page is read-only: it opens from the file system, long
// after the live site may have closed. So it carries a banner that says
// it is an archive and when it was made, and nothing that would send a
// reader back to the live site to act: forms (sign-in, search, reply,
// flag, join, follow…) are removed with the reply sections around them,
// as are share links, sentences that ask the reader to sign in or join,
// and links to the pages where members write. A link to any other page
// that is not in the archive becomes plain text.

var (
	formTag = regexp.MustCompile(`(?is)<form\b[^>]*>.*?</form>`)
	// anchorTag matches a link whose address is still site-relative
	// once rewriteLinks made the archive's own links relative.
	anchorTag = regexp.MustCompile(`(?is)<a\b[^>]*\bhref="(/[^"]*)"[^>]*>(.*?)</a>`)
	// actionPath: pages where a member signs in, writes or acts; links to
	// them go with their text.
	actionPath = regexp.MustCompile(`^/(signin|signup|signout|password|settings|messages|notifications|mod|admin|mentor|search)\b|/(new|edit|memorial|flag|report|history|requests|settings)(/|$|\?)`)
	// emptyItem is a list item left empty by a removed form or link.
	emptyItem = regexp.MustCompile(`(?s)<li>\s*</li>\s*`)
	// feedLink: the live site's feeds, which an archive cannot follow.
	feedLink = regexp.MustCompile(`(?i)<link\b[^>]*\brel="alternate"[^>]*\bhref="/[^"]*"[^>]*>\s*`)
	bodyTag  = regexp.MustCompile(`(?i)<body\b[^>]*>`)
	// siteHeader: the banner goes just before it, after the skip link.
	siteHeader = regexp.MustCompile(`<header class="site"`)
	// replySection: the place where members write a reply or a comment.
	replySection = regexp.MustCompile(`(?is)<section\b[^>]*\bid="reply"[^>]*>.*?</section>`)
	// shareNav: links that share the page's live address.
	shareNav = regexp.MustCompile(`(?is)<nav class="share"[^>]*>.*?</nav>`)
	// paragraph matches one <p> (paragraphs do not nest); one that asks
	// the reader to sign in or join goes whole.
	paragraph = regexp.MustCompile(`(?is)<p\b[^>]*>.*?</p>`)
	signLink  = regexp.MustCompile(`href="/sign(in|up)\b`)
	emptyList = regexp.MustCompile(`(?s)<ul>\s*</ul>`)
	emptyNav  = regexp.MustCompile(`(?s)<nav\b[^>]*>\s*</nav>\s*`)
)

// archiveBanner opens every archived page.
var archiveBanner = template.Must(template.New("banner").Parse(`<div class="notice archive-banner" role="note"><p><strong>This is an archived copy of {{.Site}}</strong>, made on <time datetime="{{.ISO}}">{{.Date}}</time>. It is read-only: you cannot sign in, post, reply or search here.</p></div>`))

// archivePage makes a page (whose archive links are already relative)
// read-only and adds the banner.
func archivePage(body []byte, site string, made time.Time) []byte {
	body = replySection.ReplaceAll(body, nil)
	body = shareNav.ReplaceAll(body, nil)
	body = paragraph.ReplaceAllFunc(body, func(p []byte) []byte {
		if signLink.Match(p) {
			return nil
		}
		return p
	})
	body = formTag.ReplaceAll(body, nil)
	body = feedLink.ReplaceAll(body, nil)
	body = anchorTag.ReplaceAllFunc(body, func(m []byte) []byte {
		sub := anchorTag.FindSubmatch(m)
		if actionPath.Match(sub[1]) {
			return nil
		}
		return append([]byte("<span>"), append(sub[2], "</span>"...)...)
	})
	body = emptyItem.ReplaceAll(body, nil)
	body = emptyList.ReplaceAll(body, nil)
	body = emptyNav.ReplaceAll(body, nil)
	var b bytes.Buffer
	if err := archiveBanner.Execute(&b, map[string]string{"Site": site, "ISO": made.UTC().Format(time.RFC3339), "Date": made.UTC().Format("January 2, 2006 at 15:04 UTC")}); err != nil {
		return body
	}
	at := -1
	if loc := siteHeader.FindIndex(body); loc != nil {
		at = loc[0]
	} else if loc := bodyTag.FindIndex(body); loc != nil {
		at = loc[1]
	}
	if at < 0 {
		return body
	}
	out := make([]byte, 0, len(body)+b.Len()+1)
	out = append(out, body[:at]...)
	out = append(out, b.Bytes()...)
	out = append(out, '\n')
	return append(out, body[at:]...)
}
