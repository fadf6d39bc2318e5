package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// The demo shows the care alerts: a story flagged by the wording check in
// the moderators' queue, the on-duty moderator's alert about a message
// reported as a crisis (handled, and without its text), and the crisis
// resources' lines in the audit log.
func TestCareSeedAlerts(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	mod := mustFind(t, db, demo.OnDuty)
	fs, err := db.StoryFlags(ctx, mod)
	if err != nil || len(fs) != 1 || fs[0].Author != demo.CrisisStory.Author || !fs[0].Automatic {
		t.Fatalf("flagged stories: %+v %v", fs, err)
	}
	ns, _, err := db.ListNotifications(ctx, mod, 1)
	if err != nil {
		t.Fatal(err)
	}
	var story, message bool
	for _, n := range ns {
		if n.Kind != hearth.NotifyCrisis {
			continue
		}
		story = story || n.URL == fs[0].URL()
		if strings.HasPrefix(n.URL, "/mod/messages/") {
			message = true
			if strings.Contains(n.Title+n.Excerpt, "here anymore") {
				t.Errorf("the alert carries the message: %+v", n)
			}
		}
	}
	if !story || !message {
		t.Errorf("the moderator on duty's crisis alerts: story %v, message %v", story, message)
	}
	admin := mustFind(t, db, "lanternkeeper")
	if es, _, err := db.ListAudit(ctx, admin, hearth.ActCrisisAdd, 1); err != nil || len(es) != len(demo.CrisisResources) {
		t.Errorf("audit lines for the crisis resources: %d %v", len(es), err)
	}
}
