package demo

// Members is every demo account. The staff accounts come first.
var Members = []Member{
	// Staff.
	{Handle: "lanternkeeper", Email: "lanternkeeper@example.org", Role: "admin", DaysAgo: 420,
		Bio: "I keep this server running and read every report. I'm here because my brother has epilepsy."},
	{Handle: "oakbench_mod", Email: "oakbench_mod@example.org", Role: "moderator", DaysAgo: 410,
		Bio: "Moderator for the epilepsy and long COVID groups. I've had epilepsy since my teens and I like a tidy, kind forum."},
	{Handle: "tidewater_mod", Email: "tidewater_mod@example.org", Role: "moderator", DaysAgo: 400,
		Bio: "Mom of a kid with type 1 and daughter of a dad with Alzheimer's. I moderate the T1D parents and caregivers groups."},

	// Mentors: experienced members who welcome newcomers.
	{Handle: "seizurefree_since19", Email: "seizurefree_since19@example.org", Role: "mentor", DaysAgo: 380,
		Bio: "Seizure-free for years after a rough start and four different medicines. Happy to talk meds, school, work and dating."},
	{Handle: "pumpdad_decade", Email: "pumpdad_decade@example.org", Role: "mentor", DaysAgo: 370,
		Bio: "Our son was diagnosed with type 1 at five and is a teenager now. Ten years of pumps, sensors and 3am juice boxes."},
	{Handle: "longhaul_daughter", Email: "longhaul_daughter@example.org", Role: "mentor", DaysAgo: 350,
		Bio: "I cared for my mom through seven years of dementia. Now I try to be the person I needed back then."},

	// Clinicians: general information only, never individual advice.
	{Handle: "epilepsy_nurse_rn", Email: "epilepsy_nurse_rn@example.org", Role: "clinician", DaysAgo: 300,
		Bio: "Epilepsy nurse specialist. I share general information here, not advice about anyone's own care."},
	{Handle: "peds_endo_doc", Email: "peds_endo_doc@example.org", Role: "clinician", DaysAgo: 280,
		Bio: "Pediatric endocrinologist. I post general information to help families ask good questions, not personal medical advice."},

	// Members.
	{Handle: "firstyear_focal", Email: "firstyear_focal@example.org", Role: "member", DaysAgo: 95,
		Bio: "Diagnosed with focal epilepsy this year. Still learning, asking a lot of questions."},
	{Handle: "keppra_kid_mom", Email: "keppra_kid_mom@example.org", Role: "member", DaysAgo: 210,
		Bio: "Mom of a second grader with epilepsy. Expert in seizure action plans and school meetings, whether I like it or not."},
	{Handle: "aura_and_after", Email: "aura_and_after@example.org", Role: "member", DaysAgo: 260,
		Bio: "Adult with focal seizures that start with déjà vu. I keep a very detailed seizure diary."},
	{Handle: "vns_veteran", Email: "vns_veteran@example.org", Role: "member", DaysAgo: 330,
		Bio: "Six years with a VNS. Ask me anything about it, I don't mind."},
	{Handle: "keto_kitchen_mom", Email: "keto_kitchen_mom@example.org", Role: "member", DaysAgo: 190,
		Bio: "Our toddler has been on the ketogenic diet for a year. I own three kitchen scales."},
	{Handle: "dorm_room_seizures", Email: "dorm_room_seizures@example.org", Role: "member", DaysAgo: 45,
		Bio: "College student, recently diagnosed. Figuring out classes, roommates and buses."},
	{Handle: "sam_mom_of_3", Email: "sam_mom_of_3@example.org", Role: "member", DaysAgo: 4,
		Bio: "Mom of three. Our middle kid was just diagnosed with absence seizures."},
	{Handle: "nightshift_dad", Email: "nightshift_dad@example.org", Role: "member", DaysAgo: 150,
		Bio: "Dad of a 10-year-old with type 1. I work nights, so I also take the night alarms."},
	{Handle: "beeping_at_3am", Email: "beeping_at_3am@example.org", Role: "member", DaysAgo: 6,
		Bio: "Our daughter was diagnosed with type 1 a few weeks ago. Tired and learning fast."},
	{Handle: "omnipod_mama", Email: "omnipod_mama@example.org", Role: "member", DaysAgo: 240,
		Bio: "Mom of a 12-year-old on the Omnipod. I always carry a spare pod."},
	{Handle: "tslim_tuesday", Email: "tslim_tuesday@example.org", Role: "member", DaysAgo: 170,
		Bio: "Our 9-year-old dancer uses a t:slim. Site changes happen on Tuesdays, hence the name."},
	{Handle: "soccer_sub_dad", Email: "soccer_sub_dad@example.org", Role: "member", DaysAgo: 60,
		Bio: "Soccer dad of an 11-year-old with type 1, diagnosed this year. Learning about lows at halftime."},
	{Handle: "sundown_son", Email: "sundown_son@example.org", Role: "member", DaysAgo: 110,
		Bio: "Caring for my dad at home. He has Alzheimer's and afternoons are hard."},
	{Handle: "only_child_caring", Email: "only_child_caring@example.org", Role: "member", DaysAgo: 75,
		Bio: "Only child, working from home and caring for my mom who has vascular dementia."},
	{Handle: "memorycare_weekends", Email: "memorycare_weekends@example.org", Role: "member", DaysAgo: 200,
		Bio: "My mom lives in memory care now. I visit on weekends and try to be kind to myself the rest of the week."},
	{Handle: "brain_fog_baker", Email: "brain_fog_baker@example.org", Role: "member", DaysAgo: 140,
		Bio: "Baker on pause because of long COVID. Learning to pace myself one small batch at a time."},
	{Handle: "slow_walker_22", Email: "slow_walker_22@example.org", Role: "member", DaysAgo: 30,
		Bio: "Long COVID since last year. Trying to get back to work without crashing."},
	{Handle: "abuela_cuida", Email: "abuela_cuida@example.org", Role: "member", DaysAgo: 40,
		Bio: "Cuido a mi nieta, que tiene epilepsia. Escribo en español; leo inglés despacio."},
}

// Communities is every demo community, one of each visibility and a
// second public one.
var Communities = []Community{
	{
		Slug:       "epilepsy",
		Name:       "Epilepsy",
		Visibility: "public",
		Description: "A public community for people living with epilepsy and the families and friends who love them. " +
			"Share what you have tried, ask the questions that keep you up at night, and learn from people who get it. " +
			"Anyone can read; members can post. Clinicians here share general information, not personal medical advice.",
		Rules: `- Be kind. Everyone here is dealing with something hard.
- Share your own experience, and check with your own care team before changing any medicine.
- Use nicknames only. No full names, addresses or other details that could identify you or your family.
- No selling, no miracle cures, no links to products you profit from.
- In an emergency, call your local emergency number, not the forum.`,
		Members: []string{
			"oakbench_mod", "seizurefree_since19", "epilepsy_nurse_rn", "lanternkeeper",
			"vns_veteran", "aura_and_after", "keppra_kid_mom", "keto_kitchen_mom",
			"firstyear_focal", "dorm_room_seizures", "sam_mom_of_3", "abuela_cuida",
		},
	},
	{
		Slug:       "t1d-parents",
		Name:       "T1D Parents",
		Visibility: "members",
		Description: "A members-only space for parents and caregivers of children with type 1 diabetes. " +
			"Night alarms, pumps and sensors, school plans, sports, sleepovers and the tiredness nobody warns you about. " +
			"Posts are visible only to members of this group, so you can be honest.",
		Rules: `- What parents share here stays here. Don't screenshot or repost.
- No judging numbers. Every kid and every family is different.
- Never post your child's name, school, or photos that show their face.
- Clinicians share general information. Ask your own diabetes team about doses and settings.
- Be welcoming. Everyone was new once.`,
		Members: []string{
			"tidewater_mod", "pumpdad_decade", "peds_endo_doc", "lanternkeeper",
			"omnipod_mama", "tslim_tuesday", "nightshift_dad", "soccer_sub_dad",
			"beeping_at_3am",
		},
	},
	{
		Slug:       "caregivers",
		Name:       "Caregivers' Room",
		Visibility: "private",
		Description: "A private group for people caring for a parent or partner with dementia or another long illness. " +
			"Only members can see that this group's posts exist. Vent, ask about respite, money and hospice, " +
			"and talk with people who understand the love and the exhaustion.",
		Rules: `- What's shared in this room stays in this room.
- Vent freely. Nobody here will tell you how you "should" feel.
- Don't use the names of the people you care for.
- Offer experience, not instructions. Every family's situation is different.
- If you are in crisis, contact local emergency services or a crisis line.`,
		Members: []string{
			"tidewater_mod", "longhaul_daughter", "memorycare_weekends",
			"sundown_son", "only_child_caring",
		},
		Pending: []string{"vns_veteran", "slow_walker_22"},
	},
	{
		Slug:       "long-covid",
		Name:       "Long COVID",
		Visibility: "public",
		Description: "A public community for people living with long COVID. " +
			"Pacing, brain fog, going back to work, and finding doctors who listen. " +
			"Share what has helped you, and be patient with each other on low-energy days.",
		Rules: `- Believe each other. Symptoms are real even when tests look normal.
- Share what helped you, and say clearly that it's your experience.
- No selling supplements or treatments.
- Short posts are welcome. So is taking a week to reply.`,
		Members: []string{
			"oakbench_mod", "brain_fog_baker", "slow_walker_22",
			"memorycare_weekends", "nightshift_dad",
		},
	},
}
