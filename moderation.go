package hearth

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Moderation: flags, the queue, moderators' actions, sanctions, clinician
// verification and the audit log (issue 7). It extends review.go: a post
// a moderator hides or removes gets a status like a held one, so that
// every read that already keeps held posts away from readers (pages,
// lists, search, feeds, notifications, the API) keeps these away too.

// More post statuses (see review.go for published, held and rejected). A
// thread carries the status of its opening post.
const (
	// StatusHidden: a moderator hid the post. Its author sees it, with
	// the moderator's reason; so do the moderators, who may publish it
	// again.
	StatusHidden = "hidden"
	// StatusRemoved: a moderator removed the post. It is kept for the
	// record and seen by moderators only.
	StatusRemoved = "removed"
)

// PostStatuses lists every post status. The database accepts only these
// (migration 0011 widened its CHECK).
var PostStatuses = []string{StatusPublished, StatusHeld, StatusRejected, StatusHidden, StatusRemoved}

// More reasons a post waits for review (see ReasonPrivacy).
const (
	// ReasonFirstPost: the community holds new members' first posts.
	ReasonFirstPost = "first_post"
	// ReasonSpam: the spam score of the post (package spam) was too high.
	ReasonSpam = "spam"
)

// HoldReasonLabel describes why a post waits, for moderators.
func HoldReasonLabel(reason string) string {
	switch reason {
	case ReasonPrivacy:
		return "Private details (held by the privacy guard)"
	case ReasonFirstPost:
		return "A new member's first post in this community"
	case ReasonSpam:
		return "Looks like spam"
	}
	return reason
}

// FlagReason is why a member flags a post.
type FlagReason string

// Flag reasons.
const (
	FlagPrivacy       FlagReason = "privacy"
	FlagHarmfulAdvice FlagReason = "harmful_advice"
	FlagSpam          FlagReason = "spam"
	FlagHarassment    FlagReason = "harassment"
	FlagOther         FlagReason = "other"
	// FlagCrisis: someone may be in danger (care.go). It jumps the queue
	// and reaches the moderators on duty at once.
	FlagCrisis FlagReason = "crisis"
)

// FlagReasons lists every reason, in the order the flag form shows them.
var FlagReasons = []FlagReason{FlagCrisis, FlagPrivacy, FlagHarmfulAdvice, FlagSpam, FlagHarassment, FlagOther}

// Valid reports whether r is a known reason.
func (r FlagReason) Valid() bool {
	for _, v := range FlagReasons {
		if r == v {
			return true
		}
	}
	return false
}

// Label names a reason in plain words.
func (r FlagReason) Label() string {
	switch r {
	case FlagPrivacy:
		return "Private details"
	case FlagHarmfulAdvice:
		return "Harmful medical advice"
	case FlagSpam:
		return "Spam or selling"
	case FlagHarassment:
		return "Harassment or hate"
	case FlagOther:
		return "Something else"
	case FlagCrisis:
		return "Someone may be in danger"
	}
	return string(r)
}

// Hint explains a reason on the flag form.
func (r FlagReason) Hint() string {
	switch r {
	case FlagPrivacy:
		return "It could identify someone: a name, an address, a birth date, a photo or a record number."
	case FlagHarmfulAdvice:
		return "It tells someone to take, change or stop a medicine, or promises a cure."
	case FlagSpam:
		return "It advertises, sells or links to something for profit."
	case FlagHarassment:
		return "It attacks, threatens or mocks someone."
	case FlagOther:
		return "Tell the moderators what is wrong in the note below."
	case FlagCrisis:
		return "They may hurt themselves or someone else. The moderators on duty hear about it at once. If someone is in danger now, call your local emergency number."
	}
	return ""
}

// MaxFlagNoteRunes bounds a flag's note, and MaxModReasonRunes a
// moderator's reason.
const (
	MaxFlagNoteRunes  = 1000
	MaxModReasonRunes = 2000
)

// NewFlag is a member's flag on a post.
type NewFlag struct {
	Reason FlagReason
	Note   string
}

// Validate cleans and checks a flag.
func (n *NewFlag) Validate() error {
	if err := CheckText(string(n.Reason), n.Note); err != nil {
		return err
	}
	n.Note = strings.TrimSpace(strings.ReplaceAll(n.Note, "\r\n", "\n"))
	if !n.Reason.Valid() {
		return FieldErrorf("reason", "Please choose what is wrong with this post.")
	}
	if n.Reason == FlagOther && n.Note == "" {
		return FieldErrorf("note", "Please tell the moderators in a few words what is wrong.")
	}
	if c := utf8.RuneCountInString(n.Note); c > MaxFlagNoteRunes {
		return FieldErrorf("note", "Your note is %d characters long; please keep it under %d.", c, MaxFlagNoteRunes)
	}
	return nil
}

// Flag is one member's flag on a post.
type Flag struct {
	ID        int64      `json:"id"`
	PostID    int64      `json:"post_id"`
	Reporter  string     `json:"reporter"`
	Reason    FlagReason `json:"reason"`
	Note      string     `json:"note,omitempty"`
	Status    string     `json:"status"` // "open" or "resolved"
	CreatedAt time.Time  `json:"created_at"`
	// Automatic: filed by the self-harm wording detector (care.go), not
	// by a member.
	Automatic bool `json:"automatic,omitempty"`
}

// ModAction is something a moderator or admin does. Each one done is a
// line in the audit log.
type ModAction string

// Moderators' actions on a post and its author.
const (
	ActApprove ModAction = "approve" // publish a held or hidden post; or keep a flagged one
	ActReturn  ModAction = "return"  // send a held post back to its author (review.go's reject)
	ActHide    ModAction = "hide"
	ActEdit    ModAction = "edit" // change the text, with a note shown on the post
	ActRemove  ModAction = "remove"
	ActWarn    ModAction = "warn"
	ActSuspend ModAction = "suspend"
	ActBan     ModAction = "ban"
)

// Other audited actions.
const (
	ActLift     ModAction = "lift"     // end a suspension or ban early
	ActVerify   ModAction = "verify"   // record a clinician's license
	ActRevoke   ModAction = "revoke"   // withdraw a clinician's verification
	ActSettings ModAction = "settings" // change a community's moderation settings
	ActWelcome  ModAction = "welcome"  // a mentor welcomed a new member
)

// PostActions lists the actions on a post, in the order forms show them.
var PostActions = []ModAction{ActApprove, ActReturn, ActHide, ActEdit, ActRemove, ActWarn, ActSuspend, ActBan}

// AuditActions lists every audited action, for the audit log's filter.
var AuditActions = append(append([]ModAction{}, PostActions...), ActLift, ActVerify, ActRevoke, ActSettings, ActWelcome)

// Label names an action in plain words, as a button or a log line says it.
func (a ModAction) Label() string {
	switch a {
	case ActApprove:
		return "Approve"
	case ActReturn:
		return "Return to author"
	case ActHide:
		return "Hide"
	case ActEdit:
		return "Edit"
	case ActRemove:
		return "Remove"
	case ActWarn:
		return "Warn the author"
	case ActSuspend:
		return "Suspend the author"
	case ActBan:
		return "Ban the author"
	case ActLift:
		return "Lift a suspension or ban"
	case ActVerify:
		return "Verify a clinician"
	case ActRevoke:
		return "Withdraw a verification"
	case ActSettings:
		return "Change community settings"
	case ActWelcome:
		return "Welcome a new member"
	case ActViewMessage:
		return "Read a reported private message"
	case ActReveal:
		return "Reveal the author of an anonymous post"
	case ActMemorial: // account.go
		return "Make an account a memorial"
	case ActDecline:
		return "Decline a memorial request"
	case ActDeleted:
		return "Account deleted by its member"
	case ActReassignMentor: // mentor.go
		return "Give a newcomer another mentor"
	case ActCrisisAdd: // care.go
		return "Add a crisis resource"
	case ActCrisisEdit:
		return "Change a crisis resource"
	case ActCrisisRemove:
		return "Remove a crisis resource"
	case ActCloseStoryFlag:
		return "Close the crisis flags on a story"
	}
	return string(a)
}

// Hint says what an action on a post does.
func (a ModAction) Hint() string {
	switch a {
	case ActApprove:
		return "Publish it if it waits or is hidden; keep it and close the flags if it is published."
	case ActReturn:
		return "A waiting post goes back to its author, who can change it and send it again."
	case ActHide:
		return "Only the author (with your reason) and the moderators can see it. You can approve it again later."
	case ActEdit:
		return "Change the text below. The post shows that a moderator edited it, with your reason."
	case ActRemove:
		return "Nobody but the moderators can see it any more. It is kept for the record."
	case ActWarn:
		return "The author gets your reason as a warning. The post stays as it is."
	case ActSuspend:
		return "The author cannot sign in or post for the days you choose."
	case ActBan:
		return "The author cannot sign in or post again, and this post is removed."
	}
	return ""
}

// NeedsStaff reports whether only the site's moderators and admins may
// take an action: suspensions and bans reach across every community.
func (a ModAction) NeedsStaff() bool { return a == ActSuspend || a == ActBan || a == ActLift }

// Suspension lengths offered, in days.
var SuspensionDays = []int{1, 3, 7, 30}

// MaxSuspensionDays bounds a suspension.
const MaxSuspensionDays = 365

// PostAction is a moderator's decision about a post. Reason goes to the
// author with the notice; it is needed for every action but approve.
type PostAction struct {
	Action ModAction
	Reason string
	// Body is the new text, for ActEdit.
	Body string
	// Days is the length of an ActSuspend.
	Days int
}

// Validate cleans and checks an action.
func (a *PostAction) Validate() error {
	if err := CheckText(string(a.Action), a.Reason, a.Body); err != nil {
		return err
	}
	a.Reason = strings.TrimSpace(strings.ReplaceAll(a.Reason, "\r\n", "\n"))
	valid := false
	for _, v := range PostActions {
		valid = valid || a.Action == v
	}
	if !valid {
		return FieldErrorf("action", "Please choose what to do with this post.")
	}
	if a.Reason == "" && a.Action != ActApprove {
		return FieldErrorf("reason", "Please give a reason. The author reads it, so say which rule the post breaks and what they can do.")
	}
	if c := utf8.RuneCountInString(a.Reason); c > MaxModReasonRunes {
		return FieldErrorf("reason", "Your reason is %d characters long; please keep it under %d.", c, MaxModReasonRunes)
	}
	switch a.Action {
	case ActEdit:
		var err error
		if a.Body, err = CleanBody(a.Body); err != nil {
			return err
		}
	case ActSuspend:
		if a.Days < 1 || a.Days > MaxSuspensionDays {
			return FieldErrorf("days", "Please choose how many days the suspension lasts (1 to %d).", MaxSuspensionDays)
		}
	}
	return nil
}

// MemberAction is a moderator's decision about a member, outside any
// post: ActWarn, ActSuspend, ActBan or ActLift.
type MemberAction struct {
	Action ModAction
	Reason string
	Days   int
}

// Validate cleans and checks a member action.
func (a *MemberAction) Validate() error {
	if err := CheckText(string(a.Action), a.Reason); err != nil {
		return err
	}
	a.Reason = strings.TrimSpace(strings.ReplaceAll(a.Reason, "\r\n", "\n"))
	switch a.Action {
	case ActWarn, ActSuspend, ActBan, ActLift:
	default:
		return FieldErrorf("action", "Please choose warn, suspend, ban or lift.")
	}
	if a.Reason == "" {
		return FieldErrorf("reason", "Please give a reason. The member reads it.")
	}
	if c := utf8.RuneCountInString(a.Reason); c > MaxModReasonRunes {
		return FieldErrorf("reason", "Your reason is %d characters long; please keep it under %d.", c, MaxModReasonRunes)
	}
	if a.Action == ActSuspend && (a.Days < 1 || a.Days > MaxSuspensionDays) {
		return FieldErrorf("days", "Please choose how many days the suspension lasts (1 to %d).", MaxSuspensionDays)
	}
	return nil
}

// IsAdmin reports whether m administers the site.
func (m *Member) IsAdmin() bool { return m != nil && m.Role == RoleAdmin }

// CanWelcome reports whether m sees new members in the queue to welcome
// them: mentors, whose role it is, and the site's moderators.
func (m *Member) CanWelcome() bool { return m != nil && (m.Role == RoleMentor || m.IsStaff()) }

// CanSanction reports whether viewer may warn, suspend or ban target:
// site staff, never themselves, and only an admin acts on a moderator;
// nobody acts on an admin here (the operator's CLI can).
func CanSanction(viewer, target *Member) bool {
	switch {
	case !viewer.IsStaff() || target == nil || viewer.ID == target.ID:
		return false
	case target.Role == RoleAdmin:
		return false
	case target.Role == RoleModerator:
		return viewer.IsAdmin()
	}
	return true
}

// Sanction kinds.
const (
	SanctionWarn    = "warn"
	SanctionSuspend = "suspend"
	SanctionBan     = "ban"
)

// Sanction is a warning, a suspension or a ban of a member.
type Sanction struct {
	ID        int64      `json:"id"`
	Member    string     `json:"member"`
	Kind      string     `json:"kind"`
	Reason    string     `json:"reason"`
	By        string     `json:"by"`
	CreatedAt time.Time  `json:"created_at"`
	EndsAt    *time.Time `json:"ends_at,omitempty"`
	LiftedAt  *time.Time `json:"lifted_at,omitempty"`
}

// Active reports whether a suspension or ban is in force at now.
func (s *Sanction) Active(now time.Time) bool {
	return s.Kind != SanctionWarn && s.LiftedAt == nil && (s.EndsAt == nil || s.EndsAt.After(now))
}

// Error is what a sanctioned member is told when they try to sign in or
// post.
func (s *Sanction) Error() error {
	if s.Kind == SanctionBan {
		return Errorf(EForbidden, "The moderators have closed this account. Their reason: %s", s.Reason)
	}
	return Errorf(EForbidden, "This account is suspended until %s. The moderators' reason: %s",
		s.EndsAt.UTC().Format("January 2, 2006 at 15:04 UTC"), s.Reason)
}

// Verification is the record of a clinician's license, checked by an
// admin. Only members with a current verification hold the clinician
// role, and so the Clinician badge and the standing disclaimer.
type Verification struct {
	Member     string     `json:"member"`
	Profession string     `json:"profession"`
	License    string     `json:"license"`
	Region     string     `json:"region"` // the state or board that issued it
	VerifiedBy string     `json:"verified_by"`
	VerifiedAt time.Time  `json:"verified_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Current reports whether the verification stands.
func (v *Verification) Current() bool { return v != nil && v.RevokedAt == nil }

// NewVerification is what an admin records when they verify a clinician.
type NewVerification struct {
	Profession string
	License    string
	Region     string
}

// Validate cleans and checks a verification.
func (n *NewVerification) Validate() error {
	if err := CheckText(n.Profession, n.License, n.Region); err != nil {
		return err
	}
	n.Profession = strings.Join(strings.Fields(n.Profession), " ")
	n.License = strings.Join(strings.Fields(n.License), " ")
	n.Region = strings.Join(strings.Fields(n.Region), " ")
	switch {
	case n.Profession == "":
		return FieldErrorf("profession", "Please give the profession on the license, like \"Registered nurse\" or \"Pediatric endocrinologist\".")
	case utf8.RuneCountInString(n.Profession) > 100:
		return FieldErrorf("profession", "Please keep the profession under 100 characters.")
	case n.License == "":
		return FieldErrorf("license", "Please give the license number you checked.")
	case utf8.RuneCountInString(n.License) > 60:
		return FieldErrorf("license", "Please keep the license number under 60 characters.")
	case utf8.RuneCountInString(n.Region) > 100:
		return FieldErrorf("region", "Please keep the issuing state or board under 100 characters.")
	}
	return nil
}

// CommunitySettings are a community's moderation settings.
type CommunitySettings struct {
	// HoldFirstPosts: a member's first post in the community waits for a
	// moderator. Mentors, clinicians and staff are trusted and never wait.
	HoldFirstPosts bool `json:"hold_first_posts"`
	// AllowAnonymous: members may start threads and reply as "a member"
	// (anonymous.go).
	AllowAnonymous bool `json:"allow_anonymous"`
}

// AuditEntry is one line of the audit log: who did what to what, why,
// and when. The log is append-only; storage refuses to change a line.
type AuditEntry struct {
	ID         int64     `json:"id"`
	Actor      string    `json:"actor"`
	ActorRole  Role      `json:"actor_role"`
	Action     ModAction `json:"action"`
	TargetType string    `json:"target_type"` // "post", "member", "community"
	TargetID   int64     `json:"target_id,omitempty"`
	Member     string    `json:"member,omitempty"` // the member affected
	Community  string    `json:"community,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// AuditPerPage is how many lines one page of the audit log shows.
const AuditPerPage = 50

// ModPost is a post as a moderator sees it: in its thread, with the post
// it answers, its flags, why it waits, and what moderators did to it.
type ModPost struct {
	Post      *Post      `json:"post"`
	Thread    *Thread    `json:"thread"`
	Community *Community `json:"-"`
	// Opening is the thread's opening post when Post is a reply: the
	// context a flagged reply is read in.
	Opening *Post   `json:"opening,omitempty"`
	Flags   []*Flag `json:"flags"`
	// Review is the open hold of a waiting post, if any, and HoldReason
	// its reason.
	Review     *Review       `json:"-"`
	HoldReason string        `json:"hold_reason,omitempty"`
	History    []*AuditEntry `json:"history"`
	// What the viewer may do: act on the post, and on its author.
	CanAct      bool `json:"can_act"`
	CanSanction bool `json:"can_sanction"`
	// AuthorSanction is the author's suspension or ban in force, if any.
	AuthorSanction *Sanction `json:"author_sanction,omitempty"`
}

// Newcomer is a new member a mentor may welcome.
type Newcomer struct {
	Handle   string    `json:"handle"`
	JoinedAt time.Time `json:"joined_at"`
	// Posts counts their published posts.
	Posts int `json:"posts"`
}

// NewcomerDays is how long a member shows in the welcome list.
const NewcomerDays = 14

// Queue is the moderation queue as one viewer sees it: only what they may
// act on.
type Queue struct {
	Flagged  []*ModPost  `json:"flagged"`
	Held     []*ModPost  `json:"held"`
	Welcome  []*Newcomer `json:"welcome"`
	CanAudit bool        `json:"-"`
	// Moderates lists the communities whose settings the viewer may
	// change.
	Moderates []*Community `json:"-"`
}

// SubjectNotice is a notification's subject type for a ModNotice.
const SubjectNotice = "notice"

// ModNotice is what a member is told when a moderator acts on their post
// or their account.
type ModNotice struct {
	ID        int64      `json:"id"`
	Action    ModAction  `json:"action"`
	Reason    string     `json:"reason"`
	PostID    int64      `json:"post_id,omitempty"`
	Excerpt   string     `json:"excerpt,omitempty"`
	URL       string     `json:"url,omitempty"`
	EndsAt    *time.Time `json:"ends_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Summary says what happened, in plain words, to the member.
func (n *ModNotice) Summary() string {
	switch n.Action {
	case ActHide:
		return "A moderator hid your post"
	case ActEdit:
		return "A moderator edited your post"
	case ActRemove:
		return "A moderator removed your post"
	case ActReturn:
		return "A moderator returned your post to you"
	case ActWarn:
		return "A moderator sent you a warning"
	case ActSuspend:
		return "Your account is suspended"
	case ActBan:
		return "Your account was closed"
	case ActLift:
		return "Your suspension was lifted"
	}
	return "A note from the moderators"
}

// MemberRecord is a member as the site's moderators see them.
type MemberRecord struct {
	Member    *Member     `json:"member"`
	Sanctions []*Sanction `json:"sanctions"`
	// Active is the suspension or ban in force, if any.
	Active       *Sanction     `json:"active,omitempty"`
	Verification *Verification `json:"verification,omitempty"`
	CanSanction  bool          `json:"can_sanction"`
	CanVerify    bool          `json:"can_verify"`
}

// ModerationService is moderation's storage. Every call takes the viewer
// and checks their role: what they may not see is not found, what they
// may see but not do is forbidden.
type ModerationService interface {
	// FlagPost records the viewer's flag on a post they may read; a
	// second flag from them on the same post replaces the first.
	FlagPost(ctx context.Context, viewer *Member, postID int64, n NewFlag) (*Flag, error)
	// ModerationQueue lists what waits for the viewer: flagged and held
	// posts in the communities they moderate, and new members to welcome.
	ModerationQueue(ctx context.Context, viewer *Member) (*Queue, error)
	// FindModPost returns a post as a moderator of its community sees it.
	FindModPost(ctx context.Context, viewer *Member, postID int64) (*ModPost, error)
	// ModeratePost acts on a post (and, for warn, suspend and ban, its
	// author), closes its flags, tells the author and writes the log.
	ModeratePost(ctx context.Context, viewer *Member, postID int64, a PostAction) (*Post, error)
	// ModerateMember warns, suspends, bans or lifts a member.
	ModerateMember(ctx context.Context, viewer *Member, handle string, a MemberAction) error
	// FindMemberRecord returns a member's sanctions and verification,
	// for the site's moderators.
	FindMemberRecord(ctx context.Context, viewer *Member, handle string) (*MemberRecord, error)
	// Welcome marks a new member as welcomed by the viewer.
	Welcome(ctx context.Context, viewer *Member, handle string) error
	CommunitySettings(ctx context.Context, viewer *Member, slug string) (*Community, *CommunitySettings, error)
	SetCommunitySettings(ctx context.Context, viewer *Member, slug string, cs CommunitySettings) error
	// VerifyClinician records a license (admins only) and gives the
	// member the clinician role; RevokeClinician withdraws both.
	VerifyClinician(ctx context.Context, viewer *Member, handle string, n NewVerification) (*Verification, error)
	RevokeClinician(ctx context.Context, viewer *Member, handle, reason string) error
	// FindVerification returns a member's verification, current or not;
	// anyone may read it, so that the badge can be checked.
	FindVerification(ctx context.Context, handle string) (*Verification, error)
	// ListAudit lists a page of the audit log, newest first, for admins;
	// action, when not empty, keeps one kind of action.
	ListAudit(ctx context.Context, viewer *Member, action ModAction, page int) ([]*AuditEntry, int, error)
	// EachAudit calls fn for every line of the log, oldest first (CSV).
	EachAudit(ctx context.Context, viewer *Member, fn func(*AuditEntry) error) error
	// ListNotices lists the moderators' notices to the viewer, newest first.
	ListNotices(ctx context.Context, viewer *Member) ([]*ModNotice, error)
	// ModerationHold says whether a new thread (slug, title and body) or
	// reply (threadID and body) must wait for a moderator: a first post where the
	// community holds them, or a post that scores as spam.
	ModerationHold(ctx context.Context, viewer *Member, slug string, threadID int64, title, body string) (*Hold, error)
}
