package web

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/hearth-community/hearth"
)

// sessionCache keeps, for a few seconds, which member a session cookie
// belongs to, so that a signed-in reader's pages need no database query at
// all when their thread is in the snapshot cache (threadcache.go). It is
// on whenever the page cache is, with the same TTL, and follows the same
// rules: signing out forgets the session on this node at once, and any
// write the page cache does not know (a moderator's action, a password
// change…) forgets every session, so that a ban or a reset takes effect
// at once here. Another process's change (the CLI) takes effect within
// the TTL. Sessions are keyed by a hash of the token, as in the database.
type sessionCache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.RWMutex
	entries map[[32]byte]sessionEntry
	// gen counts forgets, so that a lookup that raced with one is not
	// stored.
	gen uint64
}

type sessionEntry struct {
	member  hearth.Member
	expires time.Time
}

func newSessionCache(ttl time.Duration) *sessionCache {
	return &sessionCache{ttl: ttl, now: time.Now, entries: map[[32]byte]sessionEntry{}}
}

// findSession is FindSession through the cache, when there is one. Each
// request gets its own copy of the member.
func (s *Server) findSession(ctx context.Context, token string) (*hearth.Member, error) {
	if s.sessions == nil {
		return s.store.FindSession(ctx, token)
	}
	key := sha256.Sum256([]byte(token))
	now := s.sessions.now()
	s.sessions.mu.RLock()
	e, ok := s.sessions.entries[key]
	s.sessions.mu.RUnlock()
	if ok && now.Before(e.expires) {
		m := e.member
		return &m, nil
	}
	gen := s.sessions.generation()
	m, err := s.store.FindSession(ctx, token)
	if err != nil {
		return nil, err
	}
	s.sessions.mu.Lock()
	defer s.sessions.mu.Unlock()
	if s.sessions.gen == gen { // not forgotten meanwhile
		if len(s.sessions.entries) > 100_000 {
			clear(s.sessions.entries)
		}
		s.sessions.entries[key] = sessionEntry{member: *m, expires: now.Add(s.sessions.ttl)}
	}
	return m, nil
}

func (c *sessionCache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// forget drops one session (signing out).
func (c *sessionCache) forget(token string) {
	key := sha256.Sum256([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
	c.gen++
}

// forgetAll drops every session.
func (c *sessionCache) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
	c.gen++
}
