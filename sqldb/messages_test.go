package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

type msgWorld struct {
	db                               *sqldb.DB
	clock                            *sqldbtest.Clock
	ana, ben, cleo, out, smod, admin *hearth.Member
	pair, group                      *hearth.Conversation
	first, reply, groupFirst         *hearth.Message
	readers                          map[string]*hearth.Member
}

const secretText = "my new neurologist at Riverside changed the dose"

func newMsgWorld(t *testing.T) *msgWorld {
	t.Helper()
	ctx := context.Background()
	db, clock := sqldbtest.MustOpen(t)
	w := &msgWorld{db: db, clock: clock}
	w.ana = mustMember(t, db, "ana", hearth.RoleMember)
	w.ben = mustMember(t, db, "ben", hearth.RoleMember)
	w.cleo = mustMember(t, db, "cleo", hearth.RoleMember)
	w.out = mustMember(t, db, "outsider", hearth.RoleMember)
	w.smod = mustMember(t, db, "smod", hearth.RoleModerator)
	w.admin = mustMember(t, db, "admin", hearth.RoleAdmin)
	var err error
	if w.pair, w.first, err = db.StartConversation(ctx, w.ana, hearth.NewConversation{To: []string{"@ben"}, Subject: "Seizure diary", Body: secretText}); err != nil {
		t.Fatal(err)
	}
	if w.reply, err = db.SendMessage(ctx, w.ben, w.pair.ID, "Thanks for telling me. **Ours** too."); err != nil {
		t.Fatal(err)
	}
	if w.group, w.groupFirst, err = db.StartConversation(ctx, w.cleo, hearth.NewConversation{To: []string{"ana", "ben"}, Body: "Group hello"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestMessagesParticipantsOnly(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	for _, r := range []*hearth.Member{w.out, w.smod, w.admin, nil} {
		name := "signed out"
		if r != nil {
			name = r.Handle
		}
		want := hearth.ENotFound
		if r == nil {
			want = hearth.EUnauthorized
		}
		if _, err := w.db.FindConversation(ctx, r, w.pair.ID); hearth.ErrorCode(err) != want {
			t.Errorf("%s: FindConversation = %v, want %s", name, err, want)
		}
		if _, err := w.db.FindMessage(ctx, r, w.first.ID); hearth.ErrorCode(err) != want {
			t.Errorf("%s: FindMessage = %v, want %s", name, err, want)
		}
		if _, err := w.db.SendMessage(ctx, r, w.pair.ID, "let me in"); hearth.ErrorCode(err) != want {
			t.Errorf("%s: SendMessage = %v, want %s", name, err, want)
		}
		if _, err := w.db.ReportMessage(ctx, r, w.first.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); hearth.ErrorCode(err) != want {
			t.Errorf("%s: ReportMessage = %v, want %s", name, err, want)
		}
		if err := w.db.LeaveConversation(ctx, r, w.pair.ID); hearth.ErrorCode(err) != want {
			t.Errorf("%s: LeaveConversation = %v, want %s", name, err, want)
		}
		if r != nil {
			if cs, err := w.db.ListConversations(ctx, r); err != nil || len(cs) != 0 {
				t.Errorf("%s: ListConversations = %d, %v; want none", name, len(cs), err)
			}
			if ns, _, err := w.db.ListNotifications(ctx, r, 1); err != nil || len(ns) != 0 {
				t.Errorf("%s: %d notifications, %v; want none", name, len(ns), err)
			}
		}
	}
	// The participants read it, and unread counts follow what they saw.
	cs, err := w.db.ListConversations(ctx, w.ben)
	if err != nil || len(cs) != 2 {
		t.Fatalf("ben's conversations = %d, %v", len(cs), err)
	}
	if cs[0].ID != w.group.ID || cs[0].Unread != 1 || cs[1].Unread != 0 {
		t.Errorf("ben's list: %+v %+v; want the group first with 1 unread, the pair with 0 (he replied)", cs[0], cs[1])
	}
	if n, _ := w.db.CountUnreadConversations(ctx, w.ana); n != 2 {
		t.Errorf("ana has %d unread conversations, want 2", n)
	}
	c, err := w.db.FindConversation(ctx, w.ana, w.pair.ID)
	if err != nil || len(c.Messages) != 2 || c.Messages[0].Body != secretText || !c.Messages[1].Unread ||
		!strings.Contains(string(c.Messages[1].BodyHTML), "<strong>Ours</strong>") {
		t.Fatalf("ana reads the pair: %+v, %v", c, err)
	}
	if n, _ := w.db.CountUnreadConversations(ctx, w.ana); n != 1 {
		t.Errorf("after reading, ana has %d unread conversations, want 1", n)
	}
	// Leaving ends every read.
	if err := w.db.LeaveConversation(ctx, w.ben, w.group.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.FindConversation(ctx, w.ben, w.group.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("ben after leaving: %v, want not found", err)
	}
	if c, err := w.db.FindConversation(ctx, w.cleo, w.group.ID); err != nil || strings.Join(c.Participants, ",") != "cleo,ana" {
		t.Errorf("the group after ben left: %v, %v", c, err)
	}
}

func TestMessageNotificationHasNoBody(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	ns, _, err := w.db.ListNotifications(ctx, w.ben, 1)
	if err != nil {
		t.Fatal(err)
	}
	var n *hearth.Notification
	for _, x := range ns {
		if x.Subject.Type == hearth.SubjectMessage && x.Subject.ID == w.first.ID {
			n = x
		}
	}
	if n == nil {
		t.Fatalf("ben has no notification of ana's message: %+v", ns)
	}
	if n.Kind != hearth.NotifyMessage || n.Summary() != "@ana sent you a message" || n.Excerpt != "" ||
		strings.Contains(n.Title, "neurologist") || !strings.HasPrefix(n.URL, "/messages/"+itoa(w.pair.ID)) {
		t.Errorf("notification = %+v", n)
	}
	m, err := (&email.Composer{SiteName: "hearth", BaseURL: "https://hearth.example.org", From: "hearth@example.org"}).Notification(w.ben, n, "tok", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "You have a new message from @ana on hearth" {
		t.Errorf("subject = %q", m.Subject)
	}
	for _, part := range []string{m.Text, m.HTML, m.Subject} {
		if strings.Contains(part, "neurologist") || strings.Contains(part, "Seizure diary") {
			t.Errorf("the email carries the message: %s", part)
		}
	}
	// Once ben leaves, the notification goes too.
	if err := w.db.LeaveConversation(ctx, w.ben, w.pair.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.FindNotification(ctx, w.ben, n.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("notification after leaving: %v", err)
	}
}

func TestMessageReportRevealsThatMessageOnly(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	if _, err := w.db.ReportMessage(ctx, w.ana, w.first.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("reporting one's own message: %v", err)
	}
	if _, err := w.db.ReportMessage(ctx, w.ben, w.first.ID, hearth.NewFlag{Reason: hearth.FlagHarassment, Note: "not ok"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*hearth.Member{w.ana, w.ben, w.out} {
		if _, err := w.db.ReportedMessages(ctx, r); hearth.ErrorCode(err) != hearth.ENotFound {
			t.Errorf("%s lists reported messages: %v", r.Handle, err)
		}
		if _, err := w.db.FindReportedMessage(ctx, r, w.first.ID); hearth.ErrorCode(err) != hearth.ENotFound {
			t.Errorf("%s reads a reported message: %v", r.Handle, err)
		}
	}
	// A later report that someone may be in danger goes first.
	if _, err := w.db.ReportMessage(ctx, w.ana, w.groupFirst.ID, hearth.NewFlag{Reason: hearth.FlagReason("crisis")}); err != nil {
		t.Fatal(err)
	}
	list, err := w.db.ReportedMessages(ctx, w.smod)
	if err != nil || len(list) != 2 || list[0].Message.ID != w.groupFirst.ID || list[1].Message.ID != w.first.ID ||
		list[1].Message.Body != "" || len(list[1].Reports) != 1 {
		t.Fatalf("queue = %+v, %v", list, err)
	}
	// Only the reported message: not the reply beside it, not the conversation.
	if _, err := w.db.FindReportedMessage(ctx, w.smod, w.reply.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("the reply beside it: %v", err)
	}
	if _, err := w.db.FindConversation(ctx, w.smod, w.pair.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("the conversation: %v", err)
	}
	before, _, _ := w.db.ListAudit(ctx, w.admin, hearth.ActViewMessage, 1)
	rm, err := w.db.FindReportedMessage(ctx, w.smod, w.first.ID)
	if err != nil || rm.Message.Body != secretText || len(rm.Reports) != 1 || rm.Reports[0].Reason != hearth.FlagHarassment {
		t.Fatalf("reported message = %+v, %v", rm, err)
	}
	after, _, _ := w.db.ListAudit(ctx, w.admin, hearth.ActViewMessage, 1)
	if len(after) != len(before)+1 || after[0].Actor != "smod" || after[0].TargetType != "message" || after[0].TargetID != w.first.ID {
		t.Fatalf("audit after a look: %+v", after)
	}
	if err := w.db.ModerateMessage(ctx, w.smod, w.first.ID, hearth.ActRemove, ""); hearth.ErrorField(err) != "reason" {
		t.Errorf("remove without a reason: %v", err)
	}
	if err := w.db.ModerateMessage(ctx, w.smod, w.first.ID, hearth.ActRemove, "Harassment"); err != nil {
		t.Fatal(err)
	}
	c, err := w.db.FindConversation(ctx, w.ben, w.pair.ID)
	if err != nil || !c.Messages[0].Removed || c.Messages[0].Body != "" || c.Messages[1].Removed {
		t.Errorf("after removal: %+v %v", c.Messages[0], err)
	}
	if list, _ := w.db.ReportedMessages(ctx, w.smod); len(list) != 1 || list[0].Message.ID != w.groupFirst.ID {
		t.Errorf("queue after removal: %+v", list)
	}
	acts, _, _ := w.db.ListAudit(ctx, w.admin, hearth.ActRemove, 1)
	if len(acts) != 1 || acts[0].TargetType != "message" || acts[0].Member != "ana" {
		t.Errorf("audit of the removal: %+v", acts)
	}
}

func TestMessageBlocks(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	if err := w.db.Block(ctx, w.ben, "@ana"); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Block(ctx, w.ben, "ben"); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("blocking oneself: %v", err)
	}
	_, err := w.db.SendMessage(ctx, w.ana, w.pair.ID, "please answer")
	if err == nil || hearth.ErrorMessage(err) != "This member does not accept messages from you." {
		t.Errorf("reply to a blocker: %v", err)
	}
	if _, _, err := w.db.StartConversation(ctx, w.ana, hearth.NewConversation{To: []string{"ben"}, Body: "hi"}); hearth.ErrorMessage(err) != "This member does not accept messages from you." {
		t.Errorf("new conversation with a blocker: %v", err)
	}
	if _, err := w.db.SendMessage(ctx, w.ana, w.group.ID, "hi all"); hearth.ErrorCode(err) != hearth.EForbidden || !strings.Contains(hearth.ErrorMessage(err), "@ben") {
		t.Errorf("group with a blocker: %v", err)
	}
	// ben may still write to ana.
	if _, err := w.db.SendMessage(ctx, w.ben, w.pair.ID, "please stop"); err != nil {
		t.Errorf("the blocker writes: %v", err)
	}
	if bs, err := w.db.ListBlocks(ctx, w.ben); err != nil || len(bs) != 1 || bs[0].Handle != "ana" {
		t.Errorf("blocks = %+v, %v", bs, err)
	}
	if err := w.db.Unblock(ctx, w.ben, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SendMessage(ctx, w.ana, w.pair.ID, "thank you"); err != nil {
		t.Errorf("after unblock: %v", err)
	}
}

func TestMessageValidationAndNewMembers(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	for _, tc := range []struct {
		n     hearth.NewConversation
		field string
	}{
		{hearth.NewConversation{Body: "hi"}, "to"},
		{hearth.NewConversation{To: []string{"ana"}, Body: "hi"}, "to"},
		{hearth.NewConversation{To: []string{"nobody-here"}, Body: "hi"}, "to"},
		{hearth.NewConversation{To: []string{"ben"}, Body: "  "}, "body"},
		{hearth.NewConversation{To: []string{"a1x", "b1x", "c1x", "d1x", "e1x", "f1x", "g1x", "h1x"}, Body: "hi"}, "to"},
	} {
		if _, _, err := w.db.StartConversation(ctx, w.ana, tc.n); hearth.ErrorField(err) != tc.field {
			t.Errorf("%+v: %v, want a problem with %s", tc.n, err, tc.field)
		}
	}
	if isNew, err := w.db.IsNewToMessages(ctx, w.ana); err != nil || !isNew {
		t.Errorf("a day-old account without posts: new = %v, %v", isNew, err)
	}
	mustCommunity(t, w.db, "pub", hearth.Public)
	if _, err := w.db.CreateThread(ctx, w.ana, "pub", hearth.NewThread{Title: "Hello", Body: "First post"}); err != nil {
		t.Fatal(err)
	}
	if isNew, _ := w.db.IsNewToMessages(ctx, w.ana); !isNew {
		t.Errorf("an hour-old account with a post counts as not new")
	}
	w.clock.T = w.clock.T.Add(25 * time.Hour)
	if isNew, _ := w.db.IsNewToMessages(ctx, w.ana); isNew {
		t.Errorf("a day-old account with a post counts as new")
	}
	if isNew, _ := w.db.IsNewToMessages(ctx, w.ben); !isNew {
		t.Errorf("an account without a post counts as not new")
	}
}
