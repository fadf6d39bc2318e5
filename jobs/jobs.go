// Package jobs runs hearth's durable background work on River
// (github.com/riverqueue/river), in the same database as everything else:
// notification fan-out, immediate notification emails, daily and weekly
// digests, and password reset emails. River's SQLite driver serves SQLite
// installations; on PostgreSQL its database/sql driver with a pgx
// listener (LISTEN/NOTIFY) lets several nodes share the queue, each job
// worked by one node at a time.
//
// Jobs are inserted inside the storage transaction that calls for them
// (Queue implements sqldb.Enqueuer), so a crash before the commit leaves
// neither the post nor its job, and a crash after leaves both. A mail job
// records its message in mail_log and completes in one transaction, and
// checks mail_log before sending, so a job retried after a success sends
// nothing; see docs/decisions.md for the one window that remains.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/sqldb"
)

// Config configures a Queue.
type Config struct {
	// Sender hands mail over; email.NewSender("", w) logs it instead.
	Sender email.Sender
	// Composer writes the messages (site name, base URL, From address).
	Composer *email.Composer
	// DigestHour is the hour (UTC, 0–23) at which daily digests go out;
	// weekly digests go out on Mondays at that hour.
	DigestHour int
	// Now is the clock digests are scheduled by; nil means time.Now.
	Now func() time.Time
	// Logger gets hearth's job logs; River's own logs go to it at warning
	// level and above.
	Logger *slog.Logger

	// Periodic turns on the hourly digest scheduling (off in tests, which
	// call ScheduleDigests with a fixed clock).
	Periodic bool
	// RetryPolicy replaces River's default backoff (attempt⁴ seconds).
	RetryPolicy river.ClientRetryPolicy
	// PollInterval is how often a node looks for jobs without a
	// notification; 0 means River's default (1s).
	PollInterval time.Duration
	// ID names this node's River client; empty means a random one.
	ID string
}

// Queue is a River client on hearth's database.
type Queue struct {
	db       *sqldb.DB
	client   *river.Client[*sql.Tx]
	pool     *sql.DB
	listen   *pgxpool.Pool
	sqlite   bool
	sender   email.Sender
	composer *email.Composer
	cfg      Config
	log      *slog.Logger
}

var _ sqldb.Enqueuer = (*Queue)(nil)

// riverMigrateLock is the advisory lock key under which nodes apply
// River's migrations one at a time.
const riverMigrateLock = 7418231

// Open opens River's pools on db's database, applies River's migrations
// (after hearth's, which sqldb.Open applied), and makes db queue its
// jobs here (db.Jobs). Call Start to work jobs, Stop and Close to end.
//
// On SQLite River gets its own single connection to the same file
// (sqldb.DB.OpenSidePool), so that its polling and housekeeping never
// hold hearth's one writer connection; jobs inserted by a write use that
// write's transaction. On PostgreSQL River gets a small database/sql pool
// and a pgx pool for its LISTEN connections.
func Open(ctx context.Context, db *sqldb.DB, cfg Config) (*Queue, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Sender == nil || cfg.Composer == nil {
		return nil, errors.New("jobs: Config needs a Sender and a Composer")
	}
	if cfg.DigestHour < 0 || cfg.DigestHour > 23 {
		return nil, hearth.Errorf(hearth.EInvalid, "the digest hour must be 0 to 23, not %d", cfg.DigestHour)
	}
	q := &Queue{db: db, sqlite: db.Dialect() == "sqlite", sender: cfg.Sender, composer: cfg.Composer, cfg: cfg, log: cfg.Logger}
	var err error
	if q.pool, err = db.OpenSidePool(ctx, 4); err != nil {
		return nil, fmt.Errorf("jobs: open pool: %w", err)
	}
	var driver riverdriver.Driver[*sql.Tx]
	if q.sqlite {
		driver = riversqlite.New(q.pool)
	} else {
		pc, err := pgxpool.ParseConfig(db.PostgresURL())
		if err != nil {
			q.Close()
			return nil, err
		}
		pc.MaxConns, pc.MinConns = 2, 0
		if q.listen, err = pgxpool.NewWithConfig(ctx, pc); err != nil {
			q.Close()
			return nil, fmt.Errorf("jobs: open listener pool: %w", err)
		}
		driver = riverdatabasesql.NewWithPgxListener(q.pool, q.listen)
	}
	riverLog := slog.New(minLevel{cfg.Logger.Handler(), slog.LevelWarn})
	if err := migrate(ctx, db, driver, riverLog); err != nil {
		q.Close()
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &fanOutWorker{q: q})
	river.AddWorker(workers, &notificationEmailWorker{q: q})
	river.AddWorker(workers, &digestWorker{q: q})
	river.AddWorker(workers, &digestScheduleWorker{q: q})
	river.AddWorker(workers, &passwordResetWorker{q: q})
	river.AddWorker(workers, &mentorSweepWorker{q: q}) // mentor.go
	rc := &river.Config{
		ID:                cfg.ID,
		Logger:            riverLog,
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}, QueueMail: {MaxWorkers: 4}},
		RetryPolicy:       cfg.RetryPolicy,
		FetchPollInterval: cfg.PollInterval,
		JobTimeout:        2 * time.Minute,
		// Stopping waits this long for running jobs, then cancels them:
		// a cancelled mail job is retried, and its mail_log check keeps
		// a message that did go out from going out twice.
		SoftStopTimeout: 10 * time.Second,
	}
	if cfg.PollInterval > 0 {
		rc.FetchCooldown = min(cfg.PollInterval, river.FetchCooldownDefault)
	}
	if cfg.Periodic {
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return DigestScheduleArgs{}, nil },
			&river.PeriodicJobOpts{ID: "digest_schedule", RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour), // mentor.go
				func() (river.JobArgs, *river.InsertOpts) { return MentorSweepArgs{}, nil },
				&river.PeriodicJobOpts{ID: "mentor_sweep", RunOnStart: true})}
	}
	if q.client, err = river.NewClient(driver, rc); err != nil {
		q.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	db.Jobs = q
	return q, nil
}

// migrate applies River's migrations, one node at a time.
func migrate(ctx context.Context, db *sqldb.DB, driver riverdriver.Driver[*sql.Tx], log *slog.Logger) error {
	err := db.AdvisoryLock(ctx, riverMigrateLock, func() error {
		m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: log})
		if err != nil {
			return err
		}
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("jobs: River migrations: %w", err)
	}
	return nil
}

// Migrate applies River's migrations to db's database without starting
// a queue (hearth migrate); Open does the same.
func Migrate(ctx context.Context, db *sqldb.DB, log *slog.Logger) error {
	pool, err := db.OpenSidePool(ctx, 1)
	if err != nil {
		return err
	}
	defer pool.Close()
	var driver riverdriver.Driver[*sql.Tx] = riversqlite.New(pool)
	if db.Dialect() != "sqlite" {
		driver = riverdatabasesql.New(pool)
	}
	return migrate(ctx, db, driver, slog.New(minLevel{log.Handler(), slog.LevelWarn}))
}

// Start works jobs until Stop.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(context.WithoutCancel(ctx)) }

// Stop stops fetching jobs and waits for running ones (up to ten
// seconds, then cancels them) or for ctx.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// Close closes River's pools; Stop first. The database stops queueing
// jobs here.
func (q *Queue) Close() error {
	if q.db.Jobs == sqldb.Enqueuer(q) {
		q.db.Jobs = nil
	}
	if q.listen != nil {
		q.listen.Close()
	}
	if q.pool != nil {
		return q.pool.Close()
	}
	return nil
}

// Client returns the River client, for tests and operator tools.
func (q *Queue) Client() *river.Client[*sql.Tx] { return q.client }

// Mailer reports whether mail really leaves ("sent") or is only logged.
func (q *Queue) Mailer() string { return q.sender.Status() }

func (q *Queue) now() time.Time {
	if q.cfg.Now != nil {
		return q.cfg.Now()
	}
	return time.Now()
}

// FanOutTx queues the notifications about a subject just published.
func (q *Queue) FanOutTx(ctx context.Context, tx *sql.Tx, s hearth.Subject) error {
	_, err := q.client.InsertTx(ctx, tx, FanOutArgs{Subject: s}, nil)
	return err
}

// EmailNotificationTx queues the email about one notification.
func (q *Queue) EmailNotificationTx(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := q.client.InsertTx(ctx, tx, NotificationEmailArgs{NotificationID: id}, nil)
	return err
}

// PasswordResetTx queues a password reset email to an address.
func (q *Queue) PasswordResetTx(ctx context.Context, tx *sql.Tx, address string) error {
	_, err := q.client.InsertTx(ctx, tx, PasswordResetArgs{Email: address}, nil)
	return err
}

// complete returns the function that marks job completed inside a
// storage transaction, so that a job's work and its completion commit
// together.
func complete[T river.JobArgs](ctx context.Context, q *Queue, job *river.Job[T]) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		var err error
		if q.sqlite {
			_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
		} else {
			_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
		}
		return err
	}
}

// minLevel drops records below a level (River's chatty info logs).
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.level}
}
