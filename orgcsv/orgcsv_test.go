package orgcsv_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/orgcsv"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }

const header = "name,kind,city,region,country,website,facebook,x,youtube,instagram,linkedin,tiktok,blog,podcast,forum,mastodon\n"

// row builds a CSV row with the channel columns given as kind=url.
func row(name, kind, city, region, country, website string, channels ...string) string {
	cells := []string{name, kind, city, region, country, website}
	for _, k := range hearth.ChannelKinds {
		v := ""
		for _, c := range channels {
			if strings.HasPrefix(c, string(k)+"=") {
				v = strings.TrimPrefix(c, string(k)+"=")
			}
		}
		cells = append(cells, v)
	}
	return strings.Join(cells, ",") + "\n"
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _ := sqldbtest.MustOpen(t)
	_, err := src.CreateOrganizations(ctx, []hearth.NewOrganization{
		{Name: `Riverbend "Regional", Medical Center`, Kind: hearth.OrgHospital, City: "Dayton", Region: "OH", Website: "https://www.riverbend.example.org/",
			Channels: map[hearth.ChannelKind]string{hearth.ChannelFacebook: "https://www.facebook.com/rb", hearth.ChannelMastodon: "https://mastodon.example.org/@rb",
				hearth.ChannelForum: "https://community.riverbend.example.org/?a=1&b=2"}},
		{Name: "Clínica Señora de la Paz", Kind: hearth.OrgClinic, City: "San Juan", Region: "PR", Website: "https://paz.example.org"},
		{Name: "Ontario Kidney Friends", Kind: hearth.OrgPatientGroup, City: "Toronto", Region: "Ontario", Country: "CA",
			Website: "https://okf.example.org/", Channels: map[hearth.ChannelKind]string{hearth.ChannelX: "https://x.com/okf", hearth.ChannelYouTube: "https://youtu.be/x"}},
		{Name: "Multi\nline name? no", Kind: hearth.OrgOther, Region: "TX", Website: "https://multi.example.org/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := src.ExportOrganizations(ctx, hearth.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := orgcsv.Write(&first, orgs); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.String(), header) {
		t.Fatalf("header: %q", first.String())
	}

	dst, _ := sqldbtest.MustOpen(t)
	rep, err := orgcsv.Import(ctx, dst, bytes.NewReader(first.Bytes()), orgcsv.AllOrNothing)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 4 || rep.Imported != 4 || len(rep.Problems) != 0 || rep.Summary() != "Imported all 4 rows." {
		t.Fatalf("report: %+v %q", rep, rep.Summary())
	}
	again, err := dst.ExportOrganizations(ctx, hearth.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := orgcsv.Write(&second, again); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("round trip changed the file:\n%s\n---\n%s", first.String(), second.String())
	}
	// Importing the same file again finds every row a duplicate.
	rep, err = orgcsv.Import(ctx, dst, bytes.NewReader(first.Bytes()), orgcsv.GoodRows)
	if err != nil || rep.Imported != 0 || rep.BadRows() != 4 {
		t.Errorf("re-import: %+v %v", rep, err)
	}
	for _, p := range rep.Problems {
		if p.Column != "website" || !strings.Contains(p.Message, "already lists") {
			t.Errorf("re-import problem: %v", p)
		}
	}
}

// badFile has a good row on line 2 and then one bad row of every kind.
// Line numbers count the lines of the file, a quoted field over two lines
// included.
var badFile = header +
	row("Good Hospital", "hospital", "Dayton", "OH", "US", "https://good.example.org/", "facebook=https://www.facebook.com/good") + // 2
	row("", "clinic", "Austin", "TX", "", "https://noname.example.org/") + // 3
	row("Spa Place", "day spa", "Austin", "TX", "", "https://spa.example.org/") + // 4
	row("Wrong State", "clinic", "Austin", "Texass", "", "https://state.example.org/") + // 5
	row("Wrong Country", "clinic", "Toronto", "Ontario", "Canada", "https://country.example.org/") + // 6
	row("No Website", "clinic", "Austin", "TX", "", "") + // 7
	row("Bare Website", "clinic", "Austin", "TX", "", "www.bare.example.org") + // 8
	row("Wrong Host", "clinic", "Austin", "TX", "", "https://host.example.org/", "facebook=https://www.faceb00k.com/x") + // 9
	row("Home Page", "clinic", "Austin", "TX", "", "https://home.example.org/", "youtube=https://www.youtube.com/") + // 10
	row("No Account", "clinic", "Austin", "TX", "", "https://mast.example.org/", "mastodon=https://mastodon.example.org/about") + // 11
	"Too,Few,Fields\n" + // 12
	"Bad \"quote\" here,clinic,Austin,TX,,https://quote.example.org/,,,,,,,,,,\n" + // 13
	row("=cmd|' /C calc'!A0", "clinic", "Austin", "TX", "", "https://formula.example.org/") + // 14
	row("Good Hospital Twin", "hospital", "Dayton", "OH", "US", "http://GOOD.example.org/other") + // 15
	row("Listed Already", "clinic", "Austin", "TX", "", "https://www.listed.example.org/") + // 16
	row(`"Two
Line Clinic"`, "clinic", "Austin", "TX", "", "https://twoline.example.org/") + // 17-18
	",,,,,,,,,,,,,,,\n" + // 19: empty, skipped
	row("Two Problems", "spa", "Austin", "TX", "", "ftp://two.example.org/") + // 20
	row("Last Good Clinic", "Clinic", "Dayton", "ohio", "usa", "HTTPS://Last.Example.org") // 21

func TestEveryBadRowKind(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if _, err := db.CreateOrganizations(ctx, []hearth.NewOrganization{{Name: "Listed", Kind: hearth.OrgClinic, Region: "TX", Website: "https://listed.example.org"}}); err != nil {
		t.Fatal(err)
	}
	rep, err := orgcsv.Import(ctx, db, strings.NewReader(badFile), orgcsv.GoodRows)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line   int
		column string
		says   string
	}{
		{3, "name", "name is missing"},
		{4, "kind", `"day spa" is not a kind we know`},
		{5, "region", `"Texass" is not a US state`},
		{6, "country", `"Canada" is not a country code`},
		{7, "website", "website is missing"},
		{8, "website", "must start with https://"},
		{9, "facebook", "is not on facebook.com"},
		{10, "youtube", "goes to the YouTube home page"},
		{11, "mastodon", "does not name an account"},
		{12, "", "has 3 fields but the header has 16"},
		{13, "", `A double quote (") appears inside a field`},
		{14, "name", "formula"},
		{15, "website", "same as on line 2"},
		{16, "website", "already lists Listed with the website domain listed.example.org"},
		// Lines 17 and 18 are one good row: a quoted name over two lines,
		// whose line break folds to a space. Line 19 is empty.
		{20, "kind", `"spa" is not a kind`},
		{20, "website", "not ftp:"},
	}
	if len(rep.Problems) != len(want) {
		for _, p := range rep.Problems {
			t.Log(p)
		}
		t.Fatalf("%d problems, want %d", len(rep.Problems), len(want))
	}
	for i, w := range want {
		p := rep.Problems[i]
		if p.Line != w.line || p.Column != w.column || !strings.Contains(p.Message, w.says) {
			t.Errorf("problem %d: %v\nwant line %d, column %q, saying %q", i, p, w.line, w.column, w.says)
		}
	}
	if rep.Rows != 18 || rep.Ready != 3 || rep.Imported != 3 || rep.BadRows() != 15 {
		t.Errorf("counts: rows %d ready %d imported %d bad %d", rep.Rows, rep.Ready, rep.Imported, rep.BadRows())
	}
	if got := rep.Summary(); got != "Imported 3 of 18 rows. The other 15 rows have problems and were not imported; they are listed below." {
		t.Errorf("summary: %q", got)
	}
	p, _ := db.ListOrganizations(ctx, hearth.OrgFilter{})
	var names []string
	for _, o := range p.Orgs {
		names = append(names, o.Name)
	}
	if strings.Join(names, "|") != "Good Hospital|Last Good Clinic|Listed|Two Line Clinic" {
		t.Errorf("imported: %q", names)
	}
	lg, _ := db.ListOrganizations(ctx, hearth.OrgFilter{Query: "last good"})
	if o := lg.Orgs[0]; o.Kind != hearth.OrgClinic || o.Region != "OH" || o.Country != "US" || o.Website != "https://last.example.org" || o.Domain != "last.example.org" {
		t.Errorf("normalized: %+v", o)
	}
}

func TestModes(t *testing.T) {
	ctx := context.Background()
	file := header +
		row("One", "clinic", "Austin", "TX", "", "https://one.example.org/") +
		row("Two", "nope", "Austin", "TX", "", "https://two.example.org/") +
		row("Three", "clinic", "Austin", "TX", "", "https://three.example.org/")
	count := func(db interface {
		ListOrganizations(context.Context, hearth.OrgFilter) (*hearth.OrgPage, error)
	}) int {
		p, err := db.ListOrganizations(ctx, hearth.OrgFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	for _, tc := range []struct {
		mode     orgcsv.Mode
		imported int
		summary  string
	}{
		{orgcsv.GoodRows, 2, "Imported 2 of 3 rows. The other row has problems and was not imported; it is listed below."},
		{orgcsv.AllOrNothing, 0, "Nothing was imported: 1 of 3 rows has problems. Fix them and import the file again, or choose to import only the good rows."},
		{orgcsv.CheckOnly, 0, "Checked 3 rows: 2 can be imported and 1 row has problems. Nothing was imported, because this was a check only."},
	} {
		db, _ := sqldbtest.MustOpen(t)
		rep, err := orgcsv.Import(ctx, db, strings.NewReader(file), tc.mode)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != tc.imported || count(db) != tc.imported || rep.Summary() != tc.summary {
			t.Errorf("%s: imported %d, stored %d, summary %q", tc.mode, rep.Imported, count(db), rep.Summary())
		}
		if len(rep.Problems) != 1 || rep.Problems[0].Line != 3 || rep.Problems[0].Column != "kind" {
			t.Errorf("%s: problems %v", tc.mode, rep.Problems)
		}
	}
	// All or nothing with a clean file imports everything.
	db, _ := sqldbtest.MustOpen(t)
	clean := header + row("One", "clinic", "Austin", "TX", "", "https://one.example.org/")
	if rep, err := orgcsv.Import(ctx, db, strings.NewReader(clean), orgcsv.AllOrNothing); err != nil || rep.Imported != 1 {
		t.Errorf("clean all-or-nothing: %+v %v", rep, err)
	}
	if _, err := orgcsv.ParseMode("sometimes"); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("bad mode: %v", err)
	}
}

func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, file, says string
	}{
		{"empty", "", "The file is empty"},
		{"unknown column", "name,kind,website,fax\n", `Column 4 of the header row, "fax", is not a column we know`},
		{"duplicate column", "name,kind,website,Twitter,x\n", `Columns 4 and 5 of the header row are both "x"`},
		{"missing columns", "name,city\n", "The header row has no kind or website column"},
		{"empty column", "name,kind,,website\n", "Column 3 of the header row is empty"},
		{"unclosed quote", "name,kind,\"website\n", "not closed"},
	} {
		_, err := orgcsv.Read(strings.NewReader(tc.file))
		if hearth.ErrorCode(err) != hearth.EInvalid || !strings.Contains(hearth.ErrorMessage(err), tc.says) {
			t.Errorf("%s: %v, want it to say %q", tc.name, err, tc.says)
		}
	}
	// A byte-order mark, other spellings and any column order are fine.
	f, err := orgcsv.Read(strings.NewReader("\uFEFFWebsite,Organization Name,Type,State,Twitter,Community Forum\r\n" +
		"https://a.example.org,A Clinic,clinic,OH,https://twitter.com/a,\r\n\r\nhttps://b.example.org,B Clinic,clinic,TX,,https://forum.b.example.org/\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) != 0 || len(f.Rows) != 2 || f.Rows[1].Line != 4 || f.Rows[0].Org.Channels[hearth.ChannelX] != "https://twitter.com/a" ||
		f.Rows[1].Org.Channels[hearth.ChannelForum] == "" || f.Rows[0].Org.Country != "US" {
		t.Errorf("read: %+v", f)
	}
	// A header and nothing else.
	db, _ := sqldbtest.MustOpen(t)
	rep, err := orgcsv.Import(context.Background(), db, strings.NewReader(header), orgcsv.GoodRows)
	if err != nil || rep.Rows != 0 || !strings.Contains(rep.Summary(), "no organizations") {
		t.Errorf("header only: %+v %v", rep, err)
	}
}

func TestUnclosedQuoteMidFile(t *testing.T) {
	file := header + row("Fine", "clinic", "Austin", "TX", "", "https://fine.example.org/") +
		"\"Never closed,clinic,Austin,TX,,https://nc.example.org/,,,,,,,,,,\n" +
		row("Swallowed", "clinic", "Austin", "TX", "", "https://sw.example.org/")
	f, err := orgcsv.Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) != 1 || len(f.Problems) != 1 || f.Problems[0].Line != 3 || !strings.Contains(f.Problems[0].Message, "lines 3 to 4 could not be read") {
		t.Errorf("rows %d, problems %v", len(f.Rows), f.Problems)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(badFile)
	f.Add(header + row("A", "clinic", "B", "TX", "", "https://a.example.org/"))
	f.Add("name,kind,website\n\"a,b\",\"c\"\"d\",e\n")
	f.Fuzz(func(t *testing.T, s string) {
		file, err := orgcsv.Read(strings.NewReader(s))
		if err != nil {
			if hearth.ErrorCode(err) != hearth.EInvalid {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		for _, r := range file.Rows {
			if r.Org.Validate() != nil || r.Line < 2 {
				t.Fatalf("bad row passed: %+v", r)
			}
		}
		// What Read accepts, Write writes and Read reads back the same.
		var orgs []*hearth.Organization
		for _, r := range file.Rows {
			o := &hearth.Organization{Name: r.Org.Name, Kind: r.Org.Kind, City: r.Org.City, Region: r.Org.Region, Country: r.Org.Country, Website: r.Org.Website}
			for _, k := range hearth.ChannelKinds {
				if u := r.Org.Channels[k]; u != "" {
					o.Channels = append(o.Channels, hearth.Channel{Kind: k, URL: u})
				}
			}
			orgs = append(orgs, o)
		}
		var buf bytes.Buffer
		if err := orgcsv.Write(&buf, orgs); err != nil {
			t.Fatal(err)
		}
		back, err := orgcsv.Read(&buf)
		if err != nil || len(back.Rows) != len(file.Rows) || len(back.Problems) != 0 {
			t.Fatalf("write then read: %v %+v", err, back)
		}
	})
}

func TestDuplicateReportedWithOtherProblems(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if _, err := db.CreateOrganizations(ctx, []hearth.NewOrganization{{Name: "Listed", Kind: hearth.OrgClinic, Region: "TX", Website: "https://listed.example.org"}}); err != nil {
		t.Fatal(err)
	}
	file := header +
		row("Listed Again", "day spa", "Austin", "TX", "", "https://www.listed.example.org/") + // 2: two problems
		row("Bad Kind", "day spa", "Austin", "TX", "", "https://twin.example.org/") + // 3
		row("Twin", "clinic", "Austin", "TX", "", "https://twin.example.org/about") // 4: same domain as a bad row
	rep, err := orgcsv.Import(ctx, db, strings.NewReader(file), orgcsv.GoodRows)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, fmt.Sprintf("%d %s", p.Line, p.Column))
	}
	if strings.Join(got, ", ") != "2 kind, 2 website, 3 kind, 4 website" || rep.Imported != 0 || rep.BadRows() != 3 {
		t.Errorf("problems %v, imported %d", got, rep.Imported)
	}
}
