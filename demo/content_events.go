package demo

import "time"

// Live events: weekly and monthly chats with clinicians and peers, one of
// them live whenever the demo starts, and one past session of the weekly
// epilepsy chat archived as a transcript thread.
//
// Dates are relative to the demo's start: a recurring event's first
// session is StartWeeksAgo weeks back, on its weekday (for a monthly
// event, the MonthWeek-th such weekday of that month, -1 for the last);
// the live one started 20 minutes before the demo did. Messages are
// placed Minute minutes after their session starts.

// Event is a demo live event.
type Event struct {
	Community string // slug
	Creator   string // a moderator of the community
	Title     string
	// Description is Markdown.
	Description string
	Hosts       []string
	TimeZone    string
	Clock       string // start time in TimeZone, "21:00"
	Minutes     int
	Repeat      string // once, weekly, biweekly, monthly, monthly_last
	Weekday     time.Weekday
	MonthWeek   int // for monthly: 1–4, or -1 for the last
	// StartWeeksAgo places the first session; LiveNow makes a one-off
	// that started 20 minutes before the demo.
	StartWeeksAgo int
	LiveNow       bool
	// SkipNext and MoveNext change the nth upcoming session (0: none);
	// a moved one goes MoveDays days earlier, at MoveClock.
	SkipNext, MoveNext int
	MoveDays           int
	MoveClock          string
	// RSVPs say "I'll be there" to the next session.
	RSVPs []string
	// Messages go in the live room: of the live session, or of the last
	// session that ended (then archived as a transcript).
	Messages []EventMessage
}

// EventMessage is a message in a demo live room.
type EventMessage struct {
	Author   string
	Body     string
	Question bool // a host's numbered question
	Topic    int  // the question it answers
	Minute   int
}

// ArchivedSessions is how many transcript threads the demo's events add.
const ArchivedSessions = 1

// Events is every demo live event.
var Events = []Event{
	{
		Community: "epilepsy", Creator: "oakbench_mod",
		Title: "Sunday night epilepsy chat",
		Description: "A weekly hour to ask the questions that come up during the week, with our epilepsy nurse. " +
			"Newcomers are very welcome: you can read along without saying a word.\n\n" +
			"The nurse shares **general information**, not advice about your own care. " +
			"Each week she posts a few questions (Q1, Q2 …); answer with “A1:”, or just say hello.",
		Hosts: []string{"epilepsy_nurse_rn"}, TimeZone: "America/New_York", Clock: "21:00", Minutes: 60,
		Repeat: "weekly", Weekday: time.Sunday, StartWeeksAgo: 10,
		SkipNext: 3, MoveNext: 4, MoveDays: 1, MoveClock: "10:00",
		RSVPs: []string{"firstyear_focal", "keppra_kid_mom", "dorm_room_seizures"},
		Messages: []EventMessage{
			{Author: "seizurefree_since19", Minute: 0, Body: "Evening, everyone! Kettle's on."},
			{Author: "epilepsy_nurse_rn", Minute: 1, Body: "Welcome, all. Tonight is about sleep, which comes up in almost every clinic visit."},
			{Author: "epilepsy_nurse_rn", Minute: 2, Question: true, Body: "What does a good night's sleep look like for you, and what gets in the way?"},
			{Author: "firstyear_focal", Minute: 4, Topic: 1, Body: "A1: Eight hours, same bedtime. What gets in the way is lying awake worrying about having a seizure at night."},
			{Author: "aura_and_after", Minute: 5, Topic: 1, Body: "A1: My diary shows I have more auras after short nights, so I guard my sleep like a medicine."},
			{Author: "keppra_kid_mom", Minute: 7, Topic: 1, Body: "A1: For our son it is screens. We moved the tablet out of his room and bedtime got so much easier."},
			{Author: "epilepsy_nurse_rn", Minute: 10, Question: true, Body: "Has anyone found ways to feel safer about seizures at night?"},
			{Author: "vns_veteran", Minute: 12, Topic: 2, Body: "A2: A bed alarm helped my partner sleep. It is not perfect, but it helps us both rest."},
			{Author: "keto_kitchen_mom", Minute: 13, Topic: 2, Body: "A2: We use a baby monitor with sound for our toddler, and a low night light."},
			{Author: "epilepsy_nurse_rn", Minute: 16, Topic: 2, Body: "Speaking generally: many families find a plan for the night helps, written down and shared. Ask your own team about devices and what suits your situation."},
			{Author: "epilepsy_nurse_rn", Minute: 25, Question: true, Body: "What is one small change you will try this week?"},
			{Author: "firstyear_focal", Minute: 27, Topic: 3, Body: "A3: Phone charging in the kitchen, starting tonight."},
			{Author: "dorm_room_seizures", Minute: 28, Topic: 3, Body: "A3: Telling my roommate what to do if I have a seizure at night. Scary, but I will."},
			{Author: "seizurefree_since19", Minute: 30, Topic: 3, Body: "A3: You've got this. My roommate in college was the first person I told, and it went better than I feared."},
			{Author: "epilepsy_nurse_rn", Minute: 55, Body: "Thank you all. Same time next week!"},
		},
	},
	{
		Community: "epilepsy", Creator: "oakbench_mod",
		Title: "Ask the epilepsy nurse: seizure first aid at school",
		Description: "A one-off chat for parents, teachers and students about seizure first aid at school: " +
			"action plans, rescue medicine, and talking to classmates. The nurse shares general information only.",
		Hosts: []string{"epilepsy_nurse_rn"}, TimeZone: "America/New_York", Minutes: 180, Repeat: "once", LiveNow: true,
		RSVPs: []string{"sam_mom_of_3"},
		Messages: []EventMessage{
			{Author: "epilepsy_nurse_rn", Minute: 1, Body: "Hello and welcome! The room is open. I'll post questions as we go; answer with A1:, A2: and so on."},
			{Author: "sam_mom_of_3", Minute: 2, Body: "Hi! Our middle kid was just diagnosed, so this is perfect timing."},
			{Author: "epilepsy_nurse_rn", Minute: 3, Question: true, Body: "Does your school have a written seizure action plan for your child, and who has a copy?"},
			{Author: "keppra_kid_mom", Minute: 5, Topic: 1, Body: "A1: Yes. The teacher, the office and the bus driver each have one. We review it every fall."},
			{Author: "abuela_cuida", Minute: 6, Topic: 1, Body: "A1: Todavía no. ¿Hay un modelo que pueda llevar a la escuela?"},
			{Author: "epilepsy_nurse_rn", Minute: 8, Topic: 1, Body: "Sí. Many epilepsy organizations share plan templates, some in Spanish. Your child's care team can help fill it in."},
			{Author: "epilepsy_nurse_rn", Minute: 12, Question: true, Body: "What helped your child's classmates understand seizures?"},
			{Author: "keto_kitchen_mom", Minute: 14, Topic: 2, Body: "A2: A short, calm talk from the teacher, and letting the kids ask anything."},
			{Author: "sam_mom_of_3", Minute: 16, Topic: 2, Body: "A2: We have not done this yet. Did you tell the class yourself or did the school?"},
		},
	},
	{
		Community: "t1d-parents", Creator: "tidewater_mod",
		Title: "T1D parents' evening with a pediatric endocrinologist",
		Description: "Every other Wednesday: questions about pumps, sensors, school and sports, answered in general terms. " +
			"Members only, so you can be honest about the hard nights.",
		Hosts: []string{"peds_endo_doc", "pumpdad_decade"}, TimeZone: "America/Chicago", Clock: "20:00", Minutes: 60,
		Repeat: "biweekly", Weekday: time.Wednesday, StartWeeksAgo: 8,
		RSVPs: []string{"nightshift_dad", "beeping_at_3am"},
	},
	{
		Community: "caregivers", Creator: "tidewater_mod",
		Title: "Caregivers' circle",
		Description: "Once a month, an hour to talk about what caring for someone with dementia is like right now. " +
			"No advice unless you ask for it.",
		Hosts: []string{"longhaul_daughter"}, TimeZone: "America/Chicago", Clock: "19:00", Minutes: 60,
		Repeat: "monthly_last", Weekday: time.Thursday, MonthWeek: -1, StartWeeksAgo: 12,
		RSVPs: []string{"sundown_son", "only_child_caring"},
	},
	{
		Community: "long-covid", Creator: "oakbench_mod",
		Title:       "Pacing check-in",
		Description: "A gentle monthly check-in on pacing, held at lunchtime in London. Keep your camera off and your feet up: it is text only.",
		Hosts:       []string{"brain_fog_baker"}, TimeZone: "Europe/London", Clock: "12:30", Minutes: 45,
		Repeat: "monthly", Weekday: time.Tuesday, MonthWeek: 1, StartWeeksAgo: 12,
	},
}
