// Package privacy finds the HIPAA Safe Harbor identifiers (names,
// addresses, dates, phone numbers, record numbers, …) in a member's post
// so that the author can redact them before publishing.
//
// Detection is rule-based: patterns for structured identifiers, cue
// phrases for record and plan numbers, and for names a gazetteer of given
// names and surnames checked against an English word list and context
// ("my son …", "Dr. …"). It favours recall: a false alarm costs the
// author a click, a miss can expose a patient.
package privacy

import (
	"sort"
	"strings"
)

// Type names the kind of identifier a Finding is.
type Type string

// The identifier types, after the Safe Harbor list (45 CFR 164.514(b)(2)).
const (
	Name       Type = "NAME"
	Address    Type = "ADDRESS"
	Location   Type = "LOCATION" // city, county, ZIP code
	Date       Type = "DATE"
	Age        Type = "AGE" // over 89
	Phone      Type = "PHONE"
	Fax        Type = "FAX"
	Email      Type = "EMAIL"
	SSN        Type = "SSN"
	MRN        Type = "MRN"
	HealthPlan Type = "HEALTH_PLAN"
	Account    Type = "ACCOUNT"
	License    Type = "LICENSE"
	Vehicle    Type = "VEHICLE"
	Device     Type = "DEVICE"
	URL        Type = "URL"
	IP         Type = "IP"
	ID         Type = "ID"
)

// Types lists every Type, in a stable order for reports.
var Types = []Type{Name, Address, Location, Date, Age, Phone, Fax, Email,
	SSN, MRN, HealthPlan, Account, License, Vehicle, Device, URL, IP, ID}

var typeInfo = map[Type][2]string{
	Name:       {"a person's name", "[name]"},
	Address:    {"a street address", "[address]"},
	Location:   {"a town, county or ZIP code", "[place]"},
	Date:       {"a date", "[date]"},
	Age:        {"an age over 89", "[age]"},
	Phone:      {"a phone number", "[phone]"},
	Fax:        {"a fax number", "[fax]"},
	Email:      {"an email address", "[email]"},
	SSN:        {"a Social Security number", "[SSN]"},
	MRN:        {"a medical record number", "[record number]"},
	HealthPlan: {"an insurance member number", "[plan number]"},
	Account:    {"an account number", "[account number]"},
	License:    {"a license or certificate number", "[license number]"},
	Vehicle:    {"a vehicle plate or number", "[vehicle]"},
	Device:     {"a device serial number", "[serial number]"},
	URL:        {"a link to a person's page", "[link]"},
	IP:         {"an IP address", "[IP address]"},
	ID:         {"an identifying number", "[number]"},
}

// Label says in plain words what the finding looks like, for members.
func (t Type) Label() string {
	if info, ok := typeInfo[t]; ok {
		return "This looks like " + info[0]
	}
	return "This may identify someone"
}

// Placeholder is the text that replaces a redacted finding.
func (t Type) Placeholder() string {
	if info, ok := typeInfo[t]; ok {
		return info[1]
	}
	return "[removed]"
}

// Finding is one identifier found in a text. Start and End are byte
// offsets, so text[Start:End] == Text.
type Finding struct {
	Start, End int
	Type       Type
	Text       string
}

// Scan returns the identifiers in text, sorted by Start and not
// overlapping. Invalid UTF-8 is tolerated.
func Scan(text string) []Finding {
	if len(text) == 0 {
		return nil
	}
	lex := lexicon()
	s := &scanner{text: text, lex: lex}
	s.run()
	return s.out
}

// Redact replaces each finding with its placeholder. Findings that are
// out of range, overlap an earlier one, or no longer match the text are
// skipped, so a stale list never corrupts the member's text.
func Redact(text string, fs []Finding) string {
	if len(fs) == 0 {
		return text
	}
	sorted := make([]Finding, len(fs))
	copy(sorted, fs)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, f := range sorted {
		if f.Start < last || f.End > len(text) || f.Start >= f.End {
			continue
		}
		if f.Text != "" && text[f.Start:f.End] != f.Text {
			continue
		}
		b.WriteString(text[last:f.Start])
		b.WriteString(f.Type.Placeholder())
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// RedactOne replaces a single finding, as the "redact" button does.
func RedactOne(text string, f Finding) string {
	return Redact(text, []Finding{f})
}
