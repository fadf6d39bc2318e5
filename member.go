package hearth

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Role is a member's site-wide role.
type Role string

// Roles, from least to most trusted.
const (
	RoleMember    Role = "member"
	RoleMentor    Role = "mentor"
	RoleClinician Role = "clinician"
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
)

// Roles lists every role, for validation and for forms.
var Roles = []Role{RoleMember, RoleMentor, RoleClinician, RoleModerator, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Badge is the label shown beside a member's posts; empty for members.
func (r Role) Badge() string {
	switch r {
	case RoleMentor:
		return "Mentor"
	case RoleClinician:
		return "Clinician"
	case RoleModerator:
		return "Moderator"
	case RoleAdmin:
		return "Admin"
	}
	return ""
}

// Member is a person with an account. Handles are pseudonymous: real names
// are never asked for.
type Member struct {
	ID        int64     `json:"id"`
	Handle    string    `json:"handle"`
	Email     string    `json:"-"`
	Role      Role      `json:"role"`
	Bio       string    `json:"bio"`
	CreatedAt time.Time `json:"created_at"`
	// HideMemberships hides the member's communities from everyone but
	// themself and staff (thread_privacy.go).
	HideMemberships bool `json:"hide_memberships,omitempty"`
	// Status is StatusActive, StatusDeleted or StatusMemorial (account.go).
	Status string `json:"status,omitempty"`
}

// IsStaff reports whether m moderates the whole site.
func (m *Member) IsStaff() bool {
	return m != nil && (m.Role == RoleModerator || m.Role == RoleAdmin)
}

var handlePattern = regexp.MustCompile(`^[a-z0-9_-]{3,30}$`)

// NormalizeHandle lowercases and trims a handle and a leading '@'.
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// ValidateHandle checks a (normalized) handle.
func ValidateHandle(h string) error {
	if h == "" {
		return FieldErrorf("handle", "Please choose a handle.")
	}
	if !handlePattern.MatchString(h) {
		return FieldErrorf("handle", "A handle is 3 to 30 letters, digits, dashes or underscores, with no spaces.")
	}
	return nil
}

// ValidateEmail checks an email address.
func ValidateEmail(e string) error {
	if e == "" {
		return FieldErrorf("email", "Please enter your email address. We never show it to anyone.")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 {
		return FieldErrorf("email", "That does not look like an email address. Please check it.")
	}
	return nil
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return FieldErrorf("password", "Please use a password of at least %d characters. A few words in a row work well.", MinPasswordLength)
	}
	if len(p) > 1024 {
		return FieldErrorf("password", "That password is too long. Please use at most 1,024 characters.")
	}
	return nil
}

// NewMember is what sign-up and the CLI pass to create an account.
type NewMember struct {
	Handle   string
	Email    string
	Password string
	Role     Role
}

// Validate normalizes and checks a new member.
func (n *NewMember) Validate() error {
	n.Handle = NormalizeHandle(n.Handle)
	n.Email = strings.TrimSpace(n.Email)
	if n.Role == "" {
		n.Role = RoleMember
	}
	if err := CheckText(n.Handle, n.Email, n.Password); err != nil {
		return err
	}
	if err := ValidateHandle(n.Handle); err != nil {
		return err
	}
	if err := ValidateEmail(n.Email); err != nil {
		return err
	}
	if !n.Role.Valid() {
		return FieldErrorf("role", "Unknown role %q. Roles are member, mentor, clinician, moderator and admin.", n.Role)
	}
	return ValidatePassword(n.Password)
}

// MemberService manages accounts, sessions and tokens.
type MemberService interface {
	CreateMember(ctx context.Context, n NewMember) (*Member, error)
	FindMemberByHandle(ctx context.Context, handle string) (*Member, error)
	// Authenticate checks a handle (or email) and password.
	Authenticate(ctx context.Context, login, password string) (*Member, error)
	CreateSession(ctx context.Context, memberID int64) (token string, err error)
	FindSession(ctx context.Context, token string) (*Member, error)
	DeleteSession(ctx context.Context, token string) error
	CreateToken(ctx context.Context, memberID int64, name string) (token string, err error)
	FindToken(ctx context.Context, token string) (*Member, error)
}
