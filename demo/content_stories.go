package demo

// DemoStory is a member's story with its comments. Timing follows the
// rest of the content: the story was published DaysAgo days ago, and a
// comment HoursAfter hours after it.
type DemoStory struct {
	Author     string // handle
	Title      string
	Body       string // Markdown
	Visibility string // "public" or "members"
	DaysAgo    int
	// Cover, when set, asks the seeder to draw a cover image (a calm
	// landscape in this palette, 0–3) described by its text.
	Cover    *DemoCover
	Comments []StoryComment
}

// DemoCover is a generated cover image and its description.
type DemoCover struct {
	Palette int
	Alt     string
}

// StoryComment is a comment on a demo story, by a member or a guest.
type StoryComment struct {
	Author string // handle; empty for a guest
	Guest  *DemoGuest
	Body   string
	// HoursAfter is counted from the story's publication.
	HoursAfter int
	// Held leaves a guest's comment waiting for the author's approval;
	// the seeder approves every other guest comment as the author, or as
	// ApprovedBy (a moderator's handle) when set, which tells the story's
	// author "A guest commented" (sqldb/story_notify.go).
	Held       bool
	ApprovedBy string
	Replies    []StoryComment
}

// DemoGuest is a guest commenter. Emails use the reserved example.org
// domain and are never shown.
type DemoGuest struct {
	Name    string
	Email   string
	Website string
}

// Stories is every demo story.
var Stories = []DemoStory{
	{
		Author:     "keppra_kid_mom",
		Title:      "The seizure action plan that finally worked at school",
		Visibility: "public",
		DaysAgo:    40,
		Cover:      &DemoCover{Palette: 0, Alt: "A drawing of a sunrise over green hills"},
		Body: `Last year our son had two seizures at school, and both times the adults around him froze. Nobody was at fault: the plan we had handed in was four pages long and written for doctors, not for a teacher with 24 kids in the room.

This year we tried something different, and it worked, so I want to share it.

**One page, three boxes.** At the top, what his seizures look like (he stares and his right hand picks at his shirt). In the middle, what to do, in order, with the times in big print. At the bottom, who to call and when to call an ambulance. That's it.

**We practiced.** I asked for ten minutes at a staff meeting. The school nurse and I walked through the plan with a timer, and the gym teacher asked the best questions of anyone.

**We made copies for every room he goes to**, including the bus and the lunch room, and his teacher keeps one in the sub folder.

Two weeks ago he had a seizure in art class. His teacher timed it, turned him on his side, and called me afterwards to tell me exactly what happened, in order. I cried in my car, in a good way.

If you want to make your own one-page plan, the Epilepsy Foundation has templates: https://www.epilepsy.com/preparedness-safety/action-plans

Happy to answer questions in the comments.`,
		Comments: []StoryComment{
			{Author: "seizurefree_since19", HoursAfter: 3,
				Body: "The practice part is so underrated. A plan on paper is a start, but people only act on it when they've done it once with a timer. Thank you for writing this."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 9,
				Body: "General information for anyone reading: a short, clear plan that every adult can find quickly is what school nurses ask for most. Your child's own neurology team should sign off on the steps and the times, since they differ from child to child.",
				Replies: []StoryComment{
					{Author: "keppra_kid_mom", HoursAfter: 12, Body: "Yes! Ours was reviewed and signed by his neurologist before we printed anything. Thanks for adding that."},
				}},
			{Guest: &DemoGuest{Name: "A teacher in Ohio", Email: "teacher.guest@example.org", Website: "https://example.org/classroom-notes"}, HoursAfter: 30,
				Body: "I'm a third grade teacher and I wish every family did this. The one-page version is the only one I can use in the moment. Sharing with our staff."},
			{Author: "sam_mom_of_3", HoursAfter: 900,
				Body: "Our daughter was just diagnosed with absence seizures. Saving this for our school meeting next week. @keppra_kid_mom did the school ask for anything besides the plan?",
				Replies: []StoryComment{
					{Author: "keppra_kid_mom", HoursAfter: 905, Body: "They asked for his medicine schedule (he takes none at school, so it was short) and a photo for the sub folder. Good luck at the meeting, you've got this."},
				}},
			{Guest: &DemoGuest{Name: "Jo", Email: "jo.guest@example.org"}, HoursAfter: 920, Held: true,
				Body: "Thank you for this. Could you share what you wrote in the box about calling an ambulance? Ours is so long."},
		},
	},
	{
		Author:     "vns_veteran",
		Title:      "Six years with a VNS: what I wish I had known",
		Visibility: "public",
		DaysAgo:    75,
		Body: `People in the forum ask me about my vagus nerve stimulator every week, so here is the long version.

## The first months were the hardest

My voice went hoarse every time the device turned on, and I coughed when I talked on the phone. It got better as the settings were adjusted slowly over many visits. If you are in the first months, it is worth writing down when it bothers you, so your team can see the pattern.

## It did not work overnight

My seizures did not drop right away. It took well over a year before I noticed fewer of them, and the change was gradual. I'd tell anyone starting out: judge it over seasons, not weeks.

## The magnet is my favorite part

When I feel an aura coming, I swipe the magnet over the device. Sometimes it stops the seizure from spreading. Even when it does not, it gives me something to *do*, which matters more than I expected.

## Small things

- The scar is small and nobody notices it
- Airport security has never been a problem; I carry the ID card
- I still take two medicines. The VNS was an addition, not a replacement

Ask me anything below. And @firstyear_focal, you asked about this in the forum last month, so this one is for you.`,
		Comments: []StoryComment{
			{Author: "firstyear_focal", HoursAfter: 5,
				Body: "Thank you for writing all of this down! The part about judging it over seasons is exactly what I needed to hear. Did the hoarseness ever go away completely?",
				Replies: []StoryComment{
					{Author: "vns_veteran", HoursAfter: 8, Body: "Mostly. I still notice it if I sing, which my family says is a public service."},
				}},
			{Author: "aura_and_after", HoursAfter: 50,
				Body: "The magnet giving you something to *do* during an aura is such a good point. Feeling helpless is half of what makes auras scary for me."},
			{Guest: &DemoGuest{Name: "Sam's dad", Email: "sams.dad@example.org"}, HoursAfter: 300, ApprovedBy: "oakbench_mod",
				Body: "Our teenager is being evaluated for a VNS. This is the most honest account I've found. Thank you."},
		},
	},
	{
		Author:     "brain_fog_baker",
		Title:      "Baking in small batches: pacing with long COVID",
		Visibility: "public",
		DaysAgo:    18,
		Cover:      &DemoCover{Palette: 2, Alt: "A drawing of a warm evening sky over soft hills"},
		Body: `Before I got sick I baked two hundred loaves a week. For a long time after, I could not stand long enough to make one.

What got me back into the kitchen was not pushing harder. It was doing less, on purpose.

1. **I bake in steps across the day.** Mix in the morning, rest, shape after lunch, rest, bake in the evening.
2. **I sit down for everything I can.** A tall stool at the counter changed my life.
3. **I stop before I feel tired.** This is the hardest one. If I wait until I'm tired, I pay for it for days.

A pacing explainer that helped me understand why: https://en.wikipedia.org/wiki/Pacing_(activity_management)

This week I made one small loaf of rye. It was a bit flat, and it was the best thing I've eaten all year.`,
		Comments: []StoryComment{
			{Author: "slow_walker_22", HoursAfter: 4,
				Body: "Stopping before you feel tired is the rule I keep breaking. Printing this and putting it on my fridge."},
			{Author: "oakbench_mod", HoursAfter: 20,
				Body: "Lovely to read this. Flat rye still counts!"},
			{Guest: &DemoGuest{Name: "Pat", Email: "pat.guest@example.org", Website: "https://example.org/pat"}, HoursAfter: 100, Held: true,
				Body: "Great post! Check out my site for more baking tips and recipes."},
		},
	},
	{
		Author:     "pumpdad_decade",
		Title:      "Ten years of 3 a.m. juice boxes",
		Visibility: "members",
		DaysAgo:    60,
		Body: `Our son was diagnosed with type 1 when he was five. He is a teenager now, taller than me, and mostly runs his own diabetes. I'm writing this for the parents in their first year, the way I wish someone had written it for me.

**The first year is not what the rest looks like.** Everything is new, the numbers swing, and you are learning a second job. It gets quieter.

**Sensors changed our nights.** Alarms are annoying, but they let us sleep *between* them instead of setting clocks for finger sticks.

**Hand it over slowly.** At eight he picked his own site. At ten he counted his own carbs at lunch. At thirteen he asked us to stop texting him about every number, and we (mostly) did.

**You will still get the 3 a.m. juice box.** Less often. And one night your kid will get it himself and tell you at breakfast, and you will feel very strange and very proud.

This one is for members only, because it's about our family. Thank you for being the kind of place where I can write it.`,
		Comments: []StoryComment{
			{Author: "beeping_at_3am", HoursAfter: 1340,
				Body: "I'm in week four and I read this twice. \"It gets quieter\" is going on a sticky note."},
			{Author: "nightshift_dad", HoursAfter: 1350,
				Body: "The breakfast moment! It happened to us last month. Strange and proud is exactly right.",
				Replies: []StoryComment{
					{Author: "pumpdad_decade", HoursAfter: 1355, Body: "Welcome to the club. Nobody warns you that you'll miss it a little."},
				}},
		},
	},
	{
		Author:     "longhaul_daughter",
		Title:      "What I would tell myself in year one of caregiving",
		Visibility: "public",
		DaysAgo:    120,
		Cover:      &DemoCover{Palette: 1, Alt: "A drawing of a pale blue morning over quiet hills"},
		Body: `My mom lived with dementia for seven years, and I was her main caregiver for most of them. If I could sit down with the person I was in that first year, here is what I'd say.

- **Say yes when people offer help, and give them a job.** "Can you sit with her on Tuesday afternoons?" works better than "I'm fine."
- **Write things down.** Medicines, appointments, what calmed her, what didn't. You will not remember, and the next doctor will ask.
- **Look into respite care early**, before you are desperate. Many areas have adult day programs.
- **Grief starts long before the end.** It is normal to miss someone who is still here.
- **You will lose your temper sometimes.** Forgive yourself the same day.

The caregivers' group here got me through the hardest years. If you're new, come find us.`,
		Comments: []StoryComment{
			{Author: "only_child_caring", HoursAfter: 1100,
				Body: "\"It is normal to miss someone who is still here.\" I didn't know I needed someone to say that."},
			{Author: "memorycare_weekends", HoursAfter: 1120,
				Body: "Respite care early, yes. We waited until I was falling apart. Please don't wait."},
			{Guest: &DemoGuest{Name: "Ana", Email: "ana.guest@example.org"}, HoursAfter: 1500,
				Body: "My father was diagnosed this spring. Thank you for the list, especially the part about giving helpers a job."},
		},
	},
}
