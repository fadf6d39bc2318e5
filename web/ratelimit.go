package web

import (
	"context"
	"time"
)

// allow asks the store's rate limiter whether one more event for key fits
// in n per window. The store keeps the counters where every node sees
// them (PostgreSQL) or in memory (a single SQLite node). If the counter
// cannot be read, the event is refused: a database that cannot count
// cannot take the post or the sign-in either.
func (s *Server) allow(ctx context.Context, key string, n int, per time.Duration) bool {
	ok, err := s.store.Allow(ctx, key, n, per)
	if err != nil {
		s.log.Error("rate limit", "key", key, "err", err)
		return false
	}
	return ok
}

// Failed sign-ins allowed per account in a window.
const (
	signinFailuresPerAccount = 10
	signinFailureWindow      = 15 * time.Minute
)

// exceeded is Store.Exceeded that treats a storage error as exceeded:
// when the counters cannot be read, guessing is not let through.
func (s *Server) exceeded(ctx context.Context, key string, n int, per time.Duration) bool {
	over, err := s.store.Exceeded(ctx, key, n, per)
	if err != nil {
		s.log.Error("rate limit", "key", key, "err", err)
		return true
	}
	return over
}
