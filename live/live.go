// Package live wakes the Server-Sent Event streams of hearth's live rooms
// when something happens in a room: a new message, a hidden one. It
// carries no messages, only "look again" notes: a woken stream reads what
// is new from the database (after the last ID it sent), so a note that is
// coalesced, dropped or lost costs latency but never a message, and every
// client reads with its own visibility.
//
// On one node (SQLite) notes go from Publish straight to the local
// streams. On PostgreSQL they go through a Bus (LISTEN/NOTIFY) so that a
// message posted on one node wakes the streams on every node; after each
// (re)connection of the listener every stream is woken once, which covers
// whatever was said while it was away.
package live

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Kind says what changed in a room; kinds combine as bits.
type Kind uint32

// Kinds.
const (
	Messages Kind = 1 << iota // new messages
	Hides                     // hidden messages
	All      = Messages | Hides
)

// Bus carries notes between nodes. sqldb.DB implements it on PostgreSQL.
type Bus interface {
	// NotifyLive sends a payload to every node listening, this one too.
	NotifyLive(ctx context.Context, payload string) error
	// ListenLive listens on a connection of its own, calls ready once
	// listening and fn for each payload, and returns when ctx ends or the
	// connection fails.
	ListenLive(ctx context.Context, ready func(), fn func(payload string)) error
}

// Broker fans notes out to the streams subscribed to each room.
type Broker struct {
	bus Bus
	log *slog.Logger

	mu      sync.Mutex
	rooms   map[string]map[*Sub]struct{}
	started bool
	closed  bool

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed by Close: streams end
	wg     sync.WaitGroup
	// listening is set while the bus listener is connected.
	listening atomic.Bool
}

// New returns a broker; with a nil bus it works in this process only.
func New(bus Bus, log *slog.Logger) *Broker {
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Broker{bus: bus, log: log, rooms: map[string]map[*Sub]struct{}{}, ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// Sub is one stream's subscription to a room. Its state is bounded: a
// one-slot wake-up channel and the kinds pending, however many notes
// arrive while the stream is busy writing.
type Sub struct {
	b       *Broker
	room    string
	wake    chan struct{}
	pending atomic.Uint32
}

// Subscribe subscribes to a room. The caller reads the room's state from
// the database after subscribing, so that nothing falls between the two.
func (b *Broker) Subscribe(room string) *Sub {
	s := &Sub{b: b, room: room, wake: make(chan struct{}, 1)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return s
	}
	if b.rooms[room] == nil {
		b.rooms[room] = map[*Sub]struct{}{}
	}
	b.rooms[room][s] = struct{}{}
	if b.bus != nil && !b.started {
		b.started = true
		b.wg.Add(1)
		go b.listen()
	}
	return s
}

// Wake is signalled when something is pending; call Take to learn what.
func (s *Sub) Wake() <-chan struct{} { return s.wake }

// Take returns and clears the pending kinds.
func (s *Sub) Take() Kind { return Kind(s.pending.Swap(0)) }

// Done is closed when the broker closes (the server shuts down).
func (s *Sub) Done() <-chan struct{} { return s.b.done }

// Close ends the subscription.
func (s *Sub) Close() {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if subs := s.b.rooms[s.room]; subs != nil {
		delete(subs, s)
		if len(subs) == 0 {
			delete(s.b.rooms, s.room)
		}
	}
}

func (s *Sub) notify(k Kind) {
	for {
		old := s.pending.Load()
		if s.pending.CompareAndSwap(old, old|uint32(k)) {
			break
		}
	}
	select {
	case s.wake <- struct{}{}:
	default: // already woken; the pending kinds say the rest
	}
}

// Subscribers counts the streams subscribed to a room, for tests.
func (b *Broker) Subscribers(room string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.rooms[room])
}

// Listening reports whether notes from other nodes arrive: always true
// without a bus.
func (b *Broker) Listening() bool { return b.bus == nil || b.listening.Load() }

// Publish tells every stream of a room, on every node, that k changed.
func (b *Broker) Publish(ctx context.Context, room string, k Kind) error {
	if b.bus == nil {
		b.deliver(room, k)
		return nil
	}
	return b.bus.NotifyLive(ctx, room+" "+strconv.FormatUint(uint64(k), 10))
}

func (b *Broker) deliver(room string, k Kind) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.rooms[room] {
		s.notify(k)
	}
}

// wakeAll wakes every stream, after the listener (re)connects.
func (b *Broker) wakeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, subs := range b.rooms {
		for s := range subs {
			s.notify(All)
		}
	}
}

// listen keeps the bus listener connected until Close, waking every
// stream after each connection.
func (b *Broker) listen() {
	defer b.wg.Done()
	backoff := 100 * time.Millisecond
	for b.ctx.Err() == nil {
		err := b.bus.ListenLive(b.ctx, func() {
			b.listening.Store(true)
			backoff = 100 * time.Millisecond
			b.wakeAll()
		}, func(payload string) {
			room, k, ok := strings.Cut(payload, " ")
			n, err := strconv.ParseUint(k, 10, 32)
			if ok && err == nil {
				b.deliver(room, Kind(n))
			}
		})
		b.listening.Store(false)
		if b.ctx.Err() != nil {
			return
		}
		b.log.Warn("live: listener lost its connection; reconnecting", "err", err, "in", backoff)
		select {
		case <-b.ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// Close ends every stream and stops the listener.
func (b *Broker) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	close(b.done)
	b.rooms = map[string]map[*Sub]struct{}{}
	b.mu.Unlock()
	b.cancel()
	b.wg.Wait()
}
