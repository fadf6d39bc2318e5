package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/privacy"
)

// The privacy guard: every thread, reply and edit is scanned for
// identifiers (privacy.Scan) before it is published, on the web forms and
// in the API alike. With findings, a member must confirm ("publish
// anyway"); clinicians and staff confirm into moderator review instead
// (hearth.Role.HeldForReview). On the forms, the member can check without
// publishing and replace one finding or all of them with placeholders,
// all by plain form posts; privacy.js adds findings while typing.

// textField is one field of a post as it will be stored.
type textField struct{ Name, Text string }

// fieldFinding is a finding in one field of a post.
type fieldFinding struct {
	Field string
	privacy.Finding
}

func scanFields(fields ...textField) []fieldFinding {
	var out []fieldFinding
	for _, f := range fields {
		for _, fi := range privacy.Scan(f.Text) {
			out = append(out, fieldFinding{f.Name, fi})
		}
	}
	return out
}

// privacyError says that a post holds identifiers and its author has not
// confirmed. Its code is invalid, so that it maps to a status like any
// other error; the API adds the findings to the error body.
type privacyError struct {
	err      *hearth.Error
	findings []fieldFinding
	texts    map[string]string
	// replaceOnly: confirming does not help (storyGuard); the author must
	// replace the findings.
	replaceOnly bool
}

func (e *privacyError) Error() string { return e.err.Error() }
func (e *privacyError) Unwrap() error { return e.err }

// findingsSummary is "We found 2 things that could identify someone".
func findingsSummary(n int) string {
	if n == 1 {
		return "We found 1 thing that could identify someone"
	}
	return fmt.Sprintf("We found %d things that could identify someone", n)
}

// guard decides what happens to a post that is about to be published:
// without findings it is published (nil hold); with findings it needs
// the author's confirmation, after which it is published, or held for
// review when the author's role requires it.
func guard(v *hearth.Member, confirmed bool, fields ...textField) (*hearth.Hold, error) {
	fs := scanFields(fields...)
	if len(fs) == 0 {
		return nil, nil
	}
	if !confirmed {
		texts := map[string]string{}
		for _, f := range fields {
			texts[f.Name] = f.Text
		}
		what := "publish anyway"
		if v.Role.HeldForReview() {
			what = "send it to a moderator for review"
		}
		return nil, &privacyError{findings: fs, texts: texts, err: &hearth.Error{Code: hearth.EInvalid, Field: fs[0].Field,
			Message: findingsSummary(len(fs)) + ". Please replace them, or confirm that you want to " + what + "."}}
	}
	if !v.Role.HeldForReview() {
		return nil, nil
	}
	h := &hearth.Hold{Reason: hearth.ReasonPrivacy}
	for _, f := range fs {
		h.Findings = append(h.Findings, hearth.HeldFinding{Field: f.Field, Start: f.Start, End: f.End, Type: string(f.Type), Text: f.Text})
	}
	return h, nil
}

// cleanBody is the body as storage will keep it, or the error it gives.
func cleanBody(body string) (string, error) {
	if err := hearth.CheckText(body); err != nil {
		return body, err
	}
	return hearth.CleanBody(body)
}

// createThread starts a thread through the privacy guard.
func (s *Server) createThread(ctx context.Context, v *hearth.Member, slug string, n hearth.NewThread, confirmed bool) (*hearth.Thread, error) {
	if v == nil {
		return s.store.CreateThread(ctx, v, slug, n) // which asks to sign in
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	hold, err := guard(v, confirmed, textField{"title", n.Title}, textField{"body", n.Body})
	if err != nil {
		return nil, err
	}
	if hold == nil { // first posts and spam wait too (moderation.go)
		if hold, err = s.store.ModerationHold(ctx, v, slug, 0, n.Title, n.Body); err != nil {
			return nil, err
		}
	}
	if hold != nil {
		return s.store.HoldThread(ctx, v, slug, n, *hold)
	}
	return s.store.CreateThread(ctx, v, slug, n)
}

// createReply adds a reply through the privacy guard; anonymous posts it
// as "a member" (anonymous.go).
func (s *Server) createReply(ctx context.Context, v *hearth.Member, threadID int64, body string, confirmed, anonymous bool) (*hearth.Post, error) {
	if v == nil {
		return s.store.CreateReply(ctx, v, threadID, body)
	}
	body, err := cleanBody(body)
	if err != nil {
		return nil, err
	}
	hold, err := guard(v, confirmed, textField{"body", body})
	if err != nil {
		return nil, err
	}
	if hold == nil { // first posts and spam wait too (moderation.go)
		if hold, err = s.store.ModerationHold(ctx, v, "", threadID, "", body); err != nil {
			return nil, err
		}
	}
	if anonymous {
		return s.createAnonymousReply(ctx, v, threadID, body, hold) // anonymous.go
	}
	if hold != nil {
		return s.store.HoldReply(ctx, v, threadID, body, *hold)
	}
	return s.store.CreateReply(ctx, v, threadID, body)
}

// editPost edits a post through the privacy guard.
func (s *Server) editPost(ctx context.Context, v *hearth.Member, postID int64, body string, confirmed bool) (*hearth.Post, error) {
	if v == nil {
		return s.store.EditPost(ctx, v, postID, body)
	}
	body, err := cleanBody(body)
	if err != nil {
		return nil, err
	}
	hold, err := guard(v, confirmed, textField{"body", body})
	if err != nil {
		return nil, err
	}
	if hold != nil {
		return s.store.HoldEdit(ctx, v, postID, body, *hold)
	}
	return s.store.EditPost(ctx, v, postID, body)
}

// confirmed reports whether the member pressed "Publish anyway".
func confirmed(r *http.Request) bool { return r.PostFormValue("publish_anyway") == "1" }

// --- Forms -----------------------------------------------------------

// privacyReport is what the form shows after the guard ran.
type privacyReport struct {
	Summary  string
	Findings []findingView
	// Held: the viewer's posts with findings go to review.
	Held bool
	// Notice says what the last button did, or why it did nothing.
	Notice string
}

// findingView is one finding on the form, with a little of the text
// around it and the value of its "Replace" button.
type findingView struct {
	N                   int
	Field               string
	Before, Text, After string
	Label, Placeholder  string
	Value               string
}

// normalizeForm cleans the post fields of f as storage will, so that the
// text the guard scans, the offsets in the Replace buttons and the text
// the browser sends back are the same bytes.
func normalizeForm(f *form, fields ...string) {
	for _, name := range fields {
		if name == "title" {
			f.Values[name], _ = hearth.CleanTitle(f.Values[name])
		} else {
			f.Values[name], _ = hearth.CleanBody(f.Values[name])
		}
	}
}

// textHash names a version of a field's text, so that a Replace button
// pressed after the text changed is refused instead of cutting the
// wrong words.
func textHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

var spaces = regexp.MustCompile(`\s+`)

// around returns up to about n bytes of text on each side of a span, cut
// at word boundaries, with whitespace folded.
func around(text string, start, end, n int) (before, after string) {
	b := max(0, start-n)
	for b > 0 && !utf8.RuneStart(text[b]) {
		b++
	}
	if b > 0 {
		if i := strings.IndexAny(text[b:start], " \n\t"); i >= 0 {
			b += i + 1
		}
		before = "…"
	}
	e := min(len(text), end+n)
	for e < len(text) && !utf8.RuneStart(text[e]) {
		e--
	}
	if e < len(text) {
		if i := strings.LastIndexAny(text[end:e], " \n\t"); i >= 0 {
			e = end + i
		}
		after = "…"
	}
	return spaces.ReplaceAllString(before+text[b:start], " "), spaces.ReplaceAllString(text[end:e]+after, " ")
}

// buildReport scans the fields of f and describes the findings.
func buildReport(v *hearth.Member, f *form, fields ...string) *privacyReport {
	rep := &privacyReport{Held: v != nil && v.Role.HeldForReview()}
	for _, name := range fields {
		text := f.Values[name]
		hash := textHash(text)
		for _, fi := range privacy.Scan(text) {
			before, after := around(text, fi.Start, fi.End, 48)
			rep.Findings = append(rep.Findings, findingView{N: len(rep.Findings) + 1, Field: name,
				Before: before, Text: fi.Text, After: after, Label: fi.Type.Label(), Placeholder: fi.Type.Placeholder(),
				Value: fmt.Sprintf("%s:%d:%d:%s", name, fi.Start, fi.End, hash)})
		}
	}
	rep.Summary = findingsSummary(len(rep.Findings))
	return rep
}

// privacyAction carries out the guard's own buttons on a post form:
// "Check for private details", "Replace with …" and "Replace all". It
// reports whether it did; then the form is shown again and nothing is
// published. The fields of f must be normalized.
func privacyAction(r *http.Request, v *hearth.Member, f *form, fields ...string) bool {
	notice := ""
	switch redact, action := r.PostFormValue("redact"), r.PostFormValue("action"); {
	case redact != "":
		notice = redactOne(f, redact, fields)
	case action == "redact_all":
		n := 0
		for _, name := range fields {
			fs := privacy.Scan(f.Values[name])
			n += len(fs)
			f.Values[name] = privacy.Redact(f.Values[name], fs)
		}
		if n > 0 {
			notice = fmt.Sprintf("Replaced %s with placeholders. Please read your text once more.", plural(n, "detail", "details"))
		}
	case action == "check":
	default:
		return false
	}
	f.Privacy = buildReport(v, f, fields...)
	f.Privacy.Notice = notice
	if len(f.Privacy.Findings) > 0 {
		f.Error = f.Privacy.Summary + ". Each one is marked below your text."
	}
	writingChecks(v, f, nil) // the reading level (writing.go)
	return true
}

// redactOne replaces the finding named by a Replace button's value,
// "field:start:end:hash", if the field still holds the text it was found
// in and the finding is still there.
func redactOne(f *form, value string, fields []string) string {
	const stale = "Your text changed after we checked it, so we did not replace anything. Here is a new check of your text as it is now."
	parts := strings.Split(value, ":")
	if len(parts) != 4 {
		return stale
	}
	name, hash := parts[0], parts[3]
	start, err1 := strconv.Atoi(parts[1])
	end, err2 := strconv.Atoi(parts[2])
	text, ok := f.Values[name]
	if err1 != nil || err2 != nil || !ok || !contains(fields, name) || textHash(text) != hash {
		return stale
	}
	for _, fi := range privacy.Scan(text) {
		if fi.Start == start && fi.End == end {
			f.Values[name] = privacy.RedactOne(text, fi)
			return fmt.Sprintf("Replaced “%s” with %s.", fi.Text, fi.Type.Placeholder())
		}
	}
	return stale
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// failForm fills f from err for the form that comes back, and returns
// its status. Findings come back with 200: the page is the next step of
// writing a post (like a preview), not an error; every other error has
// the status of its code.
func failForm(v *hearth.Member, f *form, err error, fields ...string) int {
	if careChecks(f, err) { // the self-harm interstitial (care.go)
		return http.StatusOK
	}
	if writingChecks(v, f, err) { // the advice warning and the reading level (writing.go)
		return http.StatusOK
	}
	var pe *privacyError
	if errors.As(err, &pe) {
		f.Privacy = buildReport(v, f, fields...)
		f.Error = f.Privacy.Summary + ". Nothing was posted yet. Each one is marked below your text."
		return http.StatusOK
	}
	f.fail(err)
	return statusOf(err)
}

// markText escapes text and wraps each finding in <mark>, followed by its
// kind for screen readers. Findings that do not match the text are left
// out, so a stale list never garbles it.
func markText(text string, fs []privacy.Finding) template.HTML {
	var b strings.Builder
	last := 0
	for _, f := range fs {
		if f.Start < last || f.End > len(text) || f.Start >= f.End || (f.Text != "" && text[f.Start:f.End] != f.Text) {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[last:f.Start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[f.Start:f.End]))
		b.WriteString(`</mark><span class="vh"> (`)
		b.WriteString(template.HTMLEscapeString(strings.TrimPrefix(f.Type.Label(), "This looks like ")))
		b.WriteString(")</span>")
		last = f.End
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

// --- API -------------------------------------------------------------

// apiFinding is a finding in JSON. Offsets count Unicode code points, as
// `hearth privacy scan` does, into the text as hearth stores it (trimmed,
// with \n line ends).
type apiFinding struct {
	Field       string       `json:"field,omitempty"`
	Start       int          `json:"start"`
	End         int          `json:"end"`
	Type        privacy.Type `json:"type"`
	Label       string       `json:"label"`
	Placeholder string       `json:"placeholder"`
	Text        string       `json:"text"`
}

// apiFindings converts findings of one text (sorted, as Scan returns
// them) to code point offsets.
func apiFindings(field, text string, fs []privacy.Finding) []apiFinding {
	out := make([]apiFinding, 0, len(fs))
	pos, cp := 0, 0
	for _, f := range fs {
		if f.Start < pos || f.End > len(text) {
			continue
		}
		cp += utf8.RuneCountInString(text[pos:f.Start])
		start := cp
		cp += utf8.RuneCountInString(text[f.Start:f.End])
		pos = f.End
		out = append(out, apiFinding{Field: field, Start: start, End: cp, Type: f.Type, Label: f.Type.Label(),
			Placeholder: f.Type.Placeholder(), Text: f.Text})
	}
	return out
}

// errorDetails adds what an error carries beyond its code and message to
// a JSON error body: the findings of the privacy guard.
func errorDetails(body map[string]any, err error) {
	if apiAdviceDetails(body, err) { // writing.go
		return
	}
	var pe *privacyError
	if !errors.As(err, &pe) {
		return
	}
	var out []apiFinding
	for _, name := range []string{"title", "body", "text"} { // "text": a report's (tried_privacy.go)
		var fs []privacy.Finding
		for _, f := range pe.findings {
			if f.Field == name {
				fs = append(fs, f.Finding)
			}
		}
		out = append(out, apiFindings(name, pe.texts[name], fs)...)
	}
	body["findings"] = out
	body["message"] = pe.err.Message
	if !pe.replaceOnly {
		body["message"] = pe.err.Message + ` Send "publish_anyway": true to confirm.`
	}
}

// maxScanRunes bounds the text /api/v1/privacy/scan takes: a title and a
// body at their longest.
const maxScanRunes = hearth.MaxBodyRunes + hearth.MaxTitleRunes

// scansPerMinute bounds live checks per client address; privacy.js sends
// at most one per pause in typing.
const scansPerMinute = 120

// handleAPIPrivacyScan answers {"text": "..."} with the findings in it.
// It needs no token, so that the forms' script can call it; the
// cross-origin protection on every POST keeps it to our own pages in
// browsers, and a rate limit per address keeps it cheap.
func (s *Server) handleAPIPrivacyScan(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Text *string `json:"text"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if in.Text == nil {
		return hearth.FieldErrorf("text", `Send the text to check as {"text": "..."}.`)
	}
	if err := hearth.CheckText(*in.Text); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(*in.Text); n > maxScanRunes {
		return hearth.Errorf(hearth.ETooLarge, "The text is %d characters long; the check takes at most %d.", n, maxScanRunes)
	}
	if !s.allow(r.Context(), "privacy-scan:"+clientIP(r), scansPerMinute, time.Minute) {
		return hearth.Errorf(hearth.ERateLimited, "Too many checks from your address. Please wait a minute.")
	}
	fs := privacy.Scan(*in.Text)
	summary := ""
	if len(fs) > 0 {
		summary = findingsSummary(len(fs))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"findings": apiFindings("", *in.Text, fs), "summary": summary})
}

// postURL is where a post is shown after it is written: the page of its
// thread that holds it, at its anchor. A held reply has no number yet; it
// is shown to its author after the replies of the last page.
func (s *Server) postURL(ctx context.Context, v *hearth.Member, slug string, threadID int64, p *hearth.Post) string {
	page := max(p.Position-1, 0)/hearth.RepliesPerPage + 1
	if p.Position < 0 {
		if tp, err := s.store.FindThreadPage(ctx, v, threadID, 1<<30); err == nil {
			page = tp.Page
		}
	}
	return fmt.Sprintf("/c/%s/t/%d?page=%d#p%d", slug, threadID, page, p.Position)
}
