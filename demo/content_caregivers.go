package demo

// caregiverThreads live in the private "caregivers" community.
var caregiverThreads = []Thread{
	{
		Community: "caregivers",
		Author:    "tidewater_mod",
		Title:     "Welcome to the caregivers' room — read this first",
		Body: `This is a private group for people caring for a parent or partner with dementia or another long illness. Only members can see what's posted here, so people can be honest. A few things:

- What's shared here stays here
- Vent freely. No one will tell you how you "should" feel
- Please don't use the names of the people you care for
- If you're in crisis, contact local emergency services or a crisis line

I care for my dad (Alzheimer's) while raising a kid with type 1 diabetes, so I get it. Say hi if you want.`,
		DaysAgo: 57,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 3,
				Body: "Hi all. I cared for my mom for seven years until she died last year. I'm a mentor here now. If you need someone to talk to about any stage of this, I'm here."},
			{Author: "memorycare_weekends", HoursAfter: 30,
				Body: "Hi. My mom is in memory care now. I visit on weekends and spend the rest of the week feeling guilty."},
			{Author: "sundown_son", HoursAfter: 200,
				Body: "Hey. Caring for my dad at home. Glad a place like this exists."},
			{Author: "only_child_caring", HoursAfter: 800,
				Body: "Only child, caring for my mom, who has vascular dementia. Hi."},
		},
	},
	{
		Community: "caregivers",
		Author:    "sundown_son",
		Title:     "Dad gets so agitated around 4pm every day",
		Body:      "Mornings are okay. Then around 4 or 5 every afternoon my dad gets restless, paces, wants to \"go home\" (he is home), and sometimes yells at me. It's wearing me down. I've read about sundowning. What actually helps?",
		DaysAgo:   7,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 2,
				Body: `Late afternoon was our hardest time too. Things that helped us:

- Lights on bright before it gets dark outside
- A short walk or car ride right after lunch
- No coffee after noon
- Her favorite music from when she was young, playing around 3:30
- Not arguing about "home." I'd say "we'll go after dinner" and then change the subject

None of it worked every day. It helped on most days.`},
			{Author: "tidewater_mod", HoursAfter: 5,
				Body: "One more thing: if it suddenly gets much worse, ask his doctor to check for an infection, like a urinary tract infection. That was behind my dad's worst week, and it got better with treatment."},
			{Author: "memorycare_weekends", HoursAfter: 12,
				Body: "The \"going home\" thing broke my heart. I learned that \"home\" often means a feeling of safety, not a place. Sitting with Mom and looking at old photos helped more than explaining ever did."},
			{Author: "only_child_caring", HoursAfter: 30,
				Body: "Following. Mom does this too, and it's always worse on days she naps a lot."},
			{Author: "sundown_son", HoursAfter: 90,
				Body: "Tried the music and the walk after lunch for three days. Yesterday was the calmest afternoon in weeks. I also stopped correcting him about home. Thank you."},
		},
	},
	{
		Community: "caregivers",
		Author:    "only_child_caring",
		Title:     "How did you find respite care? I haven't had a day off in months",
		Body:      "I'm an only child and Mom lives with me. I work from home, so everyone assumes I'm fine. I'm not. I haven't had a whole day to myself in five months. How did you find respite care, and how did you pay for it?",
		DaysAgo:   13,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 3,
				Body: `Start with your local agency on aging or adult social care office. They know the options near you. The Alzheimer's Association also has a good overview of caregiving help:

https://www.alz.org/help-support/caregiving

Adult day programs were our lifesaver. Mom went three days a week.`},
			{Author: "memorycare_weekends", HoursAfter: 8,
				Body: "Some places offer a few hours of in-home respite for free or on a sliding scale. Ask, and then ask again. The first answer I got was a waitlist, and a spot opened up three weeks later."},
			{Author: "tidewater_mod", HoursAfter: 20,
				Body: "Also: your faith community or your neighbors might surprise you. A retired nurse down the street sits with my dad one afternoon a week. I would never have asked if a friend hadn't pushed me."},
			{Author: "only_child_caring", HoursAfter: 100,
				Body: "Called the agency. There's an adult day program fifteen minutes away with a free trial day. Mom goes on Thursday. I don't even know what I'll do with myself."},
			{Author: "longhaul_daughter", HoursAfter: 104,
				Body: "Sleep. Then a coffee somewhere quiet. Then more sleep."},
		},
	},
	{
		Community: "caregivers",
		Author:    "memorycare_weekends",
		Title:     "Moved Mom to memory care. The guilt is unreal.",
		Body:      "After two falls and a night she left the house and a neighbor found her, we moved Mom to memory care last month. Everyone says it was the right call. She seems... okay? Some days she's happier than she was at home. So why do I feel like I abandoned her?",
		DaysAgo:   20,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 2,
				Body: "Because you love her. Guilt and love look a lot alike sometimes. My mom lived in memory care for her last two years. It let me go back to being her daughter instead of her nurse, and some of our best visits happened there."},
			{Author: "sundown_son", HoursAfter: 10,
				Body: "I'm not there yet, but reading this helps me think about it without feeling like a monster."},
			{Author: "only_child_caring", HoursAfter: 30,
				Body: "> Some days she's happier than she was at home.\n\nThat part matters. She's safe. You did that."},
			{Author: "tidewater_mod", HoursAfter: 40,
				Body: "Be gentle with yourself. Keeping her safe was the loving choice, even when it doesn't feel like it."},
			{Author: "memorycare_weekends", HoursAfter: 120,
				Body: "Thank you. I visited today. She didn't know who I was, but she held my hand for an hour and laughed at a dog on TV. I'm trying to hold on to that."},
		},
	},
	{
		Community: "caregivers",
		Author:    "only_child_caring",
		Title:     "Money questions: paying for care without losing everything",
		Body:      "Mom's savings will run out in maybe a year at the rate we're going. I'm trying to figure out power of attorney, what insurance covers, and whether we'll have to sell her house. I don't even know what questions to ask. Where did you start?",
		DaysAgo:   31,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 4,
				Body: "The first thing I'd do is talk to an elder law attorney. We paid for one consultation and it saved us so much grief. Bring a list of her accounts, insurance and bills. They'll explain power of attorney and the rules for paying for long-term care where you live."},
			{Author: "memorycare_weekends", HoursAfter: 12,
				Body: "Get power of attorney for both money AND health care done while she can still sign. We waited too long with my mom and it got complicated."},
			{Author: "tidewater_mod", HoursAfter: 30,
				Body: "Check whether she has any long-term care insurance or veterans' benefits. We found a small policy in a file drawer that nobody knew about."},
			{Author: "only_child_caring", HoursAfter: 60,
				Body: "This is the starting point I needed. I booked a consultation for next week."},
		},
	},
	{
		Community: "caregivers",
		Author:    "longhaul_daughter",
		Title:     "When hospice came in — what I wish I'd known",
		Body: `A few of you have asked me about hospice, so here's what I learned with my mom.

- Hospice isn't giving up. It's a different goal: comfort
- It can happen at home, in a nursing home or in memory care
- They send a nurse, an aide, a social worker, and a chaplain if you want one
- Ask about it earlier than you think. We waited too long and only had three weeks
- They support you too, including afterward

Happy to answer anything, even the hard questions.`,
		DaysAgo: 46,
		Replies: []Reply{
			{Author: "memorycare_weekends", HoursAfter: 5,
				Body: "Thank you for this. The doctor mentioned hospice at Mom's last visit and I panicked. This helps."},
			{Author: "sundown_son", HoursAfter: 20,
				Body: "I didn't know it could happen at home. Saving this."},
			{Author: "tidewater_mod", HoursAfter: 30,
				Body: "Thank you for sharing something so personal. This is one of the most helpful posts we have."},
			{Author: "longhaul_daughter", HoursAfter: 40,
				Body: "@memorycare_weekends feel free to message me before your next appointment. Talking it through helped me ask better questions."},
			{Author: "only_child_caring", HoursAfter: 400,
				Body: "Reading this late at night. Thank you for writing it."},
		},
	},
	{
		Community: "caregivers",
		Author:    "sundown_son",
		Title:     "He asked me who I was today",
		Body:      "Dad looked right at me this morning and asked who I was. Politely, like I was a stranger at the bus stop. I told him I'm his son and he said, \"Oh, that's nice.\" I've been sitting in my car for twenty minutes. I don't even know what I'm asking. I just needed to tell someone.",
		DaysAgo:   1,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 1,
				Body: "I'm so sorry. That first time is a punch in the gut. You don't have to be asking anything. We're here."},
			{Author: "only_child_caring", HoursAfter: 4,
				Body: "Sending you a hug. Mom called me by her sister's name last week. I went into the bathroom and cried, then came out and we had lunch. It's okay to feel all of it."},
			{Author: "tidewater_mod", HoursAfter: 9,
				Body: "Thank you for telling us. Please take a little time for yourself tonight if you can, even twenty minutes."},
		},
	},
}
