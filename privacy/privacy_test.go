package privacy

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScanTypes(t *testing.T) {
	tests := []struct {
		text string
		want Type
		span string
	}{
		{"My son Liam has Dravet syndrome.", Name, "Liam"},
		{"We saw Dr. Patel on Monday.", Name, "Patel"},
		{"My daughter Hope starts school.", Name, "Hope"},
		{"Our nurse, Jenny, stayed late.", Name, "Jenny"},
		{"Went to lunch with Jennifer Walsh today.", Name, "Jennifer Walsh"},
		{"my son liam loves trains", Name, "liam"},
		{"We live at 42 Oak Street Apt 4B now.", Address, "42 Oak Street Apt 4B"},
		{"Mail it to P.O. Box 4471 please.", Address, "P.O. Box 4471"},
		{"We moved to Fort Collins last year.", Location, "Fort Collins"},
		{"Springfield, IL is home.", Location, "Springfield"},
		{"We are in Cook County.", Location, "Cook County"},
		{"Our ZIP is 60614.", Location, "60614"},
		{"She was born March 3, 2019.", Date, "March 3, 2019"},
		{"Admitted 6/14/2022 for surgery.", Date, "6/14/2022"},
		{"Since Jan 2020 on infusions.", Date, "Jan 2020"},
		{"It was the 14th of February.", Date, "14th of February"},
		{"Born 2008-05-17 in the winter.", Date, "2008-05-17"},
		{"Grandma is 94 years old.", Age, "94 years old"},
		{"My aunt turned 101 last week.", Age, "101"},
		{"Call me at (614) 555-0192 tonight.", Phone, "(614) 555-0192"},
		{"Nurse line 1-800-555-0148 ext. 12", Phone, "1-800-555-0148 ext. 12"},
		{"Please fax (312) 555-0177 today.", Fax, "(312) 555-0177"},
		{"Write to karen.w72@gmail.com soon.", Email, "karen.w72@gmail.com"},
		{"SSN 123-45-6789 was on the form.", SSN, "123-45-6789"},
		{"MRN: 00384712 on the band.", MRN, "00384712"},
		{"Member ID XGH44712 on the card.", HealthPlan, "XGH44712"},
		{"Account # 00218847 at the hospital.", Account, "00218847"},
		{"License number MD-448812 for verification.", License, "MD-448812"},
		{"Plate 7KXM221 in the garage.", Vehicle, "7KXM221"},
		{"VIN 1HGCM82633A004352 for the van.", Vehicle, "1HGCM82633A004352"},
		{"Serial number SN-88421X on the pump.", Device, "SN-88421X"},
		{"Watch MAC 00:1A:7D:DA:71:13 failed.", Device, "00:1A:7D:DA:71:13"},
		{"See facebook.com/jane.doe.77 for updates.", URL, "facebook.com/jane.doe.77"},
		{"Blog: https://ellasjourney.blogspot.com/p/1 here", URL, "https://ellasjourney.blogspot.com/p/1"},
		{"Follow teamliam.org for news.", URL, "teamliam.org"},
		{"The router is 192.168.0.14 at home.", IP, "192.168.0.14"},
		{"Login from 2001:db8:85a3::8a2e:370:7334 today.", IP, "2001:db8:85a3::8a2e:370:7334"},
		{"He was in room 412 on the ward.", ID, "412"},
		{"Case number DX-2291847 is pending.", ID, "DX-2291847"},
		{"Tracking 1Z999AA10123456784 arrived.", ID, "1Z999AA10123456784"},
	}
	for _, tt := range tests {
		fs := Scan(tt.text)
		found := false
		for _, f := range fs {
			if f.Type == tt.want && f.Text == tt.span {
				found = true
			}
		}
		if !found {
			t.Errorf("Scan(%q) = %v, want %s %q", tt.text, fs, tt.want, tt.span)
		}
	}
}

// Things common in health talk that are not identifiers.
func TestScanNegatives(t *testing.T) {
	for _, text := range []string{
		"He takes 500 mg twice a day.",
		"Her A1c was 7.2 and TSH 2.1.",
		"Diagnosed in 2019, worse in March.",
		"My mom is 89 and my dad is 85.",
		"We moved from Ohio to Texas, then to Canada.",
		"We go to Mayo Clinic and Boston Children's Hospital.",
		"Keppra, levetiracetam, Lamictal and Epidiolex all failed.",
		"Crohn's, Dravet syndrome and Parkinson's disease.",
		"Lennox-Gastaut syndrome is rare.",
		"Meds at 9 pm, bed at 9:30.",
		"Thanks @seizuremama_tx for the tip!",
		"Will the insurance cover it? Hope this helps. Grace is hard.",
		"May I ask about your dose? Mark my words.",
		"Read epilepsy.com and https://www.cdc.gov/epilepsy/ for more.",
		"Email info@cureepilepsy.org with questions.",
		"Blood pressure 120/80, pain 8/10, take 1/2 tablet.",
		"Platelets 45,000, vitamin D 5000 IU.",
		"The trial NCT04626050 is open.",
		"Finished chemo at Dana-Farber and St. Jude.",
		"Anybody from North Carolina or New Mexico?",
		"Ten Things Nobody Tells You About The NICU",
		"Jack Russell terriers are great dogs.",
		"Versions 2.3.1 and 2.4.0 crash.",
		"It's 3:45 am in the PICU.",
		"",
	} {
		if fs := Scan(text); len(fs) != 0 {
			t.Errorf("Scan(%q) = %v, want nothing", text, fs)
		}
	}
}

func TestRedact(t *testing.T) {
	text := "My son Liam was born March 3, 2019; call (614) 555-0192."
	fs := Scan(text)
	got := Redact(text, fs)
	want := "My son [name] was born [date]; call [phone]."
	if got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
	if got := RedactOne(text, fs[0]); got != "My son [name] was born March 3, 2019; call (614) 555-0192." {
		t.Errorf("RedactOne = %q", got)
	}
	// A stale or bogus finding leaves the text intact.
	bad := []Finding{{Start: 5, End: 100, Type: Name}, {Start: 3, End: 2}, {Start: 0, End: 2, Type: Name, Text: "xx"}}
	if got := Redact(text, bad); got != text {
		t.Errorf("Redact(bad) = %q", got)
	}
}

func TestLabels(t *testing.T) {
	for _, typ := range Types {
		if !strings.HasPrefix(typ.Label(), "This looks like ") {
			t.Errorf("%s.Label() = %q", typ, typ.Label())
		}
		p := typ.Placeholder()
		if !strings.HasPrefix(p, "[") || !strings.HasSuffix(p, "]") {
			t.Errorf("%s.Placeholder() = %q", typ, p)
		}
	}
	if Phone.Label() != "This looks like a phone number" || Name.Placeholder() != "[name]" {
		t.Error("wording changed")
	}
}

func TestScanJSONLines(t *testing.T) {
	in := `{"id":"a","text":"Zoë's son Liam"}
not json
{"id":7,"text":"nothing here"}
{"id":"b"}

{"id":"c","text":"call 555-867-5309"}`
	var out bytes.Buffer
	if err := ScanJSONLines(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d lines, want 6:\n%s", len(lines), out.String())
	}
	want := []string{
		`{"id":"a","spans":[{"start":10,"end":14,"type":"NAME"}]}`,
		``,
		`{"id":7,"spans":[]}`,
		``,
		``,
		`{"id":"c","spans":[{"start":5,"end":17,"type":"PHONE"}]}`,
	}
	for i, w := range want {
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &m); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if w == "" {
			if m["error"] == nil {
				t.Errorf("line %d = %s, want an error", i, lines[i])
			}
			continue
		}
		if lines[i] != w {
			t.Errorf("line %d = %s, want %s", i, lines[i], w)
		}
	}
}

func checkFindings(t *testing.T, text string, fs []Finding) {
	last := 0
	for _, f := range fs {
		if f.Start < last || f.Start >= f.End || f.End > len(text) {
			t.Fatalf("bad finding %+v (last end %d) in %q", f, last, text)
		}
		if text[f.Start:f.End] != f.Text {
			t.Fatalf("finding text %q != %q", f.Text, text[f.Start:f.End])
		}
		if _, ok := typeInfo[f.Type]; !ok {
			t.Fatalf("unknown type %q", f.Type)
		}
		last = f.End
	}
}

func FuzzScan(f *testing.F) {
	for _, p := range loadEval(f)[:40] {
		f.Add(p.Text)
	}
	f.Add("\xff\xfe Liam \xc3 (555) 123-4567 a@b.co http://x.com/(a)")
	f.Add("my son \u00c9mile, 1-800-555-0148 ext. 9, 2001:db8::1")
	f.Fuzz(func(t *testing.T, text string) {
		checkFindings(t, text, Scan(text))
	})
}

func FuzzRedact(f *testing.F) {
	f.Add("My son Liam was born March 3, 2019.", 3, 9)
	f.Add("\xff call 555-867-5309 \xfe", 0, 4)
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		fs := Scan(text)
		out := Redact(text, fs)
		for _, fi := range fs {
			if strings.Contains(out, fi.Text) && !strings.Contains(text[:fi.Start]+text[fi.End:], fi.Text) &&
				!strings.Contains(fi.Type.Placeholder(), fi.Text) {
				t.Fatalf("%q still in %q", fi.Text, out)
			}
		}
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("redaction broke UTF-8: %q", out)
		}
		// Arbitrary findings must never panic.
		RedactOne(text, Finding{Start: a, End: b, Type: Name})
		Redact(text, []Finding{{Start: b, End: a}, {Start: a, End: a + 1}})
	})
}

// A 2,000-character post, made of eval posts.
func longPost(tb testing.TB) string {
	var b strings.Builder
	for _, p := range loadEval(tb) {
		if b.Len()+len(p.Text) > 2000 {
			break
		}
		b.WriteString(p.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func BenchmarkScan(b *testing.B) {
	text := longPost(b)
	Scan(text) // build the lexicon outside the timing
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(text)
	}
}

// Long adversarial inputs must stay linear.
func BenchmarkScanAdversarial(b *testing.B) {
	text := strings.Repeat("Will Hope A. B. Liam - Jo 1-2-3-4 MRN a-b-c ", 2000)
	Scan(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scan(text)
	}
}
