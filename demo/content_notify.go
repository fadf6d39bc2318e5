package demo

// Follow and notify in the demo: who follows what, each member's email
// choices, and a little fresh activity after the follows, so that demo
// members find unread notifications of every kind (a mention, a reply to
// their thread, a reply in a thread they follow, a new thread in a
// community they follow). Older notifications from the seeded history
// are marked read, and none of the seeded ones is mailed.

// DemoFollow is one member following one thing: a community (slug), a
// thread (by title) or a member (handle). Exactly one of the three is set.
type DemoFollow struct {
	Member    string
	Community string
	Thread    string
	Follows   string
}

// NotifyFollows lists the demo's follows.
var NotifyFollows = []DemoFollow{
	{Member: "firstyear_focal", Community: "epilepsy"},
	{Member: "firstyear_focal", Thread: "Is it normal to feel this tired on a new dose?"},
	{Member: "firstyear_focal", Follows: "keppra_kid_mom"},
	{Member: "sam_mom_of_3", Thread: "Hi — my son was just diagnosed with absence seizures"},
	{Member: "sam_mom_of_3", Community: "epilepsy"},
	{Member: "beeping_at_3am", Community: "t1d-parents"},
	{Member: "soccer_sub_dad", Community: "t1d-parents"},
	{Member: "only_child_caring", Community: "caregivers"},
	{Member: "slow_walker_22", Follows: "brain_fog_baker"},
}

// NotifyPrefs lists members' email choices that differ from the
// defaults: kind → "immediate", "daily", "weekly" or "never".
var NotifyPrefs = map[string]map[string]string{
	"firstyear_focal": {"thread": "daily", "post": "immediate"},
	"sam_mom_of_3":    {"thread": "weekly"},
	"beeping_at_3am":  {"mention": "daily", "reply": "daily"},
}

// DemoNews is a post made after the follows: a reply in a thread (by
// title) or, with Title set, a new thread in Community.
type DemoNews struct {
	Author    string
	Community string
	Thread    string
	Title     string
	Body      string
	HoursAgo  int
}

// NotifyNews is the fresh activity, oldest first.
var NotifyNews = []DemoNews{
	{Author: "aura_and_after", Thread: "Is it normal to feel this tired on a new dose?", HoursAgo: 6,
		Body: "It got better for me after about three weeks. I still called my nurse line to check, and they were glad I did. Worth a call if it isn't easing."},
	{Author: "vns_veteran", Community: "epilepsy", Title: "Swimming with a VNS: my summer notes", HoursAgo: 4,
		Body: "Short version: pool swimming has been fine for me, always with a buddy who knows seizure first aid. What rules does your family use around water?"},
	{Author: "keppra_kid_mom", Thread: "Night seizures and living alone — do the watch alerts actually work?", HoursAgo: 2,
		Body: "@firstyear_focal we use a bed sensor as well as the watch. Between the two, we've had no missed alerts in a year."},
	{Author: "omnipod_mama", Community: "t1d-parents", Title: "Sleepover checklist that worked for us", HoursAgo: 1,
		Body: "Our first sleepover went well! We packed a labeled kit and wrote the low treatment steps on a card for the host parent. @beeping_at_3am, happy to share the card."},
}
