package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/hearth-community/hearth"
)

// Links from a directory entry to the communities and events the
// organization hosts (issue 12, hearth.DirectoryLinkService). The
// entry's page lists what the reader may see; its approved staff and
// administrators link and unlink with plain forms.

// orgLinksView is the links part of an entry's page.
type orgLinksView struct {
	Links *hearth.OrgLinks
	// Targets is what the viewer may still link; nil unless they may
	// link the entry (an approved claim, or an administrator).
	Targets *hearth.OrgLinks
	// Staff is true for site staff, who moderate every community and so
	// may unlink any of them or their events.
	Staff bool
	Form  *form
}

// orgLinks loads the links of o for the page; f is the link form's state.
func (s *Server) orgLinks(r *http.Request, o *hearth.Organization, f *form) (*orgLinksView, error) {
	v := viewer(r)
	links, err := s.store.OrganizationLinks(r.Context(), v, o.ID)
	if err != nil {
		return nil, err
	}
	lv := &orgLinksView{Links: links, Form: f, Staff: v.IsStaff()}
	if v != nil && (o.ViewerClaim == hearth.ClaimApproved || hearth.CanManageDirectory(v)) {
		if lv.Targets, err = s.store.LinkTargets(r.Context(), v, o.ID); err != nil {
			return nil, err
		}
	}
	return lv, nil
}

// linkTargetFrom reads a community slug or an event ID from a form or a
// query string.
func linkTargetFrom(get func(string) string) (hearth.OrgLinkTarget, error) {
	t := hearth.OrgLinkTarget{Community: get("community")}
	if e := get("event"); e != "" {
		id, err := strconv.ParseInt(e, 10, 64)
		if err != nil || id <= 0 {
			return t, hearth.FieldErrorf("event", "Please choose an event from the list.")
		}
		t.EventID = id
	}
	return t, t.Validate()
}

// handleDirectoryLinks links or unlinks a community or an event:
// POST /directory/{id}/links with action=link or unlink.
func (s *Server) handleDirectoryLinks(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	if v == nil {
		http.Redirect(w, r, fmt.Sprintf("/signin?next=/directory/%d", id), http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That request is far too large."))
		return
	}
	f := newForm(r, "community", "event")
	t, err := linkTargetFrom(r.PostFormValue)
	if err == nil {
		switch r.PostFormValue("action") {
		case "link":
			err = s.store.LinkOrganization(r.Context(), v, id, t)
		case "unlink":
			err = s.store.UnlinkOrganization(r.Context(), v, id, t)
		default:
			err = hearth.Errorf(hearth.EInvalid, "We did not understand that change. Please use the buttons on this page.")
		}
	}
	if err != nil {
		s.logIfInternal(r, err)
		if hearth.ErrorCode(err) == hearth.ENotFound && t.Community == "" && t.EventID == 0 {
			s.errorPage(w, r, err)
			return
		}
		s.renderOrgPage(w, r, statusOf(err), &form{Values: map[string]string{}}, f.fail(err))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/directory/%d#hosts", id), http.StatusSeeOther)
}

// handleAPIDirectoryLink links ({"community": "slug"} or {"event_id": 3})
// on POST, and unlinks (?community=slug or ?event=3) on DELETE.
func (s *Server) handleAPIDirectoryLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var t hearth.OrgLinkTarget
	if r.Method == http.MethodDelete {
		if t, err = linkTargetFrom(r.URL.Query().Get); err != nil {
			return err
		}
		if err := s.store.UnlinkOrganization(r.Context(), viewer(r), id, t); err != nil {
			return err
		}
	} else {
		if err := readJSON(w, r, &t); err != nil {
			return err
		}
		if err := s.store.LinkOrganization(r.Context(), viewer(r), id, t); err != nil {
			return err
		}
	}
	links, err := s.store.OrganizationLinks(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	return writeJSON(w, status, links)
}

// apiOrganization is an entry in JSON with the links its reader may see.
type apiOrganization struct {
	*hearth.Organization
	Communities []*hearth.LinkedCommunity `json:"communities"`
	Events      []*hearth.Event           `json:"events"`
}

// communityHosts lists the organizations that host a community, for its
// pages' "Hosted by" line. A failure leaves the line out and is logged:
// the page is worth more than the line.
func (s *Server) communityHosts(r *http.Request, slug string) []hearth.OrgRef {
	hosts, err := s.store.CommunityHosts(r.Context(), slug)
	if err != nil {
		s.log.Error("community hosts", "slug", slug, "err", err)
		return []hearth.OrgRef{}
	}
	return hosts
}

// eventHosts lists the organizations that host an event or its
// community, for the event's page and JSON; a failure is logged and
// leaves the line out, like communityHosts.
func (s *Server) eventHosts(r *http.Request, id int64) []hearth.OrgRef {
	return s.eventsHosts(r, []int64{id})[id]
}

// eventsHosts is the hosts of each of the events, in one query; an
// event with none maps to an empty list, so JSON says "hosted_by": [].
func (s *Server) eventsHosts(r *http.Request, ids []int64) map[int64][]hearth.OrgRef {
	hosts, err := s.store.EventHosts(r.Context(), ids)
	if err != nil {
		s.log.Error("event hosts", "events", ids, "err", err)
		hosts = map[int64][]hearth.OrgRef{}
	}
	for _, id := range ids {
		if hosts[id] == nil {
			hosts[id] = []hearth.OrgRef{}
		}
	}
	return hosts
}

// apiCommunity is a community in JSON with the organizations that host it.
type apiCommunity struct {
	*hearth.Community
	HostedBy []hearth.OrgRef `json:"hosted_by"`
}
