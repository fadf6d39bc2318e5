package web

import (
	"net/http"

	"github.com/hearth-community/hearth"
)

// Member privacy and control (issue #13): who may read a thread, a
// community's default for new threads, and hidden memberships. Storage
// decides visibility (sqldb canReadThread); the pages here only ask.

func (s *Server) privacyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /c/{slug}/settings/threads", s.handleThreadDefaultSave)
	mux.HandleFunc("GET /settings/privacy", s.handlePrivacySettings)
	mux.HandleFunc("POST /settings/privacy", s.handlePrivacySettingsSave)
	mux.HandleFunc("GET /api/v1/members/{handle}", s.api(s.handleAPIMemberShow))
	mux.HandleFunc("POST /api/v1/threads/{id}/visibility", s.api(s.handleAPIThreadVisibility))
	mux.HandleFunc("POST /api/v1/me/privacy", s.api(s.handleAPIPrivacySave))
}

// changeThreadVisibility applies the visibility chosen on the edit form
// of a thread's opening post, when it changed.
func (s *Server) changeThreadVisibility(r *http.Request, p *hearth.Post, t *hearth.Thread, v string) error {
	if p.Position != 0 || v == "" || hearth.ThreadVisibility(v) == t.Visibility {
		return nil
	}
	return s.store.SetThreadVisibility(r.Context(), viewer(r), t.ID, hearth.ThreadVisibility(v))
}

func (s *Server) handleThreadDefaultSave(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if signInFirst(w, r) {
		return
	}
	if err := s.store.SetThreadDefault(r.Context(), viewer(r), slug, hearth.ThreadVisibility(r.PostFormValue("thread_default"))); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/c/"+slug+"/settings?done=saved", http.StatusSeeOther)
}

func (s *Server) handlePrivacySettings(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	hide, err := s.store.HidesMemberships(r.Context(), viewer(r).ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "settings_privacy.html", &view{Title: "Your privacy", NoIndex: true, Data: map[string]any{
		"Hide": hide, "Saved": r.URL.Query().Get("done") == "saved"}})
}

func (s *Server) handlePrivacySettingsSave(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	if err := s.store.SetHideMemberships(r.Context(), viewer(r), r.PostFormValue("hide_memberships") == "1"); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/privacy?done=saved", http.StatusSeeOther)
}

// memberCommunities is a profile's list of communities, or why it has
// none to show.
type memberCommunities struct {
	List   []*hearth.MemberCommunity
	Hidden bool
}

func (s *Server) handleAPIMemberShow(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMemberByHandle(r.Context(), r.PathValue("handle"))
	if err != nil {
		return err
	}
	cs, hidden, err := s.store.ListMemberCommunities(r.Context(), viewer(r), m.Handle)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []*hearth.MemberCommunity{}
	}
	out := map[string]any{"handle": m.Handle, "role": m.Role, "bio": m.Bio, "created_at": m.CreatedAt,
		"communities": cs, "communities_hidden": hidden}
	if v := viewer(r); v != nil && (v.ID == m.ID || v.IsStaff()) {
		h, err := s.store.HidesMemberships(r.Context(), m.ID)
		if err != nil {
			return err
		}
		out["hide_memberships"] = h
	}
	return writeJSON(w, http.StatusOK, map[string]any{"member": out})
}

func (s *Server) handleAPIThreadVisibility(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Visibility hearth.ThreadVisibility `json:"visibility"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.SetThreadVisibility(r.Context(), viewer(r), id, in.Visibility); err != nil {
		return err
	}
	tp, err := s.store.FindThreadPage(r.Context(), viewer(r), id, 1)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"thread": tp.Thread})
}

func (s *Server) handleAPIPrivacySave(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		HideMemberships bool `json:"hide_memberships"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.SetHideMemberships(r.Context(), viewer(r), in.HideMemberships); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"hide_memberships": in.HideMemberships})
}
