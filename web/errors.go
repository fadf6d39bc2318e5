package web

import (
	"net/http"

	"github.com/hearth-community/hearth"
)

// statusOf maps an error code to its HTTP status. It is the only place
// that does.
func statusOf(err error) int {
	switch hearth.ErrorCode(err) {
	case hearth.EInvalid:
		return http.StatusBadRequest
	case hearth.EUnauthorized:
		return http.StatusUnauthorized
	case hearth.EForbidden:
		return http.StatusForbidden
	case hearth.ENotFound:
		return http.StatusNotFound
	case hearth.EConflict:
		return http.StatusConflict
	case hearth.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case hearth.ERateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// logIfInternal logs errors that are our fault; members' mistakes are not
// worth a log line.
func (s *Server) logIfInternal(r *http.Request, err error) {
	if hearth.ErrorCode(err) == hearth.EInternal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// errorPage renders a full page for an error.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	s.logIfInternal(r, err)
	status := statusOf(err)
	title := "Something went wrong"
	switch status {
	case http.StatusNotFound:
		title = "Page not found"
	case http.StatusForbidden:
		title = "Not allowed"
	case http.StatusUnauthorized:
		title = "Please sign in"
	case http.StatusTooManyRequests:
		title = "Please slow down"
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		title = "We could not use that"
	}
	s.render(w, r, status, "error.html", &view{Title: title, NoIndex: true, Data: map[string]any{"Message": hearth.ErrorMessage(err), "Status": status}})
}
