package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/jobs"
	"github.com/hearth-community/hearth/sqldb"
)

// mailFlags are the settings of outgoing mail and background jobs.
type mailFlags struct {
	smtpURL    string
	from       *string
	digestHour *int
}

func addMailFlags(fs *flag.FlagSet) *mailFlags {
	hour, _ := strconv.Atoi(env("HEARTH_DIGEST_HOUR", "7"))
	return &mailFlags{
		// A secret: from the environment (or HEARTH_SMTP_URL_FILE) only,
		// never a flag that shows in the process list.
		smtpURL:    env("HEARTH_SMTP_URL", ""),
		from:       fs.String("mail-from", env("HEARTH_MAIL_FROM", ""), "sender address of outgoing mail (env HEARTH_MAIL_FROM; default: hearth@ the site's host)"),
		digestHour: fs.Int("digest-hour", hour, "hour (UTC) at which daily digests go out; weekly ones on Mondays (env HEARTH_DIGEST_HOUR)"),
	}
}

// startJobs opens the job queue on db (River's migrations included) and
// starts working: notifications, mail, digests. The returned function
// stops it, waiting for running jobs.
func startJobs(ctx context.Context, db *sqldb.DB, mf *mailFlags, siteName, baseURL string, log *slog.Logger) (*jobs.Queue, func(), error) {
	sender, err := email.NewSender(mf.smtpURL, log)
	if err != nil {
		return nil, nil, err
	}
	from := *mf.from
	if from == "" {
		host := "localhost"
		if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" && net.ParseIP(u.Hostname()) == nil {
			host = u.Hostname()
		}
		from = "hearth@" + host
	}
	q, err := jobs.Open(ctx, db, jobs.Config{Sender: sender, Composer: &email.Composer{SiteName: siteName, BaseURL: baseURL, From: from},
		DigestHour: *mf.digestHour, Logger: log, Periodic: true})
	if err != nil {
		return nil, nil, err
	}
	if err := q.Start(ctx); err != nil {
		q.Close()
		return nil, nil, fmt.Errorf("start jobs: %w", err)
	}
	if sender.Status() == "logged" {
		log.Warn("no HEARTH_SMTP_URL: mail is written to this log and marked as not sent")
	}
	return q, func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := q.Stop(stopCtx); err != nil {
			log.Error("stop jobs", "err", err)
		}
		q.Close()
	}, nil
}
