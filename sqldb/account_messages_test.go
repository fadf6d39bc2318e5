package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// TestExportPrivateMessages: a member's export holds the conversations
// they are still in, with every participant's published messages; not a
// conversation they left, nor a message moderators removed, nor anyone
// else's conversation. A participant who deleted their account shows as
// "deleted member", never by their internal handle.
func TestExportPrivateMessages(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	db := w.db
	// A conversation ana left, and one she was never in.
	left, _, err := db.StartConversation(ctx, w.cleo, hearth.NewConversation{To: []string{"ana"}, Body: "Left behind: okapi words"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.LeaveConversation(ctx, w.ana, left.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.StartConversation(ctx, w.ben, hearth.NewConversation{To: []string{"cleo"}, Body: "Not for ana: tapir words"}); err != nil {
		t.Fatal(err)
	}
	// A message that moderators removed after a report.
	bad, err := db.SendMessage(ctx, w.ben, w.pair.ID, "Removed: rude gecko words")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReportMessage(ctx, w.ana, bad.ID, hearth.NewFlag{Reason: hearth.FlagHarassment}); err != nil {
		t.Fatal(err)
	}
	if err := db.ModerateMessage(ctx, w.smod, bad.ID, hearth.ActRemove, "Rude."); err != nil {
		t.Fatal(err)
	}
	// Cleo deletes her account, keeping her posts.
	if _, err := db.DeleteAccount(ctx, w.cleo, "long enough password", hearth.DeleteKeepPosts); err != nil {
		t.Fatal(err)
	}

	d, err := db.ExportData(ctx, w.ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Conversations) != 2 || d.Conversations[0].ID != w.pair.ID || d.Conversations[1].ID != w.group.ID {
		t.Fatalf("conversations: %+v", d.Conversations)
	}
	pair, group := d.Conversations[0], d.Conversations[1]
	if pair.Subject != "Seizure diary" || strings.Join(pair.Participants, ",") != "ana,ben" || len(pair.Messages) != 2 {
		t.Fatalf("pair: %+v", pair)
	}
	if m := pair.Messages[0]; m.Author != "ana" || !m.Mine || m.Body != secretText {
		t.Errorf("ana's message: %+v", m)
	}
	if m := pair.Messages[1]; m.Author != "ben" || m.Mine || !strings.Contains(m.BodyHTML, "<strong>Ours</strong>") {
		t.Errorf("ben's message: %+v", m)
	}
	if strings.Join(group.Participants, ",") != "ana,ben" || len(group.Messages) != 1 || group.Messages[0].Author != hearth.DeletedMemberLabel ||
		group.Messages[0].Body != "Group hello" {
		t.Errorf("group after cleo deleted her account: %+v", group)
	}
	b, _ := json.Marshal(d)
	for _, leak := range []string{"okapi", "tapir", "gecko", "~deleted"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the export holds %q", leak)
		}
	}
	if !strings.Contains(string(b), `"private_messages":[`) {
		t.Errorf("no private_messages in the JSON")
	}
	// Someone without conversations gets an empty list, not null.
	d, err = db.ExportData(ctx, w.out.ID)
	if err != nil || d.Conversations == nil || len(d.Conversations) != 0 {
		t.Errorf("outsider: %v %v", d.Conversations, err)
	}
}
