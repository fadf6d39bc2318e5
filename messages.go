package hearth

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"
)

// Private messages (issue 13): conversations between two members or a
// small group. Only the conversation's current participants may read it:
// not the site's moderators or admins, not search, feeds or the
// operator's pages. A participant may report one message; that message
// alone (never the conversation) then shows to the site's moderators,
// and every look at it is written in the audit log.

// MaxParticipants bounds a conversation, the member who starts it
// included.
const MaxParticipants = 8

// MaxSubjectRunes bounds a conversation's subject line.
const MaxSubjectRunes = 120

// NewMemberConversationsPerDay is how many conversations a new member
// (an account younger than NewMemberAge, or with no published post) may
// start in a day.
const NewMemberConversationsPerDay = 3

// NewMemberAge is how long an account counts as new for messages.
const NewMemberAge = 24 * time.Hour

// ErrBlocked is the answer to a member who writes to someone who blocked
// them; the form keeps their text.
var ErrBlocked = Errorf(EForbidden, "This member does not accept messages from you.")

// MessagesPerPage is how many messages one page of a conversation shows.
const MessagesPerPage = 100

// NotifyMessage: someone sent you a private message. Its notification
// and email say who, never what.
const NotifyMessage NotifyKind = "message"

// SubjectMessage is a notification's subject type for a private message.
const SubjectMessage = "message"

// ActViewMessage: a moderator read a reported private message.
const ActViewMessage ModAction = "view_message"

// MessageActions lists what a moderator may do about a reported message:
// keep it (close the reports) or remove it from the conversation.
var MessageActions = []ModAction{ActApprove, ActRemove}

func init() {
	NotifyKinds = append(NotifyKinds, NotifyMessage)
	AuditActions = append(AuditActions, ActViewMessage)
}

// NewConversation is a conversation to start: the other members, by
// handle, and the first message.
type NewConversation struct {
	To      []string
	Subject string
	Body    string
}

// ParseHandles splits a "To" field ("@ana, ben  cleo") into handles,
// normalized, without repeats.
func ParseHandles(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		h := NormalizeHandle(f)
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// Validate cleans and checks a new conversation started by sender.
func (n *NewConversation) Validate(sender string) error {
	if err := CheckText(n.Subject, n.Body); err != nil {
		return err
	}
	to := n.To[:0:0]
	seen := map[string]bool{}
	for _, h := range n.To {
		h = NormalizeHandle(h)
		if h == "" || seen[h] {
			continue
		}
		if h == sender {
			return FieldErrorf("to", "You cannot send a message to yourself. Please name someone else.")
		}
		if err := ValidateHandle(h); err != nil {
			return FieldErrorf("to", "%q is not a handle. A handle is 3 to 30 letters, digits, dashes or underscores.", h)
		}
		seen[h] = true
		to = append(to, h)
	}
	n.To = to
	if len(n.To) == 0 {
		return FieldErrorf("to", "Please name who the message is for, by their handle, like @ana.")
	}
	if len(n.To)+1 > MaxParticipants {
		return FieldErrorf("to", "A conversation can have at most %d people, you included. You named %d.", MaxParticipants, len(n.To))
	}
	n.Subject = strings.Join(strings.Fields(n.Subject), " ")
	if c := utf8.RuneCountInString(n.Subject); c > MaxSubjectRunes {
		return FieldErrorf("subject", "The subject is %d characters long; please keep it under %d.", c, MaxSubjectRunes)
	}
	body, err := CleanMessage(n.Body)
	n.Body = body
	return err
}

// CleanMessage trims a message and checks its length.
func CleanMessage(b string) (string, error) {
	return cleanText(b, "message", "Please shorten it.") // text.go
}

// Conversation is a conversation as one participant sees it.
type Conversation struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject"`
	// Participants are the current participants' handles, the viewer
	// included, in the order they joined.
	Participants []string  `json:"participants"`
	CreatedAt    time.Time `json:"created_at"`
	LastAt       time.Time `json:"last_message_at"`
	// LastFrom is who wrote the newest message.
	LastFrom string `json:"last_from"`
	// Unread counts the messages the viewer has not seen.
	Unread   int        `json:"unread"`
	Messages []*Message `json:"messages,omitempty"`
}

// Others lists the participants other than handle.
func (c *Conversation) Others(handle string) []string {
	var out []string
	for _, p := range c.Participants {
		if p != handle {
			out = append(out, p)
		}
	}
	return out
}

// Title is the subject, or who the conversation is with.
func (c *Conversation) Title(viewer string) string {
	if c.Subject != "" {
		return c.Subject
	}
	others := c.Others(viewer)
	if len(others) == 0 {
		return "Conversation (everyone else left)"
	}
	return "Conversation with @" + strings.Join(others, ", @")
}

// Message is one private message.
type Message struct {
	ID             int64         `json:"id"`
	ConversationID int64         `json:"conversation_id"`
	Author         string        `json:"author"`
	AuthorRole     Role          `json:"author_role"`
	Body           string        `json:"body"`
	BodyHTML       template.HTML `json:"body_html"`
	// Removed: a moderator removed it after a report; its text is gone
	// from the conversation.
	Removed   bool      `json:"removed"`
	CreatedAt time.Time `json:"created_at"`
	// Unread: the viewer has not seen it before this page.
	Unread bool `json:"unread"`
}

// Anchor is the message's fragment in its conversation page.
func (m *Message) Anchor() string { return fmt.Sprintf("m%d", m.ID) }

// ReportedMessage is a reported message as the site's moderators see it:
// that message alone, its reports and what moderators did about it.
type ReportedMessage struct {
	Message *Message      `json:"message"`
	Reports []*Flag       `json:"reports"`
	History []*AuditEntry `json:"history"`
}

// Block is a member the viewer blocked.
type Block struct {
	Handle    string    `json:"handle"`
	CreatedAt time.Time `json:"created_at"`
}

// MessageService stores private messages. Every read takes the viewer
// and finds only conversations they take part in: for anyone else, a
// conversation and its messages do not exist (not found).
type MessageService interface {
	// StartConversation starts a conversation with its first message.
	StartConversation(ctx context.Context, viewer *Member, n NewConversation) (*Conversation, *Message, error)
	// SendMessage adds a message to a conversation the viewer is in.
	SendMessage(ctx context.Context, viewer *Member, conversationID int64, body string) (*Message, error)
	// ListConversations lists the viewer's conversations, newest first.
	ListConversations(ctx context.Context, viewer *Member) ([]*Conversation, error)
	// FindConversation returns a conversation with its messages (the
	// newest MessagesPerPage) and marks them read.
	FindConversation(ctx context.Context, viewer *Member, id int64) (*Conversation, error)
	// CountUnreadConversations counts the viewer's conversations with
	// unread messages.
	CountUnreadConversations(ctx context.Context, viewer *Member) (int, error)
	// LeaveConversation takes the viewer out of a conversation; they can
	// no longer read it.
	LeaveConversation(ctx context.Context, viewer *Member, id int64) error
	// ReportMessage shows one message of the viewer's conversation to
	// the site's moderators.
	ReportMessage(ctx context.Context, viewer *Member, messageID int64, n NewFlag) (*Flag, error)
	// FindMessage returns one message of a conversation the viewer is in.
	FindMessage(ctx context.Context, viewer *Member, messageID int64) (*Message, error)

	// Block stops a member from writing to the viewer; Unblock undoes it.
	Block(ctx context.Context, viewer *Member, handle string) error
	Unblock(ctx context.Context, viewer *Member, handle string) error
	ListBlocks(ctx context.Context, viewer *Member) ([]*Block, error)
	// IsBlocked reports whether the viewer blocked handle.
	IsBlocked(ctx context.Context, viewer *Member, handle string) (bool, error)
	// IsNewToMessages reports whether the viewer's account is new for
	// messages: younger than NewMemberAge, or without a published post.
	IsNewToMessages(ctx context.Context, viewer *Member) (bool, error)

	// ReportedMessages lists messages with open reports, for the site's
	// moderators; it shows no text (opening one is audited).
	ReportedMessages(ctx context.Context, viewer *Member) ([]*ReportedMessage, error)
	// FindReportedMessage shows a reported message to a site moderator
	// and writes that look in the audit log.
	FindReportedMessage(ctx context.Context, viewer *Member, messageID int64) (*ReportedMessage, error)
	// ModerateMessage keeps (approve) or removes a reported message,
	// closes its reports and writes the audit log.
	ModerateMessage(ctx context.Context, viewer *Member, messageID int64, action ModAction, reason string) error
}
