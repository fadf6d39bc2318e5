package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sync"

	"github.com/hearth-community/hearth"
	"github.com/jackc/pgx/v5"
)

// Live-room notes between nodes travel by PostgreSQL's LISTEN/NOTIFY
// (package live's Bus). Channels are per database, not per schema, so the
// channel name carries the schema: installations (and test schemas) that
// share a database do not hear each other.

var liveChannels sync.Map // dsn → channel name

var plainName = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

func (db *DB) liveChannel(ctx context.Context) (string, error) {
	if ch, ok := liveChannels.Load(db.dsn); ok {
		return ch.(string), nil
	}
	var schema string
	if err := db.read.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return "", err
	}
	if !plainName.MatchString(schema) {
		sum := sha256.Sum256([]byte(schema))
		schema = hex.EncodeToString(sum[:8])
	}
	ch := "hearth_live_" + schema
	liveChannels.Store(db.dsn, ch)
	return ch, nil
}

func errNotPostgres() error {
	return hearth.Errorf(hearth.EInternal, "live notes between nodes need PostgreSQL")
}

// NotifyLive sends a payload to every node listening (live.Bus).
func (db *DB) NotifyLive(ctx context.Context, payload string) error {
	if !db.isPostgres() {
		return errNotPostgres()
	}
	ch, err := db.liveChannel(ctx)
	if err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, `SELECT pg_notify($1, $2)`, ch, payload)
	return err
}

// ListenLive listens for live notes on a connection of its own (a pooled
// connection cannot wait for notifications), calls ready once listening
// and fn for each note, and returns when ctx ends or the connection
// fails (live.Bus).
func (db *DB) ListenLive(ctx context.Context, ready func(), fn func(payload string)) error {
	if !db.isPostgres() {
		return errNotPostgres()
	}
	ch, err := db.liveChannel(ctx)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{ch}.Sanitize()); err != nil {
		return err
	}
	ready()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		fn(n.Payload)
	}
}
