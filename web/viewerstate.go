package web

import (
	"context"
	"sync"
	"time"

	"github.com/hearth-community/hearth"
)

// viewerStates keeps, for a few seconds, what the frame of every page
// shows a signed-in reader about themselves: their count of unread
// notifications (notify.go). With thread snapshots and the session cache,
// it was one of the last two database queries of a signed-in thread page.
// (The other, whether the reader follows the page, is not cached: it must
// change at once when they follow, on whichever node they do it.)
//
// It is on with the page cache, with its TTL, and forgets a member's
// facts when they could have changed:
//   - any write the member makes through the site (such as marking
//     notifications read), before its response leaves (invalidateOnWrite);
//   - any visit of theirs to /notifications, whose pages may mark
//     notifications read;
//   - every member's facts on a write through the API (whose member the
//     middleware does not know) or a write the page cache does not know.
//
// A notification made for a member by someone else's post shows in their
// count within the TTL: notifications are made by a background job after
// the post anyway.
type viewerStates struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	members map[int64]*viewerState
	gen     uint64 // counts forgets, so that a racing lookup is not stored
}

type viewerState struct {
	unread viewerFact[int]  // unread notifications (notify.go)
	crisis viewerFact[bool] // whether the crisis banner shows (care.go)
}

// viewerFact is one cached fact and when it expires.
type viewerFact[T any] struct {
	value   T
	expires time.Time
}

func newViewerStates(ttl time.Duration) *viewerStates {
	return &viewerStates{ttl: ttl, now: time.Now, members: map[int64]*viewerState{}}
}

// state returns the member's entry, creating it; the caller holds mu.
func (c *viewerStates) state(id int64) *viewerState {
	st := c.members[id]
	if st == nil {
		if len(c.members) > 100_000 {
			clear(c.members)
		}
		st = &viewerState{}
		c.members[id] = st
	}
	return st
}

func (c *viewerStates) forget(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.members, id)
	c.gen++
}

func (c *viewerStates) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.members)
	c.gen++
}

// countUnread is CountUnread through the cache, when there is one.
func (s *Server) countUnread(ctx context.Context, v *hearth.Member) (int, error) {
	return viewerFactOf(s.viewerStates, v, func(st *viewerState) *viewerFact[int] { return &st.unread },
		func() (int, error) { return s.store.CountUnread(ctx, v) })
}

// viewerFactOf returns a fact about the reader from the cache, or loads
// and keeps it unless the member's facts were forgotten meanwhile (the
// generation moved: the load may have read what a write then changed).
// Without a cache, or signed out, it just loads.
func viewerFactOf[T any](c *viewerStates, v *hearth.Member, field func(*viewerState) *viewerFact[T], load func() (T, error)) (T, error) {
	if c == nil || v == nil {
		return load()
	}
	now := c.now()
	c.mu.Lock()
	if st := c.members[v.ID]; st != nil && now.Before(field(st).expires) {
		value := field(st).value
		c.mu.Unlock()
		return value, nil
	}
	gen := c.gen
	c.mu.Unlock()
	value, err := load()
	if err != nil {
		return value, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		*field(c.state(v.ID)) = viewerFact[T]{value: value, expires: now.Add(c.ttl)}
	}
	return value, nil
}
