// Package orgcsv reads and writes the directory of organizations as CSV
// (RFC 4180, as spreadsheet programs save it) and imports a file into the
// directory. Every row is checked; a bad row is reported with its line and
// its problem in plain words. The good rows go in together, in one
// transaction, or nothing does: the operator chooses, and no row is ever
// skipped without being reported.
package orgcsv

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hearth-community/hearth"
)

// Columns are a directory file's columns, in the order Write puts them:
// the organization's fields, then one column per channel kind.
var Columns = func() []string {
	cols := []string{"name", "kind", "city", "region", "country", "website"}
	for _, k := range hearth.ChannelKinds {
		cols = append(cols, string(k))
	}
	return cols
}()

// required columns must be in the header.
var required = []string{"name", "kind", "website"}

// columnAliases maps other header spellings to a column.
var columnAliases = func() map[string]string {
	m := map[string]string{
		"organization": "name", "organization name": "name", "organisation": "name",
		"type": "kind", "state": "region", "state or region": "region", "province": "region",
		"url": "website", "web site": "website", "homepage": "website", "home page": "website",
		"twitter": "x", "x/twitter": "x", "twitter/x": "x", "community forum": "forum",
	}
	for _, c := range Columns {
		m[c] = c
	}
	for _, k := range hearth.ChannelKinds {
		m[strings.ToLower(k.Label())] = string(k)
	}
	return m
}()

// MaxRows bounds the rows of one file.
const MaxRows = 20000

// Problem is what is wrong with one row of a file (or, at Line 0, with
// the file as a whole).
type Problem struct {
	Line int `json:"line"`
	// Column is the column at fault, empty when it is the whole row.
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	switch {
	case p.Line == 0:
		return p.Message
	case p.Column == "":
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d, column %s: %s", p.Line, p.Column, p.Message)
}

// Row is a row that passed every check.
type Row struct {
	Line int
	Org  hearth.NewOrganization
}

// File is a parsed directory file.
type File struct {
	// Rows are the good rows, in file order.
	Rows []Row
	// Domains maps the line of every row with a usable website, good or
	// bad, to the website's domain, so that an import can report a row
	// that duplicates the directory even when it has other problems.
	Domains map[int]string
	// Problems are the bad rows' problems, by line.
	Problems []Problem
	// DataRows counts the rows read, good and bad, after the header.
	DataRows int
}

// Read parses and checks a directory file. It fails only when the file
// cannot be used at all (no header, a missing or unknown column); bad
// rows become Problems. Within the file, a second row with the same
// website domain as an earlier one is a problem too.
func Read(r io.Reader) (*File, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, hearth.Errorf(hearth.EInvalid, "The file is empty. It needs a header row (%s) and one row per organization.", strings.Join(Columns, ","))
	} else if err != nil {
		return nil, hearth.Errorf(hearth.EInvalid, "The header row could not be read: %s", describeCSVError(err))
	}
	cols, err := readHeader(header)
	if err != nil {
		return nil, err
	}
	f := &File{Domains: map[int]string{}}
	firstLine := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			f.DataRows++
			f.Problems = append(f.Problems, Problem{Line: pe.StartLine, Message: describeCSVError(err)})
			continue
		} else if err != nil {
			return nil, hearth.Errorf(hearth.EInvalid, "The file could not be read after line %d: %v", f.DataRows+1, err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue // a spreadsheet's empty row holds no data to lose
		}
		f.DataRows++
		if f.DataRows > MaxRows {
			return nil, hearth.Errorf(hearth.EInvalid, "The file has more than %d rows. Please split it into smaller files.", MaxRows)
		}
		if len(rec) != len(cols) {
			f.Problems = append(f.Problems, Problem{Line: line, Message: fmt.Sprintf(
				"This row has %d fields but the header has %d. A field that holds a comma must be in double quotes.", len(rec), len(cols))})
			continue
		}
		n := hearth.NewOrganization{Channels: map[hearth.ChannelKind]string{}}
		for i, c := range cols {
			v := rec[i]
			switch c {
			case "name":
				n.Name = v
			case "kind":
				n.Kind = hearth.OrgKind(v)
			case "city":
				n.City = v
			case "region":
				n.Region = v
			case "country":
				n.Country = v
			case "website":
				n.Website = v
			default:
				n.Channels[hearth.ChannelKind(c)] = v
			}
		}
		ps := n.Check()
		websiteOK := true
		for _, p := range ps {
			f.Problems = append(f.Problems, Problem{Line: line, Column: p.Field, Message: p.Message})
			websiteOK = websiteOK && p.Field != "website" && p.Field != ""
		}
		if websiteOK {
			d := n.Domain()
			f.Domains[line] = d
			if first, ok := firstLine[d]; ok {
				f.Problems = append(f.Problems, Problem{Line: line, Column: "website", Message: fmt.Sprintf(
					"The website domain %s is the same as on line %d. Each organization should appear once.", d, first)})
				continue
			}
			firstLine[d] = line
		}
		if len(ps) == 0 {
			f.Rows = append(f.Rows, Row{Line: line, Org: n})
		}
	}
	sortProblems(f.Problems)
	return f, nil
}

// readHeader maps the header's cells to columns.
func readHeader(header []string) ([]string, error) {
	cols := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF") // the byte-order mark some programs write
		}
		key := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(h, "_", " ")), " "))
		c, ok := columnAliases[key]
		if !ok {
			c, ok = columnAliases[strings.ReplaceAll(key, " ", "_")]
		}
		if !ok {
			if key == "" {
				return nil, hearth.Errorf(hearth.EInvalid, "Column %d of the header row is empty. Every column needs a name; the columns are: %s.", i+1, strings.Join(Columns, ", "))
			}
			return nil, hearth.Errorf(hearth.EInvalid, "Column %d of the header row, %q, is not a column we know, so its data would be lost. The columns are: %s.", i+1, h, strings.Join(Columns, ", "))
		}
		if j, dup := seen[c]; dup {
			return nil, hearth.Errorf(hearth.EInvalid, "Columns %d and %d of the header row are both %q. Each column may appear once.", j+1, i+1, c)
		}
		seen[c] = i
		cols[i] = c
	}
	var missing []string
	for _, c := range required {
		if _, ok := seen[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, hearth.Errorf(hearth.EInvalid, "The header row has no %s column. The first row must name the columns, for example: %s.",
			strings.Join(missing, " or "), strings.Join(Columns, ","))
	}
	return cols, nil
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// describeCSVError says what a CSV syntax error means for a spreadsheet user.
func describeCSVError(err error) string {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `A double quote (") appears inside a field that does not start with one. Put the whole field in double quotes and write each " inside it twice ("").`
	case errors.Is(pe.Err, csv.ErrQuote):
		if pe.Line > pe.StartLine {
			return fmt.Sprintf(`A field in double quotes that starts on this line is not closed properly (a " is missing, or a " inside it is not written twice), so lines %d to %d could not be read.`, pe.StartLine, pe.Line)
		}
		return `A field in double quotes is not closed properly: a " is missing, or a " inside it is not written twice ("").`
	}
	return fmt.Sprintf("This row could not be read: %v.", pe.Err)
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}

// Write writes organizations as a directory file that Read accepts.
func Write(w io.Writer, orgs []*hearth.Organization) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	rec := make([]string, len(Columns))
	for _, o := range orgs {
		clear(rec)
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = o.Name, string(o.Kind), o.City, o.Region, o.Country, o.Website
		for i, k := range hearth.ChannelKinds {
			if c := o.Channel(k); c != nil {
				rec[6+i] = c.URL
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Mode says what Import does with a file that has bad rows.
type Mode string

// Import modes.
const (
	// GoodRows imports the good rows and reports the bad ones.
	GoodRows Mode = "good-rows"
	// AllOrNothing imports nothing when any row has a problem.
	AllOrNothing Mode = "all-or-nothing"
	// CheckOnly reports the problems and imports nothing.
	CheckOnly Mode = "check-only"
)

// ParseMode reads a mode; empty means GoodRows.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "":
		return GoodRows, nil
	case GoodRows, AllOrNothing, CheckOnly:
		return m, nil
	}
	return "", hearth.FieldErrorf("mode", "Please choose what to do with rows that have problems.")
}

// Store is what Import needs from storage.
type Store interface {
	OrganizationsByDomain(ctx context.Context, domains []string) (map[string]*hearth.Organization, error)
	CreateOrganizations(ctx context.Context, orgs []hearth.NewOrganization) ([]*hearth.Organization, error)
}

// Report is what an import did.
type Report struct {
	Mode Mode `json:"mode"`
	// Rows counts the file's rows after the header.
	Rows int `json:"rows"`
	// Ready counts the rows with no problem.
	Ready    int       `json:"ready"`
	Imported int       `json:"imported"`
	Problems []Problem `json:"problems"`
}

// BadRows counts the rows with at least one problem.
func (r *Report) BadRows() int {
	lines := map[int]bool{}
	for _, p := range r.Problems {
		lines[p.Line] = true
	}
	return len(lines)
}

// Summary says in one or two sentences what happened.
func (r *Report) Summary() string {
	bad := r.BadRows()
	rows := plural(r.Rows, "row", "rows")
	switch {
	case r.Rows == 0:
		return "The file has a header row but no organizations in it. Nothing was imported."
	case r.Mode == CheckOnly && bad == 0:
		return fmt.Sprintf("Checked %s: all of them can be imported. Nothing was imported yet, because this was a check only.", rows)
	case r.Mode == CheckOnly:
		return fmt.Sprintf("Checked %s: %d can be imported and %s. Nothing was imported, because this was a check only.", rows, r.Ready, haveProblems(bad))
	case bad > 0 && r.Imported == 0 && r.Mode == AllOrNothing:
		return fmt.Sprintf("Nothing was imported: %d of %s %s. Fix them and import the file again, or choose to import only the good rows.", bad, rows, hasHave(bad))
	case bad > 0 && r.Imported == 0:
		return fmt.Sprintf("Nothing was imported: %d of %s %s.", bad, rows, hasHave(bad))
	case bad == 1:
		return fmt.Sprintf("Imported %d of %s. The other row has problems and was not imported; it is listed below.", r.Imported, rows)
	case bad > 0:
		return fmt.Sprintf("Imported %d of %s. The other %d rows have problems and were not imported; they are listed below.", r.Imported, rows, bad)
	}
	return fmt.Sprintf("Imported all %s.", rows)
}

func haveProblems(n int) string {
	if n == 1 {
		return "1 row has problems"
	}
	return fmt.Sprintf("%d rows have problems", n)
}

func hasHave(n int) string {
	if n == 1 {
		return "has problems"
	}
	return "have problems"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Import reads a directory file and adds its organizations to the store.
// A row whose website domain the directory already holds is a problem
// like any other. The good rows go in one transaction: in GoodRows mode
// whenever there are any, in AllOrNothing mode only when no row has a
// problem, in CheckOnly mode never. The error is for a file that cannot
// be used at all, or a failure to store; the report says what happened
// in every other case.
func Import(ctx context.Context, store Store, r io.Reader, mode Mode) (*Report, error) {
	f, err := Read(r)
	if err != nil {
		return nil, err
	}
	rep := &Report{Mode: mode, Rows: f.DataRows, Problems: f.Problems}
	lines := make([]int, 0, len(f.Domains))
	domains := make([]string, 0, len(f.Domains))
	for line, d := range f.Domains {
		lines = append(lines, line)
		domains = append(domains, d)
	}
	existing, err := store.OrganizationsByDomain(ctx, domains)
	if err != nil {
		return nil, err
	}
	listed := map[int]bool{}
	for _, line := range lines {
		d := f.Domains[line]
		if o := existing[d]; o != nil {
			listed[line] = true
			rep.Problems = append(rep.Problems, Problem{Line: line, Column: "website", Message: fmt.Sprintf(
				"The directory already lists %s with the website domain %s.", o.Name, d)})
		}
	}
	var good []hearth.NewOrganization
	for _, row := range f.Rows {
		if !listed[row.Line] {
			good = append(good, row.Org)
		}
	}
	sortProblems(rep.Problems)
	if rep.Problems == nil {
		rep.Problems = []Problem{}
	}
	rep.Ready = len(good)
	if mode == CheckOnly || (mode == AllOrNothing && len(rep.Problems) > 0) || len(good) == 0 {
		return rep, nil
	}
	created, err := store.CreateOrganizations(ctx, good)
	if err != nil {
		return rep, err
	}
	rep.Imported = len(created)
	return rep, nil
}
