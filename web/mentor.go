package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
)

// Mentoring pages (issue 14): /mentor is every member's mentoring page
// (their language, offers made to them, opting out) and, for mentors,
// where they volunteer and see the people they welcome; /mod/mentoring
// shows moderators who still waits for a welcome and each mentor's load.
// Every action is a form post answered with a redirect, or with the page
// again, the values kept and the problem named.

func (s *Server) mentorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /mentor", s.handleMentorPage)
	mux.HandleFunc("POST /mentor/volunteer", s.handleMentorVolunteer)
	mux.HandleFunc("POST /mentor/stop", s.handleMentorStop)
	mux.HandleFunc("POST /mentor/mentees/{id}", s.handleMenteeMark)
	mux.HandleFunc("POST /mentor/offers/{id}", s.handleMentorOfferAnswer)
	mux.HandleFunc("POST /mentor/settings", s.handleMentorSettings)
	mux.HandleFunc("GET /mod/mentoring", s.handleModMentoring)
	mux.HandleFunc("POST /mod/mentoring/reassign", s.handleModMentoringReassign)
	s.mentorAPIRoutes(mux) // mentor_api.go
}

var mentorDone = map[string]string{
	"volunteered": "Thank you. Newcomers who speak your languages will be offered your welcome.",
	"stopped":     "You no longer receive new mentees there. The people you already welcome keep you.",
	"welcomed":    "Marked as welcomed. We will remind you to check in after a week and after a month.",
	"checked_in":  "Marked as checked in.",
	"accept":      "You accepted. Your mentor will say hello soon.",
	"decline":     "No problem. You will not get a mentor in that community.",
	"opt_out":     "Mentoring is off for you. You can turn it back on below at any time.",
	"settings":    "Saved.",
	"reassigned":  "Reassigned. The new mentor was asked to say hello.",
}

func (s *Server) renderMentorPage(w http.ResponseWriter, r *http.Request, status int, f *form) {
	p, err := s.store.MentorPage(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if f == nil {
		f = &form{Values: map[string]string{"capacity": "3"}}
		if len(p.Communities) > 0 {
			f.Values["community"] = r.URL.Query().Get("c")
		}
	}
	// The language checkboxes keep what was sent; by default the
	// mentor's own language.
	checked := strings.Split(f.Values["languages"], ",")
	if f.Values["languages"] == "" {
		checked = []string{p.Language}
	}
	type langChoice struct {
		hearth.Language
		Checked bool
	}
	langs := make([]langChoice, len(hearth.Languages))
	for i, l := range hearth.Languages {
		langs[i] = langChoice{l, slices.Contains(checked, l.Code)}
	}
	s.render(w, r, status, "mentor.html", &view{Title: "Mentoring", NoIndex: true, Data: map[string]any{
		"Page": p, "Form": f, "Languages": langs, "AllLanguages": hearth.Languages, "Done": mentorDone[r.URL.Query().Get("done")],
		"Max": hearth.MaxMentorCapacity}})
}

func (s *Server) handleMentorPage(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderMentorPage(w, r, http.StatusOK, nil)
}

func (s *Server) handleMentorVolunteer(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "community", "capacity")
	r.ParseForm()
	f.Values["languages"] = strings.Join(r.PostForm["languages"], ",")
	capacity, err := strconv.Atoi(strings.TrimSpace(f.Values["capacity"]))
	if err != nil {
		capacity = 0 // Validate names the problem
	}
	if _, err := s.store.VolunteerMentor(r.Context(), viewer(r), hearth.Volunteer{Community: f.Values["community"], Languages: r.PostForm["languages"], Capacity: capacity}); err != nil {
		if viewer(r) == nil || hearth.ErrorCode(err) != hearth.EInvalid {
			s.errorPage(w, r, err)
			return
		}
		s.renderMentorPage(w, r, statusOf(err), f.fail(err))
		return
	}
	http.Redirect(w, r, "/mentor?done=volunteered", http.StatusSeeOther)
}

func (s *Server) handleMentorStop(w http.ResponseWriter, r *http.Request) {
	if err := s.store.StopMentoring(r.Context(), viewer(r), r.PostFormValue("community")); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mentor?done=stopped", http.StatusSeeOther)
}

func (s *Server) handleMenteeMark(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.MarkMentee(r.Context(), viewer(r), id, r.PostFormValue("action"))
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mentor?done="+r.PostFormValue("action")+"#m"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) handleMentorOfferAnswer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	answer := r.PostFormValue("answer")
	if err == nil {
		err = s.store.AnswerMentorOffer(r.Context(), viewer(r), id, answer)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/mentor"
	}
	http.Redirect(w, r, next+"?done="+answer, http.StatusSeeOther)
}

// handleMentorSettings saves the member's language and whether they want
// mentoring.
func (s *Server) handleMentorSettings(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "language", "mentoring")
	err := s.store.SetMemberLanguage(r.Context(), viewer(r), f.Values["language"])
	if err == nil {
		err = s.store.SetMentoringOptOut(r.Context(), viewer(r), f.Values["mentoring"] == "off")
	}
	if err != nil {
		if viewer(r) == nil || hearth.ErrorCode(err) != hearth.EInvalid {
			s.errorPage(w, r, err)
			return
		}
		s.renderMentorPage(w, r, statusOf(err), f.fail(err))
		return
	}
	http.Redirect(w, r, "/mentor?done=settings", http.StatusSeeOther)
}

func (s *Server) renderModMentoring(w http.ResponseWriter, r *http.Request, status int, f *form) {
	covs, err := s.store.ListMentoringCoverage(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if f == nil {
		f = &form{Values: map[string]string{}}
	}
	s.render(w, r, status, "mod_mentoring.html", &view{Title: "Mentoring coverage", NoIndex: true, Data: map[string]any{
		"Coverage": covs, "Form": f, "Done": mentorDone[r.URL.Query().Get("done")]}})
}

func (s *Server) handleModMentoring(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderModMentoring(w, r, http.StatusOK, nil)
}

func (s *Server) handleModMentoringReassign(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "community", "newcomer", "mentor")
	if err := s.store.ReassignMentor(r.Context(), viewer(r), f.Values["community"], f.Values["newcomer"], f.Values["mentor"]); err != nil {
		if c := hearth.ErrorCode(err); viewer(r) == nil || (c != hearth.EInvalid && c != hearth.EConflict) {
			s.errorPage(w, r, err)
			return
		}
		s.renderModMentoring(w, r, statusOf(err), f.fail(err))
		return
	}
	http.Redirect(w, r, "/mod/mentoring?done=reassigned", http.StatusSeeOther)
}

// mentorOffer is the viewer's mentor offer on a community's page.
func (s *Server) mentorOffer(r *http.Request, slug string) *hearth.Mentorship {
	m, err := s.store.CommunityMentorOffer(r.Context(), viewer(r), slug)
	if err != nil {
		s.logIfInternal(r, err)
		return nil
	}
	return m
}
