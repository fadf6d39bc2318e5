package web

import (
	"net/http"

	"github.com/hearth-community/hearth"
)

// The mentoring API: the same calls as the pages, with the same checks
// in storage.

func (s *Server) mentorAPIRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/mentor", s.api(s.handleAPIMentor))
	mux.HandleFunc("POST /api/v1/mentor/volunteer", s.api(s.handleAPIMentorVolunteer))
	mux.HandleFunc("POST /api/v1/mentor/mentees/{id}", s.api(s.handleAPIMenteeMark))
	mux.HandleFunc("POST /api/v1/mentor/offers/{id}", s.api(s.handleAPIMentorOffer))
	mux.HandleFunc("GET /api/v1/communities/{slug}/mentoring", s.api(s.handleAPIMentoring))
	mux.HandleFunc("POST /api/v1/communities/{slug}/mentoring/reassign", s.api(s.handleAPIMentoringReassign))
}

// handleAPIMentor returns the caller's mentoring: language, offers made
// to them and, for mentors, their volunteering and mentees.
func (s *Server) handleAPIMentor(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.MentorPage(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// handleAPIMentorVolunteer takes {"community": "epilepsy", "languages": ["en","es"], "capacity": 3}.
func (s *Server) handleAPIMentorVolunteer(w http.ResponseWriter, r *http.Request) error {
	if viewer(r) == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please send a personal access token to volunteer as a mentor.")
	}
	var in hearth.Volunteer
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.store.VolunteerMentor(r.Context(), viewer(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// handleAPIMenteeMark takes {"action": "welcomed"} or {"action": "checked_in"}.
func (s *Server) handleAPIMenteeMark(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.MarkMentee(r.Context(), viewer(r), id, in.Action); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"id": id, "action": in.Action})
}

// handleAPIMentorOffer takes {"answer": "accept" | "decline" | "opt_out"}.
func (s *Server) handleAPIMentorOffer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.AnswerMentorOffer(r.Context(), viewer(r), id, in.Answer); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"id": id, "answer": in.Answer})
}

func (s *Server) handleAPIMentoring(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.MentoringCoverage(r.Context(), viewer(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// handleAPIMentoringReassign takes {"newcomer": "handle", "mentor": "handle"}.
func (s *Server) handleAPIMentoringReassign(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Newcomer string `json:"newcomer"`
		Mentor   string `json:"mentor"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.ReassignMentor(r.Context(), viewer(r), r.PathValue("slug"), in.Newcomer, in.Mentor); err != nil {
		return err
	}
	c, err := s.store.MentoringCoverage(r.Context(), viewer(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
