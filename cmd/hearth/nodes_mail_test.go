package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/email/emailtest"
	"github.com/hearth-community/hearth/jobs"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// startMailNode runs `hearth serve` with a mail server and returns its
// base URL.
func startMailNode(t *testing.T, bin, db, smtpURL string) string {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	cmd.Env = append(os.Environ(), "HEARTH_SMTP_URL="+smtpURL, "HEARTH_BASE_URL=https://hearth.test", "HEARTH_LOG_FORMAT=json")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("node did not start: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	return strings.TrimSpace(strings.TrimPrefix(line, "hearth listening on "))
}

// TestTwoNodesMailOnce: two hearth processes on one PostgreSQL database
// share one job queue. Posts through either node mention members; each
// mention's email leaves exactly once, though both nodes work mail jobs.
func TestTwoNodesMailOnce(t *testing.T) {
	bin := buildBinary(t)
	pg := sqldbtest.NewPostgresDSN(t)
	mail := emailtest.New(t)
	if out, code := runCLI(t, bin, "", "community", "create", "--db", pg, "--slug", "epilepsy", "--name", "Epilepsy"); code != 0 {
		t.Fatalf("community create: %s", out)
	}
	const readers = 6
	for i := range readers {
		h := fmt.Sprintf("reader_%d", i)
		if out, code := runCLI(t, bin, "a long enough password\n", "user", "create", "--db", pg, "--handle", h, "--email", h+"@example.org", "--role", "member"); code != 0 {
			t.Fatalf("user create: %s", out)
		}
	}
	runCLI(t, bin, "a long enough password\n", "user", "create", "--db", pg, "--handle", "poster", "--email", "poster@example.org", "--role", "member")
	tokOut, _ := runCLI(t, bin, "", "token", "create", "--db", pg, "--handle", "poster")
	token := strings.TrimSpace(tokOut)
	nodes := []string{startMailNode(t, bin, pg, mail.URL), startMailNode(t, bin, pg, mail.URL)}
	for i := range readers {
		body, _ := json.Marshal(map[string]string{"title": fmt.Sprintf("Question %d", i), "body": fmt.Sprintf("What do you think, @reader_%d?", i)})
		req, _ := http.NewRequest("POST", nodes[i%2]+"/api/v1/communities/epilepsy/threads", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("post through node %d: %d", i%2, res.StatusCode)
		}
	}
	mail.Wait(t, readers, 30*time.Second)

	// Wait until no job is left on either node, then count.
	ctx := context.Background()
	db, err := sqldb.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sender, _ := email.NewSender("", slog.New(slog.NewTextHandler(io.Discard, nil)))
	q, err := jobs.Open(ctx, db, jobs.Config{Sender: sender, Composer: &email.Composer{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close() // never started: it only reads the queue
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := q.Client().JobList(ctx, river.NewJobListParams().States(rivertype.JobStateAvailable, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled, rivertype.JobStatePending).Kinds("hearth_fan_out", "hearth_email_notification").First(10))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Jobs) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs still pending after 30s", len(res.Jobs))
		}
		time.Sleep(50 * time.Millisecond)
	}
	msgs := mail.Messages()
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[m.To[0]] {
			t.Errorf("%s got two messages", m.To[0])
		}
		seen[m.To[0]] = true
		if !strings.Contains(m.Text(), "https://hearth.test/c/epilepsy/t/") {
			t.Errorf("link to the base URL missing:\n%s", m.Text())
		}
	}
	if len(msgs) != readers {
		t.Errorf("%d messages for %d mentions", len(msgs), readers)
	}
	counts, _ := db.MailCounts(ctx)
	if counts["sent"] != readers {
		t.Errorf("mail log: %v", counts)
	}
}
