package demo

// t1dThreads live in the members-only "t1d-parents" community.
var t1dThreads = []Thread{
	{
		Community: "t1d-parents",
		Author:    "beeping_at_3am",
		Title:     "Diagnosed 3 weeks ago and the night alarms are breaking us",
		Body: `Our 6-year-old daughter was diagnosed with type 1 three weeks ago after a scary hospital stay. We just started a Dexcom. It's amazing, and it also goes off what feels like every hour all night. High, low, "signal loss." My husband and I are taking shifts and we're both zombies.

Does it get better? How do you all sleep?`,
		DaysAgo: 5,
		Replies: []Reply{
			{Author: "pumpdad_decade", HoursAfter: 1,
				Body: `Welcome. I'm sorry you're here, but I'm glad you found us. I'm a mentor in this group, and our son was diagnosed ten years ago. The first month is the hardest. Yes, it gets better, I promise. A few things that helped us:

- Ask your care team about alert settings for nights. The defaults can be a lot for a brand-new family
- See if your app lets you quiet the signal-loss alert overnight
- Take turns by night, not by alarm, so one of you actually sleeps

And post anytime. Seriously.`},
			{Author: "tidewater_mod", HoursAfter: 3,
				Body: "Hi and welcome. I moderate here. Nobody in this group will judge you for being tired, scared or grumpy. Those first weeks are brutal."},
			{Author: "nightshift_dad", HoursAfter: 6,
				Body: "I work nights, so I took the night shift at home too, ha. What saved us was a phone stand next to the bed so I could check numbers without getting up. Small thing, but it adds up."},
			{Author: "peds_endo_doc", HoursAfter: 10,
				Body: "Welcome. I'm a pediatric endocrinologist, and I can only share general information here, not advice about your daughter. It's very common for new families to get a lot of alarms, partly because insulin needs change a lot in the first weeks and months. Alert levels are something your diabetes team can help you set for your child's age and situation. It's worth asking them for a call about night-time alarms specifically. That's a normal question, not a bother."},
			{Author: "omnipod_mama", HoursAfter: 30,
				Body: "Also, signal-loss alarms sometimes happen because the phone is too far away or she's lying on the sensor. Moving the phone closer to her bed helped us a lot."},
			{Author: "beeping_at_3am", HoursAfter: 48,
				Body: "Thank you all so much. We called the clinic and they changed her high alert, and we moved the phone. Last night we only got up twice. I slept four hours in a row!! Feels like a spa weekend."},
			{Author: "pumpdad_decade", HoursAfter: 50,
				Body: "Four hours in a row! That's a real win. Celebrate it."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "nightshift_dad",
		Title:     "Compression lows at 2am — he sleeps right on his sensor",
		Body:      "My 10-year-old wears his sensor on the back of his arm and sleeps on that side. Almost every night we get an urgent low alarm around 2am. I check with a finger stick and he's fine, usually 120-something. Then I can't fall back asleep. Has anyone solved this?",
		DaysAgo:   12,
		Replies: []Reply{
			{Author: "omnipod_mama", HoursAfter: 2,
				Body: "Compression lows! We had the same thing. Moving the sensor to the arm he doesn't sleep on fixed most of it for us."},
			{Author: "tslim_tuesday", HoursAfter: 5,
				Body: "Our daughter moved hers to a spot on her belly (our team okayed it for her sensor). Way fewer fake lows since."},
			{Author: "pumpdad_decade", HoursAfter: 9,
				Body: "Good on you for checking with a finger stick before treating. That's the move."},
			{Author: "peds_endo_doc", HoursAfter: 20,
				Body: "General information: pressure on a sensor during sleep can cause falsely low readings, often called compression lows. Families often try a site the child doesn't sleep on, and when a reading doesn't match how the child seems, a finger stick is a good way to confirm. Check your device instructions and your diabetes team about which sites are approved, since that differs by device and age."},
			{Author: "nightshift_dad", HoursAfter: 80,
				Body: "Moved it to the other arm. Three nights, zero fake lows. I can't believe it was that simple. Thank you."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "soccer_sub_dad",
		Title:     "Omnipod 5 vs t:slim with Control-IQ — families who've tried both?",
		Body:      "Our endo says we're ready to think about a pump. We're torn between the Omnipod 5 (no tubing) and the t:slim X2 with Control-IQ (tubing). Our son is 11, plays soccer, and hates anything that feels \"in the way.\" If you've used either, what do you love and what drives you nuts?",
		DaysAgo:   22,
		Replies: []Reply{
			{Author: "omnipod_mama", HoursAfter: 2,
				Body: `Omnipod family here, two years in. What I love:

- No tubing to catch on door handles
- He can swim and shower without disconnecting
- Changing a pod is quick once you get the hang of it

What drives me nuts: the occasional pod failure right as we're walking out the door. Always carry a spare.`},
			{Author: "tslim_tuesday", HoursAfter: 4,
				Body: "t:slim family here. Our daughter likes seeing her numbers and doses right on the pump, and the tubing has never bothered her much. She clips it to her waistband and tucks the tubing in. The downside is one more thing to remember to disconnect for swimming."},
			{Author: "pumpdad_decade", HoursAfter: 10,
				Body: "We've been through three pumps in ten years. Honestly, the best pump is the one your kid will actually wear. Ask your clinic if you can hold a demo of each. Ours let us."},
			{Author: "peds_endo_doc", HoursAfter: 16,
				Body: "I can't recommend a specific device for your son, but in general these are the questions families find useful: tubing or no tubing, how it handles exercise, what your insurance covers, how supplies get ordered, and which systems work with your CGM. Your diabetes team and diabetes educator can walk you through the options for your child."},
			{Author: "tidewater_mod", HoursAfter: 30,
				Body: "Another thing to ask about: school. Who will help with the pump there, and do they need training on a specific system?"},
			{Author: "soccer_sub_dad", HoursAfter: 72,
				Body: "Thank you all. He picked the Omnipod because \"no strings.\" We start training in a couple of weeks. Nervous but excited."},
			{Author: "nightshift_dad", HoursAfter: 90,
				Body: "Good luck! The first week of pump training is a lot, but it gets easier fast."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "soccer_sub_dad",
		Title:     "Lows halfway through every soccer game",
		Body:      "Our son is still on shots while we wait for pump training. He goes low almost every game, usually around halftime. We give him juice and he has to sit out the rest of the half, which he hates. What do other sporty families do?",
		DaysAgo:   8,
		Replies: []Reply{
			{Author: "pumpdad_decade", HoursAfter: 1,
				Body: "Been there with basketball. What worked for us (with our team's help) was a small snack with some protein before warm-ups and a sports drink on the bench. Every kid is different, so keep notes on what you try."},
			{Author: "peds_endo_doc", HoursAfter: 5,
				Body: "General information: exercise often lowers blood sugar, sometimes during activity and sometimes hours later, including overnight. Common strategies diabetes teams talk through with families include adjusting insulin before exercise, having carbs before and during activity, and checking at set times. The right plan depends on your child's insulin and schedule, so ask your team for a game-day plan. That's a really common request."},
			{Author: "tslim_tuesday", HoursAfter: 8,
				Body: "Our daughter dances. We watch her numbers on the follow app during practice, and her teacher knows the signs of a low. Glucose tabs live in her bag and in the teacher's."},
			{Author: "omnipod_mama", HoursAfter: 12,
				Body: "Watch for lows later that night too! The nights after games are always our hardest."},
			{Author: "soccer_sub_dad", HoursAfter: 30,
				Body: "The overnight thing explains so much. He went low at 3am after the last two games. I asked the clinic for a game-day plan today."},
			{Author: "soccer_sub_dad", HoursAfter: 150,
				Body: "Update: a snack before warm-ups plus a smaller breakfast dose (their suggestion). He played the whole game yesterday and stayed in range. He scored, too, but I can't give the endo credit for that part."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "tidewater_mod",
		Title:     "Halloween candy: what's your strategy?",
		Body:      "Every year someone asks, so let's make this the thread. How do you handle trick-or-treating with T1D? We've done a few different things over the years. Curious what works for other families.",
		DaysAgo:   37,
		Replies: []Reply{
			{Author: "pumpdad_decade", HoursAfter: 2,
				Body: "We do a candy swap. He keeps ten favorite pieces and trades the rest for a toy or an outing. Bonus: the leftover candy becomes our low-treatment stash for a while."},
			{Author: "omnipod_mama", HoursAfter: 5,
				Body: "We dose for it like any other food. Fun-size bars are easy because the carbs are printed on the bag. I keep the wrappers in a bowl so I can count later if I forget."},
			{Author: "nightshift_dad", HoursAfter: 9,
				Body: "I read every label and made a carb cheat sheet for the fridge. It took one evening and saved a hundred arguments."},
			{Author: "tslim_tuesday", HoursAfter: 20,
				Body: "Our daughter likes handing out candy more than collecting it now. She's the queen of the front porch."},
			{Author: "peds_endo_doc", HoursAfter: 30,
				Body: "A general note: many diabetes teams are comfortable with kids enjoying treats as part of a normal childhood, counted and covered like other carbs. If you're unsure how to fit it in, your team or educator can help you plan. For treating lows, pure sugar options like glucose tabs, juice or some hard candies usually work faster than chocolate, because fat slows things down."},
			{Author: "soccer_sub_dad", HoursAfter: 40,
				Body: "First Halloween since diagnosis here. This helped a lot. We're trying the swap."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "tslim_tuesday",
		Title:     "First sleepover invite — am I crazy to say yes?",
		Body:      "My 9-year-old got invited to her best friend's sleepover this weekend. She's been on a t:slim for a year and we use the Dexcom follow app. I trust the other mom, but I don't know how to hand all this off. What did you do for the first sleepover?",
		DaysAgo:   2,
		Replies: []Reply{
			{Author: "pumpdad_decade", HoursAfter: 1,
				Body: "Not crazy! For our first one we did a \"late-over\": he went for the pizza and the movie, and we picked him up at bedtime. The next time he stayed the whole night."},
			{Author: "omnipod_mama", HoursAfter: 4,
				Body: `I made the host mom a one-page sheet:

- What a low looks like and how to treat it
- Where the snacks and glucose tabs are
- When to call me (and that I WANT her to call)
- Where the emergency glucagon is and how to use it

Then I stayed up watching the follow app all night anyway. Ha.`},
			{Author: "nightshift_dad", HoursAfter: 8,
				Body: "I'd add: agree ahead of time on a number that means \"text me,\" so the other parent doesn't have to guess."},
			{Author: "tidewater_mod", HoursAfter: 20,
				Body: "Whatever you decide is the right answer for your family. A late-over is a totally valid first step."},
			{Author: "beeping_at_3am", HoursAfter: 26,
				Body: "Reading this a few weeks into diagnosis, and it helps so much to know sleepovers are still possible someday."},
			{Author: "tslim_tuesday", HoursAfter: 40,
				Body: "Going with the late-over this time and a full sleepover next month. She's thrilled either way."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "omnipod_mama",
		Title:     "A1c went up to 8.1 and I feel like I failed",
		Body:      "Clinic visit today. His A1c went from 7.2 to 8.1. The endo was kind about it, but I cried in the car. He's 12, growing like a weed, and I feel like I'm chasing his numbers all day. How do you not take this personally?",
		DaysAgo:   17,
		Replies: []Reply{
			{Author: "peds_endo_doc", HoursAfter: 3,
				Body: "I can't comment on your son's numbers, but here's something I say to a lot of families: an A1c is information, not a grade. Growth spurts and puberty commonly raise insulin needs, and numbers often drift in those years even when families are doing everything right. The usual next step is working with your team on what to adjust. It's not about trying harder."},
			{Author: "omnipod_mama", HoursAfter: 6,
				Body: "> an A1c is information, not a grade\n\nWriting this on a sticky note for my bathroom mirror. Thank you."},
			{Author: "pumpdad_decade", HoursAfter: 10,
				Body: "Our son's A1c was all over the place from 12 to 15. Puberty is a beast. You are not failing."},
			{Author: "tidewater_mod", HoursAfter: 14,
				Body: "Please be as kind to yourself as you'd be to any of us. You're doing the math of a whole pancreas on top of everything else."},
			{Author: "nightshift_dad", HoursAfter: 30,
				Body: "Solidarity. Ours went up last spring too, and came back down after some changes to his basal. You've got this."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "nightshift_dad",
		Title:     "Parent burnout. Anyone else just... tired?",
		Body:      "Not really a question. Four years of carb counting, alarms, calls from school, insurance fights. My son is doing great. I'm the one falling apart. I snapped at him about a number last night and felt awful. How do you all keep going?",
		DaysAgo:   4,
		Replies: []Reply{
			{Author: "tidewater_mod", HoursAfter: 2,
				Body: "Thank you for saying this out loud. You're not alone. A lot of us hit a wall around year three or four. Talking to a counselor helped me, and so did letting my husband take over completely one weekend a month."},
			{Author: "pumpdad_decade", HoursAfter: 5,
				Body: "Apologize to him, then forgive yourself. Our kids know we love them. I've said worse things about numbers and my son still likes me. Mostly."},
			{Author: "omnipod_mama", HoursAfter: 9,
				Body: "I take the follow app off my phone for one afternoon a week while my mom watches him. Sounds small. It feels like a vacation."},
			{Author: "beeping_at_3am", HoursAfter: 20,
				Body: "I'm brand new and already tired, so hearing that people make it four years and still care this much means a lot."},
			{Author: "tslim_tuesday", HoursAfter: 26,
				Body: "Also worth asking your clinic: ours has a social worker who helped us find a parent support group. It helped."},
			{Author: "peds_endo_doc", HoursAfter: 40,
				Body: "Speaking generally: burnout is very common among parents managing type 1 diabetes, and it's worth raising with your diabetes team. Many clinics have psychologists or social workers who support parents, not only kids. Asking for help is part of caring for your child."},
			{Author: "nightshift_dad", HoursAfter: 60,
				Body: "Thanks, all. I talked to my son this morning. He said, \"It's okay, Dad, diabetes is annoying.\" Kid is wiser than me."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "peds_endo_doc",
		Title:     `General info: treating lows with the "rule of 15" (not personal advice)`,
		Body: `Several parents have asked about this, so here's general information on the "rule of 15" for treating mild lows. **This isn't advice for any specific child.** Your child's diabetes team may give you different amounts, especially for very young children.

1. Check blood sugar if you can
2. Give about 15 grams of fast-acting carbs (like glucose tabs or juice)
3. Wait about 15 minutes and check again
4. Repeat if still low
5. Once back in range, a snack may help if the next meal is a while away

Severe lows (when a child can't safely eat or drink, or is unconscious) are an emergency. Use emergency glucagon if it's prescribed and call emergency services. Please make sure school and other caregivers have your child's own plan.`,
		DaysAgo: 44,
		Replies: []Reply{
			{Author: "tidewater_mod", HoursAfter: 4,
				Body: "Thank you for posting this. Pinning it."},
			{Author: "omnipod_mama", HoursAfter: 10,
				Body: "The waiting 15 minutes part is SO hard when you're scared. My instinct is always to give more."},
			{Author: "pumpdad_decade", HoursAfter: 14,
				Body: "@omnipod_mama same. I set a timer on my phone so I don't hover and over-treat. Over-treating gave us a lot of rebound highs early on."},
			{Author: "soccer_sub_dad", HoursAfter: 400,
				Body: "Saving this for the babysitter binder. Thanks."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "tslim_tuesday",
		Title:     "504 plan meeting next week — what should we ask for?",
		Body:      "First 504 meeting for our daughter, since she's starting at a new school. What accommodations are in yours? I want to make sure I'm not forgetting anything big.",
		DaysAgo:   29,
		Replies: []Reply{
			{Author: "tidewater_mod", HoursAfter: 3,
				Body: `Ours includes:

- Permission to eat, drink and use the bathroom anytime
- Phone allowed in class for CGM readings
- Extra time or a retake if she's low or high during a test
- A trained adult on every field trip
- No penalty for absences for appointments

Also ask who covers when the school nurse is out.`},
			{Author: "pumpdad_decade", HoursAfter: 7,
				Body: "Tests! Make sure the plan says he can check before a test and retake it if he's out of range. That came up every single year for us."},
			{Author: "omnipod_mama", HoursAfter: 15,
				Body: "Bring a copy of the diabetes care plan from your endo's office. The school should follow it, and it saves arguments."},
			{Author: "tslim_tuesday", HoursAfter: 150,
				Body: "Meeting went great. They agreed to everything on @tidewater_mod's list. I brought cookies, which may have helped."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "soccer_sub_dad",
		Title:     "Pod got knocked off at school — what's in your backup kit?",
		Body:      "Week two on the Omnipod, and his pod got knocked off in gym class. The nurse called and I drove over with supplies. What do you keep in the school backup kit so I'm not racing across town next time?",
		DaysAgo:   1,
		Replies: []Reply{
			{Author: "omnipod_mama", HoursAfter: 2,
				Body: `Our school kit:

- Two spare pods and a vial of insulin
- Alcohol wipes and adhesive wipes
- Glucose tabs and a snack
- A backup pen or syringes, per our plan
- Ketone strips
- Emergency glucagon

We check it at the start of every month.`},
			{Author: "nightshift_dad", HoursAfter: 5,
				Body: "Adhesive overpatches made a big difference for us during sports. Ask your clinic or supply company about them."},
			{Author: "pumpdad_decade", HoursAfter: 12,
				Body: "Also leave a note with the nurse about when to call you and when to just change it. Saved us a lot of drives."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "pumpdad_decade",
		Title:     "Ten years of T1D parenting — what I'd tell new families",
		Body: `Our son was diagnosed at 5. He's 15 now, does most of his own care, and rolls his eyes at me daily, which I'm told is normal. I've been thinking about what I'd tell myself back then:

- You'll learn this faster than you think
- Perfect numbers aren't the goal. A healthy, happy kid is
- Find your people (hi, everyone)
- Let your kid take over bit by bit, starting earlier than you want to
- Sleep when you can. Seriously.

What would you add?`,
		DaysAgo: 55,
		Replies: []Reply{
			{Author: "tidewater_mod", HoursAfter: 3,
				Body: "\"Perfect numbers aren't the goal.\" I wish I'd believed that in year one."},
			{Author: "omnipod_mama", HoursAfter: 8,
				Body: "Mine: don't let diabetes be the only thing you talk about with your kid."},
			{Author: "nightshift_dad", HoursAfter: 20,
				Body: "Learn to laugh at 3am. Not at your kid, at the absurdity of doing math with juice boxes in the dark."},
			{Author: "tslim_tuesday", HoursAfter: 50,
				Body: "Keep a photo of your supplies list and pump settings on your phone. The day you need it, you'll be glad."},
			{Author: "peds_endo_doc", HoursAfter: 70,
				Body: "Lovely list. Speaking generally, gradually sharing care with kids as they grow is something many diabetes teams encourage. It helps a lot in the teen years."},
		},
	},
	{
		Community: "t1d-parents",
		Author:    "beeping_at_3am",
		Title:     "Libre or Dexcom for a 6-year-old? Insurance gave us a choice",
		Body:      "Our daughter has been on a Dexcom from the hospital, and now insurance says we can choose a Dexcom or a FreeStyle Libre going forward. For little kids: which sensor stayed on better, and which alarms were easier to live with at night?",
		DaysAgo:   0,
	},
}
