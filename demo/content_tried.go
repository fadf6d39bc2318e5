package demo

// "What we tried" demo content: each community's treatment list, members'
// reports and one merge. Everything is invented. The public epilepsy
// community holds enough reports for the summary to show numbers for
// most treatments; VNS, brivaracetam and ethosuximide stay under the
// threshold of 5 members, and a smartwatch waits for a moderator.

// TriedTreatment is a treatment the community's moderator puts on its list.
type TriedTreatment struct {
	Community string
	Name      string
	Category  string // medication, device, therapy, surgery, diet, lifestyle, other
	Synonyms  []string
}

// TriedReport is one member's report. Months count back from the day the
// report was written (DaysAgo): Started months before it, and Stopped
// months before it (0 while still using). Treatment is any name of a
// listed treatment, or a new name that Category proposes. SideEffects
// reads "name:severity, name:severity".
type TriedReport struct {
	Community     string
	Author        string
	Treatment     string
	Category      string
	ForWhom       string // self, child, partner, parent, other
	Started       int
	Stopped       int
	StopReason    string // side_effects, not_effective, cost, other
	Effectiveness string // none, slight, moderate, major
	SideEffects   string
	Text          string
	DaysAgo       int
	// Earlier, when set, is the first version, written EarlierDaysAgo;
	// the report above is its update.
	Earlier        *TriedReport
	EarlierDaysAgo int
}

// TriedMerge folds a member's proposal into a listed treatment.
type TriedMerge struct {
	Community, From, Into string
	DaysAgo               int
}

// TriedTreatments is every community's treatment list.
var TriedTreatments = []TriedTreatment{
	{"epilepsy", "Levetiracetam", "medication", []string{"Keppra", "Keppra XR", "Spritam"}},
	{"epilepsy", "Lamotrigine", "medication", []string{"Lamictal", "Lamictal XR"}},
	{"epilepsy", "Oxcarbazepine", "medication", []string{"Trileptal", "Oxtellar XR"}},
	{"epilepsy", "Valproate", "medication", []string{"Depakote", "valproic acid", "Epilim"}},
	{"epilepsy", "Cannabidiol (Epidiolex)", "medication", []string{"Epidiolex", "Epidyolex"}},
	{"epilepsy", "Brivaracetam", "medication", []string{"Briviact"}},
	{"epilepsy", "Ethosuximide", "medication", []string{"Zarontin"}},
	{"epilepsy", "CBD oil (over the counter)", "other", []string{"CBD oil", "hemp oil"}},
	{"epilepsy", "Ketogenic diet", "diet", []string{"keto diet", "modified ketogenic diet"}},
	{"epilepsy", "Vagus nerve stimulation (VNS)", "device", []string{"VNS", "vagus nerve stimulator"}},
	{"epilepsy", "Regular sleep routine", "lifestyle", []string{"sleep routine", "sleep schedule"}},
	{"epilepsy", "Cognitive behavioural therapy (CBT)", "therapy", []string{"CBT", "talk therapy"}},

	{"t1d-parents", "Dexcom CGM", "device", []string{"Dexcom", "Dexcom G6", "Dexcom G7"}},
	{"t1d-parents", "FreeStyle Libre", "device", []string{"Libre", "Libre 3"}},
	{"t1d-parents", "Omnipod 5", "device", []string{"Omnipod", "tubeless pump"}},
	{"t1d-parents", "t:slim X2 with Control-IQ", "device", []string{"t:slim", "Tandem pump", "Control-IQ"}},
	{"t1d-parents", "Insulin pens (multiple daily injections)", "medication", []string{"MDI", "insulin pens"}},
	{"t1d-parents", "Nasal glucagon (Baqsimi)", "medication", []string{"Baqsimi"}},
	{"t1d-parents", "Low-carb dinners", "diet", nil},
}

// TriedMerges is the moderators' merges, done after the reports.
var TriedMerges = []TriedMerge{
	{"epilepsy", "Levetiracetam extended release", "Levetiracetam", 20},
}

// TriedReports is every demo report.
var TriedReports = concatReports(epilepsyReports, t1dReports)

func concatReports(groups ...[]TriedReport) []TriedReport {
	var all []TriedReport
	for _, g := range groups {
		all = append(all, g...)
	}
	return all
}

var epilepsyReports = []TriedReport{
	// oakbench_mod: epilepsy since the teens.
	{Community: "epilepsy", Author: "oakbench_mod", Treatment: "Keppra", ForWhom: "self", Started: 150, Stopped: 130, StopReason: "side_effects",
		Effectiveness: "moderate", SideEffects: "irritability:severe, tiredness:moderate", DaysAgo: 84,
		Text: "Keppra was my first medicine as a teenager. It cut my seizures down a lot, but I was angry all the time and my family noticed before I did. We switched after about a year and a half."},
	{Community: "epilepsy", Author: "oakbench_mod", Treatment: "Lamotrigine", ForWhom: "self", Started: 128, Effectiveness: "major",
		SideEffects: "dizziness:mild", DaysAgo: 84,
		Text: "My neurologist raised the dose very slowly over a couple of months. It has been my main medicine for over ten years. Taking it at the same times every day matters more than anything for me."},
	{Community: "epilepsy", Author: "oakbench_mod", Treatment: "Trileptal", ForWhom: "self", Started: 140, Stopped: 136, StopReason: "not_effective",
		Effectiveness: "slight", SideEffects: "dizziness:moderate, headache:mild", DaysAgo: 83},
	{Community: "epilepsy", Author: "oakbench_mod", Treatment: "Depakote", ForWhom: "self", Started: 136, Stopped: 129, StopReason: "side_effects",
		Effectiveness: "moderate", SideEffects: "weight gain:moderate, tremor:mild", DaysAgo: 83,
		Text: "Helped, but I gained a lot of weight and my hands shook. I was glad to move on."},
	{Community: "epilepsy", Author: "oakbench_mod", Treatment: "sleep routine", ForWhom: "self", Started: 60, Effectiveness: "moderate", DaysAgo: 61,
		Text: "Same bedtime every night, phone out of the bedroom. Not a cure, but my bad weeks almost always start with bad sleep."},
	{Community: "epilepsy", Author: "oakbench_mod", Treatment: "CBT", ForWhom: "self", Started: 30, Stopped: 24, StopReason: "other",
		Effectiveness: "moderate", DaysAgo: 40,
		Text: "Eight sessions about living with the fear of the next seizure. It did not change my seizures, but it changed how much room they take up in my head. The course simply ended."},

	// seizurefree_since19: four medicines, seizure-free on the fourth.
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "Levetiracetam", ForWhom: "self", Started: 140, Stopped: 134, StopReason: "side_effects",
		Effectiveness: "slight", SideEffects: "irritability:severe, tiredness:moderate", DaysAgo: 80,
		Text: "Six months of feeling like a different, angrier person. My seizures barely changed."},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "Oxcarbazepine", ForWhom: "self", Started: 134, Stopped: 122, StopReason: "not_effective",
		Effectiveness: "slight", SideEffects: "dizziness:mild, tiredness:mild", DaysAgo: 80},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "Valproate", ForWhom: "self", Started: 122, Stopped: 110, StopReason: "side_effects",
		Effectiveness: "moderate", SideEffects: "weight gain:severe, hair thinning:moderate", DaysAgo: 79,
		Text: "Fewer seizures, but I gained weight fast and my hair thinned. We agreed to try one more."},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "Lamictal", ForWhom: "self", Started: 110, Effectiveness: "major", DaysAgo: 79,
		Text: "Medicine number four. Seizure-free for years now. If you are on your second or third try, please don't give up."},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "CBD oil", ForWhom: "self", Started: 100, Stopped: 97, StopReason: "cost",
		Effectiveness: "none", DaysAgo: 70,
		Text: "I tried a store-bought oil while waiting for an appointment. Expensive, and I noticed nothing."},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "modified ketogenic diet", ForWhom: "self", Started: 115, Stopped: 112, StopReason: "other",
		Effectiveness: "slight", SideEffects: "constipation:moderate, tiredness:mild", DaysAgo: 70,
		Text: "A modified version as an adult, alongside my medicine. Very hard to keep up on a student budget."},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "Regular sleep routine", ForWhom: "self", Started: 118, Effectiveness: "major", DaysAgo: 66,
		Text: "Bedtime like a medicine: same time every night. Sleep was my biggest trigger."},
	{Community: "epilepsy", Author: "seizurefree_since19", Treatment: "talk therapy", ForWhom: "self", Started: 90, Stopped: 86, StopReason: "other",
		Effectiveness: "moderate", DaysAgo: 50},

	// lanternkeeper: reports for a brother.
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "Keppra", ForWhom: "other", Started: 96, Stopped: 90, StopReason: "side_effects",
		Effectiveness: "moderate", SideEffects: "irritability:moderate, tiredness:moderate", DaysAgo: 78},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "Lamotrigine", ForWhom: "other", Started: 90, Effectiveness: "moderate",
		SideEffects: "dizziness:mild", DaysAgo: 78,
		Text: "For my brother. It takes the edge off, but he still has a few seizures a year."},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "Oxcarbazepine", ForWhom: "other", Started: 60, Stopped: 55, StopReason: "not_effective",
		Effectiveness: "none", SideEffects: "dizziness:mild, low sodium:moderate", DaysAgo: 77},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "Valproate", ForWhom: "other", Started: 55, Stopped: 44, StopReason: "side_effects",
		Effectiveness: "moderate", SideEffects: "weight gain:moderate, tremor:mild", DaysAgo: 77},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "Epidiolex", ForWhom: "other", Started: 24, Effectiveness: "moderate",
		SideEffects: "diarrhea:mild, sleepiness:mild", DaysAgo: 76,
		Text: "Added on top of his other medicine two years ago. Fewer drop seizures. The stomach trouble settled after the first month."},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "keto diet", ForWhom: "other", Started: 40, Stopped: 34, StopReason: "other",
		Effectiveness: "slight", SideEffects: "constipation:mild", DaysAgo: 76,
		Text: "He tried a modified version as an adult. Hard to stick to when you live on your own."},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "VNS", ForWhom: "other", Started: 30, Effectiveness: "moderate",
		SideEffects: "hoarse voice:mild", DaysAgo: 75,
		Text: "Implanted a little over two years ago. His voice goes hoarse when it fires, which he jokes about."},
	{Community: "epilepsy", Author: "lanternkeeper", Treatment: "sleep schedule", ForWhom: "other", Started: 50, Effectiveness: "slight", DaysAgo: 75},

	// vns_veteran: several medicines, then VNS.
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Levetiracetam", ForWhom: "self", Started: 100, Stopped: 94, StopReason: "not_effective",
		Effectiveness: "slight", SideEffects: "tiredness:severe, irritability:mild", DaysAgo: 74},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Oxcarbazepine", ForWhom: "self", Started: 94, Stopped: 88, StopReason: "not_effective",
		Effectiveness: "slight", SideEffects: "dizziness:moderate", DaysAgo: 74},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Valproate", ForWhom: "self", Started: 88, Stopped: 80, StopReason: "side_effects",
		Effectiveness: "slight", SideEffects: "weight gain:moderate, tremor:moderate", DaysAgo: 73},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Lamotrigine", ForWhom: "self", Started: 80, Effectiveness: "moderate",
		SideEffects: "dizziness:mild", DaysAgo: 73},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "vagus nerve stimulator", ForWhom: "self", Started: 72, Effectiveness: "major",
		SideEffects: "hoarse voice:mild, cough:mild", DaysAgo: 72,
		Text: "Six years in. It took about a year to really see the difference. My seizures are shorter and I recover faster. The hoarse voice when it fires is the main side effect."},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Epidiolex", ForWhom: "self", Started: 20, Stopped: 14, StopReason: "cost",
		Effectiveness: "slight", SideEffects: "diarrhea:moderate, sleepiness:moderate", DaysAgo: 72,
		Text: "Insurance stopped covering it for my seizure type after six months."},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "CBD oil", ForWhom: "self", Started: 30, Stopped: 27, StopReason: "not_effective",
		Effectiveness: "none", DaysAgo: 71},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Ketogenic diet", ForWhom: "self", Started: 60, Stopped: 57, StopReason: "other",
		Effectiveness: "slight", SideEffects: "constipation:moderate", DaysAgo: 71},
	{Community: "epilepsy", Author: "vns_veteran", Treatment: "Regular sleep routine", ForWhom: "self", Started: 70, Effectiveness: "moderate", DaysAgo: 70},

	// aura_and_after: focal seizures, keeps a detailed diary.
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "Levetiracetam extended release", Category: "medication", ForWhom: "self",
		Started: 40, Stopped: 30, StopReason: "side_effects", Effectiveness: "moderate", SideEffects: "tiredness:moderate, mood changes:moderate", DaysAgo: 69,
		Text: "The extended-release version, once a day. Fewer auras, but I was exhausted and low. My diary showed the mood dip clearly."},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "Lamotrigine", ForWhom: "self", Started: 30, Effectiveness: "major",
		SideEffects: "dizziness:mild, rash:mild", DaysAgo: 69,
		Text: "My diary shows about a third of the auras I had before. A mild rash early on, which my doctor checked and which went away."},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "Oxcarbazepine", ForWhom: "self", Started: 50, Stopped: 44, StopReason: "not_effective",
		Effectiveness: "slight", SideEffects: "dizziness:moderate, headache:moderate", DaysAgo: 68},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "Cannabidiol (Epidiolex)", ForWhom: "self", Started: 10, Stopped: 6, StopReason: "not_effective",
		Effectiveness: "none", SideEffects: "diarrhea:mild", DaysAgo: 68},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "hemp oil", ForWhom: "self", Started: 14, Stopped: 11, StopReason: "not_effective",
		Effectiveness: "slight", DaysAgo: 67},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "Regular sleep routine", ForWhom: "self", Started: 36, Effectiveness: "moderate", DaysAgo: 67,
		Text: "My diary made the link obvious: a short night, then an aura the next afternoon."},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "CBT", ForWhom: "self", Started: 24, Stopped: 20, StopReason: "other",
		Effectiveness: "major", DaysAgo: 66,
		Text: "Helped with the panic that came after every aura. Worth asking for."},
	{Community: "epilepsy", Author: "aura_and_after", Treatment: "Briviact", ForWhom: "self", Started: 2, Effectiveness: "slight",
		SideEffects: "tiredness:mild", DaysAgo: 12,
		Text: "Added recently. Too early to say much."},

	// keppra_kid_mom: her son, diagnosed at six.
	{Community: "epilepsy", Author: "keppra_kid_mom", Treatment: "Keppra", ForWhom: "child", Started: 20, Effectiveness: "major",
		SideEffects: "irritability:moderate, tiredness:mild", DaysAgo: 65,
		Text: "Our son has been on it since he was diagnosed. His seizures went from daily to a few a month. The first two months he was cranky and weepy after school, then it settled."},
	{Community: "epilepsy", Author: "keppra_kid_mom", Treatment: "Epidiolex", ForWhom: "child", Started: 10, Stopped: 6, StopReason: "side_effects",
		Effectiveness: "slight", SideEffects: "diarrhea:moderate, sleepiness:mild", DaysAgo: 64},
	{Community: "epilepsy", Author: "keppra_kid_mom", Treatment: "CBD oil", ForWhom: "child", Started: 16, Stopped: 14, StopReason: "not_effective",
		Effectiveness: "none", DaysAgo: 64},
	{Community: "epilepsy", Author: "keppra_kid_mom", Treatment: "Ketogenic diet", ForWhom: "child", Started: 14, Stopped: 10, StopReason: "other",
		Effectiveness: "moderate", SideEffects: "constipation:moderate", DaysAgo: 63,
		Text: "It helped, but he was miserable at birthday parties and we could not keep it going with school lunches."},
	{Community: "epilepsy", Author: "keppra_kid_mom", Treatment: "sleep routine", ForWhom: "child", Started: 18, Effectiveness: "moderate", DaysAgo: 63,
		Text: "Lights out at the same time, even on weekends. Grandparents included."},

	// keto_kitchen_mom: her toddler, on the diet for a year.
	{Community: "epilepsy", Author: "keto_kitchen_mom", Treatment: "Levetiracetam", ForWhom: "child", Started: 16, Stopped: 13, StopReason: "not_effective",
		Effectiveness: "slight", SideEffects: "irritability:moderate, tiredness:mild", DaysAgo: 62},
	{Community: "epilepsy", Author: "keto_kitchen_mom", Treatment: "Valproate", ForWhom: "child", Started: 13, Stopped: 12, StopReason: "side_effects",
		Effectiveness: "slight", SideEffects: "tiredness:moderate, weight gain:mild", DaysAgo: 62},
	{Community: "epilepsy", Author: "keto_kitchen_mom", Treatment: "Ketogenic diet", ForWhom: "child", Started: 12, Effectiveness: "major",
		SideEffects: "constipation:mild", DaysAgo: 60,
		Text: "A year in. Our daughter went from clusters every week to a few small seizures a month. Weighing every meal is a lot of work, and worth it for us. Ask for a dietitian who knows the diet: ours, [name], answered every question by phone at [phone]." /* as the privacy guard left it (web/tried_privacy.go) */},
	{Community: "epilepsy", Author: "keto_kitchen_mom", Treatment: "Epidiolex", ForWhom: "child", Started: 8, Effectiveness: "moderate",
		SideEffects: "diarrhea:mild, sleepiness:moderate", DaysAgo: 58},

	// firstyear_focal: diagnosed about eight months ago.
	{Community: "epilepsy", Author: "firstyear_focal", Treatment: "Keppra", ForWhom: "self", Started: 6, Stopped: 3, StopReason: "side_effects",
		Effectiveness: "slight", SideEffects: "tiredness:moderate, mood changes:severe", DaysAgo: 58,
		Text: "My first medicine. I felt flat and tearful most days. We switched after three months."},
	{Community: "epilepsy", Author: "firstyear_focal", Treatment: "Lamotrigine", ForWhom: "self", Started: 5, Effectiveness: "moderate",
		SideEffects: "dizziness:mild", DaysAgo: 6,
		Text:    "Now at the full dose. Two seizures in the last three months, down from two a month. The dizziness faded.",
		Earlier: &TriedReport{Effectiveness: "slight", SideEffects: "dizziness:moderate", Text: "Still going up slowly. Too early to tell."}, EarlierDaysAgo: 57},
	{Community: "epilepsy", Author: "firstyear_focal", Treatment: "CBD oil", ForWhom: "self", Started: 4, Stopped: 3, StopReason: "cost",
		Effectiveness: "none", DaysAgo: 56},
	{Community: "epilepsy", Author: "firstyear_focal", Treatment: "Regular sleep routine", ForWhom: "self", Started: 5, Effectiveness: "moderate", DaysAgo: 55},
	{Community: "epilepsy", Author: "firstyear_focal", Treatment: "CBT", ForWhom: "self", Started: 2, Effectiveness: "moderate", DaysAgo: 30,
		Text: "Helps with the worrying at night. I have homework, which I did not expect."},

	// dorm_room_seizures: a student, recently diagnosed.
	{Community: "epilepsy", Author: "dorm_room_seizures", Treatment: "Levetiracetam", ForWhom: "self", Started: 3, Effectiveness: "moderate",
		SideEffects: "tiredness:mild, irritability:mild", DaysAgo: 40,
		Text: "Three months in. Sleepy in morning lectures, but no seizures since the dose went up."},
	{Community: "epilepsy", Author: "dorm_room_seizures", Treatment: "CBD oil", ForWhom: "self", Started: 2, Stopped: 1, StopReason: "not_effective",
		Effectiveness: "none", DaysAgo: 38},
	{Community: "epilepsy", Author: "dorm_room_seizures", Treatment: "sleep routine", ForWhom: "self", Started: 3, Effectiveness: "major", DaysAgo: 37,
		Text: "No all-nighters anymore. My roommate keeps me honest."},
	{Community: "epilepsy", Author: "dorm_room_seizures", Treatment: "talk therapy", ForWhom: "self", Started: 1, Effectiveness: "slight", DaysAgo: 20},
	{Community: "epilepsy", Author: "dorm_room_seizures", Treatment: "Seizure alert smartwatch", Category: "device", ForWhom: "self", Started: 1,
		Effectiveness: "slight", DaysAgo: 10,
		Text: "It buzzes my roommate's phone if it senses shaking. It helps me feel safer living away from home."},

	// sam_mom_of_3: her middle child was just diagnosed.
	{Community: "epilepsy", Author: "sam_mom_of_3", Treatment: "Zarontin", ForWhom: "child", Started: 0, Effectiveness: "slight",
		SideEffects: "stomach ache:mild", DaysAgo: 2,
		Text: "Two weeks in for absence seizures. Giving it with food helps the stomach aches."},
}

var t1dReports = []TriedReport{
	{Community: "t1d-parents", Author: "tidewater_mod", Treatment: "Dexcom G6", ForWhom: "child", Started: 60, Effectiveness: "major",
		SideEffects: "skin irritation:mild", DaysAgo: 85,
		Text: "Night alarms changed our lives. I finally sleep more than three hours in a row."},
	{Community: "t1d-parents", Author: "tidewater_mod", Treatment: "Omnipod", ForWhom: "child", Started: 36, Effectiveness: "major", DaysAgo: 85},
	{Community: "t1d-parents", Author: "tidewater_mod", Treatment: "insulin pens", ForWhom: "child", Started: 70, Stopped: 36, StopReason: "other",
		Effectiveness: "moderate", SideEffects: "bruising:mild", DaysAgo: 84},
	{Community: "t1d-parents", Author: "tidewater_mod", Treatment: "Baqsimi", ForWhom: "child", Started: 30, Effectiveness: "major", DaysAgo: 84,
		Text: "We have only needed it once. Much easier for a scared babysitter than the old injection kit."},

	{Community: "t1d-parents", Author: "pumpdad_decade", Treatment: "Dexcom", ForWhom: "child", Started: 96, Effectiveness: "major",
		SideEffects: "skin irritation:moderate", DaysAgo: 82,
		Text: "Eight years of sensors. A barrier wipe under the patch stopped most of the rashes."},
	{Community: "t1d-parents", Author: "pumpdad_decade", Treatment: "t:slim", ForWhom: "child", Started: 40, Effectiveness: "major", DaysAgo: 82},
	{Community: "t1d-parents", Author: "pumpdad_decade", Treatment: "MDI", ForWhom: "child", Started: 120, Stopped: 100, StopReason: "other",
		Effectiveness: "moderate", SideEffects: "bruising:mild", DaysAgo: 81},
	{Community: "t1d-parents", Author: "pumpdad_decade", Treatment: "Nasal glucagon (Baqsimi)", ForWhom: "child", Started: 48, Effectiveness: "major", DaysAgo: 81},

	{Community: "t1d-parents", Author: "omnipod_mama", Treatment: "Dexcom G7", ForWhom: "child", Started: 24, Effectiveness: "major",
		SideEffects: "skin irritation:mild", DaysAgo: 78},
	{Community: "t1d-parents", Author: "omnipod_mama", Treatment: "Omnipod 5", ForWhom: "child", Started: 24, Effectiveness: "major", DaysAgo: 78,
		Text: "No tubes to catch on the monkey bars. Pods sometimes fail, so we always carry a spare."},
	{Community: "t1d-parents", Author: "omnipod_mama", Treatment: "Baqsimi", ForWhom: "child", Started: 20, Effectiveness: "moderate",
		SideEffects: "headache:mild", DaysAgo: 77},
	{Community: "t1d-parents", Author: "omnipod_mama", Treatment: "Low-carb dinners", ForWhom: "child", Started: 12, Effectiveness: "slight", DaysAgo: 70},

	{Community: "t1d-parents", Author: "tslim_tuesday", Treatment: "Dexcom G6", ForWhom: "child", Started: 30, Effectiveness: "major",
		SideEffects: "skin irritation:moderate", DaysAgo: 72},
	{Community: "t1d-parents", Author: "tslim_tuesday", Treatment: "Control-IQ", ForWhom: "child", Started: 28, Effectiveness: "major", DaysAgo: 72,
		Text: "Dance class lows are rarer since it learned her patterns. We switch to exercise mode an hour before."},
	{Community: "t1d-parents", Author: "tslim_tuesday", Treatment: "Baqsimi", ForWhom: "child", Started: 26, Effectiveness: "major", DaysAgo: 71},

	{Community: "t1d-parents", Author: "nightshift_dad", Treatment: "Dexcom", ForWhom: "child", Started: 20, Effectiveness: "major",
		SideEffects: "skin irritation:mild", DaysAgo: 60},
	{Community: "t1d-parents", Author: "nightshift_dad", Treatment: "Tandem pump", ForWhom: "child", Started: 10, Effectiveness: "moderate", DaysAgo: 59},
	{Community: "t1d-parents", Author: "nightshift_dad", Treatment: "insulin pens", ForWhom: "child", Started: 30, Stopped: 10, StopReason: "other",
		Effectiveness: "moderate", DaysAgo: 59},
	{Community: "t1d-parents", Author: "nightshift_dad", Treatment: "Low-carb dinners", ForWhom: "child", Started: 8, Effectiveness: "moderate", DaysAgo: 50,
		Text: "Fewer overnight highs on the nights I am at work. Pizza night still happens."},

	{Community: "t1d-parents", Author: "soccer_sub_dad", Treatment: "Dexcom G7", ForWhom: "child", Started: 5, Effectiveness: "major",
		SideEffects: "skin irritation:mild", DaysAgo: 50,
		Text: "I can see his numbers from the sideline. Halftime snacks are now based on the trend arrow."},
	{Community: "t1d-parents", Author: "soccer_sub_dad", Treatment: "MDI", ForWhom: "child", Started: 6, Effectiveness: "moderate",
		SideEffects: "bruising:mild", DaysAgo: 50},
	{Community: "t1d-parents", Author: "soccer_sub_dad", Treatment: "Baqsimi", ForWhom: "child", Started: 5, Effectiveness: "moderate",
		SideEffects: "nausea:mild", DaysAgo: 45},

	{Community: "t1d-parents", Author: "beeping_at_3am", Treatment: "Dexcom G7", ForWhom: "child", Started: 0, Effectiveness: "moderate",
		SideEffects: "skin irritation:mild", DaysAgo: 2,
		Text: "Two weeks in. The alarms are loud and there are a lot of them, but I can see what is happening at night."},
	{Community: "t1d-parents", Author: "beeping_at_3am", Treatment: "insulin pens", ForWhom: "child", Started: 0, Effectiveness: "moderate", DaysAgo: 2},
}
