package demo

// longCovidThreads live in the public "long-covid" community.
var longCovidThreads = []Thread{
	{
		Community: "long-covid",
		Author:    "brain_fog_baker",
		Title:     "Pacing actually helped — here's my simple system",
		Body: `Eighteen months into long COVID. For the first year I'd push through on good days and then crash for three days after. My doctor called it post-exertional malaise. Pacing is the only thing that has really changed it for me. My (very simple) system:

- I sort everything into "green," "yellow" and "red" activities
- Only two yellows a day, no matter how good I feel
- I rest before I'm tired, not after
- I write down every crash and what I did the two days before

It's boring. It works (for me, at least).`,
		DaysAgo: 10,
		Replies: []Reply{
			{Author: "slow_walker_22", HoursAfter: 5,
				Body: "\"Rest before I'm tired\" is the part I keep failing at. On good days I feel like I have to get everything done."},
			{Author: "oakbench_mod", HoursAfter: 20,
				Body: "Thanks for sharing this. And welcome to all the newer folks in this group."},
			{Author: "memorycare_weekends", HoursAfter: 50,
				Body: "I don't have long COVID, but I'm a caregiver who crashes too. Stealing the green, yellow and red idea."},
			{Author: "brain_fog_baker", HoursAfter: 60,
				Body: "@slow_walker_22 same. What helped me was a timer: 25 minutes of activity, then I sit down no matter what. Annoying, but I crash less."},
		},
	},
	{
		Community: "long-covid",
		Author:    "slow_walker_22",
		Title:     "Going back to work part-time — how did you ask for accommodations?",
		Body:      "My doctor says I can try part-time work. My job is mostly at a computer, but the commute and long meetings wipe me out. Did anyone ask for things like working from home or a later start? How did you bring it up?",
		DaysAgo:   3,
		Replies: []Reply{
			{Author: "brain_fog_baker", HoursAfter: 4,
				Body: "I asked my doctor for a note that listed what I needed, not my whole history: remote work three days a week, a short break every hour, and no meetings longer than 45 minutes. HR was much easier to deal with once it was in writing."},
			{Author: "nightshift_dad", HoursAfter: 10,
				Body: "Not long COVID, but I went through this after a long illness. Ask for a trial period, like \"let's try this for six weeks and check in.\" Managers say yes to trials more easily."},
			{Author: "oakbench_mod", HoursAfter: 30,
				Body: "Depending on where you live, you may have legal protections for workplace accommodations. A local disability rights group can usually explain them for free."},
			{Author: "slow_walker_22", HoursAfter: 50,
				Body: "Emailed HR with my doctor's note. They said yes to a six-week trial! Thank you."},
		},
	},
	{
		Community: "long-covid",
		Author:    "slow_walker_22",
		Title:     "Heart races when I stand up — did anyone get checked for POTS?",
		Body:      "Since COVID my heart pounds when I stand up, and I get dizzy in the shower. A friend said it might be POTS. Did anyone get tested for it? What was the test like, and what kind of doctor did you see?",
		DaysAgo:   1,
	},
}
