package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/sqldb"
)

// QueueMail is the queue of jobs that send mail, so that a slow mail
// server never holds up notifications.
const QueueMail = "mail"

// unique makes a second insert of the same job a no-op while the first
// is waiting, running or kept as completed.
var unique = river.UniqueOpts{ByArgs: true}

// FanOutArgs: create the notifications about a subject just published.
// It is not a unique job: one is inserted with every post, and a unique
// insert costs more on that hot path, while running a fan-out twice adds
// nothing anyway (one notification per member and subject).
type FanOutArgs struct {
	Subject hearth.Subject `json:"subject"`
}

func (FanOutArgs) Kind() string { return "hearth_fan_out" }

// NotificationEmailArgs: email one notification right away.
type NotificationEmailArgs struct {
	NotificationID int64 `json:"notification_id"`
}

func (NotificationEmailArgs) Kind() string { return "hearth_email_notification" }
func (NotificationEmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, UniqueOpts: unique}
}

// DigestArgs: send one member's digest for one period. Until is the end
// of the period (Unix milliseconds); Key names the period ("2026-11-02",
// "2026-W45") and, with the member, the digest's Message-ID.
type DigestArgs struct {
	MemberID int64            `json:"member_id"`
	Period   hearth.EmailMode `json:"period"`
	Key      string           `json:"key"`
	Until    int64            `json:"until"`
}

func (DigestArgs) Kind() string { return "hearth_email_digest" }
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, UniqueOpts: unique}
}

// DigestScheduleArgs: queue the digests that are due (hourly).
type DigestScheduleArgs struct{}

func (DigestScheduleArgs) Kind() string { return "hearth_digest_schedule" }
func (DigestScheduleArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 30 * time.Minute}}
}

// PasswordResetArgs: email a reset link to an address, if an account
// has it. A reset link lives an hour, so retrying for longer is pointless.
type PasswordResetArgs struct {
	Email string `json:"email"`
}

func (PasswordResetArgs) Kind() string { return "hearth_email_password_reset" }
func (PasswordResetArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMail, MaxAttempts: 7}
}

// send hands a message over. A permanent refusal (5xx: no such mailbox)
// cancels the job instead of retrying it for weeks.
func (q *Queue) send(ctx context.Context, m *email.Message) error {
	err := q.sender.Send(ctx, m)
	if err == nil {
		q.log.Info("mail "+q.sender.Status(), "kind", m.Kind, "message_id", m.MessageID)
		return nil
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code >= 500 {
		q.log.Warn("mail refused for good", "kind", m.Kind, "message_id", m.MessageID, "err", err)
		return river.JobCancel(err)
	}
	q.log.Warn("mail not sent; will retry", "kind", m.Kind, "message_id", m.MessageID, "err", err)
	return err
}

// nothingToSend reports errors that mean the job has no mail to send
// (read, hidden, unwanted, no such account): the job is done.
func nothingToSend(err error) bool { return hearth.ErrorCode(err) == hearth.ENotFound }

type fanOutWorker struct {
	river.WorkerDefaults[FanOutArgs]
	q *Queue
}

func (w *fanOutWorker) Work(ctx context.Context, job *river.Job[FanOutArgs]) error {
	n, err := w.q.db.FanOut(ctx, job.Args.Subject, complete(ctx, w.q, job))
	if err == nil && n > 0 {
		w.q.log.Info("notifications created", "subject", job.Args.Subject.String(), "count", n)
	}
	return err
}

type notificationEmailWorker struct {
	river.WorkerDefaults[NotificationEmailArgs]
	q *Queue
}

func (w *notificationEmailWorker) Work(ctx context.Context, job *river.Job[NotificationEmailArgs]) error {
	q := w.q
	id := q.composer.NotificationID(job.Args.NotificationID)
	if sent, err := q.db.MailSent(ctx, id); err != nil || sent {
		return err
	}
	// Everything is read now: a notification the member read in the
	// meantime, or about something they may no longer see, is not sent.
	m, n, err := q.db.NotificationMail(ctx, job.Args.NotificationID)
	if nothingToSend(err) {
		return nil
	} else if err != nil {
		return err
	}
	token, err := q.db.UnsubscribeToken(ctx, m.ID, sqldb.ScopeKind(n.Kind))
	if err != nil {
		return err
	}
	msg, err := q.composer.Notification(m, n, token, q.now())
	if err != nil {
		return err
	}
	if err := q.send(ctx, msg); err != nil {
		return err
	}
	return q.db.RecordMail(ctx, sqldb.MailRecord{MessageID: id, MemberID: m.ID, Kind: msg.Kind, Status: q.sender.Status(),
		Notifications: []int64{n.ID}}, complete(ctx, q, job))
}

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	q *Queue
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	q, a := w.q, job.Args
	id := q.composer.DigestID(a.MemberID, a.Period, a.Key)
	if sent, err := q.db.MailSent(ctx, id); err != nil || sent {
		return err
	}
	// Built now, not when scheduled: visibility is decided at send time.
	m, ns, err := q.db.Digest(ctx, a.MemberID, a.Period, time.UnixMilli(a.Until))
	if nothingToSend(err) || (err == nil && len(ns) == 0) {
		return nil
	} else if err != nil {
		return err
	}
	scope := sqldb.ScopeDaily
	if a.Period == hearth.EmailWeekly {
		scope = sqldb.ScopeWeekly
	}
	token, err := q.db.UnsubscribeToken(ctx, m.ID, scope)
	if err != nil {
		return err
	}
	msg, err := q.composer.Digest(m, a.Period, a.Key, ns, token, q.now())
	if err != nil {
		return err
	}
	if err := q.send(ctx, msg); err != nil {
		return err
	}
	ids := make([]int64, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	return q.db.RecordMail(ctx, sqldb.MailRecord{MessageID: id, MemberID: m.ID, Kind: msg.Kind, Status: q.sender.Status(),
		Notifications: ids}, complete(ctx, q, job))
}

type digestScheduleWorker struct {
	river.WorkerDefaults[DigestScheduleArgs]
	q *Queue
}

func (w *digestScheduleWorker) Work(ctx context.Context, job *river.Job[DigestScheduleArgs]) error {
	_, err := w.q.ScheduleDigests(ctx)
	return err
}

// DigestPeriod returns the latest end of a digest period at or before
// now, and its key: daily digests close every day at hour (UTC), weekly
// ones on Mondays at that hour.
func DigestPeriod(now time.Time, period hearth.EmailMode, hour int) (time.Time, string) {
	now = now.UTC()
	end := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, time.UTC)
	if now.Before(end) {
		end = end.AddDate(0, 0, -1)
	}
	if period != hearth.EmailWeekly {
		return end, end.Format("2006-01-02")
	}
	for end.Weekday() != time.Monday {
		end = end.AddDate(0, 0, -1)
	}
	y, wk := end.ISOWeek()
	return end, fmt.Sprintf("%d-W%02d", y, wk)
}

// ScheduleDigests queues the digests due at the queue's clock: for each
// period, one job per member with notifications waiting for it. Running
// it again queues nothing new (unique jobs), and a digest already sent
// is not sent again (its Message-ID is in mail_log). It returns how many
// jobs it queued.
func (q *Queue) ScheduleDigests(ctx context.Context) (int, error) {
	now, queued := q.now(), 0
	for _, period := range []hearth.EmailMode{hearth.EmailDaily, hearth.EmailWeekly} {
		end, key := DigestPeriod(now, period, q.cfg.DigestHour)
		members, err := q.db.DigestMembers(ctx, period, end)
		if err != nil {
			return queued, err
		}
		for _, id := range members {
			res, err := q.client.Insert(ctx, DigestArgs{MemberID: id, Period: period, Key: key, Until: end.UnixMilli()}, nil)
			if err != nil {
				return queued, err
			}
			if !res.UniqueSkippedAsDuplicate {
				queued++
			}
		}
	}
	if queued > 0 {
		q.log.Info("digests queued", "count", queued)
	}
	return queued, nil
}

type passwordResetWorker struct {
	river.WorkerDefaults[PasswordResetArgs]
	q *Queue
}

func (w *passwordResetWorker) Work(ctx context.Context, job *river.Job[PasswordResetArgs]) error {
	q := w.q
	// Each attempt makes a fresh token (only its hash is stored, so an
	// earlier attempt's cannot be mailed again) under this job's key.
	r, err := q.db.PreparePasswordReset(ctx, job.Args.Email, fmt.Sprintf("reset-%d", job.ID))
	if nothingToSend(err) {
		return nil
	} else if err != nil {
		return err
	}
	token, err := q.db.UnsubscribeToken(ctx, r.Member.ID, sqldb.ScopeAll)
	if err != nil {
		return err
	}
	id := fmt.Sprintf("reset-%d-%d", job.ID, job.Attempt)
	msg, err := q.composer.PasswordReset(r.Member, r.Token, id, token, q.now())
	if err != nil {
		return err
	}
	if err := q.send(ctx, msg); err != nil {
		return err
	}
	return q.db.RecordMail(ctx, sqldb.MailRecord{MessageID: msg.MessageID, MemberID: r.Member.ID, Kind: msg.Kind, Status: q.sender.Status()},
		complete(ctx, q, job))
}
