package jobs_test

import (
	"strconv"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// riverListPending lists jobs that are not finished.
func riverListPending() *river.JobListParams {
	return river.NewJobListParams().States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable,
		rivertype.JobStateScheduled, rivertype.JobStatePending).First(100)
}
