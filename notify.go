package hearth

import (
	"context"
	"fmt"
	"time"
)

// FollowKind is what a member can follow.
type FollowKind string

// Follow kinds.
const (
	FollowCommunity FollowKind = "community" // new threads in it
	FollowThread    FollowKind = "thread"    // new replies in it
	FollowMember    FollowKind = "member"    // a member's new stories
	FollowEvent     FollowKind = "event"     // an event's changes and live room
)

// FollowKinds lists every follow kind.
var FollowKinds = []FollowKind{FollowCommunity, FollowThread, FollowMember, FollowEvent}

// Valid reports whether k is a known follow kind.
func (k FollowKind) Valid() bool {
	for _, v := range FollowKinds {
		if k == v {
			return true
		}
	}
	return false
}

// FollowTarget names something to follow: Key is a community's slug, a
// thread's ID, a member's handle or an event's ID, as in their URLs.
type FollowTarget struct {
	Kind FollowKind `json:"kind"`
	Key  string     `json:"target"`
}

// Follow is one thing a member follows, with what its page shows.
type Follow struct {
	Kind      FollowKind `json:"kind"`
	Key       string     `json:"target"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	CreatedAt time.Time  `json:"created_at"`
}

// NotifyKind is why a member is told about something.
type NotifyKind string

// Notification kinds. Stories and comments (their own package of
// storage) use NotifyStory and NotifyComment.
const (
	NotifyMention NotifyKind = "mention" // someone wrote @you
	NotifyReply   NotifyKind = "reply"   // a reply in a thread you started
	NotifyThread  NotifyKind = "thread"  // a new thread in a community you follow
	NotifyPost    NotifyKind = "post"    // a new reply in a thread you follow
	NotifyStory   NotifyKind = "story"   // a new story by a member you follow
	NotifyComment NotifyKind = "comment" // a comment on your story, or a reply to your comment
	NotifyEvent   NotifyKind = "event"   // a live chat you said you will be at starts soon (events.go)
	// NotifyModeration: a moderator acted on your post or account (moderation.go).
	NotifyModeration NotifyKind = "moderation"
	// NotifyMentor: mentoring prompts and offers (mentor.go).
	NotifyMentor NotifyKind = "mentor"
)

// NotifyKinds lists every kind, in the order the settings page shows them.
// NotifyCrisis tells moderators on duty of a crisis flag (care.go). It is
// not in NotifyKinds: it is always emailed at once and cannot be turned
// off.
const NotifyCrisis NotifyKind = "crisis"

var NotifyKinds = []NotifyKind{NotifyMention, NotifyReply, NotifyPost, NotifyThread, NotifyStory, NotifyComment, NotifyEvent, NotifyModeration, NotifyMentor}

// Valid reports whether k is a known notification kind.
func (k NotifyKind) Valid() bool {
	for _, v := range NotifyKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Label describes a kind in plain words, for the settings page.
func (k NotifyKind) Label() string {
	switch k {
	case NotifyMention:
		return "Someone mentions you (@your-handle)"
	case NotifyReply:
		return "Someone replies in a thread you started"
	case NotifyPost:
		return "New replies in threads you follow"
	case NotifyThread:
		return "New threads in communities you follow"
	case NotifyStory:
		return "New stories by members you follow"
	case NotifyComment:
		return "Comments on your stories"
	case NotifyEvent:
		return "A live chat you said you will be at is about to start"
	case NotifyModeration:
		return "A moderator acts on your post or your account"
	case NotifyCrisis:
		return "Someone may be in danger (a crisis flag for the moderators on duty)"
	case NotifyMentor:
		return "Mentoring: a newcomer to welcome, a check-in due, a mentor for you"
	case NotifyMessage:
		return "Someone sends you a private message"
	}
	return string(k)
}

// DefaultEmail is how a kind is emailed until the member chooses.
// Direct attention (a mention, a reply to you) goes out at once; news
// from what one follows waits for a digest.
func (k NotifyKind) DefaultEmail() EmailMode {
	switch k {
	case NotifyMention, NotifyReply, NotifyComment, NotifyEvent, NotifyModeration, NotifyMessage, NotifyMentor:
		return EmailImmediately
	case NotifyCrisis:
		return EmailImmediately
	case NotifyThread:
		return EmailWeekly
	}
	return EmailDaily
}

// EmailMode is when a member gets email about a kind of notification.
type EmailMode string

// Email modes.
const (
	EmailImmediately EmailMode = "immediate"
	EmailDaily       EmailMode = "daily"
	EmailWeekly      EmailMode = "weekly"
	EmailNever       EmailMode = "never"
)

// EmailModes lists every mode, in the order forms show them.
var EmailModes = []EmailMode{EmailImmediately, EmailDaily, EmailWeekly, EmailNever}

// Valid reports whether m is a known mode.
func (m EmailMode) Valid() bool {
	return m == EmailImmediately || m == EmailDaily || m == EmailWeekly || m == EmailNever
}

// Label describes a mode in plain words.
func (m EmailMode) Label() string {
	switch m {
	case EmailImmediately:
		return "Email me right away"
	case EmailDaily:
		return "Daily digest"
	case EmailWeekly:
		return "Weekly digest"
	case EmailNever:
		return "No email"
	}
	return string(m)
}

// NotifyPrefs maps each kind to its email mode.
type NotifyPrefs map[NotifyKind]EmailMode

// Mode returns the mode of a kind, or its default.
func (p NotifyPrefs) Mode(k NotifyKind) EmailMode {
	if m, ok := p[k]; ok && m.Valid() {
		return m
	}
	return k.DefaultEmail()
}

// Subject types: what a notification is about. Storage decides, for each
// type, who may see it, at the time the notification is shown or mailed.
const (
	SubjectPost    = "post"    // a thread's opening post or a reply
	SubjectStory   = "story"   // a member's story
	SubjectComment = "comment" // a comment on a story
	SubjectMentor  = "mentor"  // a mentoring prompt (mentor.go)
)

// Subject names what a notification is about.
type Subject struct {
	Type string `json:"type"`
	ID   int64  `json:"id"`
}

func (s Subject) String() string { return fmt.Sprintf("%s %d", s.Type, s.ID) }

// Notification is a notice shown to one member. Everything but the IDs is
// read when it is shown, under the member's current visibility: a
// notification about something they may no longer see is not shown.
type Notification struct {
	ID        int64      `json:"id"`
	Kind      NotifyKind `json:"kind"`
	Actor     string     `json:"actor,omitempty"` // empty for an anonymous post
	Subject   Subject    `json:"subject"`
	Title     string     `json:"title"`
	Excerpt   string     `json:"excerpt"`
	Where     string     `json:"where"`
	URL       string     `json:"url"`
	CreatedAt time.Time  `json:"created_at"`
	Read      bool       `json:"read"`
}

// Summary says what happened, in plain words.
func (n *Notification) Summary() string {
	actor := AuthorName(n.Actor, false) // "a member" for an anonymous post (anonymous.go)
	switch n.Kind {
	case NotifyMention:
		return actor + " mentioned you"
	case NotifyReply:
		return actor + " replied to your thread"
	case NotifyPost:
		return actor + " replied in a thread you follow"
	case NotifyThread:
		return actor + " started a thread in " + n.Where
	case NotifyStory:
		return actor + " shared a new story"
	case NotifyComment:
		if n.Actor == "" {
			return "A guest commented" // approved by the story's author or a moderator (sqldb/story_notify.go)
		}
		return actor + " commented"
	case NotifyEvent:
		return "Your live chat starts soon"
	case NotifyModeration:
		return "From the moderators"
	case NotifyCrisis:
		return "Urgent: someone may be in danger"
	case NotifyMentor:
		return "Mentoring"
	case NotifyMessage:
		return actor + " sent you a message"
	}
	return "@" + n.Actor
}

// NewNotification is a notification to create: Recipient hears of Subject
// because of Kind, and Actor caused it.
type NewNotification struct {
	Recipient int64
	Kind      NotifyKind
	Actor     int64
	Subject   Subject
}

// NotificationsPerPage is how many notifications one page lists.
const NotificationsPerPage = 30

// NotifyService manages follows, in-app notifications and email choices.
// Every read takes the viewer and shows only what they may see now.
type NotifyService interface {
	Follow(ctx context.Context, viewer *Member, t FollowTarget) error
	Unfollow(ctx context.Context, viewer *Member, t FollowTarget) error
	IsFollowing(ctx context.Context, viewer *Member, t FollowTarget) (bool, error)
	ListFollows(ctx context.Context, viewer *Member) ([]*Follow, error)

	ListNotifications(ctx context.Context, viewer *Member, page int) ([]*Notification, int, error)
	// CountUnread counts unread notifications, up to a cap (the header
	// shows "9+"), cheaply enough to run on every signed-in page.
	CountUnread(ctx context.Context, viewer *Member) (int, error)
	// FindNotification returns one of the viewer's notifications, if they
	// may still see what it is about.
	FindNotification(ctx context.Context, viewer *Member, id int64) (*Notification, error)
	MarkRead(ctx context.Context, viewer *Member, id int64) error
	MarkAllRead(ctx context.Context, viewer *Member) error

	NotifyPrefs(ctx context.Context, viewer *Member) (NotifyPrefs, error)
	SetNotifyPrefs(ctx context.Context, viewer *Member, p NotifyPrefs) error
	// Unsubscribe applies a signed one-click unsubscribe token (RFC 8058),
	// without a session, and says what it turned off.
	Unsubscribe(ctx context.Context, token string) (string, error)
	// CheckUnsubscribe says what a token would turn off, without doing it.
	CheckUnsubscribe(ctx context.Context, token string) (string, error)
}

// PasswordResetService resets forgotten passwords by email.
type PasswordResetService interface {
	// RequestPasswordReset queues a reset email for the account with this
	// address, if there is one. It answers the same either way.
	RequestPasswordReset(ctx context.Context, email string) error
	// CheckPasswordReset reports whether a reset token is still usable.
	CheckPasswordReset(ctx context.Context, token string) error
	// ResetPassword sets a new password with a single-use token and ends
	// every session of the account; it returns the member.
	ResetPassword(ctx context.Context, token, newPassword string) (*Member, error)
}

// PasswordResetLifetime is how long a reset link works.
const PasswordResetLifetime = time.Hour
