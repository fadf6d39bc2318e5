package demo

// epilepsyThreads live in the public "epilepsy" community. The first one is
// the long conversation that shows what a busy thread looks like.
var epilepsyThreads = []Thread{
	{
		Community: "epilepsy",
		Author:    "firstyear_focal",
		Title:     "What helped you most in the first year after diagnosis?",
		Body: `I was diagnosed with focal epilepsy about eight months ago. My meds are still being adjusted, I can't drive, and some days I feel like I'm just waiting for the next seizure.

For those of you who are further along: what actually helped you most in that first year? Big or small. A habit, a person, an app, a way of thinking about it. I'd love to hear from parents and partners too.`,
		DaysAgo: 24,
		Replies: []Reply{
			{Author: "seizurefree_since19", HoursAfter: 1,
				Body: "Welcome to the hardest year, and the one that gets better. For me it was sleep. I treated bedtime like a medicine: same time every night, phone charging in the kitchen. My seizures didn't stop because of it, but they got less frequent and I stopped feeling like my body was random."},
			{Author: "oakbench_mod", HoursAfter: 2,
				Body: "Great question, @firstyear_focal. Mine: a weekly pill organizer and two alarms on my phone. Missed doses were my biggest trigger and I didn't even realize how often I was missing them."},
			{Author: "aura_and_after", HoursAfter: 3,
				Body: "Keeping a seizure diary. Not a fancy one. Just when it happened, what I was doing, how I slept, and whether I was stressed. After three months my neurologist could see a pattern I never noticed: almost all of mine came in the week before my period."},
			{Author: "keppra_kid_mom", HoursAfter: 5,
				Body: "Parent answer here (my son was diagnosed at 6). What helped most was practicing first aid until it was boring. The first time I saw a seizure I froze. By the third time I had the timer going before I even thought about it. Feeling useful instead of helpless changed everything for me."},
			{Author: "dorm_room_seizures", HoursAfter: 6,
				Body: "Honestly? Finding this place. I'm 20 and nobody I know has epilepsy. Reading other people's stories made me feel less like a broken science project."},
			{Author: "vns_veteran", HoursAfter: 8,
				Body: "Asking for a referral to a comprehensive epilepsy center. My local neurologist was kind, but I'd failed two medicines and we just kept trying more. The epilepsy center did a week-long video EEG, and that's what led to my VNS. Don't be shy about asking for a second opinion. Good doctors don't mind."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 11,
				Body: "Lovely thread. Speaking generally, not about anyone's own situation: the things I see help most in year one are steady sleep, taking medicine at the same times every day, and writing questions down before appointments, because visits go fast. If a medicine gives you side effects you can't live with, say so. There are usually other options, and your care team can only adjust what they know about."},
			{Author: "firstyear_focal", HoursAfter: 14,
				Body: "These are already so helpful. @aura_and_after, did you use an app for the diary or paper?"},
			{Author: "aura_and_after", HoursAfter: 18,
				Body: "Paper first, then an app once I knew what I wanted to track. The app was nice because I could show my neurologist a chart instead of flipping through a notebook."},
			{Author: "keto_kitchen_mom", HoursAfter: 20,
				Body: "For us it was letting other people help. I tried to do everything myself for six months and I was a wreck. My sister learned first aid and how to give the rescue med, and suddenly I could go to the grocery store alone again."},
			{Author: "lanternkeeper", HoursAfter: 23,
				Body: "Sibling view: my brother says the most helpful thing we did was stop treating him like glass. We learned what to do, made a plan, and then went back to normal life as much as we could. He still rolls his eyes when Mom texts him twice a day, though."},
			{Author: "seizurefree_since19", HoursAfter: 26,
				Body: "Ha, @lanternkeeper, the twice-a-day texts are universal. My mom still does it and I'm 31."},
			{Author: "vns_veteran", HoursAfter: 30,
				Body: "Showers instead of baths, and a shower chair for a while. Small thing. It made me feel a lot safer being home alone."},
			{Author: "dorm_room_seizures", HoursAfter: 34,
				Body: "Not drinking. I know that sounds obvious, but in college it felt like a huge deal. Turns out my real friends didn't care at all, and I sleep better too."},
			{Author: "keppra_kid_mom", HoursAfter: 40,
				Body: "Can I add one that isn't about seizures? Therapy. For me, not my son. I had so much fear built up that I was checking on him every hour at night. Talking to someone helped me sleep again."},
			{Author: "firstyear_focal", HoursAfter: 47,
				Body: "@keppra_kid_mom that's me right now, but about myself. I lie awake wondering if tonight is the night. Did it take long to feel better?"},
			{Author: "keppra_kid_mom", HoursAfter: 52,
				Body: "A few months. It didn't go away all at once, it just got quieter. Be patient with yourself."},
			{Author: "oakbench_mod", HoursAfter: 60,
				Body: "Friendly moderator note: lots of good personal experience here, which is the whole point of this place. For anything about your own medicines or doses, please check with your own care team too."},
			{Author: "aura_and_after", HoursAfter: 71,
				Body: "Telling my boss early. I was scared it would cost me my job. Instead they moved my desk away from the stairs and let me shift my hours to match the bus. Having it out in the open took away so much stress."},
			{Author: "keto_kitchen_mom", HoursAfter: 80,
				Body: "A medical ID bracelet. We let our daughter pick the color. Purple, obviously."},
			{Author: "vns_veteran", HoursAfter: 94,
				Body: "Learning that medicine trials take time. That first year I expected every new pill to fix everything in a week. Most need time, and the dose goes up slowly. Knowing that up front would have saved me a lot of disappointment."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 101,
				Body: `Good point, @vns_veteran. As general information: many seizure medicines are started low and raised slowly over weeks, partly to reduce side effects. That's one reason asking "how long until we know if this is working?" at the start can help set expectations.`},
			{Author: "seizurefree_since19", HoursAfter: 115,
				Body: "I stopped googling at 2am. Every scary thing I read at night felt ten times worse. Now my rule is: questions go in a note on my phone, and I look them up in daylight or ask my nurse."},
			{Author: "dorm_room_seizures", HoursAfter: 126,
				Body: "That rule is going in my phone right now."},
			{Author: "lanternkeeper", HoursAfter: 140,
				Body: "Something practical: we made a one-page sheet with his seizure type, what his seizures look like, his meds, and when to call for help. Copies in his backpack, at work, and on the fridge. Paramedics actually thanked us for it once."},
			{Author: "firstyear_focal", HoursAfter: 152,
				Body: "Small update: I started writing everything down like @aura_and_after said. I already noticed that two of my four seizures this year came after nights with less than five hours of sleep. Kind of wild to see it on paper."},
			{Author: "aura_and_after", HoursAfter: 170,
				Body: "That's exactly how it starts! Bring that to your next appointment."},
			{Author: "keppra_kid_mom", HoursAfter: 185,
				Body: "For parents: ask the school for a meeting before you need one. We made our seizure action plan in the first month. When my son had a seizure in art class, his teacher knew what to do and called me afterward, calm as anything."},
			{Author: "vns_veteran", HoursAfter: 199,
				Body: "Humor. Dark humor, sometimes. My wife and I call my naps after a seizure \"the reboot.\" It sounds silly, but laughing made it feel less like the end of the world."},
			{Author: "keto_kitchen_mom", HoursAfter: 214,
				Body: "A good dietitian. We ended up trying the ketogenic diet, but even before that, having someone who understood food and seizure meds was a huge help."},
			{Author: "oakbench_mod", HoursAfter: 230,
				Body: "The one I wish someone had told me: grief is normal. You can be grateful things aren't worse and still be sad about what changed. Both are allowed."},
			{Author: "firstyear_focal", HoursAfter: 247,
				Body: "@oakbench_mod I needed to read that today. Thank you."},
			{Author: "dorm_room_seizures", HoursAfter: 260,
				Body: "Taking a medical leave for a semester. I fought it, then I took it. I came back with a lighter course load and better seizure control. Best decision I made, even though it felt like failing at the time."},
			{Author: "seizurefree_since19", HoursAfter: 278,
				Body: "Exercise, carefully. Swimming only with a lifeguard, biking on trails instead of roads, and a lot of walking. It helped my mood more than anything else did."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 291,
				Body: "Speaking generally: staying active is encouraged for most people with epilepsy, with common-sense safety steps like the ones above. The right limits depend on seizure type and control, so it's worth asking your own team what makes sense for you."},
			{Author: "lanternkeeper", HoursAfter: 305,
				Body: "My brother asked me to add this one: a seizure alert watch. It doesn't catch everything, but it gave him (and us) the confidence to let him sleep at his own apartment."},
			{Author: "aura_and_after", HoursAfter: 322,
				Body: "Finding words for my auras. Once I could describe them (a rising feeling in my stomach, then a smell like burnt toast), my doctor got much more interested and we adjusted my meds. Be as specific as you can."},
			{Author: "keppra_kid_mom", HoursAfter: 339,
				Body: "Short one: a good friend who asks \"how are you?\" and actually waits for the answer."},
			{Author: "vns_veteran", HoursAfter: 351,
				Body: "Keeping a list of every medicine I've tried, the highest dose, and why I stopped. By my third neurologist that list was gold. Nobody had to dig through old records."},
			{Author: "keto_kitchen_mom", HoursAfter: 366,
				Body: "Saving this thread to send to the next parent I meet in the neurology waiting room."},
			{Author: "firstyear_focal", HoursAfter: 380,
				Body: "Had my appointment yesterday. I brought my diary and my list of questions. She said the sleep pattern is really common and we're adjusting my evening dose. First time I left an appointment feeling like a partner instead of a patient."},
			{Author: "seizurefree_since19", HoursAfter: 398,
				Body: "@firstyear_focal that's huge. Well done."},
			{Author: "oakbench_mod", HoursAfter: 410,
				Body: "Love this update."},
			{Author: "dorm_room_seizures", HoursAfter: 425,
				Body: "Something nobody has said yet: teaching my roommates exactly what to do. They each watched a two-minute first aid video. One of them said it made him less scared of me, which was weird to hear but also fair."},
			{Author: "lanternkeeper", HoursAfter: 440,
				Body: "Rescue medicine training for everyone in the house, even the teenagers. The pharmacist walked us through the nasal spray. Five minutes of practice made a huge difference in how calm we all felt."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 455,
				Body: "If a rescue medicine is part of your plan, a good general habit is checking the expiry date every few months and keeping one where you actually spend your time, not only at home. Pharmacists are a great (and underused) resource for a refresher."},
			{Author: "aura_and_after", HoursAfter: 468,
				Body: "Patience with my own brain. My memory and word-finding got worse for a while. Some of it came back when my meds settled, and the rest I work around with lists and reminders. I wish I'd known it wasn't just me."},
			{Author: "sam_mom_of_3", HoursAfter: 486,
				Body: "I'm brand new here (my son was just diagnosed) and I've read this whole thread twice. Thank you all for writing it. I'm starting with the diary and the one-page sheet."},
			{Author: "keppra_kid_mom", HoursAfter: 490,
				Body: "Welcome, @sam_mom_of_3. Start your own thread anytime if you have questions. We're glad you're here."},
			{Author: "vns_veteran", HoursAfter: 500,
				Body: "Last one from me: celebrate small wins. A month without a seizure. A good report card. A new med with fewer side effects. The first year is long, and those moments keep you going."},
			{Author: "keto_kitchen_mom", HoursAfter: 512,
				Body: "Learning to say \"not today.\" Some days she was wiped out after a cluster and we canceled plans. I used to feel so guilty. Now it's just part of how we live."},
			{Author: "dorm_room_seizures", HoursAfter: 524,
				Body: "Checking in a few weeks later: I've been following the sleep rule from @seizurefree_since19 and it's been my quietest stretch since I was diagnosed. Could be luck, but I'll take it."},
			{Author: "seizurefree_since19", HoursAfter: 533,
				Body: "Not luck. You did the work. Keep going."},
			{Author: "firstyear_focal", HoursAfter: 541,
				Body: "I didn't expect this many answers. I'm going to make a list of everything here and put it on my fridge. You all made this year feel a lot less lonely."},
			{Author: "oakbench_mod", HoursAfter: 550,
				Body: "@firstyear_focal if you're okay with it, I'd love to post your list as a pinned summary for new members."},
			{Author: "firstyear_focal", HoursAfter: 558,
				Body: "Yes, please! I'll send it to you this week."},
			{Author: "sam_mom_of_3", HoursAfter: 563,
				Body: "Please tag me when it's up. I need that fridge list."},
			{Author: "lanternkeeper", HoursAfter: 568,
				Body: "Same. I'll send it to my brother. He'll pretend not to care and then read every word."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "keppra_kid_mom",
		Title:     `"Keppra rage" is real? My 7-year-old is not himself`,
		Body: `My 7-year-old started Keppra about six weeks ago. His seizures have slowed down a lot (thank you, Keppra), but the kid I have now is not the kid I had. Screaming over socks. Kicking the door. Then crying after and saying he doesn't know why he's so mad.

I keep seeing people online call it "Keppra rage." Is this that? Does it pass? I'm scared to bring it up with his neurologist because the seizures are finally better and I don't want to lose that.`,
		DaysAgo: 9,
		Replies: []Reply{
			{Author: "seizurefree_since19", HoursAfter: 2,
				Body: "I was on Keppra in college and my family still jokes about that year. It was real for me. Please tell the neurologist anyway. Good seizure control and a happy kid aren't an either/or for a lot of people, and they hear this all the time."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 5,
				Body: "I can't speak to your son's situation, but I can share some general information. Mood changes like irritability and anger are a known, fairly common side effect of levetiracetam (Keppra), in children and adults. It's absolutely worth reporting. Depending on the person, care teams might adjust the dose, suggest something like vitamin B6, or switch to a different medicine. Please don't stop or change it on your own, because stopping suddenly can bring on seizures. A quick message to his team is a good next step."},
			{Author: "aura_and_after", HoursAfter: 9,
				Body: "Mine was more sadness than anger, but same idea. I switched to a different med after about four months and felt like myself again within a few weeks. You're not being ungrateful by asking."},
			{Author: "vns_veteran", HoursAfter: 20,
				Body: "Keep a little log of the outbursts, like you would for seizures: what time, what set it off, how long it lasted. It gives the doctor something concrete."},
			{Author: "keppra_kid_mom", HoursAfter: 30,
				Body: "Thank you all. I sent a message through the patient portal tonight with notes from the last two weeks. I feel better just knowing this is a thing and not my parenting."},
			{Author: "keppra_kid_mom", HoursAfter: 170,
				Body: "Update: his neurologist said this is really common. We're trying B6 first and checking back in a month. Two calmer days so far. Fingers crossed."},
			{Author: "oakbench_mod", HoursAfter: 175,
				Body: "Thanks for coming back with an update. It helps the next parent who finds this thread. Fingers crossed here too."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "aura_and_after",
		Title:     "Starting lamotrigine — how worried should I be about the rash?",
		Body: `My neurologist wants me to switch from Keppra to lamotrigine (Lamictal). She went over the rash warning, but it was a lot of information in ten minutes, and now I'm home reading about it and kind of freaking out.

For people who've taken it: how slow was your increase? Did you get a rash? How do you tell the difference between a normal rash and a "call your doctor now" rash?`,
		DaysAgo: 14,
		Replies: []Reply{
			{Author: "epilepsy_nurse_rn", HoursAfter: 3,
				Body: "General information only, since I don't know your history: lamotrigine has a small risk of a serious rash, which is why it's started at a low dose and increased slowly over several weeks. The risk is higher if the dose goes up faster than prescribed, or with certain other medicines. The usual guidance is to contact your prescriber promptly about **any** new rash while you're starting it, rather than trying to judge it yourself, and to get urgent care for a rash with fever, blisters, mouth sores or peeling skin. Your pharmacist can go over your schedule with you, too."},
			{Author: "seizurefree_since19", HoursAfter: 7,
				Body: "I've been on it for years. My increase took about two months. Boring, slow, totally fine. I wrote the schedule on a calendar on the fridge so I never mixed up which week I was on."},
			{Author: "dorm_room_seizures", HoursAfter: 12,
				Body: "I got a rash in week three! It turned out to be a new laundry soap, but I called anyway and they had me send a photo. Nobody made me feel silly."},
			{Author: "aura_and_after", HoursAfter: 26,
				Body: "> Nobody made me feel silly.\n\nThis is what I needed to hear. I think I was worried about being the patient who calls about every little thing. Okay. Any rash, I call. Got it."},
			{Author: "firstyear_focal", HoursAfter: 40,
				Body: "Following, because lamotrigine came up at my last visit too."},
			{Author: "aura_and_after", HoursAfter: 290,
				Body: "Almost two weeks in. No rash, slightly weird dreams. Will report back."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "keto_kitchen_mom",
		Title:     "One year on the ketogenic diet with our toddler — ask me anything",
		Body: `Our daughter has had seizures since she was a baby. She tried three medicines before her team suggested the ketogenic diet, and we just hit one year. I'm not here to sell anyone on it. It's a lot of work and it isn't right for everyone. But I remember how much I wanted to hear from a real family before we started.

What our days look like:

- Every meal weighed on a kitchen scale, to the gram
- Ketone checks (urine at first, now blood a few times a week)
- A LOT of heavy cream, butter and avocado
- Regular blood tests and check-ins with her dietitian

Her seizures went from several a day to a few a week. Ask me anything.`,
		DaysAgo: 33,
		Replies: []Reply{
			{Author: "firstyear_focal", HoursAfter: 4,
				Body: "Does it work for adults too? Or is it mostly for kids?"},
			{Author: "keto_kitchen_mom", HoursAfter: 9,
				Body: "Our dietitian said some adults do a less strict version called modified Atkins. Might be worth asking your team about."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 14,
				Body: "Adding some general information: the ketogenic diet is a medical treatment for epilepsy and should only be started with a medical team and a dietitian involved, because it can affect growth, kidneys, cholesterol and medicine levels. There are also less strict versions (like modified Atkins and the low glycemic index treatment) that are sometimes used for teens and adults. Your neurologist can tell you whether it's an option for you."},
			{Author: "keppra_kid_mom", HoursAfter: 30,
				Body: "How do you handle birthday parties?? That's my first thought."},
			{Author: "keto_kitchen_mom", HoursAfter: 38,
				Body: "We bring her own keto \"cupcake\" (basically a tiny cheesecake). She doesn't seem to mind yet. I mind more than she does, honestly."},
			{Author: "vns_veteran", HoursAfter: 60,
				Body: "Respect. I tried modified Atkins for a few months as an adult and it was hard. The meal planning is a job in itself."},
			{Author: "lanternkeeper", HoursAfter: 120,
				Body: "Thank you for writing this up. Would you be okay with us linking it from the welcome post?"},
			{Author: "keto_kitchen_mom", HoursAfter: 125,
				Body: "Of course!"},
		},
	},
	{
		Community: "epilepsy",
		Author:    "dorm_room_seizures",
		Title:     "Can I still drive? Second seizure last month",
		Body:      "I had my second seizure last month (the first one was in the spring). My neurologist said I can't drive for now, but didn't say for how long, and I was too upset to ask. I commute to an internship. How long did you have to wait, and how did you get around in the meantime?",
		DaysAgo:   6,
		Replies: []Reply{
			{Author: "seizurefree_since19", HoursAfter: 2,
				Body: "It really depends on where you live. Each state or country has its own rules, usually a set number of months without a seizure, and sometimes your doctor has to fill out a form. Mine was six months. Look up your local licensing office's rules, then ask your neurologist how they apply to you."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 6,
				Body: "General information: driving rules after a seizure are set by local law, not by your doctor alone, and they vary a lot. Things that often matter are how long it's been since your last seizure, the type of seizures, and whether they only happen during sleep. Your care team can tell you what applies to you and help with any paperwork. Write the question down for your next visit so it doesn't get lost."},
			{Author: "lanternkeeper", HoursAfter: 20,
				Body: "When my brother couldn't drive, he made a deal with two coworkers: he paid for gas and bought coffee on Fridays. Also, a lot of employers will let you shift your hours to match bus times if you ask."},
			{Author: "oakbench_mod", HoursAfter: 30,
				Body: "Many cities also have reduced fares on public transit for people with disabilities, and epilepsy often counts. Worth checking with your transit agency. Hang in there."},
			{Author: "dorm_room_seizures", HoursAfter: 50,
				Body: "Thank you. I found my state's rules and it's six months for me too. I figured out a bus route that takes longer but works. I'll ask my doctor about the form."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "oakbench_mod",
		Title:     "Seizure first aid: the short version (please add yours)",
		Body: `A lot of new members ask about this, so here's a short version to save or share. This is general first aid for a seizure with shaking (tonic-clonic). It doesn't replace your own seizure action plan.

- **Stay** with the person and time the seizure
- Keep them **safe**: move hard or sharp things away and put something soft under their head
- Turn them on their **side** as soon as you can
- Nothing in their mouth, and don't hold them down
- Stay with them until they're awake and aware

Call emergency services if the seizure lasts more than 5 minutes, another one starts right after, they're hurt, it happened in water, they have trouble breathing afterward, or it's their first seizure.

The Epilepsy Foundation has printable posters here:

https://www.epilepsy.com/recognition/first-aid-resources`,
		DaysAgo: 52,
		Replies: []Reply{
			{Author: "epilepsy_nurse_rn", HoursAfter: 5,
				Body: "Great summary. One general addition: not every seizure involves shaking. When someone stares, wanders or seems confused, gently guide them away from danger, talk softly, and stay with them until they're fully aware again."},
			{Author: "keppra_kid_mom", HoursAfter: 30,
				Body: "We printed the poster and put one on the fridge and one in my son's backpack. His teacher asked for an extra one for the substitute folder."},
			{Author: "seizurefree_since19", HoursAfter: 60,
				Body: "One from the person-having-the-seizure side: when I wake up, I'm confused and embarrassed. Please tell me calmly what happened and that I'm safe. It helps more than you'd think."},
			{Author: "aura_and_after", HoursAfter: 200,
				Body: "Also, if someone has a rescue medicine in their plan, find out where they keep it."},
			{Author: "vns_veteran", HoursAfter: 500,
				Body: "For VNS users: the magnet swipe is part of my plan, and my family knows how to do it. Worth adding to yours if you have one."},
			{Author: "dorm_room_seizures", HoursAfter: 900,
				Body: "Sent this to my whole floor's group chat. Thank you."},
			{Author: "sam_mom_of_3", HoursAfter: 1210,
				Body: "Printing this tonight for the fridge and for his grandparents. Thank you."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "vns_veteran",
		Title:     "VNS six years in — ask me anything",
		Body: `I've had a vagus nerve stimulator (VNS) for six years. When I was deciding, I really wanted to talk to someone who actually had one, so here I am. This is just my experience:

- Surgery was outpatient and the scar is small
- My voice gets a little hoarse when it fires. You get used to it
- It took close to a year to see the full benefit
- I still take two meds, but I have about half as many seizures as before, and they're shorter

Ask away.`,
		DaysAgo: 40,
		Replies: []Reply{
			{Author: "firstyear_focal", HoursAfter: 3,
				Body: "Does it hurt when it goes off?"},
			{Author: "vns_veteran", HoursAfter: 6,
				Body: "Not hurt. At first it was a tickle in my throat and a little cough. Now I mostly notice it when I'm singing in the car, which my wife says is a win for everyone."},
			{Author: "aura_and_after", HoursAfter: 26,
				Body: "How does the magnet thing work? My neurologist mentioned it."},
			{Author: "vns_veteran", HoursAfter: 30,
				Body: "You (or someone with you) swipe a magnet over the device when an aura or seizure starts. It gives an extra burst. For me it sometimes stops a seizure from spreading. Not always."},
			{Author: "dorm_room_seizures", HoursAfter: 100,
				Body: "Can you still get MRIs with it? That's my worry."},
			{Author: "vns_veteran", HoursAfter: 110,
				Body: "Sometimes, with special settings and precautions. That's one for your neurologist and the MRI team, because it depends on the device and the kind of scan."},
			{Author: "keppra_kid_mom", HoursAfter: 300,
				Body: "Thank you for being so open. Saving this in case we ever get there."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "keppra_kid_mom",
		Title:     "Epidiolex vs. CBD oil from the health food store?",
		Body:      "A friend keeps sending me links about CBD oil for seizures. She means well. I know there's a prescription one (Epidiolex). Is the store stuff the same thing, just cheaper? Has anyone tried either?",
		DaysAgo:   19,
		Replies: []Reply{
			{Author: "epilepsy_nurse_rn", HoursAfter: 4,
				Body: "General information, not advice for your son: Epidiolex is a prescription form of CBD that has been studied and approved for certain epilepsy syndromes, and its strength and purity are tested. Store-bought CBD products aren't regulated the same way, so the amount of CBD (and sometimes THC) can be quite different from the label. CBD can also interact with some seizure medicines, like clobazam. If you're curious, it's a great question for his neurologist, who can tell you whether it fits his seizure type."},
			{Author: "keto_kitchen_mom", HoursAfter: 10,
				Body: "We asked about Epidiolex. Our daughter's seizure type wasn't one it's approved for, and the neurologist explained why she wanted to try other things first. It was a good conversation, not a brush-off."},
			{Author: "seizurefree_since19", HoursAfter: 22,
				Body: "I tried store CBD in college without telling anyone. Two different bottles, two totally different experiences. I wouldn't do it again without my doctor knowing."},
			{Author: "vns_veteran", HoursAfter: 50,
				Body: "Your friend sounds like my aunt. I started saying \"thanks, I'll ask my neurologist,\" and eventually the links stopped."},
			{Author: "keppra_kid_mom", HoursAfter: 56,
				Body: "@vns_veteran I'm stealing that line."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "sam_mom_of_3",
		Title:     "Hi — my son was just diagnosed with absence seizures",
		Body: `Hi everyone. My middle kid (he's 8) was diagnosed with childhood absence epilepsy last week. His teacher noticed him "spacing out" a lot and we thought he was just daydreaming. Turns out it was dozens of tiny seizures a day. I feel so guilty that we didn't notice sooner.

He starts medicine this week. I don't really know what to ask yet. Mostly I just wanted to say hi.`,
		DaysAgo: 3,
		Replies: []Reply{
			{Author: "seizurefree_since19", HoursAfter: 1,
				Body: "Hi @sam_mom_of_3, welcome. I'm a mentor here, which just means I've been around a while and I'm happy to answer questions. Absence seizures are really easy to miss because they look exactly like daydreaming. That's why teachers catch so many of them. Please go easy on yourself. You noticed, you acted, and he's getting care."},
			{Author: "oakbench_mod", HoursAfter: 3,
				Body: "Welcome! Glad you found us. The first aid thread and the \"first year\" thread are good places to start when you're ready. No rush."},
			{Author: "keppra_kid_mom", HoursAfter: 8,
				Body: "My son was diagnosed at 6 and I had the exact same guilt. A year later he's doing great in school and I barely think about those early weeks. Ask anything, anytime."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 20,
				Body: "Welcome. Speaking generally: it's very common for absence seizures to go unnoticed for a while, and many children with this type of epilepsy do well with treatment. Good first questions for his team might be what side effects to watch for, how you'll know the medicine is working, and whether he needs anything at school."},
			{Author: "sam_mom_of_3", HoursAfter: 30,
				Body: "Thank you all. I wrote those questions down. Tonight he asked me if he's \"sick.\" I told him his brain sometimes takes tiny naps and the medicine will help. I hope that was okay."},
			{Author: "keppra_kid_mom", HoursAfter: 33,
				Body: "That's a perfect way to explain it."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "keppra_kid_mom",
		Title:     "Seizure action plan for 2nd grade — what did you put in yours?",
		Body: `We have a meeting with the school nurse and his teacher next week to update my son's seizure action plan. Last year's was pretty bare. Here's what I have so far:

1. What his seizures look like (staring, then arm jerking)
2. When to give the rescue med, and who is trained
3. When to call emergency services, and when to call me
4. Rest after a seizure, then back to class if he's okay

What am I missing?`,
		DaysAgo: 11,
		Replies: []Reply{
			{Author: "epilepsy_nurse_rn", HoursAfter: 5,
				Body: "That's a solid start. In general, plans often also cover where the rescue medicine is kept (and that it goes on field trips), what to do on the bus, known triggers like missed sleep, and how missed work gets made up. Many schools use a standard form, and the neurologist usually signs it."},
			{Author: "keto_kitchen_mom", HoursAfter: 12,
				Body: "Field trips!! That one got us. Make sure the plan says the rescue med and a trained adult go on every trip."},
			{Author: "seizurefree_since19", HoursAfter: 30,
				Body: "Maybe add how the teacher will talk to the other kids if it happens in class. My teacher handled it so well when I was little, and nobody ever teased me."},
			{Author: "sam_mom_of_3", HoursAfter: 200,
				Body: "Following. We'll need one of these for my son too. Thank you for sharing yours."},
			{Author: "keppra_kid_mom", HoursAfter: 215,
				Body: "@sam_mom_of_3 happy to share our blank template. I'll post it here after our meeting."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "aura_and_after",
		Title:     "Does anyone else get a weird déjà vu feeling before a seizure?",
		Body: `Before my focal seizures I get an intense déjà vu, like I've lived this exact second before, plus a rising feeling in my stomach. My neurologist called it an aura and said it's actually a small focal seizure itself. Wikipedia has a decent overview if anyone's curious:

https://en.wikipedia.org/wiki/Aura_(symptom)

Does anyone else get this? What do you do when it starts?`,
		DaysAgo: 27,
		Replies: []Reply{
			{Author: "firstyear_focal", HoursAfter: 2,
				Body: "YES. The déjà vu thing. I thought I was going crazy before I was diagnosed. Mine comes with a metal taste in my mouth too."},
			{Author: "seizurefree_since19", HoursAfter: 6,
				Body: "When I used to get auras, I'd sit down right away, wherever I was, and text a code word to my partner. It bought me a few seconds of safety."},
			{Author: "dorm_room_seizures", HoursAfter: 30,
				Body: "I get a smell, like something burning. Nobody else smells it. It took me years to realize that wasn't normal."},
			{Author: "lanternkeeper", HoursAfter: 70,
				Body: "My brother describes his as \"the world going far away.\" Thank you for posting this, it helped me understand him better."},
			{Author: "aura_and_after", HoursAfter: 80,
				Body: "@seizurefree_since19 the code word idea is great. Setting one up with my husband tonight."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "dorm_room_seizures",
		Title:     "Telling my new roommates (and my RA) — how did you do it?",
		Body:      "I'm moving in with two people I barely know. I want to tell them about my seizures before something happens, but I don't want to make it a Big Scary Talk. How did you bring it up?",
		DaysAgo:   2,
		Replies: []Reply{
			{Author: "aura_and_after", HoursAfter: 3,
				Body: "Keep it short and practical. I say: \"I have epilepsy. It's mostly under control. If I ever have a seizure, here's what to do, and here's when to call for help.\" Then I send them a first aid video. Most people are just relieved to know what to do."},
			{Author: "seizurefree_since19", HoursAfter: 9,
				Body: "Pick a calm, boring moment, like while you're making dinner. It feels less like an announcement that way. And tell your RA separately. They've usually had some training."},
			{Author: "oakbench_mod", HoursAfter: 20,
				Body: "The first aid thread has a short list you can send them. Good luck, you've got this."},
			{Author: "dorm_room_seizures", HoursAfter: 30,
				Body: "Told them over pizza. One of them has a cousin with epilepsy and already knew the basics. Big relief."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "firstyear_focal",
		Title:     "Night seizures and living alone — do the watch alerts actually work?",
		Body:      "Most of my seizures happen in my sleep, and I live alone. My sister worries a lot. I'm looking at seizure-detection watches and bed sensors. Do they actually work? Lots of false alarms?",
		DaysAgo:   1,
		Replies: []Reply{
			{Author: "vns_veteran", HoursAfter: 2,
				Body: "I wear one. It catches my big tonic-clonic seizures almost every time and misses my small focal ones. And yes, it once alerted my wife because I was brushing my teeth too hard."},
			{Author: "lanternkeeper", HoursAfter: 5,
				Body: "My brother uses a bed sensor plus a watch. Together they catch more than either one alone. Battery life is the annoying part, so build a charging routine."},
			{Author: "keppra_kid_mom", HoursAfter: 11,
				Body: "We use a bed monitor for my son. We had a few false alarms the first month while we adjusted the settings, and almost none now. Worth it just for the sleep I got back."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 16,
				Body: "Speaking generally: these devices can be a helpful extra layer, especially for tonic-clonic seizures during sleep, but none of them catch every seizure. They work best as part of a plan, including someone who knows what to do when an alert comes in. Your neurologist can help you think through which features matter for your seizure type."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "dorm_room_seizures",
		Title:     "Is it normal to feel this tired on a new dose?",
		Body:      "My neurologist raised my dose last week. I'm sleeping ten hours and still dragging myself through class. Does the tiredness get better after a while, or should I call?",
		DaysAgo:   0,
	},
	{
		Community: "epilepsy",
		Author:    "lanternkeeper",
		Title:     "Welcome! Start here",
		Body: `Hi, and welcome to the epilepsy community on Hearth. A few things to know:

- This is a place for patients, parents, partners and friends to share what it's like and what has helped
- We use nicknames here. Please don't post anyone's full name, address or other identifying details, yours or your kid's
- Clinicians here share general information, not personal medical advice
- In an emergency, call your local emergency number, not the forum

Introduce yourself below if you like. Just "hi" is fine.`,
		DaysAgo: 58,
		Replies: []Reply{
			{Author: "oakbench_mod", HoursAfter: 2,
				Body: "Hi all, I'm one of the moderators. I've had epilepsy since my teens. Mention @oakbench_mod if something needs attention."},
			{Author: "seizurefree_since19", HoursAfter: 5,
				Body: "Hi! Mentor here. Seizure-free for years now, after a rough start. Happy to talk about meds, school, work, dating, anything."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 20,
				Body: "Hello, I'm an epilepsy nurse specialist. I'll pop in with general information when I can. I can't advise on your own care here, but I can help you figure out good questions to ask your team."},
			{Author: "vns_veteran", HoursAfter: 30,
				Body: "Hi. VNS, six years in. Ask me about it."},
			{Author: "keto_kitchen_mom", HoursAfter: 100,
				Body: "Mom of a toddler on the ketogenic diet. Hi!"},
			{Author: "firstyear_focal", HoursAfter: 400,
				Body: "Hi, newly diagnosed with focal epilepsy. Glad to be here."},
			{Author: "dorm_room_seizures", HoursAfter: 650,
				Body: "Hey, college student, two seizures so far. Hi."},
		},
	},
	{
		Community: "epilepsy",
		Author:    "seizurefree_since19",
		Title:     "Seven years seizure-free this week (and what I wish I'd known)",
		Body: `Seven years ago this week was my last seizure. I was 24, on my fourth medicine, and pretty sure it would never end. I'm not posting to say "it'll happen for you too," because I know it doesn't for everyone. I'm posting because back then I needed to see that it happens for some people.

Things I wish I'd known:

- It's okay to ask for a second opinion
- Side effects are worth reporting, every time
- Sleep matters more than I wanted it to
- You're still you

Thanks for being here, all of you.`,
		DaysAgo: 16,
		Replies: []Reply{
			{Author: "oakbench_mod", HoursAfter: 1,
				Body: "Congratulations! This made my morning."},
			{Author: "firstyear_focal", HoursAfter: 3,
				Body: "This gives me so much hope. Thank you for posting it."},
			{Author: "keppra_kid_mom", HoursAfter: 5,
				Body: "Crying at my desk a little. Congrats!!"},
			{Author: "epilepsy_nurse_rn", HoursAfter: 8,
				Body: "Congratulations. And thank you for the list, especially the part about reporting side effects. That one matters."},
			{Author: "vns_veteran", HoursAfter: 20,
				Body: "Seven years! Proud of you, friend."},
			{Author: "aura_and_after", HoursAfter: 26,
				Body: "\"You're still you.\" I needed that today. Congrats."},
			{Author: "dorm_room_seizures", HoursAfter: 50,
				Body: "Goals. Congrats!"},
			{Author: "lanternkeeper", HoursAfter: 52,
				Body: "Congratulations! Sharing this with my brother."},
		},
	},
}
