package web

import (
	"sync"
	"time"
)

// limiter counts events per key in fixed windows. It lives in memory, so
// each node limits on its own; shared limits arrive with PostgreSQL.
type limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	windows map[string]*window
	sweep   time.Time
}

type window struct {
	start time.Time
	count int
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, windows: map[string]*window{}}
}

// allow records an event for key and reports whether at most n events
// happened in the current window of length per.
func (l *limiter) allow(key string, n int, per time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.sweep) > time.Minute {
		for k, w := range l.windows {
			if now.Sub(w.start) > 24*time.Hour {
				delete(l.windows, k)
			}
		}
		l.sweep = now
	}
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= per {
		w = &window{start: now}
		l.windows[key] = w
	}
	w.count++
	return w.count <= n
}
