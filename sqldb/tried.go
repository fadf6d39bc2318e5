package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

var _ hearth.TriedService = (*DB)(nil)

// sqlArgs hands out $n placeholders in order, so that a query built from
// optional parts declares exactly the parameters it uses (PostgreSQL
// refuses unused ones). The viewer's ID and staff flag are always $1 and
// $2, as canReadCommunity expects.
type sqlArgs []any

func newSQLArgs(viewer *hearth.Member) *sqlArgs {
	id, staff := viewerArgs(viewer)
	return &sqlArgs{id, staff}
}

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// ---- Treatments ----

const treatmentColumns = `t.id, t.community_id, t.name, t.category, t.status, COALESCE(t.merged_into, 0), COALESCE(p.handle, ''), t.created_at`

const treatmentFrom = ` FROM tried_treatments t JOIN communities c ON c.id = t.community_id LEFT JOIN members p ON p.id = t.proposed_by`

func scanTreatment(row interface{ Scan(...any) error }) (*hearth.Treatment, error) {
	var t hearth.Treatment
	var cat, status string
	var created int64
	if err := row.Scan(&t.ID, &t.CommunityID, &t.Name, &cat, &status, &t.MergedInto, &t.ProposedBy, &created); err != nil {
		return nil, err
	}
	t.Category, t.Status, t.CreatedAt = hearth.Category(cat), hearth.TreatmentStatus(status), fromMS(created)
	t.Synonyms = []string{}
	return &t, nil
}

// listTreatments lists a community's treatments in one state, with their
// other names, by name.
func listTreatments(ctx context.Context, q querier, viewer *hearth.Member, communityID int64, status hearth.TreatmentStatus, category hearth.Category) ([]*hearth.Treatment, error) {
	a := newSQLArgs(viewer)
	where := ` WHERE c.id = ` + a.add(communityID) + ` AND ` + canReadCommunity + ` AND t.status = ` + a.add(string(status))
	if category != "" {
		where += ` AND t.category = ` + a.add(string(category))
	}
	rows, err := q.QueryContext(ctx, `SELECT `+treatmentColumns+treatmentFrom+where+` ORDER BY LOWER(t.name), t.id`, *a...)
	if err != nil {
		return nil, err
	}
	var ts []*hearth.Treatment
	for rows.Next() {
		t, err := scanTreatment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ts, loadSynonyms(ctx, q, communityID, ts)
}

// loadSynonyms fills in each treatment's other names.
func loadSynonyms(ctx context.Context, q querier, communityID int64, ts []*hearth.Treatment) error {
	if len(ts) == 0 {
		return nil
	}
	byID := map[int64]*hearth.Treatment{}
	for _, t := range ts {
		byID[t.ID] = t
	}
	rows, err := q.QueryContext(ctx, `SELECT treatment_id, name, name_key FROM tried_names WHERE community_id = $1 ORDER BY name_key`, communityID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, key string
		if err := rows.Scan(&id, &name, &key); err != nil {
			return err
		}
		if t := byID[id]; t != nil && key != hearth.NameKey(t.Name) {
			t.Synonyms = append(t.Synonyms, name)
		}
	}
	return rows.Err()
}

// findTreatment finds a treatment of a community the viewer may read.
func findTreatment(ctx context.Context, q querier, viewer *hearth.Member, communityID, id int64) (*hearth.Treatment, error) {
	a := newSQLArgs(viewer)
	t, err := scanTreatment(q.QueryRowContext(ctx, `SELECT `+treatmentColumns+treatmentFrom+
		` WHERE t.id = `+a.add(id)+` AND c.id = `+a.add(communityID)+` AND `+canReadCommunity, *a...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "This treatment is not on this community's list.")
	} else if err != nil {
		return nil, err
	}
	return t, loadSynonyms(ctx, q, communityID, []*hearth.Treatment{t})
}

// ListTreatments lists a community's approved treatments by name.
func (db *DB) ListTreatments(ctx context.Context, viewer *hearth.Member, slug string) ([]*hearth.Treatment, error) {
	c, err := findCommunity(ctx, db.read, viewer, slug, true)
	if err != nil {
		return nil, err
	}
	return listTreatments(ctx, db.read, viewer, c.ID, hearth.TreatmentApproved, "")
}

// moderatedCommunity finds a community whose treatment list the viewer may change.
func moderatedCommunity(ctx context.Context, q querier, viewer *hearth.Member, slug string) (*hearth.Community, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in first.")
	}
	c, err := findCommunity(ctx, q, viewer, slug, true)
	if err != nil {
		return nil, err
	}
	if !c.CanModerate(viewer) {
		return nil, hearth.Errorf(hearth.EForbidden, "Only the moderators of %s can change its list of treatments.", c.Name)
	}
	return c, nil
}

// ListPendingTreatments lists members' proposals, oldest first.
func (db *DB) ListPendingTreatments(ctx context.Context, viewer *hearth.Member, slug string) ([]*hearth.Treatment, error) {
	c, err := moderatedCommunity(ctx, db.read, viewer, slug)
	if err != nil {
		return nil, err
	}
	ts, err := listTreatments(ctx, db.read, viewer, c.ID, hearth.TreatmentPending, "")
	slices.SortStableFunc(ts, func(a, b *hearth.Treatment) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return ts, err
}

// addName records another name of a treatment; a name already in use in
// the community is refused with the treatment it belongs to.
func addName(ctx context.Context, tx *sql.Tx, communityID, treatmentID int64, field, name string) error {
	var owner string
	err := tx.QueryRowContext(ctx, `SELECT t.name FROM tried_names n JOIN tried_treatments t ON t.id = n.treatment_id
		WHERE n.community_id = $1 AND n.name_key = $2`, communityID, hearth.NameKey(name)).Scan(&owner)
	if err == nil {
		return hearth.FieldErrorf(field, "%q is already a name of %s on this community's list.", name, owner)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO tried_names (community_id, name_key, name, treatment_id) VALUES ($1, $2, $3, $4)`,
		communityID, hearth.NameKey(name), name, treatmentID)
	if isUnique(err) {
		return hearth.FieldErrorf(field, "%q is already a name on this community's list.", name)
	}
	return err
}

// AddTreatment puts a treatment, with its other names, on a community's
// list. Only the community's moderators and staff may.
func (db *DB) AddTreatment(ctx context.Context, viewer *hearth.Member, slug string, n hearth.NewTreatment) (*hearth.Treatment, error) {
	name, err := hearth.CleanName("name", n.Name, hearth.MaxTreatmentNameRunes)
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, hearth.FieldErrorf("name", "Please give the treatment a name.")
	}
	if !n.Category.Valid() {
		return nil, hearth.FieldErrorf("category", "Please choose what kind of treatment it is.")
	}
	var synonyms []string
	for _, s := range n.Synonyms {
		s, err := hearth.CleanName("synonyms", s, hearth.MaxTreatmentNameRunes)
		if err != nil {
			return nil, err
		}
		if s != "" && hearth.NameKey(s) != hearth.NameKey(name) && !slices.ContainsFunc(synonyms, func(x string) bool { return hearth.NameKey(x) == hearth.NameKey(s) }) {
			synonyms = append(synonyms, s)
		}
	}
	t := &hearth.Treatment{Name: name, Category: n.Category, Status: hearth.TreatmentApproved, Synonyms: synonyms, CreatedAt: db.Now().UTC().Truncate(time.Millisecond)}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := moderatedCommunity(ctx, tx, viewer, slug)
		if err != nil {
			return err
		}
		t.CommunityID = c.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO tried_treatments (community_id, name, category, status, created_at)
			VALUES ($1, $2, $3, 'approved', $4) RETURNING id`, c.ID, name, string(n.Category), ms(t.CreatedAt)).Scan(&t.ID); err != nil {
			return err
		}
		if err := addName(ctx, tx, c.ID, t.ID, "name", name); err != nil {
			return err
		}
		for _, s := range synonyms {
			if err := addName(ctx, tx, c.ID, t.ID, "synonyms", s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if t.Synonyms == nil {
		t.Synonyms = []string{}
	}
	return t, nil
}

// AddSynonym gives an approved treatment another name.
func (db *DB) AddSynonym(ctx context.Context, viewer *hearth.Member, slug string, treatmentID int64, name string) error {
	name, err := hearth.CleanName("synonym", name, hearth.MaxTreatmentNameRunes)
	if err != nil {
		return err
	}
	if name == "" {
		return hearth.FieldErrorf("synonym", "Please type the other name.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := moderatedCommunity(ctx, tx, viewer, slug)
		if err != nil {
			return err
		}
		t, err := findTreatment(ctx, tx, viewer, c.ID, treatmentID)
		if err != nil {
			return err
		}
		if t.Status != hearth.TreatmentApproved {
			return hearth.FieldErrorf("synonym", "Approve %s first, or merge it into a treatment on the list.", t.Name)
		}
		return addName(ctx, tx, c.ID, t.ID, "synonym", name)
	})
}

// ApproveTreatment puts a member's proposal on the list as it is.
func (db *DB) ApproveTreatment(ctx context.Context, viewer *hearth.Member, slug string, treatmentID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := moderatedCommunity(ctx, tx, viewer, slug)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE tried_treatments SET status = 'approved' WHERE id = $1 AND community_id = $2 AND status = 'pending'`, treatmentID, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.ENotFound, "There is no proposal waiting with that number. Another moderator may have handled it.")
		}
		return nil
	})
}

// MergeTreatment folds a treatment into another one on the list: its
// names become the other's synonyms and its reports count for the other.
func (db *DB) MergeTreatment(ctx context.Context, viewer *hearth.Member, slug string, fromID, intoID int64) error {
	if fromID == intoID {
		return hearth.FieldErrorf("into", "Choose a different treatment to merge it into.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := moderatedCommunity(ctx, tx, viewer, slug)
		if err != nil {
			return err
		}
		from, err := findTreatment(ctx, tx, viewer, c.ID, fromID)
		if err != nil {
			return err
		}
		into, err := findTreatment(ctx, tx, viewer, c.ID, intoID)
		if err != nil {
			return hearth.FieldErrorf("into", "Please choose a treatment from this community's list to merge %s into.", from.Name)
		}
		if from.Status == hearth.TreatmentMerged {
			return hearth.Errorf(hearth.EConflict, "%s was already merged into another treatment.", from.Name)
		}
		if into.Status != hearth.TreatmentApproved {
			return hearth.FieldErrorf("into", "%s is not on the list yet. Merge into a treatment that is.", into.Name)
		}
		for _, q := range []string{
			`UPDATE tried_reports SET treatment_id = $1 WHERE treatment_id = $2`,
			`UPDATE tried_names SET treatment_id = $1 WHERE treatment_id = $2`,
			`UPDATE tried_treatments SET merged_into = $1 WHERE merged_into = $2`,
			`UPDATE tried_treatments SET status = 'merged', merged_into = $1 WHERE id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, into.ID, from.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// resolveTreatment turns a report's choice into a treatment ID: one from
// the list, one found by any of its names, or a new proposal.
func resolveTreatment(ctx context.Context, tx *sql.Tx, viewer *hearth.Member, c *hearth.Community, in hearth.ReportInput, now time.Time) (int64, error) {
	var id, merged int64
	var status string
	if in.TreatmentID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT id, status, COALESCE(merged_into, 0) FROM tried_treatments WHERE id = $1 AND community_id = $2`,
			in.TreatmentID, c.ID).Scan(&id, &status, &merged)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, hearth.FieldErrorf("treatment", "That treatment is not on the list of %s. Please choose one from the list, or type its name.", c.Name)
		} else if err != nil {
			return 0, err
		}
	} else {
		err := tx.QueryRowContext(ctx, `SELECT t.id, t.status, COALESCE(t.merged_into, 0) FROM tried_names n JOIN tried_treatments t ON t.id = n.treatment_id
			WHERE n.community_id = $1 AND n.name_key = $2`, c.ID, hearth.NameKey(in.NewTreatment)).Scan(&id, &status, &merged)
		if errors.Is(err, sql.ErrNoRows) {
			if !in.Category.Valid() {
				return 0, hearth.ErrCategoryNeeded(in.NewTreatment)
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO tried_treatments (community_id, name, category, status, proposed_by, created_at)
				VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING id`, c.ID, in.NewTreatment, string(in.Category), viewer.ID, ms(now)).Scan(&id); err != nil {
				return 0, err
			}
			return id, addName(ctx, tx, c.ID, id, "new_name", in.NewTreatment)
		} else if err != nil {
			return 0, err
		}
	}
	if hearth.TreatmentStatus(status) == hearth.TreatmentMerged && merged != 0 {
		id = merged
	}
	return id, nil
}

// ---- Reports ----

const reportColumns = `r.id, c.slug, r.treatment_id, t.name, t.status, t.category, r.author_id, a.handle, r.for_whom, r.started,
	COALESCE(r.stopped, -1), r.stop_reason, r.effectiveness, r.body, r.body_html, r.created_at, r.updated_at`

const reportFrom = ` FROM tried_reports r JOIN tried_treatments t ON t.id = r.treatment_id
	JOIN communities c ON c.id = r.community_id JOIN members a ON a.id = r.author_id`

func scanReport(row interface{ Scan(...any) error }) (*hearth.Report, error) {
	var r hearth.Report
	var status, cat, forWhom, reason, eff, html string
	var started, stopped, created, updated int64
	if err := row.Scan(&r.ID, &r.CommunitySlug, &r.TreatmentID, &r.TreatmentName, &status, &cat, &r.AuthorID, &r.Author, &forWhom,
		&started, &stopped, &reason, &eff, &r.Body, &html, &created, &updated); err != nil {
		return nil, err
	}
	r.TreatmentStatus, r.Category, r.ForWhom = hearth.TreatmentStatus(status), hearth.Category(cat), hearth.ForWhom(forWhom)
	r.Started, r.StillUsing = hearth.MonthFromIndex(int(started)), stopped < 0
	if !r.StillUsing {
		r.Stopped = hearth.MonthFromIndex(int(stopped))
	}
	r.StopReason, r.Effectiveness, r.BodyHTML = hearth.StopReason(reason), hearth.Effectiveness(eff), template.HTML(html)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	r.SideEffects = []hearth.SideEffect{}
	return &r, nil
}

func notFoundReport() error {
	return hearth.Errorf(hearth.ENotFound, "This report does not exist, or it is not yours. Members can open only their own reports.")
}

// findOwnReport finds one of the viewer's reports with its side effects.
func findOwnReport(ctx context.Context, q querier, viewer *hearth.Member, id int64) (*hearth.Report, error) {
	if viewer == nil {
		return nil, notFoundReport()
	}
	a := newSQLArgs(viewer)
	r, err := scanReport(q.QueryRowContext(ctx, `SELECT `+reportColumns+reportFrom+
		` WHERE r.id = `+a.add(id)+` AND r.author_id = $1 AND `+canReadCommunity, *a...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundReport()
	} else if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT name, severity FROM tried_side_effects WHERE report_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var se hearth.SideEffect
		var sev string
		if err := rows.Scan(&se.Name, &sev); err != nil {
			return nil, err
		}
		se.Severity = hearth.Severity(sev)
		r.SideEffects = append(r.SideEffects, se)
	}
	return r, rows.Err()
}

// FindReport returns one of the viewer's own reports. Others' reports are
// not found: they show only inside aggregates.
func (db *DB) FindReport(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Report, error) {
	return findOwnReport(ctx, db.read, viewer, id)
}

// ListOwnReports lists the viewer's reports in a community, latest first.
func (db *DB) ListOwnReports(ctx context.Context, viewer *hearth.Member, slug string) ([]*hearth.Report, error) {
	if viewer == nil {
		return nil, nil
	}
	a := newSQLArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT `+reportColumns+reportFrom+
		` WHERE c.slug = `+a.add(slug)+` AND r.author_id = $1 AND `+canReadCommunity+` ORDER BY r.updated_at DESC, r.id DESC`, *a...)
	return scanAll(rows, err, scanReport)
}

func duplicateReport(ctx context.Context, tx *sql.Tx, viewer *hearth.Member, treatmentID int64, forWhom hearth.ForWhom, except int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tried_reports WHERE author_id = $1 AND treatment_id = $2 AND for_whom = $3 AND id <> $4`,
		viewer.ID, treatmentID, string(forWhom), except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return hearth.FieldErrorf("treatment", "You already have a report on this treatment for the same person. Please update that one instead; you will find it under \"Your reports\".")
	}
	return nil
}

func stoppedArg(in hearth.ReportInput) any {
	if in.StillUsing {
		return nil
	}
	return in.Stopped.Index()
}

func writeSideEffects(ctx context.Context, tx *sql.Tx, reportID int64, ses []hearth.SideEffect) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM tried_side_effects WHERE report_id = $1`, reportID); err != nil {
		return err
	}
	for i, se := range ses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tried_side_effects (report_id, position, name, name_key, severity) VALUES ($1, $2, $3, $4, $5)`,
			reportID, i, se.Name, hearth.NameKey(se.Name), string(se.Severity)); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) renderExperience(body string) string {
	if body == "" {
		return ""
	}
	return string(db.Render(body))
}

// CreateReport records a member's report. A treatment typed by name is
// matched against every name on the list, so that "Keppra" counts for
// levetiracetam; a name not on it becomes a proposal for the moderators.
func (db *DB) CreateReport(ctx context.Context, viewer *hearth.Member, slug string, in hearth.ReportInput) (*hearth.Report, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to share what you tried.")
	}
	now := db.Now().UTC()
	if err := in.Validate(now); err != nil {
		return nil, err
	}
	html := db.renderExperience(in.Body)
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := findCommunity(ctx, tx, viewer, slug, true)
		if err != nil {
			return err
		}
		if !c.CanPost(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only members of %s can share reports there. Ask to join first.", c.Name)
		}
		tid, err := resolveTreatment(ctx, tx, viewer, c, in, now)
		if err != nil {
			return err
		}
		if err := duplicateReport(ctx, tx, viewer, tid, in.ForWhom, 0); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO tried_reports (community_id, treatment_id, author_id, for_whom, started, stopped, stop_reason,
			effectiveness, worst_severity, body, body_html, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			c.ID, tid, viewer.ID, string(in.ForWhom), in.Started.Index(), stoppedArg(in), string(in.StopReason), string(in.Effectiveness),
			hearth.WorstSeverity(in.SideEffects).Rank(), in.Body, html, ms(now)).Scan(&id); err != nil {
			return err
		}
		return writeSideEffects(ctx, tx, id, in.SideEffects)
	})
	if err != nil {
		return nil, err
	}
	return db.FindReport(ctx, viewer, id)
}

// sameReport reports whether an update would change nothing.
func sameReport(r *hearth.Report, tid int64, in hearth.ReportInput) bool {
	return r.TreatmentID == tid && r.ForWhom == in.ForWhom && r.Started == in.Started && r.StillUsing == in.StillUsing &&
		r.Stopped == in.Stopped && r.StopReason == in.StopReason && r.Effectiveness == in.Effectiveness &&
		slices.Equal(r.SideEffects, in.SideEffects) && r.Body == in.Body
}

// UpdateReport replaces one of the viewer's reports, keeping the earlier
// version in its history.
func (db *DB) UpdateReport(ctx context.Context, viewer *hearth.Member, id int64, in hearth.ReportInput) (*hearth.Report, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to update your report.")
	}
	now := db.Now().UTC()
	if err := in.Validate(now); err != nil {
		return nil, err
	}
	html := db.renderExperience(in.Body)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := findOwnReport(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		c, err := findCommunity(ctx, tx, viewer, old.CommunitySlug, true)
		if err != nil {
			return err
		}
		tid, err := resolveTreatment(ctx, tx, viewer, c, in, now)
		if err != nil {
			return err
		}
		if sameReport(old, tid, in) {
			return nil
		}
		if err := duplicateReport(ctx, tx, viewer, tid, in.ForWhom, id); err != nil {
			return err
		}
		ses, err := json.Marshal(old.SideEffects)
		if err != nil {
			return err
		}
		var oldStopped any
		if !old.StillUsing {
			oldStopped = old.Stopped.Index()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tried_revisions (report_id, treatment_id, for_whom, started, stopped, stop_reason, effectiveness,
			side_effects, body, edited_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			id, old.TreatmentID, string(old.ForWhom), old.Started.Index(), oldStopped, string(old.StopReason), string(old.Effectiveness),
			string(ses), old.Body, ms(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tried_reports SET treatment_id = $1, for_whom = $2, started = $3, stopped = $4, stop_reason = $5,
			effectiveness = $6, worst_severity = $7, body = $8, body_html = $9, updated_at = $10 WHERE id = $11`,
			tid, string(in.ForWhom), in.Started.Index(), stoppedArg(in), string(in.StopReason), string(in.Effectiveness),
			hearth.WorstSeverity(in.SideEffects).Rank(), in.Body, html, ms(now), id); err != nil {
			return err
		}
		return writeSideEffects(ctx, tx, id, in.SideEffects)
	})
	if err != nil {
		return nil, err
	}
	return db.FindReport(ctx, viewer, id)
}

// ListReportRevisions lists the earlier versions of one of the viewer's
// reports, newest first.
func (db *DB) ListReportRevisions(ctx context.Context, viewer *hearth.Member, id int64) ([]*hearth.ReportRevision, error) {
	if _, err := db.FindReport(ctx, viewer, id); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT t.name, v.for_whom, v.started, COALESCE(v.stopped, -1), v.stop_reason, v.effectiveness,
		v.side_effects, v.body, v.edited_at FROM tried_revisions v JOIN tried_treatments t ON t.id = v.treatment_id
		WHERE v.report_id = $1 ORDER BY v.id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hearth.ReportRevision
	for rows.Next() {
		var v hearth.ReportRevision
		var forWhom, reason, eff, ses string
		var started, stopped, edited int64
		if err := rows.Scan(&v.TreatmentName, &forWhom, &started, &stopped, &reason, &eff, &ses, &v.Body, &edited); err != nil {
			return nil, err
		}
		v.ForWhom, v.StopReason, v.Effectiveness, v.EditedAt = hearth.ForWhom(forWhom), hearth.StopReason(reason), hearth.Effectiveness(eff), fromMS(edited)
		v.Started, v.StillUsing = hearth.MonthFromIndex(int(started)), stopped < 0
		if !v.StillUsing {
			v.Stopped = hearth.MonthFromIndex(int(stopped))
		}
		if err := json.Unmarshal([]byte(ses), &v.SideEffects); err != nil {
			return nil, err
		}
		out = append(out, &v)
	}
	return out, rows.Err()
}

// ---- Summaries ----

// statsFilter builds the WHERE clause shared by the summary queries:
// reports of approved treatments in a community the viewer may read,
// narrowed by the filter and, when treatmentID is not 0, to one treatment.
func statsFilter(a *sqlArgs, communityID int64, f hearth.TriedFilter, treatmentID int64, nowMonth int) string {
	w := ` WHERE c.id = ` + a.add(communityID) + ` AND ` + canReadCommunity + ` AND t.status = 'approved'`
	if treatmentID != 0 {
		w += ` AND r.treatment_id = ` + a.add(treatmentID)
	}
	if f.Category != "" {
		w += ` AND t.category = ` + a.add(string(f.Category))
	}
	if f.ForWhom != "" {
		w += ` AND r.for_whom = ` + a.add(string(f.ForWhom))
	}
	if f.Duration != "" {
		lo, hi := f.Duration.Months()
		months := `(COALESCE(r.stopped, ` + a.add(nowMonth) + `) - r.started)`
		w += ` AND ` + months + ` >= ` + a.add(lo)
		if hi > 0 {
			w += ` AND ` + months + ` < ` + a.add(hi)
		}
	}
	return w
}

// countCase is one SUM(CASE …) column per value; values come from the
// domain's fixed lists, never from input.
func countCase[T ~string](expr string, values []T) string {
	var b strings.Builder
	for _, v := range values {
		b.WriteString(`, SUM(CASE WHEN ` + expr + ` = '` + string(v) + `' THEN 1 ELSE 0 END)`)
	}
	return b.String()
}

func counts[T interface {
	~string
	Label() string
}](values []T, ns []int) hearth.Counts {
	cs := make(hearth.Counts, len(values))
	for i, v := range values {
		cs[i] = hearth.Count{Key: string(v), Label: v.Label(), N: ns[i]}
	}
	return cs
}

// treatmentStats computes, in two GROUP BY queries, the stats of every
// approved treatment with reports under the filter. Cells under the
// threshold come back with Enough false and no numbers at all.
func (db *DB) treatmentStats(ctx context.Context, viewer *hearth.Member, communityID int64, f hearth.TriedFilter, treatmentID int64) (map[int64]*hearth.TreatmentStats, error) {
	nowMonth := hearth.MonthOf(db.Now()).Index()
	a := newSQLArgs(viewer)
	where := statsFilter(a, communityID, f, treatmentID, nowMonth)
	months := `(COALESCE(r.stopped, ` + a.add(nowMonth) + `) - r.started)`
	q := `SELECT r.treatment_id, COUNT(*), COUNT(DISTINCT r.author_id), SUM(CASE WHEN r.stopped IS NULL THEN 1 ELSE 0 END)` +
		countCase("r.effectiveness", hearth.Effectivenesses) +
		countCase("r.stop_reason", hearth.StopReasons)
	for i := range hearth.Severities {
		q += `, SUM(CASE WHEN r.worst_severity = ` + strconv.Itoa(i) + ` THEN 1 ELSE 0 END)`
	}
	for _, d := range hearth.Durations {
		lo, hi := d.Months()
		cond := months + ` >= ` + strconv.Itoa(lo)
		if hi > 0 {
			cond += ` AND ` + months + ` < ` + strconv.Itoa(hi)
		}
		q += `, SUM(CASE WHEN ` + cond + ` THEN 1 ELSE 0 END)`
	}
	q += ` FROM tried_reports r JOIN tried_treatments t ON t.id = r.treatment_id JOIN communities c ON c.id = r.community_id` +
		where + ` GROUP BY r.treatment_id`
	rows, err := db.read.QueryContext(ctx, q, *a...)
	if err != nil {
		return nil, err
	}
	out := map[int64]*hearth.TreatmentStats{}
	for rows.Next() {
		var id int64
		var reports, members, still int
		eff := make([]int, len(hearth.Effectivenesses))
		stop := make([]int, len(hearth.StopReasons))
		sev := make([]int, len(hearth.Severities))
		dur := make([]int, len(hearth.Durations))
		dest := []any{&id, &reports, &members, &still}
		for _, ns := range [][]int{eff, stop, sev, dur} {
			for i := range ns {
				dest = append(dest, &ns[i])
			}
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, err
		}
		if members < hearth.TriedK {
			// Keep no numbers at all for a small cell.
			out[id] = &hearth.TreatmentStats{}
			continue
		}
		st := &hearth.TreatmentStats{Enough: true, Reports: reports, StillUsing: still,
			Effectiveness: counts(hearth.Effectivenesses, eff),
			WorstSeverity: counts(hearth.Severities, sev), TimeOn: counts(hearth.Durations, dur)}
		// Why people stopped is a breakdown of the stopped reports alone,
		// so it needs TriedK of them.
		if reports-still >= hearth.TriedK {
			st.StopReasons = counts(hearth.StopReasons, stop)
		}
		out[id] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	a = newSQLArgs(viewer)
	where = statsFilter(a, communityID, f, treatmentID, nowMonth)
	rows, err = db.read.QueryContext(ctx, `SELECT r.treatment_id, s.name_key, COUNT(*), COUNT(DISTINCT r.author_id)`+
		countCase("s.severity", hearth.SideEffectSeverities)+
		` FROM tried_side_effects s JOIN tried_reports r ON r.id = s.report_id JOIN tried_treatments t ON t.id = r.treatment_id
		JOIN communities c ON c.id = r.community_id`+where+` GROUP BY r.treatment_id, s.name_key`, *a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		var reports, members int
		sev := make([]int, len(hearth.SideEffectSeverities))
		if err := rows.Scan(&id, &key, &reports, &members, &sev[0], &sev[1], &sev[2]); err != nil {
			return nil, err
		}
		st := out[id]
		if st == nil || !st.Enough {
			continue
		}
		// A side effect's name is members' own words, so a rare one could
		// point at one person: it is named only when TriedK members did.
		if members < hearth.TriedK {
			st.OtherSideEffects = true
			continue
		}
		st.SideEffects = append(st.SideEffects, hearth.SideEffectStat{Name: key, Reports: reports, Severity: counts(hearth.SideEffectSeverities, sev)})
	}
	for _, st := range out {
		slices.SortFunc(st.SideEffects, func(x, y hearth.SideEffectStat) int {
			if x.Reports != y.Reports {
				return y.Reports - x.Reports
			}
			return strings.Compare(x.Name, y.Name)
		})
	}
	return out, rows.Err()
}

// TriedSummary summarizes a community's reports under a filter: every
// approved treatment (in the filter's category), those with enough
// reports first, most reported first, then the rest by name. Treatments
// with no matching reports are listed like small ones, so the list itself
// reveals nothing.
func (db *DB) TriedSummary(ctx context.Context, viewer *hearth.Member, slug string, f hearth.TriedFilter) (*hearth.TriedSummary, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	c, err := findCommunity(ctx, db.read, viewer, slug, true)
	if err != nil {
		return nil, err
	}
	ts, err := listTreatments(ctx, db.read, viewer, c.ID, hearth.TreatmentApproved, f.Category)
	if err != nil {
		return nil, err
	}
	stats, err := db.treatmentStats(ctx, viewer, c.ID, f, 0)
	if err != nil {
		return nil, err
	}
	s := &hearth.TriedSummary{Community: c, Filter: f}
	for _, t := range ts {
		st := stats[t.ID]
		if st == nil {
			st = &hearth.TreatmentStats{}
		}
		st.Treatment = t
		s.Treatments = append(s.Treatments, st)
	}
	slices.SortStableFunc(s.Treatments, func(x, y *hearth.TreatmentStats) int {
		switch {
		case x.Enough != y.Enough && x.Enough:
			return -1
		case x.Enough != y.Enough:
			return 1
		}
		return y.Reports - x.Reports // 0 for small cells: they stay by name
	})
	return s, nil
}

// TreatmentPage returns one approved treatment's stats under a filter and
// the free text of its reports. The experiences ignore the filter: a list
// of named authors narrowed by "for whom" or time on treatment would tell
// each author's answers one by one.
func (db *DB) TreatmentPage(ctx context.Context, viewer *hearth.Member, slug string, id int64, f hearth.TriedFilter) (*hearth.TreatmentPage, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	c, err := findCommunity(ctx, db.read, viewer, slug, true)
	if err != nil {
		return nil, err
	}
	t, err := findTreatment(ctx, db.read, viewer, c.ID, id)
	if err != nil {
		return nil, err
	}
	if t.Status == hearth.TreatmentMerged && t.MergedInto != 0 {
		if t, err = findTreatment(ctx, db.read, viewer, c.ID, t.MergedInto); err != nil {
			return nil, err
		}
	}
	if t.Status != hearth.TreatmentApproved {
		return nil, hearth.Errorf(hearth.ENotFound, "This treatment is waiting for a moderator to add it to the list.")
	}
	stats, err := db.treatmentStats(ctx, viewer, c.ID, f, t.ID)
	if err != nil {
		return nil, err
	}
	st := stats[t.ID]
	if st == nil {
		st = &hearth.TreatmentStats{}
	}
	st.Treatment = t
	p := &hearth.TreatmentPage{Community: c, Stats: st}
	a := newSQLArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, a.handle, a.role, r.body, r.body_html, r.updated_at
		FROM tried_reports r JOIN communities c ON c.id = r.community_id JOIN members a ON a.id = r.author_id
		WHERE r.treatment_id = `+a.add(t.ID)+` AND r.body <> '' AND `+canReadCommunity+`
		ORDER BY r.updated_at DESC, r.id DESC LIMIT `+a.add(hearth.ExperiencesPerPage), *a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e hearth.Experience
		var role, html string
		var updated int64
		if err := rows.Scan(&e.ReportID, &e.Author, &role, &e.Body, &html, &updated); err != nil {
			return nil, err
		}
		e.AuthorRole, e.BodyHTML, e.UpdatedAt = hearth.Role(role), template.HTML(html), fromMS(updated)
		p.Experiences = append(p.Experiences, &e)
	}
	return p, rows.Err()
}
