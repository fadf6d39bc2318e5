package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/chart"
	"github.com/hearth-community/hearth/orgcsv"
)

// The directory of health organizations: the searchable list with its
// charts, a page per organization with the claim form, the CSV export,
// the admin import and claims pages, and the API.

// maxImportBytes bounds an uploaded directory file.
const maxImportBytes = 10 << 20

// regionChartRows is how many regions the chart draws; the table beside
// it lists every region.
const regionChartRows = 12

// dirOption is one choice of a filter's select.
type dirOption struct {
	Value, Label string
	Selected     bool
}

// dirPageLink is one link of the directory's pager.
type dirPageLink struct {
	N       int
	URL     string
	Current bool
}

// directoryView is the data of the directory page.
type directoryView struct {
	Filter   hearth.OrgFilter
	Active   bool
	Kinds    []dirOption
	Regions  []dirOption
	Channels []dirOption
	Result   *hearth.OrgPage
	First    int
	Last     int
	Pager    []dirPageLink
	Stats    *hearth.DirectoryStats
	// Regions drawn in the chart, and whether the table lists more.
	RegionChartRows int
	RegionsCut      bool
	ChannelChart    template.HTML
	RegionChart     template.HTML
	CSV             string
	CanManage       bool
}

// orgFilterFrom reads a directory filter from a query string.
func orgFilterFrom(q url.Values) (hearth.OrgFilter, error) {
	page, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per_page"))
	f := hearth.OrgFilter{Query: q.Get("q"), Kind: hearth.OrgKind(q.Get("kind")), Region: q.Get("state"),
		Channel: hearth.ChannelKind(q.Get("channel")), Page: page, PerPage: per}
	err := f.Clean()
	return f, err
}

// orgFilterQuery is a filter as a query string, without its page.
func orgFilterQuery(f hearth.OrgFilter) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "kind": string(f.Kind), "state": f.Region, "channel": string(f.Channel)} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func (s *Server) handleDirectoryList(w http.ResponseWriter, r *http.Request) {
	f, err := orgFilterFrom(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ctx := r.Context()
	res, err := s.store.ListOrganizations(ctx, f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	stats, err := s.store.DirectoryStats(ctx, f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	// The state menu offers the states that have entries at all.
	everything := stats
	if !f.IsZero() {
		if everything, err = s.store.DirectoryStats(ctx, hearth.OrgFilter{}); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	d := &directoryView{Filter: f, Active: !f.IsZero(), Result: res, Stats: stats, CanManage: hearth.CanManageDirectory(viewer(r))}
	for _, k := range hearth.OrgKinds {
		d.Kinds = append(d.Kinds, dirOption{Value: string(k), Label: k.Label(), Selected: k == f.Kind})
	}
	for _, k := range hearth.ChannelKinds {
		d.Channels = append(d.Channels, dirOption{Value: string(k), Label: k.Label(), Selected: k == f.Channel})
	}
	regions := append([]hearth.RegionCount(nil), everything.ByRegion...)
	sortRegionsByName(regions)
	for _, rc := range regions {
		if rc.Region != "" {
			d.Regions = append(d.Regions, dirOption{Value: rc.Region, Label: rc.Name, Selected: rc.Region == f.Region})
		}
	}
	q := orgFilterQuery(f)
	if res.Pages > 1 {
		for n := 1; n <= res.Pages; n++ {
			pq := url.Values{}
			for k, v := range q {
				pq[k] = v
			}
			pq.Set("page", strconv.Itoa(n))
			d.Pager = append(d.Pager, dirPageLink{N: n, URL: withQuery("/directory", pq), Current: n == res.Page})
		}
	}
	if res.Total > 0 {
		d.First = (res.Page-1)*f.PerPage + 1
		d.Last = d.First + len(res.Orgs) - 1
	}
	d.CSV = withQuery("/directory.csv", q)
	d.ChannelChart, d.RegionChart, d.RegionChartRows = directoryCharts(stats)
	d.RegionsCut = len(stats.ByRegion) > d.RegionChartRows

	title := "Directory of health organizations"
	if d.Active {
		title += " (filtered)"
	}
	if res.Page > 1 {
		title += fmt.Sprintf(", page %d", res.Page)
	}
	canonical := ""
	if !d.Active && res.Page == 1 {
		canonical = "/directory"
	}
	s.render(w, r, http.StatusOK, "directory.html", &view{Title: title, Canonical: canonical,
		Description: "Hospitals, clinics and patient organizations, and where to find them online.", Data: d})
}

func sortRegionsByName(rs []hearth.RegionCount) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Name < rs[j-1].Name; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// directoryCharts draws the counts by channel and by region. The tables
// beside them come from the same stats.
func directoryCharts(st *hearth.DirectoryStats) (channels, regions template.HTML, regionRows int) {
	series := []chart.Series{{Label: "Organizations", Color: chart.Single[0]}}
	ch := chart.Chart{ID: "channel-chart", Title: "Organizations by channel", Series: series}
	var parts []string
	for _, c := range st.ByChannel {
		ch.Rows = append(ch.Rows, chart.Row{Label: c.Label, Values: []int{c.Orgs}})
		parts = append(parts, fmt.Sprintf("%s %d", c.Label, c.Orgs))
	}
	ch.Desc = fmt.Sprintf("Bar chart of how many of the %d organizations list each channel: %s. The table after the chart has the same numbers.",
		st.Total, strings.Join(parts, ", "))

	regionRows = min(len(st.ByRegion), regionChartRows)
	rc := chart.Chart{ID: "region-chart", Title: "Organizations by state or region", Series: series}
	parts = parts[:0]
	for _, r := range st.ByRegion[:regionRows] {
		rc.Rows = append(rc.Rows, chart.Row{Label: r.Name, Values: []int{r.Orgs}})
		parts = append(parts, fmt.Sprintf("%s %d", r.Name, r.Orgs))
	}
	lead := "Bar chart of how many organizations are in each state or region"
	if regionRows < len(st.ByRegion) {
		lead = fmt.Sprintf("Bar chart of the %d states or regions with the most organizations", regionRows)
	}
	rc.Desc = fmt.Sprintf("%s: %s. The table after the chart lists every state or region.", lead, strings.Join(parts, ", "))
	if len(parts) == 0 {
		rc.Desc = "No organizations to count."
	}
	return ch.SVG(), rc.SVG(), regionRows
}

// orgView is the data of an organization's page.
type orgView struct {
	Org      *hearth.Organization
	Form     *form
	CanClaim bool
	// Hosts: the communities and events the organization hosts
	// (directory_links.go).
	Hosts *orgLinksView
}

func (s *Server) handleDirectoryShow(w http.ResponseWriter, r *http.Request) {
	s.renderOrg(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderOrg(w http.ResponseWriter, r *http.Request, status int, f *form) {
	s.renderOrgPage(w, r, status, f, &form{Values: map[string]string{}})
}

// renderOrgPage shows an entry with f, the claim form, and lf, the form
// that links communities and events (directory_links.go).
func (s *Server) renderOrgPage(w http.ResponseWriter, r *http.Request, status int, f, lf *form) {
	id, err := pathID(r, "id")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	o, err := s.store.FindOrganization(r.Context(), v, id)
	var hosts *orgLinksView
	if err == nil {
		hosts, err = s.orgLinks(r, o, lf)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, status, "directory_org.html", &view{Title: o.Name, Canonical: fmt.Sprintf("/directory/%d", o.ID),
		Description: o.Kind.Label() + " in " + o.Place() + ": website and channels.",
		Data:        &orgView{Org: o, Form: f, CanClaim: v != nil && o.ViewerClaim == hearth.ClaimNone, Hosts: hosts}})
}

func (s *Server) handleDirectoryClaim(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if viewer(r) == nil {
		http.Redirect(w, r, fmt.Sprintf("/signin?next=/directory/%d", id), http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That note is far too long to send. Please shorten it."))
		return
	}
	f := newForm(r, "note")
	if _, err := s.store.ClaimOrganization(r.Context(), viewer(r), id, r.PostFormValue("note")); err != nil {
		s.logIfInternal(r, err)
		if hearth.ErrorCode(err) == hearth.ENotFound {
			s.errorPage(w, r, err)
			return
		}
		s.renderOrg(w, r, statusOf(err), f.fail(err))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/directory/%d#manage", id), http.StatusSeeOther)
}

func (s *Server) handleDirectoryCSV(w http.ResponseWriter, r *http.Request) {
	f, err := orgFilterFrom(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	orgs, err := s.store.ExportOrganizations(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	// Written to a buffer first, so that an error never sends half a file.
	var buf bytes.Buffer
	if err := orgcsv.Write(&buf, orgs); err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="directory.csv"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// requireDirectoryAdmin sends a signed-out visitor to sign in and
// anyone else who is not an administrator to an error page; it reports
// whether the handler may go on.
func (s *Server) requireDirectoryAdmin(w http.ResponseWriter, r *http.Request) bool {
	v := viewer(r)
	if v == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return false
	}
	if !hearth.CanManageDirectory(v) {
		s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "Only administrators can manage the directory."))
		return false
	}
	return true
}

// importView is the data of the import page.
type importView struct {
	Form   *form
	Modes  []dirOption
	Report *orgcsv.Report
	// Columns lists the file's columns for the instructions.
	Columns string
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, f *form, rep *orgcsv.Report) {
	mode := f.Values["mode"]
	if mode == "" {
		mode = string(orgcsv.GoodRows)
	}
	modes := []dirOption{
		{Value: string(orgcsv.GoodRows), Label: "Import the good rows, and list the rows with problems"},
		{Value: string(orgcsv.AllOrNothing), Label: "Import nothing if any row has a problem"},
		{Value: string(orgcsv.CheckOnly), Label: "Only check the file; import nothing"},
	}
	for i := range modes {
		modes[i].Selected = modes[i].Value == mode
	}
	s.render(w, r, status, "directory_import.html", &view{Title: "Import organizations", NoIndex: true,
		Data: &importView{Form: f, Modes: modes, Report: rep, Columns: strings.Join(orgcsv.Columns, ", ")}})
}

func (s *Server) handleDirectoryImportForm(w http.ResponseWriter, r *http.Request) {
	if !s.requireDirectoryAdmin(w, r) {
		return
	}
	s.renderImport(w, r, http.StatusOK, &form{Values: map[string]string{}}, nil)
}

func (s *Server) handleDirectoryImport(w http.ResponseWriter, r *http.Request) {
	if !s.requireDirectoryAdmin(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes+1<<20)
	f := &form{Values: map[string]string{}}
	if err := r.ParseMultipartForm(maxImportBytes); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderImport(w, r, http.StatusRequestEntityTooLarge, f.fail(hearth.FieldErrorf("file",
				"That file is larger than %d MB. Please split it into smaller files.", maxImportBytes>>20)), nil)
			return
		}
		s.renderImport(w, r, http.StatusBadRequest, f.fail(hearth.FieldErrorf("file", "Please choose a CSV file to import.")), nil)
		return
	}
	defer r.MultipartForm.RemoveAll()
	f.Values["mode"] = r.PostFormValue("mode")
	mode, err := orgcsv.ParseMode(r.PostFormValue("mode"))
	if err != nil {
		s.renderImport(w, r, statusOf(err), f.fail(err), nil)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.renderImport(w, r, http.StatusBadRequest, f.fail(hearth.FieldErrorf("file", "Please choose a CSV file to import.")), nil)
		return
	}
	defer file.Close()
	if hdr.Size == 0 {
		s.renderImport(w, r, http.StatusBadRequest, f.fail(hearth.FieldErrorf("file", "The file %s is empty.", hdr.Filename)), nil)
		return
	}
	rep, err := orgcsv.Import(r.Context(), s.store, file, mode)
	if err != nil {
		s.logIfInternal(r, err)
		if hearth.ErrorField(err) == "" && hearth.ErrorCode(err) == hearth.EInvalid {
			err = &hearth.Error{Code: hearth.EInvalid, Field: "file", Message: hearth.ErrorMessage(err)}
		}
		s.renderImport(w, r, statusOf(err), f.fail(err), rep)
		return
	}
	s.log.Info("directory import", "by", viewer(r).Handle, "file", hdr.Filename, "mode", string(mode),
		"rows", rep.Rows, "imported", rep.Imported, "bad_rows", rep.BadRows())
	s.renderImport(w, r, http.StatusOK, f, rep)
}

func (s *Server) handleDirectoryClaims(w http.ResponseWriter, r *http.Request) {
	if !s.requireDirectoryAdmin(w, r) {
		return
	}
	claims, err := s.store.ListClaims(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var pending, approved []*hearth.OrgClaim
	for _, c := range claims {
		if c.Status == hearth.ClaimPending {
			pending = append(pending, c)
		} else {
			approved = append(approved, c)
		}
	}
	s.render(w, r, http.StatusOK, "directory_claims.html", &view{Title: "Requests to manage directory entries", NoIndex: true,
		Data: map[string]any{"Pending": pending, "Approved": approved}})
}

func (s *Server) handleDirectoryClaimDecide(w http.ResponseWriter, r *http.Request) {
	if !s.requireDirectoryAdmin(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("claim"), 10, 64)
	if err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EInvalid, "That request was not recognised. Please go back and try again."))
		return
	}
	if err := s.store.DecideClaim(r.Context(), viewer(r), id, r.PostFormValue("answer") == "approve"); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/directory/claims", http.StatusSeeOther)
}

// ---- API ----

func (s *Server) handleAPIDirectoryList(w http.ResponseWriter, r *http.Request) error {
	f, err := orgFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.store.ListOrganizations(r.Context(), f)
	if err != nil {
		return err
	}
	stats, err := s.store.DirectoryStats(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"organizations": res.Orgs, "total": res.Total, "page": res.Page,
		"pages": res.Pages, "stats": stats})
}

func (s *Server) handleAPIDirectoryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.store.FindOrganization(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	links, err := s.store.OrganizationLinks(r.Context(), viewer(r), id) // directory_links.go
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiOrganization{Organization: o, Communities: links.Communities, Events: links.Events})
}
