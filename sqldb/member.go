package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/password"
)

// PasswordParams are the argon2id parameters used for new hashes.
type PasswordParams = password.Params

// SessionLifetime is how long a sign-in lasts.
const SessionLifetime = 30 * 24 * time.Hour

var _ hearth.MemberService = (*DB)(nil)

func (db *DB) passwordParams() password.Params {
	if db.PasswordParams != nil {
		return *db.PasswordParams
	}
	return password.Default
}

// CreateMember creates an account after validating it.
func (db *DB) CreateMember(ctx context.Context, n hearth.NewMember) (*hearth.Member, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(n.Password, db.passwordParams())
	if err != nil {
		return nil, err
	}
	m := &hearth.Member{Handle: n.Handle, Email: n.Email, Role: n.Role, CreatedAt: db.Now().UTC().Truncate(time.Millisecond)}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		return createMember(ctx, tx, m, hash)
	})
	return m, err
}

func createMember(ctx context.Context, tx *sql.Tx, m *hearth.Member, hash string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM members WHERE handle = $1) + (SELECT COUNT(*) FROM retired_handles WHERE handle = $1)`, m.Handle).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return hearth.FieldErrorf("handle", "The handle %q is taken. Please choose another one.", m.Handle)
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE email_lower = $1`, strings.ToLower(m.Email)).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return hearth.FieldErrorf("email", "An account with this email already exists. You can sign in instead.")
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO members (handle, email, email_lower, password_hash, role, bio, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.Handle, m.Email, strings.ToLower(m.Email), hash, string(m.Role), m.Bio, ms(m.CreatedAt)).Scan(&m.ID)
	if isUnique(err) {
		return hearth.Errorf(hearth.EConflict, "That handle or email is already taken.")
	}
	return err
}

// UpdateMemberProfile sets a member's bio and, when given, role.
func (db *DB) UpdateMemberProfile(ctx context.Context, id int64, bio string, role hearth.Role, createdAt time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET bio = $1, role = $2, created_at = $3 WHERE id = $4`, bio, string(role), ms(createdAt), id)
		return err
	})
}

const memberColumns = `m.id, m.handle, m.email, m.role, m.bio, m.created_at, m.status`

func scanMember(row interface{ Scan(...any) error }) (*hearth.Member, error) {
	var m hearth.Member
	var role string
	var created int64
	if err := row.Scan(&m.ID, &m.Handle, &m.Email, &role, &m.Bio, &created, &m.Status); err != nil {
		return nil, err
	}
	m.Role, m.CreatedAt = hearth.Role(role), fromMS(created)
	return &m, nil
}

// FindMemberByHandle returns the member with a handle.
// A deleted account has no member to find (account.go): its profile,
// story list, feeds and API answers are not found, and its internal
// handle leads nowhere.
func (db *DB) FindMemberByHandle(ctx context.Context, handle string) (*hearth.Member, error) {
	m, err := scanMember(db.read.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members m WHERE m.handle = $1 AND m.status <> 'deleted'`, hearth.NormalizeHandle(handle)))
	if errors.Is(err, sql.ErrNoRows) && hearth.IsDeletedHandle(hearth.NormalizeHandle(handle)) {
		return nil, hearth.Errorf(hearth.ENotFound, "This account was deleted.")
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "There is no member called @%s.", hearth.NormalizeHandle(handle))
	}
	return m, err
}

// errBadLogin is deliberately vague, so that sign-in does not reveal
// which handles exist.
var errBadLogin = hearth.FieldErrorf("password", "That handle or email and password do not match. Please check them and try again.")

// Authenticate checks a handle or email and a password.
func (db *DB) Authenticate(ctx context.Context, login, pw string) (*hearth.Member, error) {
	login = strings.TrimSpace(login)
	if login == "" || pw == "" {
		return nil, hearth.FieldErrorf("login", "Please enter your handle (or email) and your password.")
	}
	row := db.read.QueryRowContext(ctx, `SELECT `+memberColumns+`, m.password_hash FROM members m WHERE m.handle = $1 OR m.email_lower = $2`,
		hearth.NormalizeHandle(login), strings.ToLower(login))
	var m hearth.Member
	var role, hash string
	var created int64
	err := row.Scan(&m.ID, &m.Handle, &m.Email, &role, &m.Bio, &created, &m.Status, &hash)
	if err == nil && m.Status != hearth.StatusActive {
		// A deleted account has no password; a memorial one is closed
		// (account.go).
		_, _ = password.Verify(pw, dummyHash(db.passwordParams()))
		if m.Status == hearth.StatusMemorial {
			return nil, hearth.Errorf(hearth.EForbidden, "This account is a memorial to @%s and can no longer be signed in to.", m.Handle)
		}
		return nil, errBadLogin
	}
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the same time as a real check so that timing does not
		// tell which handles exist.
		_, _ = password.Verify(pw, dummyHash(db.passwordParams()))
		return nil, errBadLogin
	} else if err != nil {
		return nil, err
	}
	ok, err := password.Verify(pw, hash)
	if err != nil {
		return nil, err
	} else if !ok {
		return nil, errBadLogin
	}
	// A suspended or banned member is told so, once the password shows
	// it is them (moderation.go).
	if s, err := activeSanction(ctx, db.read, m.ID, db.Now()); err != nil {
		return nil, err
	} else if s != nil {
		return nil, s.Error()
	}
	m.Role, m.CreatedAt = hearth.Role(role), fromMS(created)
	return &m, nil
}

var dummyHashes sync.Map // password.Params → string

func dummyHash(p password.Params) string {
	if h, ok := dummyHashes.Load(p); ok {
		return h.(string)
	}
	h, _ := password.Hash("not a real password", p)
	dummyHashes.Store(p, h)
	return h
}

// newToken returns a random token and the hash stored in its place, so a
// copy of the database holds no usable sessions or tokens.
func newToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a server-side session and returns its cookie value.
func (db *DB) CreateSession(ctx context.Context, memberID int64) (string, error) {
	token, hash := newToken("")
	now := db.Now()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE member_id = $1 AND expires_at < $2`, memberID, ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, memberID, ms(now), ms(now.Add(SessionLifetime)))
		return err
	})
	return token, err
}

// FindSession returns the member a live session belongs to.
func (db *DB) FindSession(ctx context.Context, token string) (*hearth.Member, error) {
	m, err := scanMember(db.read.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM sessions s JOIN members m ON m.id = s.member_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND m.status = 'active' AND NOT `+sanctioned("m.id", "$2"), hashToken(token), ms(db.Now())))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Your sign-in has ended. Please sign in again.")
	}
	return m, err
}

// DeleteSession ends a session (sign out).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
		return err
	})
}

// TokenPrefix marks personal access tokens, so that secret scanners and
// people recognise them.
const TokenPrefix = "hearth_pat_"

// CreateToken creates a personal access token for the API.
func (db *DB) CreateToken(ctx context.Context, memberID int64, name string) (string, error) {
	token, hash := newToken(TokenPrefix)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (member_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)`,
			memberID, name, hash, ms(db.Now()))
		return err
	})
	return token, err
}

// FindToken returns the member a personal access token belongs to.
func (db *DB) FindToken(ctx context.Context, token string) (*hearth.Member, error) {
	m, err := scanMember(db.read.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM api_tokens t JOIN members m ON m.id = t.member_id
		WHERE t.token_hash = $1`, hashToken(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.EUnauthorized, "That access token is not valid.")
	} else if err != nil {
		return nil, err
	}
	// A suspended or banned member's tokens stop working (moderation.go).
	if s, err := activeSanction(ctx, db.read, m.ID, db.Now()); err != nil {
		return nil, err
	} else if s != nil {
		return nil, s.Error()
	}
	return m, nil
}

// CountMembers returns how many accounts exist.
func (db *DB) CountMembers(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM members`).Scan(&n)
	return n, err
}
