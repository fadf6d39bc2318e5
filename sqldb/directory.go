package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
)

var _ hearth.DirectoryService = (*DB)(nil)

// fold lowercases text for the *_fold search columns. Folding in Go keeps
// search the same on both databases: SQLite's lower() knows only ASCII.
func fold(s string) string { return strings.ToLower(s) }

// likeEscape escapes LIKE's wildcards; queries say ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// orgWhere is the SQL condition for a filter on organizations aliased o,
// with its arguments appended to args and numbered after them.
func orgWhere(f hearth.OrgFilter, args []any) (string, []any) {
	var conds []string
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	// Every word must appear in the name or the city.
	for _, w := range strings.Fields(fold(f.Query)) {
		p := arg("%" + likeEscape(w) + "%")
		conds = append(conds, `(o.name_fold LIKE `+p+` ESCAPE '\' OR o.city_fold LIKE `+p+` ESCAPE '\')`)
	}
	if f.Kind != "" {
		conds = append(conds, `o.kind = `+arg(string(f.Kind)))
	}
	if f.Region != "" {
		conds = append(conds, `o.region = `+arg(f.Region))
	}
	if f.Channel != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM org_channels fc WHERE fc.org_id = o.id AND fc.kind = `+arg(string(f.Channel))+`)`)
	}
	if len(conds) == 0 {
		return "1 = 1", args
	}
	return strings.Join(conds, " AND "), args
}

const orgColumns = `o.id, o.name, o.kind, o.city, o.region, o.country, o.website, o.domain, o.created_at, o.updated_at`

func scanOrg(row interface{ Scan(...any) error }) (*hearth.Organization, error) {
	var o hearth.Organization
	var kind string
	var created, updated int64
	if err := row.Scan(&o.ID, &o.Name, &kind, &o.City, &o.Region, &o.Country, &o.Website, &o.Domain, &created, &updated); err != nil {
		return nil, err
	}
	o.Kind, o.CreatedAt, o.UpdatedAt = hearth.OrgKind(kind), fromMS(created), fromMS(updated)
	o.Channels, o.ManagedBy = []hearth.Channel{}, []string{}
	return &o, nil
}

func queryOrgs(ctx context.Context, q querier, query string, args ...any) ([]*hearth.Organization, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	return scanAll(rows, err, scanOrg)
}

// inList returns "$k, $k+1, …" for n arguments numbered after skip.
func inList(skip, n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", skip+i+1)
	}
	return strings.Join(marks, ", ")
}

// idChunk bounds the parameters of one IN list, well under both
// databases' limits.
const idChunk = 500

// loadOrgDetails fills in the channels and approved managers of orgs.
func loadOrgDetails(ctx context.Context, q querier, orgs []*hearth.Organization) error {
	byID := make(map[int64]*hearth.Organization, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	for start := 0; start < len(orgs); start += idChunk {
		part := orgs[start:min(start+idChunk, len(orgs))]
		args := make([]any, len(part))
		for i, o := range part {
			args[i] = o.ID
		}
		in := inList(0, len(part))
		rows, err := q.QueryContext(ctx, `SELECT org_id, kind, url, status, checked_at, check_note FROM org_channels WHERE org_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var c hearth.Channel
			var kind, status string
			var checked sql.NullInt64
			if err := rows.Scan(&id, &kind, &c.URL, &status, &checked, &c.CheckNote); err != nil {
				rows.Close()
				return err
			}
			c.Kind, c.Status = hearth.ChannelKind(kind), hearth.ChannelStatus(status)
			if checked.Valid {
				t := fromMS(checked.Int64)
				c.CheckedAt = &t
			}
			byID[id].Channels = append(byID[id].Channels, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = q.QueryContext(ctx, `SELECT cl.org_id, m.handle FROM org_claims cl JOIN members m ON m.id = cl.member_id
			WHERE cl.status = 'approved' AND cl.org_id IN (`+in+`) ORDER BY m.handle`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var handle string
			if err := rows.Scan(&id, &handle); err != nil {
				rows.Close()
				return err
			}
			byID[id].ManagedBy = append(byID[id].ManagedBy, handle)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	order := map[hearth.ChannelKind]int{}
	for i, k := range hearth.ChannelKinds {
		order[k] = i
	}
	for _, o := range orgs {
		sort.Slice(o.Channels, func(i, j int) bool { return order[o.Channels[i].Kind] < order[o.Channels[j].Kind] })
	}
	return nil
}

// ListOrganizations returns a page of the organizations a filter selects,
// by name.
func (db *DB) ListOrganizations(ctx context.Context, f hearth.OrgFilter) (*hearth.OrgPage, error) {
	if err := f.Clean(); err != nil {
		return nil, err
	}
	where, args := orgWhere(f, nil)
	p := &hearth.OrgPage{}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations o WHERE `+where, args...).Scan(&p.Total); err != nil {
		return nil, err
	}
	p.Pages = max(1, (p.Total+f.PerPage-1)/f.PerPage)
	p.Page = min(f.Page, p.Pages)
	n := len(args)
	orgs, err := queryOrgs(ctx, db.read, `SELECT `+orgColumns+` FROM organizations o WHERE `+where+
		fmt.Sprintf(` ORDER BY o.name_fold, o.id LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, f.PerPage, (p.Page-1)*f.PerPage)...)
	if err != nil {
		return nil, err
	}
	if err := loadOrgDetails(ctx, db.read, orgs); err != nil {
		return nil, err
	}
	p.Orgs = orgs
	if p.Orgs == nil {
		p.Orgs = []*hearth.Organization{}
	}
	return p, nil
}

// ExportOrganizations returns every organization a filter selects, by
// name, with their channels.
func (db *DB) ExportOrganizations(ctx context.Context, f hearth.OrgFilter) ([]*hearth.Organization, error) {
	if err := f.Clean(); err != nil {
		return nil, err
	}
	where, args := orgWhere(f, nil)
	orgs, err := queryOrgs(ctx, db.read, `SELECT `+orgColumns+` FROM organizations o WHERE `+where+` ORDER BY o.name_fold, o.id`, args...)
	if err != nil {
		return nil, err
	}
	return orgs, loadOrgDetails(ctx, db.read, orgs)
}

// DirectoryStats counts the organizations a filter selects: in all, with
// at least one channel, by channel and by region.
func (db *DB) DirectoryStats(ctx context.Context, f hearth.OrgFilter) (*hearth.DirectoryStats, error) {
	if err := f.Clean(); err != nil {
		return nil, err
	}
	where, args := orgWhere(f, nil)
	s := &hearth.DirectoryStats{}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM org_channels c WHERE c.org_id = o.id) THEN 1 ELSE 0 END), 0)
		FROM organizations o WHERE `+where, args...).Scan(&s.Total, &s.WithChannel); err != nil {
		return nil, err
	}

	counts := map[hearth.ChannelKind]*hearth.ChannelCount{}
	for _, k := range hearth.ChannelKinds {
		counts[k] = &hearth.ChannelCount{Kind: k, Label: k.Label()}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT ch.kind, COUNT(*), COALESCE(SUM(CASE WHEN ch.status = 'dead' THEN 1 ELSE 0 END), 0)
		FROM org_channels ch JOIN organizations o ON o.id = ch.org_id WHERE `+where+` GROUP BY ch.kind`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var kind string
		var n, dead int
		if err := rows.Scan(&kind, &n, &dead); err != nil {
			rows.Close()
			return nil, err
		}
		if c := counts[hearth.ChannelKind(kind)]; c != nil {
			c.Orgs, c.Dead = n, dead
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, k := range hearth.ChannelKinds {
		s.ByChannel = append(s.ByChannel, *counts[k])
	}
	// Most listed first; ties keep the usual channel order.
	sort.SliceStable(s.ByChannel, func(i, j int) bool { return s.ByChannel[i].Orgs > s.ByChannel[j].Orgs })

	rows, err = db.read.QueryContext(ctx, `SELECT o.country, o.region, COUNT(*) FROM organizations o WHERE `+where+` GROUP BY o.country, o.region`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s.ByRegion = []hearth.RegionCount{}
	for rows.Next() {
		var r hearth.RegionCount
		if err := rows.Scan(&r.Country, &r.Region, &r.Orgs); err != nil {
			return nil, err
		}
		r.Name = regionLabel(r.Country, r.Region)
		s.ByRegion = append(s.ByRegion, r)
	}
	sort.Slice(s.ByRegion, func(i, j int) bool {
		a, b := s.ByRegion[i], s.ByRegion[j]
		if a.Orgs != b.Orgs {
			return a.Orgs > b.Orgs
		}
		return a.Name < b.Name
	})
	return s, rows.Err()
}

func regionLabel(country, region string) string {
	switch {
	case country == "US" && region != "":
		return hearth.RegionName(country, region)
	case region == "":
		return "No region given (" + country + ")"
	}
	return region + " (" + country + ")"
}

func notFoundOrg() error {
	return hearth.Errorf(hearth.ENotFound, "There is no organization at this address in the directory. It may have been removed.")
}

// FindOrganization returns an entry with its channels and managers, and
// the viewer's claim on it.
func (db *DB) FindOrganization(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Organization, error) {
	o, err := scanOrg(db.read.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations o WHERE o.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundOrg()
	} else if err != nil {
		return nil, err
	}
	if err := loadOrgDetails(ctx, db.read, []*hearth.Organization{o}); err != nil {
		return nil, err
	}
	if viewer != nil {
		var status string
		err := db.read.QueryRowContext(ctx, `SELECT status FROM org_claims WHERE org_id = $1 AND member_id = $2`, id, viewer.ID).Scan(&status)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		o.ViewerClaim = hearth.ClaimStatus(status)
	}
	return o, nil
}

// OrganizationsByDomain returns the entries holding any of the domains.
func (db *DB) OrganizationsByDomain(ctx context.Context, domains []string) (map[string]*hearth.Organization, error) {
	found := map[string]*hearth.Organization{}
	for start := 0; start < len(domains); start += idChunk {
		part := domains[start:min(start+idChunk, len(domains))]
		args := make([]any, len(part))
		for i, d := range part {
			args[i] = d
		}
		orgs, err := queryOrgs(ctx, db.read, `SELECT `+orgColumns+` FROM organizations o WHERE o.domain IN (`+inList(0, len(part))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			found[o.Domain] = o
		}
	}
	return found, nil
}

// CreateOrganizations adds entries in one transaction: every one of them
// or, when any fails its checks or duplicates a domain, none.
func (db *DB) CreateOrganizations(ctx context.Context, news []hearth.NewOrganization) ([]*hearth.Organization, error) {
	for i := range news {
		if err := news[i].Validate(); err != nil {
			return nil, hearth.Errorf(hearth.EInvalid, "%s: %s", orDefault(news[i].Name, fmt.Sprintf("entry %d", i+1)), hearth.ErrorMessage(err))
		}
	}
	now := db.Now().UTC().Truncate(time.Millisecond)
	out := make([]*hearth.Organization, 0, len(news))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for _, n := range news {
			o := &hearth.Organization{Name: n.Name, Kind: n.Kind, City: n.City, Region: n.Region, Country: n.Country,
				Website: n.Website, Domain: n.Domain(), CreatedAt: now, UpdatedAt: now, Channels: []hearth.Channel{}, ManagedBy: []string{}}
			var taken string
			err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE domain = $1`, o.Domain).Scan(&taken)
			if err == nil {
				return hearth.FieldErrorf("website", "%s: the directory already lists %s with the website domain %s.", n.Name, taken, o.Domain)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO organizations (name, name_fold, kind, city, city_fold, region, country, website, domain, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
				o.Name, fold(o.Name), string(o.Kind), o.City, fold(o.City), o.Region, o.Country, o.Website, o.Domain, ms(now)).Scan(&o.ID)
			if isUnique(err) {
				return hearth.FieldErrorf("website", "%s: another entry with the website domain %s was added at the same time.", n.Name, o.Domain)
			} else if err != nil {
				return err
			}
			for _, k := range hearth.ChannelKinds {
				u := n.Channels[k]
				if u == "" {
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO org_channels (org_id, kind, url) VALUES ($1, $2, $3)`, o.ID, string(k), u); err != nil {
					return err
				}
				o.Channels = append(o.Channels, hearth.Channel{Kind: k, URL: u, Status: hearth.ChannelUnchecked})
			}
			out = append(out, o)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ChannelsToCheck returns up to limit channels never checked or last
// checked before a time, those waiting longest first.
func (db *DB) ChannelsToCheck(ctx context.Context, checkedBefore time.Time, limit int) ([]hearth.ChannelCheck, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT org_id, kind, url FROM org_channels
		WHERE checked_at IS NULL OR checked_at < $1 ORDER BY COALESCE(checked_at, 0), org_id, kind LIMIT $2`, ms(checkedBefore), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hearth.ChannelCheck
	for rows.Next() {
		var c hearth.ChannelCheck
		var kind string
		if err := rows.Scan(&c.OrgID, &kind, &c.URL); err != nil {
			return nil, err
		}
		c.Kind = hearth.ChannelKind(kind)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordChannelCheck stores a link check's result, unless the channel's
// URL changed while it was being checked.
func (db *DB) RecordChannelCheck(ctx context.Context, c hearth.ChannelCheck) error {
	switch c.Status {
	case hearth.ChannelOK, hearth.ChannelDead, hearth.ChannelUnknown:
	default:
		return hearth.Errorf(hearth.EInvalid, "a link check cannot record the status %q", c.Status)
	}
	note := c.Note
	if utf8.RuneCountInString(note) > 200 {
		note = string([]rune(note)[:200])
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE org_channels SET status = $1, checked_at = $2, check_note = $3 WHERE org_id = $4 AND kind = $5 AND url = $6`,
			string(c.Status), ms(c.CheckedAt), strings.ToValidUTF8(note, ""), c.OrgID, string(c.Kind), c.URL)
		return err
	})
}

// ClaimOrganization records the viewer's request to manage an entry on
// the organization's behalf. Asking again returns the claim as it stands.
func (db *DB) ClaimOrganization(ctx context.Context, viewer *hearth.Member, orgID int64, note string) (*hearth.OrgClaim, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to ask to manage an entry.")
	}
	if err := hearth.CheckText(note); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if note == "" {
		return nil, hearth.FieldErrorf("note", "Please say what you do at the organization, so that an administrator can check it.")
	}
	if n := utf8.RuneCountInString(note); n > hearth.MaxClaimNoteRunes {
		return nil, hearth.FieldErrorf("note", "Your note is %d characters long; please keep it under %d.", n, hearth.MaxClaimNoteRunes)
	}
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE id = $1`, orgID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return notFoundOrg()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_claims (org_id, member_id, status, note, created_at) VALUES ($1, $2, 'pending', $3, $4)
			ON CONFLICT (org_id, member_id) DO NOTHING`, orgID, viewer.ID, note, ms(db.Now())); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT id FROM org_claims WHERE org_id = $1 AND member_id = $2`, orgID, viewer.ID).Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	return findClaim(ctx, db.write, id)
}

const claimColumns = `cl.id, cl.org_id, o.name, m.handle, m.role, cl.note, cl.status, cl.created_at, COALESCE(a.handle, ''), cl.approved_at`

const claimFrom = ` FROM org_claims cl JOIN organizations o ON o.id = cl.org_id JOIN members m ON m.id = cl.member_id
	LEFT JOIN members a ON a.id = cl.approved_by`

func scanClaim(row interface{ Scan(...any) error }) (*hearth.OrgClaim, error) {
	var c hearth.OrgClaim
	var role, status string
	var created int64
	var approved sql.NullInt64
	if err := row.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.Member, &role, &c.Note, &status, &created, &c.ApprovedBy, &approved); err != nil {
		return nil, err
	}
	c.MemberRole, c.Status, c.CreatedAt = hearth.Role(role), hearth.ClaimStatus(status), fromMS(created)
	if approved.Valid {
		t := fromMS(approved.Int64)
		c.ApprovedAt = &t
	}
	return &c, nil
}

func findClaim(ctx context.Context, q querier, id int64) (*hearth.OrgClaim, error) {
	c, err := scanClaim(q.QueryRowContext(ctx, `SELECT `+claimColumns+claimFrom+` WHERE cl.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "There is no such request to manage an entry; it may have been answered already.")
	}
	return c, err
}

func mustManageDirectory(viewer *hearth.Member) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in as an administrator.")
	}
	if !hearth.CanManageDirectory(viewer) {
		return hearth.Errorf(hearth.EForbidden, "Only administrators can manage the directory.")
	}
	return nil
}

// ListClaims lists claims, pending ones first, for administrators.
func (db *DB) ListClaims(ctx context.Context, viewer *hearth.Member) ([]*hearth.OrgClaim, error) {
	if err := mustManageDirectory(viewer); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+claimColumns+claimFrom+`
		ORDER BY CASE WHEN cl.status = 'pending' THEN 0 ELSE 1 END, cl.created_at, cl.id`)
	return scanAll(rows, err, scanClaim)
}

// DecideClaim approves a pending claim, or declines a claim by deleting
// it (which also withdraws an approval).
func (db *DB) DecideClaim(ctx context.Context, viewer *hearth.Member, claimID int64, approve bool) error {
	if err := mustManageDirectory(viewer); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if approve {
			res, err = tx.ExecContext(ctx, `UPDATE org_claims SET status = 'approved', approved_by = $1, approved_at = $2 WHERE id = $3 AND status = 'pending'`,
				viewer.ID, ms(db.Now()), claimID)
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM org_claims WHERE id = $1`, claimID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.ENotFound, "There is no such request waiting; it may have been answered already.")
		}
		return nil
	})
}
