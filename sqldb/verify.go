package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/hearth-community/hearth"
)

// Clinician verification: an admin checks a license and records the
// profession, the license number, who checked and when. The clinician
// role follows the record: verifying a member or mentor makes them a
// clinician, withdrawing it makes them a member again. Staff who are also
// clinicians keep their staff role; the record shows on their profile.

// FindVerification returns a member's verification, current or not.
func (db *DB) FindVerification(ctx context.Context, handle string) (*hearth.Verification, error) {
	var v hearth.Verification
	var at int64
	var revoked sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT m.handle, cv.profession, cv.license, cv.region, cv.verifier, cv.verified_at, cv.revoked_at
		FROM clinician_verifications cv JOIN members m ON m.id = cv.member_id WHERE m.handle = $1`, hearth.NormalizeHandle(handle)).
		Scan(&v.Member, &v.Profession, &v.License, &v.Region, &v.VerifiedBy, &at, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "@%s has no clinician verification.", hearth.NormalizeHandle(handle))
	} else if err != nil {
		return nil, err
	}
	v.VerifiedAt, v.RevokedAt = fromMS(at), optTime(revoked)
	return &v, nil
}

// VerifyClinician records a clinician's license, checked by an admin.
func (db *DB) VerifyClinician(ctx context.Context, viewer *hearth.Member, handle string, n hearth.NewVerification) (*hearth.Verification, error) {
	if err := adminOnly(viewer, "verify clinicians"); err != nil {
		return nil, err
	}
	return db.verify(ctx, memberAuditor(viewer), viewer.ID, handle, n)
}

// VerifyClinicianAsOperator is VerifyClinician for the operator at the
// command line (`hearth user verify`), who is named in the record.
func (db *DB) VerifyClinicianAsOperator(ctx context.Context, operator, handle string, n hearth.NewVerification) (*hearth.Verification, error) {
	return db.verify(ctx, operatorAuditor(operator), 0, handle, n)
}

func (db *DB) verify(ctx context.Context, who auditor, verifierID int64, handle string, n hearth.NewVerification) (*hearth.Verification, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		m, err := findMemberTx(ctx, tx, handle)
		if err != nil {
			return err
		}
		var by any
		if verifierID != 0 {
			by = verifierID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO clinician_verifications (member_id, profession, license, region, verified_by, verifier, verified_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (member_id) DO UPDATE SET profession = EXCLUDED.profession, license = EXCLUDED.license, region = EXCLUDED.region,
				verified_by = EXCLUDED.verified_by, verifier = EXCLUDED.verifier, verified_at = EXCLUDED.verified_at, revoked_at = NULL`,
			m.ID, n.Profession, n.License, n.Region, by, who.handle, ms(now)); err != nil {
			return err
		}
		if m.Role == hearth.RoleMember || m.Role == hearth.RoleMentor {
			if _, err := tx.ExecContext(ctx, `UPDATE members SET role = 'clinician' WHERE id = $1`, m.ID); err != nil {
				return err
			}
		}
		detail := n.Profession + ", license " + n.License
		if n.Region != "" {
			detail += " (" + n.Region + ")"
		}
		return audit(ctx, tx, who, hearth.AuditEntry{Action: hearth.ActVerify, TargetType: "member", TargetID: m.ID, Member: m.Handle, Detail: detail}, now)
	})
	if err != nil {
		return nil, err
	}
	return db.FindVerification(ctx, handle)
}

// RevokeClinician withdraws a verification; a clinician becomes a member.
func (db *DB) RevokeClinician(ctx context.Context, viewer *hearth.Member, handle, reason string) error {
	if err := adminOnly(viewer, "withdraw a verification"); err != nil {
		return err
	}
	if err := hearth.CheckText(reason); err != nil {
		return err
	}
	if reason == "" {
		return hearth.FieldErrorf("reason", "Please say why the verification is withdrawn.")
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		m, err := findMemberTx(ctx, tx, handle)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE clinician_verifications SET revoked_at = $1 WHERE member_id = $2 AND revoked_at IS NULL`, ms(now), m.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 && m.Role != hearth.RoleClinician {
			return hearth.Errorf(hearth.EConflict, "@%s is not a verified clinician.", m.Handle)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET role = 'member' WHERE id = $1 AND role = 'clinician'`, m.ID); err != nil {
			return err
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActRevoke, TargetType: "member", TargetID: m.ID,
			Member: m.Handle, Reason: reason}, now)
	})
}
