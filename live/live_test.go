package live_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth/live"
)

// wait returns what a subscription was woken for, or fails after a
// bounded wait.
func wait(t *testing.T, s *live.Sub) live.Kind {
	t.Helper()
	select {
	case <-s.Wake():
		return s.Take()
	case <-time.After(5 * time.Second):
		t.Fatal("not woken within 5s")
	}
	return 0
}

func quiet(t *testing.T, s *live.Sub) {
	t.Helper()
	select {
	case <-s.Wake():
		t.Fatalf("woken for %v", s.Take())
	case <-time.After(50 * time.Millisecond):
	}
}

func TestInProcess(t *testing.T) {
	b := live.New(nil, nil)
	defer b.Close()
	a, other := b.Subscribe("e1/2026-11-01"), b.Subscribe("e2/2026-11-01")
	defer a.Close()
	b.Publish(context.Background(), "e1/2026-11-01", live.Messages)
	if k := wait(t, a); k != live.Messages {
		t.Errorf("kind %v", k)
	}
	quiet(t, other)
	// Many notes while the stream is busy coalesce into one wake-up with
	// every kind: the per-stream state stays bounded.
	for range 1000 {
		b.Publish(context.Background(), "e1/2026-11-01", live.Messages)
	}
	b.Publish(context.Background(), "e1/2026-11-01", live.Hides)
	if k := wait(t, a); k != live.All {
		t.Errorf("coalesced kind %v", k)
	}
	quiet(t, a)
	other.Close()
	if n := b.Subscribers("e2/2026-11-01"); n != 0 {
		t.Errorf("%d subscribers after Close", n)
	}
}

func TestCloseEndsStreams(t *testing.T) {
	b := live.New(nil, nil)
	s := b.Subscribe("r")
	b.Close()
	select {
	case <-s.Done():
	case <-time.After(time.Second):
		t.Fatal("Done not closed")
	}
}

// fakeBus is LISTEN/NOTIFY in memory: every listener hears every payload.
// drop() makes every listener lose its connection once.
type fakeBus struct {
	mu        sync.Mutex
	listeners map[chan string]bool
	lost      chan struct{}
}

func newFakeBus() *fakeBus {
	return &fakeBus{listeners: map[chan string]bool{}, lost: make(chan struct{})}
}

func (f *fakeBus) NotifyLive(ctx context.Context, payload string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.listeners {
		ch <- payload
	}
	return nil
}

func (f *fakeBus) ListenLive(ctx context.Context, ready func(), fn func(string)) error {
	ch := make(chan string, 100)
	f.mu.Lock()
	f.listeners[ch] = true
	lost := f.lost
	f.mu.Unlock()
	defer func() { f.mu.Lock(); delete(f.listeners, ch); f.mu.Unlock() }()
	ready()
	for {
		select {
		case p := <-ch:
			fn(p)
		case <-lost:
			return errors.New("connection lost")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (f *fakeBus) drop() {
	f.mu.Lock()
	close(f.lost)
	f.lost = make(chan struct{})
	f.mu.Unlock()
}

func TestAcrossNodes(t *testing.T) {
	bus := newFakeBus()
	n1, n2 := live.New(bus, nil), live.New(bus, nil)
	defer n1.Close()
	defer n2.Close()
	s1, s2 := n1.Subscribe("r"), n2.Subscribe("r")
	// Each listener wakes its streams once when it connects.
	if wait(t, s1) != live.All || wait(t, s2) != live.All {
		t.Fatal("no wake-up on connect")
	}
	for !n1.Listening() || !n2.Listening() {
		time.Sleep(time.Millisecond)
	}
	n1.Publish(context.Background(), "r", live.Hides)
	if k := wait(t, s2); k != live.Hides {
		t.Errorf("node 2 got %v", k)
	}
	if k := wait(t, s1); k != live.Hides {
		t.Errorf("node 1 got %v", k)
	}
	// After a lost connection the listener reconnects and wakes every
	// stream, which then reads whatever it missed from the database.
	bus.drop()
	if wait(t, s1) != live.All || wait(t, s2) != live.All {
		t.Fatal("no wake-up after reconnecting")
	}
}
