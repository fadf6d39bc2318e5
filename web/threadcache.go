package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/hearth-community/hearth"
)

// Signed-in readers cannot share whole pages (the header names them, and
// they may reply), but they can share what is the same for all of them:
// a page of a thread and its posts rendered as HTML fragments. A
// threadSnapshot is that, kept in the page cache under the thread's tag,
// so a reply or an edit drops it like the signed-out page.
//
// A snapshot is made only when it is the same for every reader:
//   - the community is public or members-only, where whether one may read
//     depends only on being signed in (hearth.CanRead with no membership),
//     checked on every request; private communities always go to storage;
//   - no post of the thread is held or rejected (ThreadHasUnpublished),
//     since those are seen only by their author and the moderators;
//   - the viewer's own fields (Community.Membership, IsModerator) are
//     cleared, as the thread page does not use them for these communities.
//
// The fragments are keyed by what the post partial reads (postView):
// CanPost, and Own for the reader's own posts, which are rendered afresh.
// TestThreadSnapshotFields fails when ThreadPage, Community, Post or
// postView gain a field, so that whoever adds one decides whether it is
// the same for every reader.

// unpublishedChecker is what snapshots need from storage (sqldb.DB).
type unpublishedChecker interface {
	ThreadHasUnpublished(ctx context.Context, threadID int64) (bool, error)
}

type threadSnapshot struct {
	page *hearth.ThreadPage

	// Fragments of the post partial with Own false, by CanPost (0 or 1):
	// posts[i][0] is the opening post, replies[i] all replies joined.
	once    [2]sync.Once
	posts   [2][]template.HTML
	replies [2]template.HTML
	err     [2]error

	// shared is the page's <head> and main content for signed-in
	// readers who may reply, own no post on the page and send no form,
	// by site address (the share links carry it).
	mu     sync.Mutex
	shared map[string]sharedPage
}

type sharedPage struct{ head, content template.HTML }

// findThreadPage is FindThreadPage through the snapshot cache.
func (s *Server) findThreadPage(ctx context.Context, v *hearth.Member, id int64, page int) (*hearth.ThreadPage, *threadSnapshot, error) {
	uc, ok := s.store.(unpublishedChecker)
	if s.cache == nil || !ok {
		tp, err := s.store.FindThreadPage(ctx, v, id, page)
		return tp, nil, err
	}
	ids := strconv.FormatInt(id, 10)
	key := "thread:" + ids + ":" + strconv.Itoa(page)
	if snap, _ := s.cache.getData(key).(*threadSnapshot); snap != nil && hearth.CanRead(snap.page.Community.Visibility, v, hearth.MembershipNone) {
		return snap.page, snap, nil
	}
	tags := []string{"t:" + ids, "all"}
	// Readers who miss the same snapshot at once wait for one read (see
	// pageCache.join).
	fl, gens, leader := s.cache.join(key, tags)
	if leader {
		defer s.cache.land(key, fl)
	} else {
		fl.waiters.Add(1)
		<-fl.done
		if snap, _ := fl.value.(*threadSnapshot); snap != nil && slices.Equal(fl.gens, gens) &&
			hearth.CanRead(snap.page.Community.Visibility, v, hearth.MembershipNone) {
			return snap.page, snap, nil
		}
		gens = s.cache.snapshot(tags)
		fl = &flight{}
	}
	tp, err := s.store.FindThreadPage(ctx, v, id, page)
	if err != nil || tp.Community.Visibility == hearth.Private || tp.Thread.Visibility == hearth.ThreadCommunity {
		// A thread only its community's members read is never shared
		// between readers (thread_privacy.go).
		return tp, nil, err
	}
	if has, err := uc.ThreadHasUnpublished(ctx, id); err != nil || has {
		if err != nil {
			s.log.Error("thread snapshot", "thread", id, "err", err)
		}
		return tp, nil, nil
	}
	c := *tp.Community
	c.Membership, c.IsModerator = hearth.MembershipNone, false
	snap := &threadSnapshot{page: &hearth.ThreadPage{Thread: tp.Thread, Community: &c, Opening: tp.Opening, Replies: tp.Replies,
		Page: tp.Page, Pages: tp.Pages}}
	size := 4 << 10
	for _, p := range append([]*hearth.Post{tp.Opening}, tp.Replies...) {
		// The post, and up to two rendered copies of its HTML.
		size += len(p.Body) + 3*len(p.BodyHTML) + 1024
	}
	s.cache.putData(key, snap, s.cache.newStamp(tags, gens, size))
	fl.value = snap
	return snap.page, snap, nil
}

// renderPost executes the post partial of thread.html.
func (s *Server) renderPost(pv postView) (template.HTML, error) {
	var buf bytes.Buffer
	if err := s.pages.byName["thread.html"].ExecuteTemplate(&buf, "post", pv); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// fragments renders, once per snapshot and CanPost, every post with Own
// false.
func (snap *threadSnapshot) fragments(s *Server, base string, canPost bool) ([]template.HTML, template.HTML, error) {
	i := 0
	if canPost {
		i = 1
	}
	snap.once[i].Do(func() {
		posts := append([]*hearth.Post{snap.page.Opening}, snap.page.Replies...)
		frags := make([]template.HTML, len(posts))
		var joined bytes.Buffer
		for j, p := range posts {
			h, err := s.renderPost(postView{P: p, Base: base, CanPost: canPost})
			if err != nil {
				snap.err[i] = err
				return
			}
			frags[j] = h
			if j > 0 {
				joined.WriteString(string(h))
			}
		}
		snap.posts[i], snap.replies[i] = frags, template.HTML(joined.String())
	})
	return snap.posts[i], snap.replies[i], snap.err[i]
}

func (t *threadView) own(p *hearth.Post) bool { return t.viewer != nil && t.viewer.ID == p.AuthorID }

// OpeningHTML is the opening post, rendered by the post partial.
func (t *threadView) OpeningHTML() (template.HTML, error) {
	if t.snap == nil || t.own(t.Page.Opening) {
		return t.srv.renderPost(t.Post(t.Page.Opening))
	}
	frags, _, err := t.snap.fragments(t.srv, t.Base, t.CanPost)
	if err != nil {
		return "", err
	}
	return frags[0], nil
}

// RepliesHTML is the page's replies, rendered by the post partial; empty
// when there are none.
func (t *threadView) RepliesHTML() (template.HTML, error) {
	var frags []template.HTML
	if t.snap != nil {
		var joined template.HTML
		var err error
		if frags, joined, err = t.snap.fragments(t.srv, t.Base, t.CanPost); err != nil {
			return "", err
		}
		mine := false
		for _, p := range t.Page.Replies {
			mine = mine || t.own(p)
		}
		if !mine {
			return joined, nil
		}
	}
	var b bytes.Buffer
	for i, p := range t.Page.Replies {
		if frags != nil && !t.own(p) {
			b.WriteString(string(frags[i+1]))
			continue
		}
		h, err := t.srv.renderPost(t.Post(p))
		if err != nil {
			return "", err
		}
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

// renderShared renders a thread page from content shared by signed-in
// readers, when the page is one they all see alike: a GET with no quote,
// by a reader who may reply and owns no post on the page. It reports
// whether it did.
func (s *Server) renderShared(w http.ResponseWriter, r *http.Request, status int, tv *threadView, v *view) bool {
	f, snap := tv.Form, tv.snap
	if snap == nil || tv.viewer == nil || !tv.CanPost || r.Method != http.MethodGet || status != http.StatusOK ||
		!formEmpty(f) || tv.own(tv.Page.Opening) {
		return false
	}
	for _, p := range tv.Page.Replies {
		if tv.own(p) {
			return false
		}
	}
	key := s.baseURL(r)
	snap.mu.Lock()
	page, ok := snap.shared[key]
	snap.mu.Unlock()
	if !ok {
		v.Viewer, v.Site, v.Path = viewer(r), s.cfg.SiteName, r.URL.Path
		t := s.pages.byName["thread.html"]
		for _, part := range []struct {
			name string
			out  *template.HTML
		}{{"head", &page.head}, {"content", &page.content}} {
			buf := getRenderBuffer()
			err := t.ExecuteTemplate(buf, part.name, v)
			*part.out = template.HTML(buf.String())
			putRenderBuffer(buf)
			if err != nil {
				s.log.Error("render shared thread page", "part", part.name, "err", err)
				return false
			}
		}
		snap.mu.Lock()
		if snap.shared == nil {
			snap.shared = map[string]sharedPage{}
		}
		if len(snap.shared) < 4 { // a forged Host cannot fill memory
			snap.shared[key] = page
		}
		snap.mu.Unlock()
	}
	shared := *v
	shared.Head, shared.Data = page.head, page.content
	s.render(w, r, status, "prerendered.html", &shared)
	return true
}

// formEmpty reports whether a form holds nothing: no value and no other
// field set, whatever fields it gains.
func formEmpty(f *form) bool {
	for _, v := range f.Values {
		if v != "" {
			return false
		}
	}
	rest := *f
	rest.Values = nil
	return reflect.ValueOf(rest).IsZero()
}
