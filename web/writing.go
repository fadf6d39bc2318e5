package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/advice"
	"github.com/hearth-community/hearth/readability"
)

// Writing checks beside the privacy guard (privacy.go): "information,
// not advice" and the reading level.
//
// Advice: wording that prescribes for the reader ("take 200 mg", "you
// should stop your medication") is shown to its author before the post is
// published, with a button to post anyway, like the privacy findings. It
// runs on every post by a clinician or staff member, who write with a
// professional's weight, and on every member's reply, where instructions
// reach someone who asked. A member's own thread (a question, their story)
// is not checked: first-person experience is what the detector leaves
// alone anyway (package advice).
//
// Readability: the Flesch–Kincaid grade of the body, computed by the
// server whenever the form comes back (Check, findings, advice) and live
// in the browser by readability.js, with a gentle nudge above grade 8.

// adviceOK reports whether the member pressed "Post anyway" on the advice
// warning (or sent "advice_ok" in the API).
func adviceOK(r *http.Request) bool { return r.PostFormValue("advice_ok") == "1" }

// checksAdvice reports whether a post by v is checked for prescriptive
// wording; reply is true for replies (and edits of replies).
func checksAdvice(v *hearth.Member, reply bool) bool {
	return v != nil && (reply || v.Role == hearth.RoleClinician || v.IsStaff())
}

// adviceError says that a post reads like medical advice and its author
// has not confirmed. Its code is invalid; forms show the warning as the
// next step (200), and the API adds the findings to the error body.
type adviceError struct {
	err      *hearth.Error
	findings []adviceFinding
}

func (e *adviceError) Error() string { return e.err.Error() }
func (e *adviceError) Unwrap() error { return e.err }

// adviceFinding is a finding in one field.
type adviceFinding struct {
	Field string
	advice.Finding
}

// adviceGuard returns an *adviceError when the fields hold prescriptive
// wording and the author has not confirmed.
func adviceGuard(v *hearth.Member, confirmed, reply bool, fields ...textField) error {
	if confirmed || !checksAdvice(v, reply) {
		return nil
	}
	var fs []adviceFinding
	for _, f := range fields {
		for _, fi := range advice.Check(f.Text) {
			fs = append(fs, adviceFinding{f.Name, fi})
		}
	}
	if len(fs) == 0 {
		return nil
	}
	return &adviceError{findings: fs, err: &hearth.Error{Code: hearth.EInvalid, Field: fs[0].Field,
		Message: adviceSummary(len(fs)) + ". Please say it as general information or your own experience, or confirm that you want to post it as it is."}}
}

func adviceSummary(n int) string {
	if n == 1 {
		return "1 phrase reads like medical advice for the reader"
	}
	return fmt.Sprintf("%d phrases read like medical advice for the reader", n)
}

// adviceReport is the warning on the form.
type adviceReport struct {
	Summary  string
	Findings []adviceView
	// Professional: the author is a clinician or staff member.
	Professional bool
}

type adviceView struct {
	N                   int
	Label               string
	Before, Text, After string
}

func buildAdviceReport(v *hearth.Member, ae *adviceError, texts map[string]string) *adviceReport {
	rep := &adviceReport{Summary: adviceSummary(len(ae.findings)), Professional: v != nil && (v.Role == hearth.RoleClinician || v.IsStaff())}
	for i, f := range ae.findings {
		text := texts[f.Field]
		before, after := "", ""
		if f.Start >= 0 && f.End <= len(text) && text[f.Start:f.End] == f.Text {
			before, after = around(text, f.Start, f.End, 40)
		}
		rep.Findings = append(rep.Findings, adviceView{N: i + 1, Label: f.Kind.Label(), Before: before, Text: f.Text, After: after})
	}
	return rep
}

// readabilityReport is the reading level shown under the text.
type readabilityReport struct {
	Level int
	Hard  bool
	// Short: too few words to tell.
	Short bool
}

// Message says the level in plain words; readability.js says the same.
func (r *readabilityReport) Message() string {
	switch {
	case r.Short:
		return fmt.Sprintf("Reading level: write at least %d words to see it.", readability.MinWords)
	case r.Hard:
		return fmt.Sprintf("Reading level: about grade %d. Many readers find this hard. Shorter sentences and everyday words help more people understand you.", r.Level)
	}
	return fmt.Sprintf("Reading level: about grade %d. Easy to read for most people.", r.Level)
}

func measure(text string) *readabilityReport {
	m := readability.Measure(text)
	return &readabilityReport{Level: m.Level(), Hard: m.Hard(), Short: !m.Enough()}
}

// writingChecks fills the form's reading level, and the advice warning
// when err is one; it reports whether err was the warning.
func writingChecks(v *hearth.Member, f *form, err error) bool {
	if body, ok := f.Values["body"]; ok && strings.TrimSpace(body) != "" {
		f.Readability = measure(body)
	}
	var ae *adviceError
	if !errors.As(err, &ae) {
		return false
	}
	f.Advice = buildAdviceReport(v, ae, f.Values)
	f.Error = f.Advice.Summary + ". Nothing was posted yet. Each one is shown below your text."
	return true
}

// apiAdvice is an advice finding in JSON, with code point offsets like
// the privacy guard's (apiFindings).
type apiAdvice struct {
	Field string      `json:"field"`
	Start int         `json:"start"`
	End   int         `json:"end"`
	Kind  advice.Kind `json:"kind"`
	Label string      `json:"label"`
	Text  string      `json:"text"`
}

// apiAdviceDetails adds the advice warning's findings to a JSON error
// body, and reports whether it did.
func apiAdviceDetails(body map[string]any, err error) bool {
	var ae *adviceAPIError
	if !errors.As(err, &ae) {
		return false
	}
	out := make([]apiAdvice, 0, len(ae.findings))
	for _, f := range ae.findings {
		text := ae.texts[f.Field]
		start, end := f.Start, f.End
		if f.End <= len(text) {
			start, end = utf8.RuneCountInString(text[:f.Start]), utf8.RuneCountInString(text[:f.End])
		}
		out = append(out, apiAdvice{Field: f.Field, Start: start, End: end, Kind: f.Kind, Label: f.Kind.Label(), Text: f.Text})
	}
	body["advice"] = out
	body["message"] = ae.err.Message + ` Send "advice_ok": true to confirm.`
	return true
}

// adviceAPIError keeps the texts an advice error is about, so that the
// JSON error body can give code point offsets.
type adviceAPIError struct {
	*adviceError
	texts map[string]string
}

func (e *adviceAPIError) Unwrap() error { return e.adviceError }

// apiAdviceGuard is adviceGuard for the API, on the title and body as
// storage will keep them (so that offsets point into the stored text).
func apiAdviceGuard(v *hearth.Member, confirmed, reply bool, title, body string) error {
	var fields []textField
	if title != "" {
		t, _ := hearth.CleanTitle(title)
		fields = append(fields, textField{"title", t})
	}
	b, _ := hearth.CleanBody(body)
	fields = append(fields, textField{"body", b})
	err := adviceGuard(v, confirmed, reply, fields...)
	var ae *adviceError
	if !errors.As(err, &ae) {
		return err
	}
	texts := map[string]string{}
	for _, f := range fields {
		texts[f.Name] = f.Text
	}
	return &adviceAPIError{adviceError: ae, texts: texts}
}
