package hearth

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Account statuses (members.status). A deleted account keeps its row, so
// that the posts it leaves readable still have an author, but nothing
// personal: its handle becomes DeletedHandle(id) and its email, bio,
// password, sessions and tokens are gone. A memorial account keeps its
// handle and posts but can no longer sign in or be notified.
const (
	StatusActive   = "active"
	StatusDeleted  = "deleted"
	StatusMemorial = "memorial"
)

// DeletedMemberLabel is what readers see in place of a deleted member's
// handle, everywhere: posts, lists, search, feeds and the API.
const DeletedMemberLabel = "deleted member"

// deletedPrefix starts the handle of every deleted account. '~' is not
// allowed in handles (ValidateHandle), so no one can sign up as one.
const deletedPrefix = "~deleted-"

// DeletedHandle is the handle a deleted account keeps.
func DeletedHandle(id int64) string { return deletedPrefix + strconv.FormatInt(id, 10) }

// IsDeletedHandle reports whether h belongs to a deleted account.
func IsDeletedHandle(h string) bool { return strings.HasPrefix(h, deletedPrefix) }

// DisplayHandle is a handle as readers see it: DeletedMemberLabel for a
// deleted account.
func DisplayHandle(h string) string {
	if IsDeletedHandle(h) {
		return DeletedMemberLabel
	}
	return h
}

// IsMemorial reports whether m is a memorial account.
func (m *Member) IsMemorial() bool { return m != nil && m.Status == StatusMemorial }

// Contactable reports whether m may be offered as someone to write to,
// to mentor or to notify: not a memorial or deleted account.
func (m *Member) Contactable() bool {
	return m != nil && (m.Status == "" || m.Status == StatusActive)
}

// DeleteChoice is what happens to a deleted member's posts.
type DeleteChoice string

const (
	// DeleteKeepPosts leaves threads, replies, stories, comments and
	// reports readable, by "deleted member".
	DeleteKeepPosts DeleteChoice = "keep"
	// DeleteRemovePosts removes them (a thread others answered keeps the
	// answers; its opening post is replaced by a note).
	DeleteRemovePosts DeleteChoice = "remove"
)

// Valid reports whether c is a known choice.
func (c DeleteChoice) Valid() bool { return c == DeleteKeepPosts || c == DeleteRemovePosts }

// RemovedPostBody replaces the opening post of a thread whose author
// deleted their account and removed their posts, when others answered.
const RemovedPostBody = "This post was removed when its author deleted their account."

// RemovedThreadTitle replaces such a thread's title.
const RemovedThreadTitle = "Removed post"

// Export statuses.
const (
	ExportPreparing = "preparing"
	ExportReady     = "ready"
	ExportFailed    = "failed"
)

// ExportLifetime is how long a ready export may be downloaded.
const ExportLifetime = 7 * 24 * time.Hour

// DataExport is a member's export archive (without its bytes).
type DataExport struct {
	ID        int64      `json:"id"`
	Status    string     `json:"status"`
	Size      int64      `json:"size"`
	CreatedAt time.Time  `json:"created_at"`
	ReadyAt   *time.Time `json:"ready_at,omitempty"`
}

// ExportBuilder writes a member's archive from their data.
type ExportBuilder func(ctx context.Context, data *ExportData) ([]byte, error)

// ExportData is everything a member wrote, as the export's JSON holds it.
type ExportData struct {
	ExportedAt    time.Time          `json:"exported_at"`
	Profile       ExportProfile      `json:"profile"`
	Threads       []ExportPost       `json:"threads"`
	Replies       []ExportPost       `json:"replies"`
	Stories       []ExportStory      `json:"stories"`
	Comments      []ExportComment    `json:"story_comments"`
	Reports       []ExportReport     `json:"what_we_tried_reports"`
	Follows       []ExportFollow     `json:"follows"`
	Notifications []ExportNotifyPref `json:"notification_settings"`
	Memberships   []ExportMembership `json:"communities"`
	// Conversations are the private conversations the member still takes
	// part in, with every participant's published messages (they could
	// read them all); not those they left, nor messages moderators
	// removed (docs/decisions.md).
	Conversations []ExportConversation `json:"private_messages"`
}

// ExportConversation is a private conversation of the member's.
type ExportConversation struct {
	ID           int64           `json:"id"`
	Subject      string          `json:"subject,omitempty"`
	Participants []string        `json:"participants"`
	CreatedAt    time.Time       `json:"created_at"`
	Messages     []ExportMessage `json:"messages"`
}

// Title is the subject, or who the conversation is with.
func (c ExportConversation) Title(self string) string {
	if c.Subject != "" {
		return c.Subject
	}
	var others []string
	for _, p := range c.Participants {
		if p != self {
			others = append(others, AuthorName(p, false))
		}
	}
	if len(others) == 0 {
		return "Conversation"
	}
	return "Conversation with " + strings.Join(others, ", ")
}

// ExportMessage is one message of a conversation. Author is a handle,
// or DeletedMemberLabel.
type ExportMessage struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Mine      bool      `json:"mine"`
	Body      string    `json:"body"`
	BodyHTML  string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportProfile is the account itself.
type ExportProfile struct {
	ID        int64     `json:"id"`
	Handle    string    `json:"handle"`
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	Bio       string    `json:"bio"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportPost is a thread's opening post (with the title) or a reply.
type ExportPost struct {
	ID        int64      `json:"id"`
	ThreadID  int64      `json:"thread_id"`
	Community string     `json:"community"`
	Title     string     `json:"title,omitempty"`
	Body      string     `json:"body"`
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at,omitempty"`
}

// ExportStory is a story with its comments (everyone's published ones).
type ExportStory struct {
	ID         int64           `json:"id"`
	Title      string          `json:"title"`
	Body       string          `json:"body"`
	BodyHTML   string          `json:"-"`
	Visibility string          `json:"visibility"`
	Cover      string          `json:"cover,omitempty"`
	CoverAlt   string          `json:"cover_alt,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	EditedAt   *time.Time      `json:"edited_at,omitempty"`
	Comments   []ExportComment `json:"comments"`
}

// ExportComment is a comment on a story. Guests' email addresses are
// never exported.
type ExportComment struct {
	ID        int64     `json:"id"`
	StoryID   int64     `json:"story_id"`
	ParentID  int64     `json:"parent_id,omitempty"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	BodyHTML  string    `json:"-"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportReport is a what-we-tried report with its earlier versions.
type ExportReport struct {
	ID            int64                `json:"id"`
	Community     string               `json:"community"`
	Treatment     string               `json:"treatment"`
	ForWhom       string               `json:"for_whom"`
	Started       string               `json:"started"`
	Stopped       string               `json:"stopped,omitempty"`
	StopReason    string               `json:"stop_reason,omitempty"`
	Effectiveness string               `json:"effectiveness"`
	SideEffects   []ExportSideEffect   `json:"side_effects"`
	Body          string               `json:"body"`
	CreatedAt     time.Time            `json:"created_at"`
	UpdatedAt     time.Time            `json:"updated_at"`
	History       []ExportReportChange `json:"history"`
}

// ExportSideEffect is one side effect of a report.
type ExportSideEffect struct {
	Name     string `json:"name"`
	Severity string `json:"severity"`
}

// ExportReportChange is an earlier version of a report.
type ExportReportChange struct {
	Treatment     string    `json:"treatment"`
	ForWhom       string    `json:"for_whom"`
	Started       string    `json:"started"`
	Stopped       string    `json:"stopped,omitempty"`
	StopReason    string    `json:"stop_reason,omitempty"`
	Effectiveness string    `json:"effectiveness"`
	SideEffects   string    `json:"side_effects"`
	Body          string    `json:"body"`
	EditedAt      time.Time `json:"edited_at"`
}

// ExportFollow is something the member follows.
type ExportFollow struct {
	Kind      string    `json:"kind"`
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportNotifyPref is an email choice for a kind of notification.
type ExportNotifyPref struct {
	Kind  string `json:"kind"`
	Email string `json:"email"`
}

// ExportMembership is a community the member joined.
type ExportMembership struct {
	Community string    `json:"community"`
	Status    string    `json:"status"`
	JoinedAt  time.Time `json:"joined_at"`
}

// MemorialRequest asks moderators to turn an account into a memorial.
type MemorialRequest struct {
	ID           int64      `json:"id"`
	Member       string     `json:"member"`
	RequestedBy  string     `json:"requested_by,omitempty"`
	Relationship string     `json:"relationship"`
	Note         string     `json:"note,omitempty"`
	Status       string     `json:"status"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedBy    string     `json:"decided_by,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
}

// NewMemorialRequest is what the request form sends.
type NewMemorialRequest struct {
	Handle       string
	Relationship string
	Note         string
}

// Validate checks a memorial request.
func (n *NewMemorialRequest) Validate() error {
	n.Handle = NormalizeHandle(n.Handle)
	n.Relationship = strings.TrimSpace(n.Relationship)
	n.Note = strings.TrimSpace(n.Note)
	if err := CheckText(n.Relationship, n.Note); err != nil {
		return err
	}
	if n.Relationship == "" {
		return FieldErrorf("relationship", "Please say how you knew this person, like \"I am her daughter\".")
	}
	if len([]rune(n.Relationship)) > 200 {
		return FieldErrorf("relationship", "Please keep how you knew them to 200 characters or fewer.")
	}
	if len([]rune(n.Note)) > 2000 {
		return FieldErrorf("note", "Please keep the note to 2,000 characters or fewer.")
	}
	return nil
}

// Audit actions of this file.
const (
	ActMemorial ModAction = "memorial"        // turn an account into a memorial
	ActDecline  ModAction = "memorial_denied" // decline a memorial request
	ActDeleted  ModAction = "account_deleted" // a member deleted their account
)

func init() { AuditActions = append(AuditActions, ActMemorial, ActDecline, ActDeleted) }

// AccountService is export, deletion and memorial accounts.
type AccountService interface {
	// RequestExport starts an export, or returns the one being prepared
	// (code conflict) or a ready one (ready true) without starting another.
	RequestExport(ctx context.Context, viewer *Member, build ExportBuilder, fresh bool) (e *DataExport, ready bool, err error)
	LatestExport(ctx context.Context, viewer *Member) (*DataExport, error)
	ExportArchive(ctx context.Context, viewer *Member, id int64) ([]byte, error)
	// ExportData is the export's JSON for a member (the API, and the
	// archive's builder).
	ExportData(ctx context.Context, memberID int64) (*ExportData, error)
	DeleteAccount(ctx context.Context, viewer *Member, password string, choice DeleteChoice) (removedUploads []string, err error)
	RequestMemorial(ctx context.Context, viewer *Member, n NewMemorialRequest) (*MemorialRequest, error)
	ListMemorialRequests(ctx context.Context, viewer *Member) ([]*MemorialRequest, error)
	DecideMemorial(ctx context.Context, viewer *Member, id int64, approve bool) error
}
