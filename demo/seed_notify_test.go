package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestSeedNotify: the demo's members find follows, email choices and
// unread notifications of every kind, and nothing seeded waits for mail.
func TestSeedNotify(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	now := time.Now()
	if err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	m, err := db.Authenticate(ctx, "firstyear_focal", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	ns, _, err := db.ListNotifications(ctx, m, 1)
	if err != nil {
		t.Fatal(err)
	}
	unread := map[hearth.NotifyKind]int{}
	for _, n := range ns {
		if !n.Read {
			unread[n.Kind]++
		}
		if n.CreatedAt.Before(now.Add(-72*time.Hour)) && !n.Read {
			t.Errorf("old notification left unread: %+v", n)
		}
	}
	for _, k := range []hearth.NotifyKind{hearth.NotifyMention, hearth.NotifyPost, hearth.NotifyThread} {
		if unread[k] == 0 {
			t.Errorf("firstyear_focal has no unread %s notification: %v", k, unread)
		}
	}
	if n, _ := db.CountUnread(ctx, m); n == 0 || n > sqldb.UnreadCap {
		t.Errorf("unread count %d", n)
	}
	fs, _ := db.ListFollows(ctx, m)
	if len(fs) != 3 {
		t.Errorf("follows: %+v", fs)
	}
	p, _ := db.NotifyPrefs(ctx, m)
	if p[hearth.NotifyThread] != hearth.EmailDaily {
		t.Errorf("prefs: %v", p)
	}
	dorm, _ := db.Authenticate(ctx, "dorm_room_seizures", demo.Password)
	if ns, _, _ := db.ListNotifications(ctx, dorm, 1); len(ns) == 0 || ns[0].Kind != hearth.NotifyReply || !strings.Contains(ns[0].Title, "tired") {
		t.Errorf("dorm_room_seizures: %+v", ns)
	}
	for _, period := range []hearth.EmailMode{hearth.EmailDaily, hearth.EmailWeekly} {
		if ids, err := db.DigestMembers(ctx, period, now.Add(time.Hour)); err != nil || len(ids) != 0 {
			t.Errorf("seeded notifications wait for a %s digest: %v %v", period, ids, err)
		}
	}
}

// TestSeedGuestCommentNotice: the guest comment a moderator approved on
// vns_veteran's story reached its author as "A guest commented".
func TestSeedGuestCommentNotice(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	m, err := db.Authenticate(ctx, "vns_veteran", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	ns, _, err := db.ListNotifications(ctx, m, 1)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, n := range ns {
		if n.Kind == hearth.NotifyComment && n.Summary() == "A guest commented" && strings.Contains(n.Excerpt, "being evaluated for a VNS") {
			found++
		}
	}
	if found != 1 {
		t.Errorf("vns_veteran has %d notices of the approved guest comment: %+v", found, ns)
	}
}
