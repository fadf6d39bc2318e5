package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
)

// Admin pages of moderation: the audit log (and its CSV) and clinician
// verification. Storage checks that the viewer is an admin.

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	action := hearth.ModAction(r.URL.Query().Get("action"))
	if !contains(auditActionNames(), string(action)) {
		action = ""
	}
	entries, pages, err := s.store.ListAudit(r.Context(), viewer(r), action, pageParam(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	base := "/admin/audit"
	if action != "" {
		base += "?action=" + string(action) + "&"
	} else {
		base += "?"
	}
	type option struct {
		Value, Label string
		Selected     bool
	}
	opts := []option{{"", "Every action", action == ""}}
	for _, a := range hearth.AuditActions {
		opts = append(opts, option{string(a), a.Label(), a == action})
	}
	s.render(w, r, http.StatusOK, "audit.html", &view{Title: "Audit log", NoIndex: true, Data: map[string]any{
		"Entries": entries, "Options": opts, "Page": min(pageParam(r), pages), "Pages": pages, "Base": base}})
}

func auditActionNames() []string {
	out := make([]string, len(hearth.AuditActions))
	for i, a := range hearth.AuditActions {
		out[i] = string(a)
	}
	return out
}

// handleAuditCSV exports the whole audit log, oldest first. Cells that a
// spreadsheet would read as a formula are quoted (csvSafe).
func (s *Server) handleAuditCSV(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	v := viewer(r)
	if !v.IsAdmin() {
		// Ask storage for the same answer a page would get, without
		// starting a download.
		_, _, err := s.store.ListAudit(r.Context(), v, "", 1)
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="hearth-audit-`+time.Now().UTC().Format("2006-01-02")+`.csv"`)
	h.Set("Cache-Control", "private, no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "time_utc", "actor", "actor_role", "action", "target_type", "target_id", "member", "community", "reason", "detail"})
	err := s.store.EachAudit(r.Context(), v, func(e *hearth.AuditEntry) error {
		target := ""
		if e.TargetID != 0 {
			target = strconv.FormatInt(e.TargetID, 10)
		}
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.CreatedAt.UTC().Format(time.RFC3339), csvSafe(e.Actor), string(e.ActorRole),
			string(e.Action), e.TargetType, target, csvSafe(e.Member), csvSafe(e.Community), csvSafe(e.Reason), csvSafe(e.Detail)})
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		s.log.Error("audit export", "err", err) // the header is out; the log says why the file is short
	}
}

func (s *Server) handleVerifyForm(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderVerify(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderVerify(w http.ResponseWriter, r *http.Request, status int, f *form) {
	v := viewer(r)
	if !v.IsAdmin() {
		s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "Only the site's admins can verify clinicians."))
		return
	}
	m, err := s.store.FindMemberByHandle(r.Context(), r.PathValue("handle"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ver, err := s.store.FindVerification(r.Context(), m.Handle)
	if err != nil && hearth.ErrorCode(err) != hearth.ENotFound {
		s.errorPage(w, r, err)
		return
	}
	if ver != nil && len(f.Values) == 0 {
		f.Values = map[string]string{"profession": ver.Profession, "license": ver.License, "region": ver.Region}
	}
	s.render(w, r, status, "verify.html", &view{Title: "Verify @" + m.Handle + " as a clinician", NoIndex: true, Data: map[string]any{
		"Member": m, "Verification": ver, "Form": f, "Done": modDone[r.URL.Query().Get("done")]}})
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	handle := hearth.NormalizeHandle(r.PathValue("handle"))
	f := newForm(r, "profession", "license", "region", "reason")
	var err error
	done := "verified"
	if r.PostFormValue("op") == "revoke" {
		done = "revoked"
		err = s.store.RevokeClinician(r.Context(), viewer(r), handle, f.Values["reason"])
	} else {
		_, err = s.store.VerifyClinician(r.Context(), viewer(r), handle, hearth.NewVerification{
			Profession: f.Values["profession"], License: f.Values["license"], Region: f.Values["region"]})
	}
	switch code := hearth.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/admin/members/"+handle+"/verify?done="+done, http.StatusSeeOther)
	case (code == hearth.EInvalid || code == hearth.EConflict) && viewer(r).IsAdmin():
		s.renderVerify(w, r, statusOf(err), f.fail(err))
	default:
		s.errorPage(w, r, err)
	}
}
