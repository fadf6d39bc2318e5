package web

import (
	"net/http"

	"github.com/hearth-community/hearth"
)

// The stories API: the same reads and rules as the pages. A guest's
// email address is not part of any Comment, so no response can carry it.

// storyJSON is a story with its page and cover addresses.
func storyJSON(st *hearth.Story) map[string]any {
	out := map[string]any{"story": st, "url": storyURL(st)}
	if st.Cover != "" {
		out["cover_url"] = "/uploads/" + st.Cover
	}
	return out
}

func (s *Server) handleAPIStoryList(w http.ResponseWriter, r *http.Request) error {
	stories, pages, err := s.store.ListStories(r.Context(), viewer(r), r.PathValue("handle"), pageParam(r))
	if err != nil {
		return err
	}
	list := make([]map[string]any, 0, len(stories))
	for _, st := range stories {
		list = append(list, storyJSON(st))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"stories": list, "page": min(pageParam(r), pages), "pages": pages})
}

func (s *Server) handleAPIStoryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.store.FindStory(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	comments, err := s.store.ListComments(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	if comments == nil {
		comments = []*hearth.Comment{}
	}
	out := storyJSON(st)
	out["comments"] = comments
	return writeJSON(w, http.StatusOK, out)
}

// handleAPICommentCreate adds a comment as the token's member:
// {"body": "...", "parent_id": 12, "publish_anyway": false}.
func (s *Server) handleAPICommentCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body          string `json:"body"`
		ParentID      int64  `json:"parent_id"`
		PublishAnyway bool   `json:"publish_anyway"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if viewer(r) == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to comment.")
	}
	c, err := s.createComment(r, id, hearth.NewComment{Body: in.Body, ParentID: in.ParentID}, in.PublishAnyway)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}
