package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
)

// The moderation API: members flag posts; moderators read the queue and
// act on posts and members; admins read the audit log and verify
// clinicians; everyone reads the moderators' notices to them. Storage
// checks each role, exactly as for the pages.

func (s *Server) moderationAPIRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/posts/{id}/flags", s.api(s.handleAPIFlagCreate))
	mux.HandleFunc("GET /api/v1/mod/queue", s.api(s.handleAPIModQueue))
	mux.HandleFunc("GET /api/v1/mod/posts/{id}", s.api(s.handleAPIModPost))
	mux.HandleFunc("POST /api/v1/mod/posts/{id}", s.api(s.handleAPIModPostAction))
	mux.HandleFunc("POST /api/v1/mod/members/{handle}", s.api(s.handleAPIModMember))
	mux.HandleFunc("POST /api/v1/mod/welcome/{handle}", s.api(s.handleAPIWelcome))
	mux.HandleFunc("GET /api/v1/admin/audit", s.api(s.handleAPIAudit))
	mux.HandleFunc("POST /api/v1/admin/members/{handle}/verify", s.api(s.handleAPIVerify))
	mux.HandleFunc("GET /api/v1/notices", s.api(s.handleAPINotices))
	mux.HandleFunc("GET /api/v1/communities/{slug}/settings", s.api(s.handleAPICommunitySettings))
	mux.HandleFunc("POST /api/v1/communities/{slug}/settings", s.api(s.handleAPICommunitySettingsSave))
}

func (s *Server) handleAPICommunitySettings(w http.ResponseWriter, r *http.Request) error {
	_, cs, err := s.store.CommunitySettings(r.Context(), viewer(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cs)
}

// handleAPICommunitySettingsSave takes {"hold_first_posts": true, "allow_anonymous": false}.
func (s *Server) handleAPICommunitySettingsSave(w http.ResponseWriter, r *http.Request) error {
	var in hearth.CommunitySettings
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.SetCommunitySettings(r.Context(), viewer(r), r.PathValue("slug"), in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

func (s *Server) handleAPIFlagCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason hearth.FlagReason `json:"reason"`
		Note   string            `json:"note"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	v := viewer(r)
	if v == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to flag a post.")
	}
	if !s.allow(r.Context(), "flag:"+strconv.FormatInt(v.ID, 10), flagsPerHour, time.Hour) {
		return hearth.Errorf(hearth.ERateLimited, "Too many flags in the last hour. Please wait a while.")
	}
	f, err := s.store.FlagPost(r.Context(), v, id, hearth.NewFlag{Reason: in.Reason, Note: in.Note})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"flag": f})
}

func (s *Server) handleAPIModQueue(w http.ResponseWriter, r *http.Request) error {
	q, err := s.store.ModerationQueue(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, q)
}

func (s *Server) handleAPIModPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mp, err := s.store.FindModPost(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, mp)
}

// handleAPIModPostAction takes {"action", "reason", "body", "days"}.
func (s *Server) handleAPIModPostAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Action hearth.ModAction `json:"action"`
		Reason string           `json:"reason"`
		Body   string           `json:"body"`
		Days   int              `json:"days"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.store.ModeratePost(r.Context(), viewer(r), id, hearth.PostAction{Action: in.Action, Reason: in.Reason, Body: in.Body, Days: in.Days})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"post": p, "action": in.Action})
}

// handleAPIModMember takes {"action": "warn"|"suspend"|"ban"|"lift", "reason", "days"}.
func (s *Server) handleAPIModMember(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action hearth.ModAction `json:"action"`
		Reason string           `json:"reason"`
		Days   int              `json:"days"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.ModerateMember(r.Context(), viewer(r), r.PathValue("handle"), hearth.MemberAction{Action: in.Action, Reason: in.Reason, Days: in.Days}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"member": hearth.NormalizeHandle(r.PathValue("handle")), "action": in.Action})
}

func (s *Server) handleAPIWelcome(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Welcome(r.Context(), viewer(r), r.PathValue("handle")); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"welcomed": hearth.NormalizeHandle(r.PathValue("handle"))})
}

func (s *Server) handleAPIAudit(w http.ResponseWriter, r *http.Request) error {
	entries, pages, err := s.store.ListAudit(r.Context(), viewer(r), hearth.ModAction(r.URL.Query().Get("action")), pageParam(r))
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []*hearth.AuditEntry{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"entries": entries, "page": min(pageParam(r), pages), "pages": pages})
}

// handleAPIVerify takes {"profession", "license", "region"}.
func (s *Server) handleAPIVerify(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Profession string `json:"profession"`
		License    string `json:"license"`
		Region     string `json:"region"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	ver, err := s.store.VerifyClinician(r.Context(), viewer(r), r.PathValue("handle"), hearth.NewVerification{Profession: in.Profession, License: in.License, Region: in.Region})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ver)
}

func (s *Server) handleAPINotices(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.store.ListNotices(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	if ns == nil {
		ns = []*hearth.ModNotice{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"notices": ns})
}
