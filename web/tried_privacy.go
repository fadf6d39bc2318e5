package web

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
)

// The privacy guard on "what we tried" reports. A report's own words
// (the experience, shown on the treatment's page with the author's
// handle) go through the same guard as a post: findings are shown with
// the text intact, each can be replaced by a plain form button, and a
// member confirms with "Publish anyway". Reports have no review queue,
// so, as with stories (storyGuard), clinicians and staff, whose posts
// with identifiers would be held, must replace the identifiers instead.
// The API answers 400 invalid with the findings until the body says
// "publish_anyway": true, like the thread API.

// screenReport validates in as of the storage clock, so that a report
// with a missing answer is named before its text is screened, and then
// runs the privacy guard on its text, reported under field.
func (s *Server) screenReport(v *hearth.Member, in *hearth.ReportInput, field string, confirmed bool) error {
	if err := in.Validate(s.store.CurrentTime().UTC()); err != nil {
		return err
	}
	if in.Body == "" {
		return nil
	}
	err := storyGuard(v, confirmed, textField{field, in.Body})
	var pe *privacyError
	if errors.As(err, &pe) && pe.replaceOnly {
		pe.err.Message = findingsSummary(len(pe.findings)) + ". As a " + strings.ToLower(v.Role.Badge()) +
			", please replace them before you share this report: reports by clinicians and staff must not hold details that could identify someone."
	}
	return err
}

// readAPIReport reads a report from a JSON body (apiReport), checks that
// the viewer may write and screens its text.
func (s *Server) readAPIReport(w http.ResponseWriter, r *http.Request, signIn string) (hearth.ReportInput, error) {
	var a apiReport
	if err := readJSON(w, r, &a); err != nil {
		return hearth.ReportInput{}, err
	}
	v := viewer(r)
	if v == nil {
		return hearth.ReportInput{}, hearth.Errorf(hearth.EUnauthorized, "%s", signIn)
	}
	if err := s.allowPost(r.Context(), v); err != nil {
		return hearth.ReportInput{}, err
	}
	if a.StillUsing == nil {
		return hearth.ReportInput{}, hearth.FieldErrorf("still_using", "Say whether it is still being used: \"still_using\": true or false.")
	}
	in := hearth.ReportInput{TreatmentID: a.TreatmentID, NewTreatment: a.NewTreatment, Category: a.Category, ForWhom: a.ForWhom,
		StillUsing: *a.StillUsing, StopReason: a.StopReason, Effectiveness: a.Effectiveness, SideEffects: a.SideEffects, Body: a.Text}
	var err error
	if in.Started, err = hearth.ParseISOMonth("started", a.Started); err != nil {
		return in, err
	}
	if in.Stopped, err = hearth.ParseISOMonth("stopped", a.Stopped); err != nil {
		return in, err
	}
	return in, s.screenReport(v, &in, "text", a.PublishAnyway)
}

// handleAPIReportUpdate replaces one of the viewer's reports: PUT
// /api/v1/communities/{slug}/tried/{id} with the whole report, as
// POST takes it.
func (s *Server) handleAPIReportUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := s.readAPIReport(w, r, "Send a personal access token to update a report.")
	if err != nil {
		return err
	}
	old, err := s.store.FindReport(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	if old.CommunitySlug != r.PathValue("slug") {
		return hearth.Errorf(hearth.ENotFound, "This report is not in that community.")
	}
	rep, err := s.store.UpdateReport(r.Context(), viewer(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// formReportBody is the experience as the guard's buttons left it on the
// form (normalizeForm, privacyAction), or the text as sent when it holds
// bytes that are not UTF-8, so that validation names the problem instead
// of storing the replacement characters unseen.
func formReportBody(r *http.Request, f *form) string {
	if raw := r.PostFormValue("body"); !utf8.ValidString(raw) {
		return raw
	}
	return f.Values["body"]
}
