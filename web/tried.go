package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/chart"
)

// "What we tried": the summary, a page per treatment, the report form,
// the moderators' treatment list, the CSV export and the API. Every
// number comes from storage, which leaves cells under hearth.TriedK
// empty; these handlers only lay them out.

// option is one choice of a select or radio group.
type option struct {
	Value, Label string
	Selected     bool
}

func options[T ~string](all []T, label func(T) string, cur string) []option {
	out := make([]option, len(all))
	for i, v := range all {
		out[i] = option{Value: string(v), Label: label(v), Selected: string(v) == cur}
	}
	return out
}

// ---- Filters ----

// filterView is what the filter form needs.
type filterView struct {
	Action     string
	Categories []option
	ForWhom    []option
	Durations  []option
	Active     bool
}

func parseTriedFilter(q url.Values) hearth.TriedFilter {
	return hearth.TriedFilter{Category: hearth.Category(q.Get("category")), ForWhom: hearth.ForWhom(q.Get("for_whom")), Duration: hearth.Duration(q.Get("duration"))}
}

func newFilterView(action string, f hearth.TriedFilter) filterView {
	return filterView{Action: action, Active: !f.IsZero(),
		Categories: options(hearth.Categories, hearth.Category.Label, string(f.Category)),
		ForWhom:    options(hearth.ForWhoms, hearth.ForWhom.FilterLabel, string(f.ForWhom)),
		Durations:  options(hearth.Durations, hearth.Duration.Label, string(f.Duration))}
}

// query is the filter as a query string ("?for_whom=self"), or "".
func filterQuery(f hearth.TriedFilter) string {
	q := url.Values{}
	for k, v := range map[string]string{"category": string(f.Category), "for_whom": string(f.ForWhom), "duration": string(f.Duration)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// filterFromRequest reads the filter; an unknown value is dropped with an
// error for the page to show, so a bad link still shows the summary.
func filterFromRequest(r *http.Request) (hearth.TriedFilter, error) {
	f := parseTriedFilter(r.URL.Query())
	if err := f.Validate(); err != nil {
		return hearth.TriedFilter{}, err
	}
	return f, nil
}

// ---- Summary ----

// cell is one number with its share of a row's reports.
type cell struct {
	Label   string
	N, Pct  int
	Enough  bool
	Summary string
}

func cells(cs hearth.Counts, total int) []cell {
	out := make([]cell, len(cs))
	for i, c := range cs {
		out[i] = cell{Label: c.Label, N: c.N, Pct: hearth.Percent(c.N, total)}
	}
	return out
}

// statView is one treatment with its numbers laid out.
type statView struct {
	S             *hearth.TreatmentStats
	URL           string
	Effectiveness []cell
	HelpedPct     int // helped quite a bit or a lot
	SideEffects   string
}

func newStatView(slug string, st *hearth.TreatmentStats, query string) statView {
	v := statView{S: st, URL: fmt.Sprintf("/c/%s/tried/t/%d%s", slug, st.Treatment.ID, query)}
	if !st.Enough {
		return v
	}
	v.Effectiveness = cells(st.Effectiveness, st.Reports)
	v.HelpedPct = hearth.Percent(st.Effectiveness[2].N+st.Effectiveness[3].N, st.Reports)
	var names []string
	for i, se := range st.SideEffects {
		if i == 3 {
			break
		}
		names = append(names, fmt.Sprintf("%s (%d)", se.Name, se.Reports))
	}
	v.SideEffects = strings.Join(names, ", ")
	return v
}

func effectivenessSeries() []chart.Series {
	s := make([]chart.Series, len(hearth.Effectivenesses))
	for i, e := range hearth.Effectivenesses {
		s[i] = chart.Series{Label: e.Label(), Color: chart.Graded[i]}
	}
	return s
}

func countValues(cs hearth.Counts) []int {
	vs := make([]int, len(cs))
	for i, c := range cs {
		vs[i] = c.N
	}
	return vs
}

func (s *Server) handleTriedShow(w http.ResponseWriter, r *http.Request) {
	v, slug := viewer(r), r.PathValue("slug")
	f, ferr := filterFromRequest(r)
	sum, err := s.store.TriedSummary(r.Context(), v, slug, f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	c := sum.Community
	query := filterQuery(f)
	var enough, small []statView
	var rows []chart.Row
	for _, st := range sum.Treatments {
		sv := newStatView(slug, st, query)
		if st.Enough {
			enough = append(enough, sv)
			rows = append(rows, chart.Row{Label: st.Treatment.Name, Values: countValues(st.Effectiveness)})
		} else {
			small = append(small, sv)
		}
	}
	own, err := s.store.ListOwnReports(r.Context(), v, slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	pending := 0
	if c.CanModerate(v) {
		ps, err := s.store.ListPendingTreatments(r.Context(), v, slug)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		pending = len(ps)
	}
	status, form := http.StatusOK, &form{}
	if ferr != nil {
		status, form = statusOf(ferr), form.fail(ferr)
	}
	ch := chart.Chart{ID: "helped-chart", Title: "How much it helped, by treatment",
		Desc:   "One bar per treatment, split by the share of reports that said it did not help, helped a little, helped quite a bit or helped a lot. The table after the chart has the same numbers.",
		Series: effectivenessSeries(), Rows: rows, Percent: true}
	s.render(w, r, status, "tried.html", &view{Title: "What we tried in " + c.Name,
		Description: "What members of " + c.Name + " tried, and how much it helped them.", NoIndex: c.Visibility != hearth.Public,
		Canonical: "/c/" + slug + "/tried",
		Data: map[string]any{"Community": c, "Filter": newFilterView("/c/"+slug+"/tried", f), "Enough": enough, "Small": small,
			"Chart": ch.SVG(), "Series": hearth.Effectivenesses, "Own": own, "CanPost": c.CanPost(v), "CanModerate": c.CanModerate(v),
			"Pending": pending, "CSV": "/c/" + slug + "/tried.csv" + query, "Note": hearth.TriedNote, "K": hearth.TriedK, "Form": form}})
}

// ---- Treatment page ----

func (s *Server) handleTriedTreatment(w http.ResponseWriter, r *http.Request, slug string, id int64) {
	v := viewer(r)
	f, ferr := filterFromRequest(r)
	p, err := s.store.TreatmentPage(r.Context(), v, slug, id, f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	t, st := p.Stats.Treatment, p.Stats
	if t.ID != id {
		// A merged treatment: its page is now the one it went into.
		http.Redirect(w, r, fmt.Sprintf("/c/%s/tried/t/%d%s", slug, t.ID, filterQuery(f)), http.StatusMovedPermanently)
		return
	}
	data := map[string]any{"Community": p.Community, "S": st, "Experiences": p.Experiences, "Note": hearth.TriedNote, "K": hearth.TriedK,
		"Filter": newFilterView(fmt.Sprintf("/c/%s/tried/t/%d", slug, id), f), "CanPost": p.Community.CanPost(v), "Form": &form{}}
	if st.Enough {
		helped := chart.Chart{ID: "helped-chart", Title: "How much " + t.Name + " helped",
			Desc:   fmt.Sprintf("One bar per answer, its length the number of reports out of %d. The table after the chart has the same numbers.", st.Reports),
			Series: []chart.Series{{Label: "Reports", Color: chart.Single[0]}}}
		for _, c := range st.Effectiveness {
			helped.Rows = append(helped.Rows, chart.Row{Label: c.Label, Values: []int{c.N}})
		}
		data["HelpedChart"] = helped.SVG()
		data["Helped"] = cells(st.Effectiveness, st.Reports)
		data["Worst"] = cells(st.WorstSeverity, st.Reports)
		data["TimeOn"] = cells(st.TimeOn, st.Reports)
		stopped := st.Reports - st.StillUsing
		data["Stopped"] = stopped
		if st.StopReasons != nil {
			data["StopReasons"] = cells(st.StopReasons, stopped)
		}
		data["StillPct"] = st.StillUsingPercent()
		data["HelpedPct"] = newStatView(slug, st, "").HelpedPct
		if len(st.SideEffects) > 0 {
			se := chart.Chart{ID: "side-effects-chart", Title: "Side effects of " + t.Name + " named by at least " + strconv.Itoa(hearth.TriedK) + " members",
				Desc: "One bar per side effect, its length the number of reports that named it, split by how bad it was: mild, moderate or severe. The table after the chart has the same numbers."}
			for i, sev := range hearth.SideEffectSeverities {
				se.Series = append(se.Series, chart.Series{Label: sev.Label(), Color: chart.Warm[i]})
			}
			for _, x := range st.SideEffects {
				se.Rows = append(se.Rows, chart.Row{Label: x.Name, Values: countValues(x.Severity)})
			}
			data["SideEffectChart"] = se.SVG()
		}
	}
	status := http.StatusOK
	if ferr != nil {
		status = statusOf(ferr)
		data["Form"] = (&form{}).fail(ferr)
	}
	s.render(w, r, status, "tried_treatment.html", &view{Title: t.Name + " · What we tried in " + p.Community.Name,
		Description: "What members of " + p.Community.Name + " said about " + t.Name + ".", NoIndex: p.Community.Visibility != hearth.Public,
		Canonical: fmt.Sprintf("/c/%s/tried/t/%d", slug, id), Data: data})
}

// handleTriedPath serves /c/{slug}/tried/{a}/{b}: a treatment's page at
// t/{id}, and a report's edit form and history at {id}/edit and
// {id}/history. One pattern, because http.ServeMux refuses the two
// overlapping ones ("t/{id}" and "{id}/edit" both match "t/edit").
func (s *Server) handleTriedPath(w http.ResponseWriter, r *http.Request) {
	slug, a, b := r.PathValue("slug"), r.PathValue("a"), r.PathValue("b")
	notFound := hearth.Errorf(hearth.ENotFound, "There is no page at this address.")
	if a == "t" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			s.errorPage(w, r, notFound)
			return
		}
		s.handleTriedTreatment(w, r, slug, id)
		return
	}
	id, err := strconv.ParseInt(a, 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, notFound)
		return
	}
	switch b {
	case "edit":
		s.handleReportEdit(w, r, slug, id)
	case "history":
		s.handleReportHistory(w, r, slug, id)
	default:
		s.errorPage(w, r, notFound)
	}
}

// ---- Report form ----

// seRow is one side-effect row of the form.
type seRow struct {
	I, N       int
	Name       string
	Severities []option
}

// reportFields lists every field of the report form, for refilling it.
func reportFields() []string {
	fs := []string{"treatment", "new_name", "category", "for_whom", "started_month", "started_year", "still_using",
		"stopped_month", "stopped_year", "stop_reason", "effectiveness", "body"}
	for i := range hearth.MaxSideEffects {
		fs = append(fs, "se_name_"+strconv.Itoa(i), "se_sev_"+strconv.Itoa(i))
	}
	return fs
}

// reportInput reads the report form.
func reportInput(r *http.Request) (hearth.ReportInput, error) {
	v := r.PostFormValue
	in := hearth.ReportInput{NewTreatment: v("new_name"), Category: hearth.Category(v("category")), ForWhom: hearth.ForWhom(v("for_whom")),
		StopReason: hearth.StopReason(v("stop_reason")), Effectiveness: hearth.Effectiveness(v("effectiveness")), Body: v("body")}
	switch t := v("treatment"); t {
	case "", "new":
	default:
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			return in, hearth.FieldErrorf("treatment", "Please choose a treatment from the list.")
		}
		in.TreatmentID = id
	}
	var err error
	if in.Started, err = hearth.ParseMonth("started", v("started_month"), v("started_year")); err != nil {
		return in, err
	}
	switch v("still_using") {
	case "yes":
		in.StillUsing = true
	case "no":
		if in.Stopped, err = hearth.ParseMonth("stopped", v("stopped_month"), v("stopped_year")); err != nil {
			return in, err
		}
	default:
		return in, hearth.FieldErrorf("still_using", "Please say whether it is still being used.")
	}
	for i := range hearth.MaxSideEffects {
		n := strconv.Itoa(i)
		in.SideEffects = append(in.SideEffects, hearth.SideEffect{Name: v("se_name_" + n), Severity: hearth.Severity(v("se_sev_" + n))})
	}
	return in, nil
}

// reportValues fills the form from a saved report.
func reportValues(rep *hearth.Report) map[string]string {
	vals := map[string]string{"treatment": strconv.FormatInt(rep.TreatmentID, 10), "for_whom": string(rep.ForWhom),
		"started_month": strconv.Itoa(int(rep.Started.Month)), "started_year": strconv.Itoa(rep.Started.Year),
		"still_using": "yes", "effectiveness": string(rep.Effectiveness), "body": rep.Body}
	if !rep.StillUsing {
		vals["still_using"], vals["stop_reason"] = "no", string(rep.StopReason)
		vals["stopped_month"], vals["stopped_year"] = strconv.Itoa(int(rep.Stopped.Month)), strconv.Itoa(rep.Stopped.Year)
	}
	for i, se := range rep.SideEffects {
		vals["se_name_"+strconv.Itoa(i)], vals["se_sev_"+strconv.Itoa(i)] = se.Name, string(se.Severity)
	}
	return vals
}

func monthOptions(cur string) []option {
	out := make([]option, 12)
	for i := range out {
		v := strconv.Itoa(i + 1)
		out[i] = option{Value: v, Label: time.Month(i + 1).String(), Selected: v == cur}
	}
	return out
}

// renderReportForm shows the new-report or edit form with f's values.
// rep is the report being edited, or nil for a new one.
func (s *Server) renderReportForm(w http.ResponseWriter, r *http.Request, status int, slug string, rep *hearth.Report, f *form) {
	v := viewer(r)
	c, err := s.store.FindCommunity(r.Context(), v, slug)
	if err == nil && rep == nil && !c.CanPost(v) {
		err = hearth.Errorf(hearth.EForbidden, "Only members of %s can share reports there. Ask to join on its about page.", c.Name)
	}
	var ts []*hearth.Treatment
	if err == nil {
		ts, err = s.store.ListTreatments(r.Context(), v, slug)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	val := func(k string) string { return f.Values[k] }
	var treatments []option
	for _, t := range ts {
		id := strconv.FormatInt(t.ID, 10)
		treatments = append(treatments, option{Value: id, Label: t.Label(), Selected: id == val("treatment")})
	}
	if rep != nil && rep.TreatmentStatus == hearth.TreatmentPending {
		// The report's own proposal is not on the list yet; keep it choosable.
		id := strconv.FormatInt(rep.TreatmentID, 10)
		treatments = append(treatments, option{Value: id, Label: rep.TreatmentName + " (waiting for a moderator)", Selected: id == val("treatment")})
	}
	// Four blank side-effect rows without JavaScript, and always one
	// more than are filled in, up to the limit.
	filled := 0
	for i := range hearth.MaxSideEffects {
		n := strconv.Itoa(i)
		if val("se_name_"+n) != "" || val("se_sev_"+n) != "" {
			filled = i + 1
		}
	}
	var ses []seRow
	for i := range min(max(4, filled+1), hearth.MaxSideEffects) {
		n := strconv.Itoa(i)
		ses = append(ses, seRow{I: i, N: i + 1, Name: val("se_name_" + n),
			Severities: options(hearth.SideEffectSeverities, hearth.Severity.Label, val("se_sev_"+n))})
	}
	data := map[string]any{"Community": c, "Form": f, "Treatments": treatments,
		"Categories":    options(hearth.Categories, hearth.Category.Label, val("category")),
		"ForWhom":       options(hearth.ForWhoms, hearth.ForWhom.Label, val("for_whom")),
		"StartMonths":   monthOptions(val("started_month")),
		"StopMonths":    monthOptions(val("stopped_month")),
		"StillUsing":    []option{{"yes", "Yes, still using it", val("still_using") == "yes"}, {"no", "No, stopped", val("still_using") == "no"}},
		"StopReasons":   options(hearth.StopReasons, hearth.StopReason.Label, val("stop_reason")),
		"Effectiveness": options(hearth.Effectivenesses, hearth.Effectiveness.Label, val("effectiveness")),
		"SideEffects":   ses, "Note": hearth.TriedNote, "MaxBody": hearth.MaxExperienceRunes,
		"Action": "/c/" + slug + "/tried/new", "Heading": "Share what you tried", "Submit": "Share report", "Back": "/c/" + slug + "/tried"}
	title := "Share what you tried in " + c.Name
	if rep != nil {
		title = "Update your report on " + rep.TreatmentName
		data["Action"] = fmt.Sprintf("/c/%s/tried/%d/edit", slug, rep.ID)
		data["Heading"], data["Submit"] = title, "Save changes"
		data["History"] = fmt.Sprintf("/c/%s/tried/%d/history", slug, rep.ID)
	}
	s.render(w, r, status, "tried_form.html", &view{Title: title, NoIndex: true, Data: data})
}

func (s *Server) handleReportNew(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if viewer(r) == nil {
		http.Redirect(w, r, "/signin?next=/c/"+slug+"/tried/new", http.StatusSeeOther)
		return
	}
	f := &form{Values: map[string]string{}}
	if t := r.URL.Query().Get("treatment"); t != "" {
		f.Values["treatment"] = t
	}
	s.renderReportForm(w, r, http.StatusOK, slug, nil, f)
}

// parseReportForm bounds and parses a posted report form.
func parseReportForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return hearth.Errorf(hearth.ETooLarge, "That report is far too long to send. Please shorten it.")
	}
	return nil
}

func (s *Server) handleReportCreate(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if err := parseReportForm(w, r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	if v == nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EUnauthorized, "Please sign in to share what you tried."))
		return
	}
	f := newForm(r, reportFields()...)
	normalizeForm(f, "body")
	if privacyAction(r, v, f, "body") { // the privacy guard's own buttons (tried_privacy.go)
		s.renderReportForm(w, r, http.StatusOK, slug, nil, f)
		return
	}
	err := s.allowPost(r.Context(), v)
	var in hearth.ReportInput
	if err == nil {
		in, err = reportInput(r)
	}
	if err == nil {
		in.Body = formReportBody(r, f)
		err = s.screenReport(v, &in, "body", confirmed(r))
	}
	var rep *hearth.Report
	if err == nil {
		rep, err = s.store.CreateReport(r.Context(), v, slug, in)
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderReportForm(w, r, failForm(v, f, err, "body"), slug, nil, f)
		return
	}
	http.Redirect(w, r, reportDoneURL(slug, rep), http.StatusSeeOther)
}

// reportDoneURL is where a saved report leads: its treatment's page, or
// the summary while the treatment waits for a moderator.
func reportDoneURL(slug string, rep *hearth.Report) string {
	if rep.TreatmentStatus == hearth.TreatmentApproved {
		return fmt.Sprintf("/c/%s/tried/t/%d#experiences", slug, rep.TreatmentID)
	}
	return "/c/" + slug + "/tried#own"
}

// findPathReport loads the viewer's report named in the path, checking
// that it is in the community in the path.
func (s *Server) findPathReport(r *http.Request, slug string, id int64) (*hearth.Report, error) {
	rep, err := s.store.FindReport(r.Context(), viewer(r), id)
	if err == nil && rep.CommunitySlug != slug {
		err = hearth.Errorf(hearth.ENotFound, "This report is not in that community.")
	}
	return rep, err
}

func (s *Server) handleReportEdit(w http.ResponseWriter, r *http.Request, slug string, id int64) {
	if viewer(r) == nil {
		http.Redirect(w, r, fmt.Sprintf("/signin?next=/c/%s/tried/%d/edit", slug, id), http.StatusSeeOther)
		return
	}
	rep, err := s.findPathReport(r, slug, id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.renderReportForm(w, r, http.StatusOK, slug, rep, &form{Values: reportValues(rep)})
}

func (s *Server) handleReportUpdate(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err == nil {
		err = parseReportForm(w, r)
	}
	var rep *hearth.Report
	if err == nil {
		rep, err = s.findPathReport(r, slug, id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	f := newForm(r, reportFields()...)
	normalizeForm(f, "body")
	if privacyAction(r, v, f, "body") { // the privacy guard's own buttons (tried_privacy.go)
		s.renderReportForm(w, r, http.StatusOK, slug, rep, f)
		return
	}
	in, err := reportInput(r)
	if err == nil {
		in.Body = formReportBody(r, f)
		err = s.screenReport(v, &in, "body", confirmed(r))
	}
	var saved *hearth.Report
	if err == nil {
		saved, err = s.store.UpdateReport(r.Context(), v, id, in)
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderReportForm(w, r, failForm(v, f, err, "body"), slug, rep, f)
		return
	}
	http.Redirect(w, r, reportDoneURL(slug, saved), http.StatusSeeOther)
}

// reportSummary is a report's answers in plain words, for its history.
type reportSummary struct {
	Treatment, ForWhom, Started, Status, Effectiveness, SideEffects, Body string
	EditedAt                                                              time.Time
}

func summarize(treatment string, forWhom hearth.ForWhom, started hearth.Month, still bool, stopped hearth.Month, why hearth.StopReason,
	eff hearth.Effectiveness, ses []hearth.SideEffect, body string) reportSummary {
	st := "Still using it"
	if !still {
		st = fmt.Sprintf("Stopped in %s: %s", stopped, strings.ToLower(why.Label()))
	}
	var names []string
	for _, se := range ses {
		names = append(names, se.Name+" ("+strings.ToLower(se.Severity.Label())+")")
	}
	sideEffects := strings.Join(names, ", ")
	if sideEffects == "" {
		sideEffects = "None"
	}
	return reportSummary{Treatment: treatment, ForWhom: forWhom.Label(), Started: started.String(), Status: st,
		Effectiveness: eff.Label(), SideEffects: sideEffects, Body: body}
}

func (s *Server) handleReportHistory(w http.ResponseWriter, r *http.Request, slug string, id int64) {
	rep, err := s.findPathReport(r, slug, id)
	var revs []*hearth.ReportRevision
	if err == nil {
		revs, err = s.store.ListReportRevisions(r.Context(), viewer(r), id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	cur := summarize(rep.TreatmentName, rep.ForWhom, rep.Started, rep.StillUsing, rep.Stopped, rep.StopReason, rep.Effectiveness, rep.SideEffects, rep.Body)
	cur.EditedAt = rep.UpdatedAt
	var old []reportSummary
	for _, v := range revs {
		x := summarize(v.TreatmentName, v.ForWhom, v.Started, v.StillUsing, v.Stopped, v.StopReason, v.Effectiveness, v.SideEffects, v.Body)
		x.EditedAt = v.EditedAt
		old = append(old, x)
	}
	s.render(w, r, http.StatusOK, "tried_history.html", &view{Title: "History of your report on " + rep.TreatmentName, NoIndex: true,
		Data: map[string]any{"Slug": slug, "Report": rep, "Current": cur, "Revisions": old, "Edit": fmt.Sprintf("/c/%s/tried/%d/edit", slug, id)}})
}

// ---- Moderators' treatment list ----

func (s *Server) renderTreatmentList(w http.ResponseWriter, r *http.Request, status int, f *form) {
	v, slug := viewer(r), r.PathValue("slug")
	if v == nil {
		http.Redirect(w, r, "/signin?next=/c/"+slug+"/tried/treatments", http.StatusSeeOther)
		return
	}
	c, err := s.store.FindCommunity(r.Context(), v, slug)
	var pending, list []*hearth.Treatment
	if err == nil {
		pending, err = s.store.ListPendingTreatments(r.Context(), v, slug)
	}
	if err == nil {
		list, err = s.store.ListTreatments(r.Context(), v, slug)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, status, "tried_treatments.html", &view{Title: "Treatment list of " + c.Name, NoIndex: true, Data: map[string]any{
		"Community": c, "Pending": pending, "List": list, "Form": f,
		"Categories": options(hearth.Categories, hearth.Category.Label, f.Values["category"])}})
}

func (s *Server) handleTreatmentList(w http.ResponseWriter, r *http.Request) {
	s.renderTreatmentList(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) handleTreatmentChange(w http.ResponseWriter, r *http.Request) {
	v, slug := viewer(r), r.PathValue("slug")
	f := newForm(r, "action", "id", "into", "name", "category", "synonyms", "synonym")
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	var err error
	switch r.PostFormValue("action") {
	case "approve":
		err = s.store.ApproveTreatment(r.Context(), v, slug, id)
	case "merge":
		into, perr := strconv.ParseInt(r.PostFormValue("into"), 10, 64)
		if perr != nil {
			err = hearth.FieldErrorf("into", "Please choose the treatment to merge it into.")
		} else {
			err = s.store.MergeTreatment(r.Context(), v, slug, id, into)
		}
	case "add":
		var syn []string
		for _, x := range strings.Split(r.PostFormValue("synonyms"), ",") {
			if x = strings.TrimSpace(x); x != "" {
				syn = append(syn, x)
			}
		}
		_, err = s.store.AddTreatment(r.Context(), v, slug, hearth.NewTreatment{Name: r.PostFormValue("name"),
			Category: hearth.Category(r.PostFormValue("category")), Synonyms: syn})
	case "synonym":
		err = s.store.AddSynonym(r.Context(), v, slug, id, r.PostFormValue("synonym"))
	default:
		err = hearth.Errorf(hearth.EInvalid, "We did not understand that change. Please use the buttons on this page.")
	}
	if err != nil {
		s.logIfInternal(r, err)
		switch hearth.ErrorCode(err) {
		case hearth.EInvalid, hearth.EConflict, hearth.ENotFound:
			s.renderTreatmentList(w, r, statusOf(err), f.fail(err))
		default:
			s.errorPage(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/c/"+slug+"/tried/treatments", http.StatusSeeOther)
}

// ---- CSV ----

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) handleTriedCSV(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	f := parseTriedFilter(r.URL.Query())
	sum, err := s.store.TriedSummary(r.Context(), viewer(r), slug, f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+slug+`-what-we-tried.csv"`)
	if v := viewer(r); v != nil || sum.Community.Visibility != hearth.Public {
		h.Set("Cache-Control", "private, no-store")
	}
	cw := csv.NewWriter(w)
	head := []string{"treatment", "other_names", "kind", "reports", "still_using"}
	for _, e := range hearth.Effectivenesses {
		head = append(head, "effectiveness_"+string(e))
	}
	for _, rsn := range hearth.StopReasons {
		head = append(head, "stopped_"+string(rsn))
	}
	for _, sev := range hearth.Severities {
		head = append(head, "worst_side_effect_"+string(sev))
	}
	for _, d := range hearth.Durations {
		head = append(head, "time_on_"+string(d))
	}
	head = append(head, "side_effects_named", "note")
	cw.Write(head)
	for _, st := range sum.Treatments {
		t := st.Treatment
		row := []string{csvSafe(t.Name), csvSafe(strings.Join(t.Synonyms, "; ")), t.Category.Label()}
		if !st.Enough {
			row = append(row, make([]string, len(head)-len(row)-1)...)
			cw.Write(append(row, hearth.NotEnoughReports))
			continue
		}
		row = append(row, strconv.Itoa(st.Reports), strconv.Itoa(st.StillUsing))
		for i, cs := range []hearth.Counts{st.Effectiveness, st.StopReasons, st.WorstSeverity, st.TimeOn} {
			if cs == nil && i == 1 {
				row = append(row, make([]string, len(hearth.StopReasons))...)
			}
			for _, c := range cs {
				row = append(row, strconv.Itoa(c.N))
			}
		}
		var names []string
		for _, se := range st.SideEffects {
			names = append(names, fmt.Sprintf("%s (%d)", se.Name, se.Reports))
		}
		cw.Write(append(row, csvSafe(strings.Join(names, "; ")), ""))
	}
	cw.Flush()
}

// ---- API ----

func triedAPIBody(sum *hearth.TriedSummary) map[string]any {
	ts := sum.Treatments
	if ts == nil {
		ts = []*hearth.TreatmentStats{}
	}
	return map[string]any{"community": sum.Community.Slug, "filter": sum.Filter, "threshold": hearth.TriedK, "note": hearth.TriedNote, "treatments": ts}
}

func (s *Server) handleAPITried(w http.ResponseWriter, r *http.Request) error {
	f := parseTriedFilter(r.URL.Query())
	sum, err := s.store.TriedSummary(r.Context(), viewer(r), r.PathValue("slug"), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, triedAPIBody(sum))
}

func (s *Server) handleAPITreatmentList(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.store.ListTreatments(r.Context(), viewer(r), r.PathValue("slug"))
	return writeJSONList(w, "treatments", ts, err) // api.go
}

func (s *Server) handleAPITreatmentShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.store.TreatmentPage(r.Context(), viewer(r), r.PathValue("slug"), id, parseTriedFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	es := p.Experiences
	if es == nil {
		es = []*hearth.Experience{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"community": p.Community.Slug, "threshold": hearth.TriedK, "note": hearth.TriedNote,
		"stats": p.Stats, "experiences": es})
}

// apiReport is the JSON form of a new report; months are "2024-03".
type apiReport struct {
	TreatmentID   int64                `json:"treatment_id"`
	NewTreatment  string               `json:"new_treatment"`
	Category      hearth.Category      `json:"category"`
	ForWhom       hearth.ForWhom       `json:"for_whom"`
	Started       string               `json:"started"`
	StillUsing    *bool                `json:"still_using"`
	Stopped       string               `json:"stopped"`
	StopReason    hearth.StopReason    `json:"stop_reason"`
	Effectiveness hearth.Effectiveness `json:"effectiveness"`
	SideEffects   []hearth.SideEffect  `json:"side_effects"`
	Text          string               `json:"text"`
	// PublishAnyway confirms a text in which the privacy guard found
	// identifiers, as on threads (tried_privacy.go).
	PublishAnyway bool `json:"publish_anyway"`
}

func (s *Server) handleAPIReportCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := s.readAPIReport(w, r, "Send a personal access token to share a report.") // tried_privacy.go
	if err != nil {
		return err
	}
	rep, err := s.store.CreateReport(r.Context(), viewer(r), r.PathValue("slug"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rep)
}
