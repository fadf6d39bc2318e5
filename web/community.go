package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/hearth-community/hearth"
)

// pager is what the pager partial needs.
type pager struct {
	Page, Pages int
	Base        string
}

func pageParam(r *http.Request) int {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return max(p, 1)
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	cs, err := s.store.ListCommunities(r.Context(), v)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	recent, err := s.store.RecentThreads(r.Context(), v, 15)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", &view{Description: "Communities where patients and families share what they tried and what helped.",
		Data: map[string]any{"Communities": cs, "Recent": recent}})
}

func (s *Server) handleCommunityShow(w http.ResponseWriter, r *http.Request) {
	v, slug := viewer(r), r.PathValue("slug")
	c, err := s.store.FindCommunity(r.Context(), v, slug)
	if hearth.ErrorCode(err) == hearth.ENotFound {
		// An outsider may still see the about page of a community that
		// exists, to ask to join; it shows no threads.
		if _, err2 := s.store.FindCommunityForJoin(r.Context(), v, slug); err2 == nil {
			http.Redirect(w, r, "/c/"+slug+"/about", http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	threads, pages, err := s.store.ListThreads(r.Context(), v, slug, pageParam(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	vw := &view{Title: c.Name, Description: c.Description, NoIndex: c.Visibility != hearth.Public,
		Data: map[string]any{"Community": c, "Threads": threads, "Pager": pager{Page: min(pageParam(r), pages), Pages: pages, Base: "/c/" + slug},
			"MentorOffer": s.mentorOffer(r, slug)}} // mentor.go
	s.shareCommunity(r, vw, c) // Open Graph and feed: public communities only
	vw.Follow = s.followState(r, hearth.FollowCommunity, c.Slug, "/c/"+c.Slug)
	vw.Data.(map[string]any)["HostedBy"] = s.communityHosts(r, c.Slug) // directory_links.go
	s.render(w, r, http.StatusOK, "community.html", vw)
}

func (s *Server) handleCommunityAbout(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	c, err := s.store.FindCommunityForJoin(r.Context(), v, r.PathValue("slug"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	canRead := hearth.CanRead(c.Visibility, v, c.Membership)
	s.render(w, r, http.StatusOK, "about.html", &view{Title: "About " + c.Name, Description: c.Description, NoIndex: c.Visibility != hearth.Public,
		Data: map[string]any{"Community": c, "CanRead": canRead, "Rules": template.HTML(c.RulesHTML),
			"HostedBy": s.communityHosts(r, c.Slug)}}) // directory_links.go
}

func (s *Server) handleCommunityJoin(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if viewer(r) == nil {
		http.Redirect(w, r, "/signin?next=/c/"+slug+"/about", http.StatusSeeOther)
		return
	}
	status, err := s.store.Join(r.Context(), viewer(r), slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if status == hearth.MembershipPending {
		http.Redirect(w, r, "/c/"+slug+"/about", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/c/"+slug, http.StatusSeeOther)
}

func (s *Server) handleCommunityLeave(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if err := s.store.Leave(r.Context(), viewer(r), slug); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/c/"+slug+"/about", http.StatusSeeOther)
}

func (s *Server) handleRequestList(w http.ResponseWriter, r *http.Request) {
	v, slug := viewer(r), r.PathValue("slug")
	c, err := s.store.FindCommunity(r.Context(), v, slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	pending, err := s.store.ListPending(r.Context(), v, slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "requests.html", &view{Title: "Requests to join " + c.Name, NoIndex: true, Data: map[string]any{"Community": c, "Pending": pending}})
}

func (s *Server) handleRequestAnswer(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if err := s.store.Approve(r.Context(), viewer(r), slug, r.PostFormValue("handle"), r.PostFormValue("answer") == "accept"); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/c/"+slug+"/requests", http.StatusSeeOther)
}

func (s *Server) handleMemberShow(w http.ResponseWriter, r *http.Request) {
	m, err := s.store.FindMemberByHandle(r.Context(), r.PathValue("handle"))
	if err == nil && m.Status == hearth.StatusDeleted { // account.go: no profile
		err = hearth.Errorf(hearth.ENotFound, "This account was deleted.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	threads, err := s.store.ListMemberPosts(r.Context(), viewer(r), m.Handle, 20)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	stories, _, err := s.store.ListStories(r.Context(), viewer(r), m.Handle, 1)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ver, _ := s.store.FindVerification(r.Context(), m.Handle) // moderation.go: nil when there is none
	// thread_privacy.go: none when the member hides them.
	var mc memberCommunities
	if mc.List, mc.Hidden, err = s.store.ListMemberCommunities(r.Context(), viewer(r), m.Handle); err != nil {
		s.errorPage(w, r, err)
		return
	}
	var anon []*hearth.Thread // anonymous.go: the member's own anonymous posts, for them only
	if v := viewer(r); v != nil && v.ID == m.ID {
		if anon, err = s.store.ListOwnAnonymousPosts(r.Context(), v, 20); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	vw := &view{Title: "@" + m.Handle, NoIndex: true, Data: map[string]any{"Member": m, "Threads": threads, "Stories": stories, "Verification": ver,
		"Communities": mc, "Anonymous": anon, "Blocked": s.blocked(r, m.Handle)}}
	s.shareProfile(r, vw, m, "/u/"+m.Handle, stories) // Open Graph and feed: with public stories only
	vw.Follow = s.followState(r, hearth.FollowMember, m.Handle, "/u/"+m.Handle)
	s.render(w, r, http.StatusOK, "member.html", vw)
}
