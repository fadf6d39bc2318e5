package demo

import "strings"

// The demo directory: fictional hospitals, clinics, patient organizations,
// research centers and public health agencies across the US. The names
// are invented or generic; cities and states are real so that the
// filters and charts look like a real directory. Websites live under the
// reserved example.org domain; social links point at made-up accounts.
// As in the real world, some organizations list no channel at all.

// Org is a demo directory entry. Channels lists the kinds of channel the
// organization keeps, space-separated; orgChannels makes their links.
type Org struct {
	Name     string
	Kind     string // hospital, clinic, patient_organization, research_center, public_health_agency, other
	City     string
	State    string // two-letter code
	Slug     string // for the made-up website and account names
	Channels string
}

// Orgs is the demo directory.
var Orgs = []Org{
	// Hospitals and health systems.
	{"Riverbend Regional Medical Center", "hospital", "Dayton", "OH", "riverbend-regional", "facebook x youtube instagram linkedin"},
	{"Lakeshore Children's Hospital", "hospital", "Milwaukee", "WI", "lakeshore-childrens", "facebook instagram youtube tiktok blog"},
	{"Prairie Hills Community Hospital", "hospital", "Salina", "KS", "prairie-hills", "facebook"},
	{"Cedar Hollow Memorial Hospital", "hospital", "Bowling Green", "KY", "cedar-hollow", ""},
	{"Bluewater Bay Health", "hospital", "Pensacola", "FL", "bluewater-bay", "facebook x instagram linkedin youtube"},
	{"Copper Basin Medical Center", "hospital", "Globe", "AZ", "copper-basin", "facebook"},
	{"Tall Pines General Hospital", "hospital", "Bend", "OR", "tall-pines", "facebook instagram"},
	{"Harbor Point University Hospital", "hospital", "Baltimore", "MD", "harbor-point", "facebook x youtube instagram linkedin podcast blog"},
	{"Red Mesa Community Hospital", "hospital", "Gallup", "NM", "red-mesa", "facebook"},
	{"Silver Lake Heart and Vascular Hospital", "hospital", "Omaha", "NE", "silver-lake-heart", "facebook youtube linkedin"},
	{"Granite Valley Medical Center", "hospital", "Manchester", "NH", "granite-valley", "facebook x linkedin"},
	{"Magnolia Crossing Hospital", "hospital", "Hattiesburg", "MS", "magnolia-crossing", ""},
	{"Big Sky Regional Hospital", "hospital", "Billings", "MT", "big-sky-regional", "facebook instagram"},
	{"Sandhill Critical Access Hospital", "hospital", "Valentine", "NE", "sandhill-cah", ""},
	{"Three Rivers Health System", "hospital", "Pittsburgh", "PA", "three-rivers-health", "facebook x youtube instagram linkedin tiktok"},
	{"Desert Bloom Women's Hospital", "hospital", "Tucson", "AZ", "desert-bloom", "facebook instagram youtube"},
	{"Pine Ridge Behavioral Health Hospital", "hospital", "Asheville", "NC", "pine-ridge-behavioral", "facebook linkedin"},
	{"Coastal Plains Medical Center", "hospital", "Corpus Christi", "TX", "coastal-plains", "facebook x instagram"},
	{"Hill Country Children's Hospital", "hospital", "Austin", "TX", "hill-country-childrens", "facebook x youtube instagram tiktok podcast"},
	{"Evergreen Valley Hospital", "hospital", "Yakima", "WA", "evergreen-valley", "facebook"},
	{"Blackstone River Hospital", "hospital", "Woonsocket", "RI", "blackstone-river", ""},
	{"Bayou Teche Regional Hospital", "hospital", "New Iberia", "LA", "bayou-teche", "facebook"},
	{"Hudson Highlands Hospital", "hospital", "Poughkeepsie", "NY", "hudson-highlands", "facebook x instagram youtube linkedin"},

	// Clinics and health centers.
	{"Northwoods Neurology Clinic", "clinic", "Duluth", "MN", "northwoods-neuro", "facebook blog"},
	{"Sunrise Family Health Center", "clinic", "Fresno", "CA", "sunrise-family", "facebook instagram"},
	{"Mile High Diabetes and Endocrine Clinic", "clinic", "Denver", "CO", "mile-high-endo", "facebook youtube blog"},
	{"Green Mountain Rural Health Clinic", "clinic", "St. Johnsbury", "VT", "green-mountain-rural", ""},
	{"Cornerstone Community Health Center", "clinic", "Memphis", "TN", "cornerstone-chc", "facebook x"},
	{"Palmetto Sleep and Lung Clinic", "clinic", "Columbia", "SC", "palmetto-sleep", ""},
	{"Potomac Commons Free Clinic", "clinic", "Washington", "DC", "potomac-commons-free", "facebook instagram"},
	{"High Desert Pediatrics", "clinic", "Boise", "ID", "high-desert-peds", "facebook instagram"},
	{"Ozark Mountain Health Clinic", "clinic", "Harrison", "AR", "ozark-mountain", "facebook"},
	{"Aloha Island Community Clinic", "clinic", "Hilo", "HI", "aloha-island", "facebook instagram"},
	{"Iron Range Memory Care Clinic", "clinic", "Hibbing", "MN", "iron-range-memory", ""},

	// Patient organizations.
	{"Great Lakes Epilepsy Alliance", "patient_organization", "Chicago", "IL", "great-lakes-epilepsy", "facebook x youtube instagram forum blog podcast mastodon"},
	{"Type 1 Families Network", "patient_organization", "Columbus", "OH", "t1-families", "facebook instagram tiktok forum blog"},
	{"Long COVID Recovery Collective", "patient_organization", "Portland", "OR", "long-covid-collective", "facebook x instagram forum mastodon podcast"},
	{"Caregivers Circle of the Carolinas", "patient_organization", "Raleigh", "NC", "caregivers-circle", "facebook forum blog"},
	{"Rare Kidney Disease Foundation", "patient_organization", "Boston", "MA", "rare-kidney", "facebook x youtube linkedin blog"},
	{"Sickle Cell Warriors of Georgia", "patient_organization", "Atlanta", "GA", "sickle-cell-warriors", "facebook instagram tiktok youtube"},
	{"Heartland Parkinson's Partners", "patient_organization", "Kansas City", "MO", "heartland-parkinsons", "facebook youtube forum"},
	{"Mountain West Lupus Friends", "patient_organization", "Salt Lake City", "UT", "mountain-west-lupus", "facebook instagram"},
	{"Cystic Fibrosis Families of New Jersey", "patient_organization", "Newark", "NJ", "cf-families-nj", "facebook instagram blog"},
	{"Crohn's and Colitis Community of Michigan", "patient_organization", "Detroit", "MI", "ccc-michigan", "facebook x forum"},
	{"Migraine Matters Coalition", "patient_organization", "Richmond", "VA", "migraine-matters", "facebook x instagram tiktok podcast"},
	{"Chronic Pain Peer Network", "patient_organization", "Albuquerque", "NM", "chronic-pain-peers", "forum mastodon"},
	{"Alaska Rural Cancer Support", "patient_organization", "Anchorage", "AK", "ak-rural-cancer", "facebook"},
	{"Bayou Autism Parents", "patient_organization", "Baton Rouge", "LA", "bayou-autism-parents", "facebook instagram forum"},
	{"Empire State Rare Disease Parents", "patient_organization", "Albany", "NY", "empire-rare-parents", "facebook forum podcast"},

	// Research centers.
	{"Center for Pediatric Seizure Research", "research_center", "Philadelphia", "PA", "peds-seizure-research", "x youtube linkedin blog mastodon"},
	{"Institute for Rural Health Studies", "research_center", "Iowa City", "IA", "rural-health-studies", "x linkedin blog"},
	{"Gulf Coast Clinical Trials Center", "research_center", "Houston", "TX", "gulf-coast-trials", "linkedin"},
	{"Appalachian Long COVID Study Group", "research_center", "Morgantown", "WV", "appalachian-long-covid", "x blog"},

	// Public health agencies.
	{"Lake County Health Department", "public_health_agency", "Waukegan", "IL", "lake-county-health", "facebook x instagram"},
	{"Prairie State Office of Rural Health", "public_health_agency", "Pierre", "SD", "prairie-rural-health", "facebook"},
	{"Tri-County Public Health District", "public_health_agency", "Casper", "WY", "tri-county-health", "facebook x"},
	{"Coastal Maine Public Health Council", "public_health_agency", "Portland", "ME", "coastal-maine-health", "facebook"},
	{"Sonoran Border Health Office", "public_health_agency", "Yuma", "AZ", "sonoran-border-health", "facebook x youtube"},

	// Other.
	{"Plain Language Health Library", "other", "Madison", "WI", "plain-language-health", "blog podcast youtube"},
	{"Nurse Line of the Northern Plains", "other", "Fargo", "ND", "northern-plains-nurses", "facebook"},
}

// OrgCheck is a demo link-check result, so that the demo shows what the
// link checker records.
type OrgCheck struct {
	Slug    string
	Channel string
	Status  string // ok, dead or unknown
	Note    string
	DaysAgo int
}

// OrgChecks are the demo's link checks; other links stay unchecked.
var OrgChecks = []OrgCheck{
	{"riverbend-regional", "facebook", "ok", "", 3},
	{"riverbend-regional", "x", "dead", "page not found (404)", 3},
	{"riverbend-regional", "youtube", "ok", "", 3},
	{"great-lakes-epilepsy", "facebook", "ok", "", 2},
	{"great-lakes-epilepsy", "forum", "ok", "", 2},
	{"great-lakes-epilepsy", "podcast", "dead", "page removed (410)", 2},
	{"lakeshore-childrens", "facebook", "ok", "", 5},
	{"lakeshore-childrens", "tiktok", "unknown", "the site turned the checker away (403)", 5},
	{"three-rivers-health", "linkedin", "unknown", "the site turned the checker away (999)", 4},
	{"three-rivers-health", "facebook", "ok", "", 4},
	{"prairie-hills", "facebook", "dead", "page not found (404)", 6},
	{"long-covid-collective", "mastodon", "ok", "", 1},
	{"long-covid-collective", "forum", "ok", "", 1},
}

// OrgClaim is a demo member's claim on an entry.
type OrgClaim struct {
	Slug     string
	Handle   string
	Note     string
	Approved bool
}

// OrgClaims are the demo's claims: one approved, one waiting for the admin.
var OrgClaims = []OrgClaim{
	{"lakeshore-childrens", "peds_endo_doc", "Pediatric endocrinologist on staff; I help with the diabetes team's social accounts. I can answer from my work email.", true},
	{"great-lakes-epilepsy", "epilepsy_nurse_rn", "Volunteer nurse educator for the alliance's forum. The alliance's director can confirm.", false},
}

// orgChannels makes an organization's made-up links from its slug.
func orgChannels(o Org) map[string]string {
	compact := strings.ReplaceAll(o.Slug, "-", "")
	under := strings.ReplaceAll(o.Slug, "-", "_")
	links := map[string]string{
		"facebook":  "https://www.facebook.com/" + compact,
		"x":         "https://x.com/" + compact,
		"youtube":   "https://www.youtube.com/@" + compact,
		"instagram": "https://www.instagram.com/" + under + "/",
		"linkedin":  "https://www.linkedin.com/company/" + o.Slug,
		"tiktok":    "https://www.tiktok.com/@" + under,
		"blog":      "https://www." + o.Slug + ".example.org/blog",
		"podcast":   "https://www." + o.Slug + ".example.org/podcast",
		"forum":     "https://community." + o.Slug + ".example.org/",
		"mastodon":  "https://mastodon.example.org/@" + under,
	}
	out := map[string]string{}
	for _, k := range strings.Fields(o.Channels) {
		out[k] = links[k]
	}
	return out
}

// orgWebsite is an organization's made-up website.
func orgWebsite(o Org) string { return "https://www." + o.Slug + ".example.org/" }
