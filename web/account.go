package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
)

// Your data (issue 13): the export archive, deleting an account, and
// memorial accounts. The store side is sqldb/account.go.

func (s *Server) accountRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /settings/data", s.handleDataShow)
	mux.HandleFunc("POST /settings/data/export", s.handleExportRequest)
	mux.HandleFunc("GET /settings/data/export/{file}", s.handleExportDownload)
	mux.HandleFunc("GET /settings/delete", s.handleDeleteForm)
	mux.HandleFunc("POST /settings/delete", s.handleDeleteAccount)
	mux.HandleFunc("GET /account-deleted", s.handleAccountDeleted)
	mux.HandleFunc("GET /u/{handle}/memorial", s.handleMemorialForm)
	mux.HandleFunc("POST /u/{handle}/memorial", s.handleMemorialRequest)
	mux.HandleFunc("GET /mod/memorials", s.handleMemorialList)
	mux.HandleFunc("POST /mod/memorials/{id}", s.handleMemorialDecide)
	mux.HandleFunc("GET /api/v1/me/export", s.api(s.handleAPIExport))
}

// exportBuilder adapts buildExport to the store's callback.
func (s *Server) exportBuilder() hearth.ExportBuilder {
	return func(ctx context.Context, d *hearth.ExportData) ([]byte, error) { return s.buildExport(ctx, d) }
}

func exportFile(e *hearth.DataExport) string { return fmt.Sprintf("hearth-export-%d.zip", e.ID) }

func (s *Server) renderData(w http.ResponseWriter, r *http.Request, status int, notice, problem string) {
	e, err := s.store.LatestExport(r.Context(), viewer(r))
	if err != nil && hearth.ErrorCode(err) != hearth.ENotFound {
		s.errorPage(w, r, err)
		return
	}
	var file string
	if e != nil && e.Status == hearth.ExportReady {
		file = exportFile(e)
	}
	s.render(w, r, status, "account_data.html", &view{Title: "Your data", NoIndex: true, Data: map[string]any{
		"Export": e, "File": file, "Notice": notice, "Problem": problem}})
}

func (s *Server) handleDataShow(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	notice := ""
	if r.URL.Query().Get("ready") == "1" {
		notice = "Your export is ready. Download it below."
	}
	s.renderData(w, r, http.StatusOK, notice, "")
}

// handleExportRequest builds the export now (it is small: one member's
// writing). A second request while one is being prepared is told so and
// starts nothing; a ready export is offered again unless the member asks
// for a fresh one.
func (s *Server) handleExportRequest(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	fresh := r.PostFormValue("fresh") == "1"
	_, ready, err := s.store.RequestExport(r.Context(), viewer(r), s.exportBuilder(), fresh)
	if err != nil {
		s.logIfInternal(r, err)
		s.renderData(w, r, statusOf(err), "", hearth.ErrorMessage(err))
		return
	}
	if ready {
		s.renderData(w, r, http.StatusOK, "You already have an export ready from the last week: download it below, or ask for a fresh one.", "")
		return
	}
	http.Redirect(w, r, "/settings/data?ready=1", http.StatusSeeOther)
}

func (s *Server) handleExportDownload(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	name, ok := strings.CutPrefix(r.PathValue("file"), "hearth-export-")
	name, ok2 := strings.CutSuffix(name, ".zip")
	id, err := strconv.ParseInt(name, 10, 64)
	if !ok || !ok2 || err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ENotFound, "There is no export at this address."))
		return
	}
	b, err := s.store.ExportArchive(r.Context(), viewer(r), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="`+r.PathValue("file")+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// handleAPIExport returns the export's JSON (export.json of the archive)
// for the token's member, built on request.
func (s *Server) handleAPIExport(w http.ResponseWriter, r *http.Request) error {
	v := viewer(r)
	if v == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Use a personal access token to export your data.")
	}
	d, err := s.store.ExportData(r.Context(), v.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) renderDelete(w http.ResponseWriter, r *http.Request, status int, f *form) {
	s.render(w, r, status, "account_delete.html", &view{Title: "Delete your account", NoIndex: true, Data: map[string]any{"Form": f}})
}

func (s *Server) handleDeleteForm(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	s.renderDelete(w, r, http.StatusOK, &form{Values: map[string]string{"choice": string(hearth.DeleteKeepPosts)}})
}

func (s *Server) handleDeleteAccount(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	f := newForm(r, "choice")
	uploads, err := s.store.DeleteAccount(r.Context(), viewer(r), r.PostFormValue("password"), hearth.DeleteChoice(f.Values["choice"]))
	if err != nil {
		s.logIfInternal(r, err)
		s.renderDelete(w, r, statusOf(err), f.fail(err))
		return
	}
	if s.cfg.Uploads != nil {
		for _, name := range uploads {
			if err := s.cfg.Uploads.Remove(r.Context(), name); err != nil {
				s.log.Warn("delete account: upload not removed", "name", name, "err", err)
			}
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/account-deleted", http.StatusSeeOther)
}

func (s *Server) handleAccountDeleted(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_delete.html", &view{Title: "Your account is deleted", NoIndex: true, Data: map[string]any{"Done": true}})
}

func (s *Server) memorialTarget(w http.ResponseWriter, r *http.Request) (*hearth.Member, bool) {
	m, err := s.store.FindMemberByHandle(r.Context(), r.PathValue("handle"))
	if err == nil && m.Status == hearth.StatusDeleted {
		err = hearth.Errorf(hearth.ENotFound, "There is no member called @%s.", r.PathValue("handle"))
	}
	if err != nil {
		s.errorPage(w, r, err)
		return nil, false
	}
	return m, true
}

func (s *Server) renderMemorial(w http.ResponseWriter, r *http.Request, status int, m *hearth.Member, f *form, sent bool) {
	s.render(w, r, status, "memorial_request.html", &view{Title: "Ask for a memorial account", NoIndex: true, Data: map[string]any{
		"Member": m, "Form": f, "Sent": sent}})
}

func (s *Server) handleMemorialForm(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	if m, ok := s.memorialTarget(w, r); ok {
		s.renderMemorial(w, r, http.StatusOK, m, &form{Values: map[string]string{}}, r.URL.Query().Get("sent") == "1")
	}
}

func (s *Server) handleMemorialRequest(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	m, ok := s.memorialTarget(w, r)
	if !ok {
		return
	}
	f := newForm(r, "relationship", "note")
	_, err := s.store.RequestMemorial(r.Context(), viewer(r), hearth.NewMemorialRequest{Handle: m.Handle, Relationship: f.Values["relationship"], Note: f.Values["note"]})
	if err != nil {
		s.logIfInternal(r, err)
		s.renderMemorial(w, r, statusOf(err), m, f.fail(err), false)
		return
	}
	http.Redirect(w, r, "/u/"+m.Handle+"/memorial?sent=1", http.StatusSeeOther)
}

func (s *Server) handleMemorialList(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	rs, err := s.store.ListMemorialRequests(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "mod_memorials.html", &view{Title: "Memorial requests", NoIndex: true, Data: map[string]any{
		"Requests": rs, "Done": r.URL.Query().Get("done")}})
}

func (s *Server) handleMemorialDecide(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ENotFound, "There is no such memorial request."))
		return
	}
	approve := r.PostFormValue("decision") == "approve"
	if err := s.store.DecideMemorial(r.Context(), viewer(r), id, approve); err != nil {
		s.errorPage(w, r, err)
		return
	}
	done := "declined"
	if approve {
		done = "approved"
	}
	http.Redirect(w, r, "/mod/memorials?done="+done, http.StatusSeeOther)
}

// apiDeletedAuthors names deleted members' posts "deleted member" in the
// API, as the pages do; their internal handle never leaves the server.
func apiDeletedAuthors(tp *hearth.ThreadPage) {
	tp.Thread.Author = hearth.DisplayHandle(tp.Thread.Author)
	if tp.Opening != nil {
		tp.Opening.Author = hearth.DisplayHandle(tp.Opening.Author)
	}
	for _, p := range tp.Replies {
		p.Author = hearth.DisplayHandle(p.Author)
	}
}

// byHandle names a member in running text: "@handle", or "deleted member".
func byHandle(h string) string {
	if hearth.IsDeletedHandle(h) {
		return hearth.DeletedMemberLabel
	}
	return "@" + h
}
