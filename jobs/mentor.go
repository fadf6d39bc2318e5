package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// MentorSweepArgs: send the mentoring reminders that are due and offer
// mentors to newcomers still waiting for one (hourly; sqldb/mentor.go).
// The reminders' notifications queue their own emails by each mentor's
// choice, like every other notification.
type MentorSweepArgs struct{}

func (MentorSweepArgs) Kind() string { return "hearth_mentor_sweep" }
func (MentorSweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: 30 * time.Minute}}
}

type mentorSweepWorker struct {
	river.WorkerDefaults[MentorSweepArgs]
	q *Queue
}

func (w *mentorSweepWorker) Work(ctx context.Context, job *river.Job[MentorSweepArgs]) error {
	_, err := w.q.SweepMentors(ctx)
	return err
}

// SweepMentors runs the mentoring sweep at the queue's clock and returns
// how many reminders it sent.
func (q *Queue) SweepMentors(ctx context.Context) (int, error) {
	n, err := q.db.MentorSweep(ctx, q.now())
	if err == nil && n > 0 {
		q.log.Info("mentor reminders sent", "count", n)
	}
	return n, err
}
