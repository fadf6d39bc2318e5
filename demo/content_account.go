package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// Member privacy and control (issue 13): a memorial account with the
// posts its member left, a memorial request waiting for the moderators,
// and a member who deleted their account and kept their answers readable
// as "deleted member". Every demo member reaches Your data (export and
// delete) from their profile.

// MemorialHandle is the demo's memorial account.
const MemorialHandle = "harbor_light_walt"

// DeletedReply is the reply the demo's deleted member left readable.
const DeletedReply = "What helped our son most was a seizure diary on paper by the bed. Write the time, what he was doing, and how long it lasted. The neurologist said it was the most useful thing we brought."

type accountPost struct {
	Author, Title, Body string
	Replies             []Reply
	DaysAgo             int
}

var memorialPosts = []accountPost{
	{Author: MemorialHandle, DaysAgo: 300, Title: "Thirty years of seizures, and what I would tell my younger self",
		Body: "I was diagnosed in 1994, when nobody talked about it. If you are new here: keep a diary, bring a friend to appointments, and do not let anyone tell you that you cannot have a full life. I fished every summer and raised two girls.",
		Replies: []Reply{
			{Author: "firstyear_focal", HoursAfter: 5, Body: "Thank you for writing this. I needed to read it today."},
			{Author: MemorialHandle, HoursAfter: 9, Body: "You are welcome. Come back and tell us how the next appointment goes."},
		}},
	{Author: MemorialHandle, DaysAgo: 120, Title: "Driving again after a seizure-free year",
		Body: "Got my license back this spring. The letter from the neurologist took six weeks, so ask for it early. Small joys: I drove my granddaughter to school on her first day.",
		Replies: []Reply{
			{Author: "aura_and_after", HoursAfter: 3, Body: "This made my whole week, Uncle Walt."},
		}},
}

// MemorialThreads counts the threads the memorial account started.
var MemorialThreads = len(memorialPosts)

func seedAccounts(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	// The memorial account: a long-time member of the epilepsy community.
	at(now.Add(-400 * 24 * time.Hour))
	walt, err := db.CreateMember(ctx, hearth.NewMember{Handle: MemorialHandle, Email: MemorialHandle + "@example.org", Password: Password})
	if err != nil {
		return err
	}
	if err := db.UpdateMemberProfile(ctx, walt.ID, "Epilepsy since 1994. Retired ferry engineer, grandfather, fisherman.", walt.Role, now.Add(-400*24*time.Hour)); err != nil {
		return err
	}
	members[MemorialHandle] = walt
	for _, h := range []string{MemorialHandle, "quiet_cedar", "moved_on_mia"} {
		if h != MemorialHandle {
			at(now.Add(-200 * 24 * time.Hour))
			m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: Password})
			if err != nil {
				return err
			}
			members[h] = m
		}
		slug := "epilepsy"
		if h == "quiet_cedar" {
			slug = "long-covid"
		}
		if err := db.AddMember(ctx, slug, h); err != nil {
			return fmt.Errorf("account demo: %s joins %s: %w", h, slug, err)
		}
	}
	for _, p := range memorialPosts {
		start := now.Add(-time.Duration(p.DaysAgo) * 24 * time.Hour)
		at(start)
		th, err := db.CreateThread(ctx, members[p.Author], "epilepsy", hearth.NewThread{Title: p.Title, Body: p.Body})
		if err != nil {
			return fmt.Errorf("memorial thread %q: %w", p.Title, err)
		}
		for _, r := range p.Replies {
			at(start.Add(time.Duration(r.HoursAfter) * time.Hour))
			if _, err := db.CreateReply(ctx, members[r.Author], th.ID, r.Body); err != nil {
				return fmt.Errorf("memorial reply: %w", err)
			}
		}
		if p.Title == memorialPosts[0].Title {
			// The member who later deleted their account answered here.
			at(start.Add(30 * time.Hour))
			if _, err := db.CreateReply(ctx, members["moved_on_mia"], th.ID, DeletedReply); err != nil {
				return err
			}
		}
	}
	at(now.Add(-20 * 24 * time.Hour))
	r, err := db.RequestMemorial(ctx, members["aura_and_after"], hearth.NewMemorialRequest{Handle: MemorialHandle,
		Relationship: "I am his niece", Note: "Uncle Walt passed away in October. The family would like his posts to stay up; they helped so many people."})
	if err != nil {
		return fmt.Errorf("memorial request: %w", err)
	}
	at(now.Add(-19 * 24 * time.Hour))
	if err := db.DecideMemorial(ctx, members["oakbench_mod"], r.ID, true); err != nil {
		return fmt.Errorf("memorial approval: %w", err)
	}
	// A request still waiting, for the moderators' page.
	at(now.Add(-2 * 24 * time.Hour))
	if _, err := db.RequestMemorial(ctx, members["brain_fog_baker"], hearth.NewMemorialRequest{Handle: "quiet_cedar",
		Relationship: "We were in the same Tuesday support group", Note: "Her husband asked me to let the community know."}); err != nil {
		return fmt.Errorf("pending memorial request: %w", err)
	}
	// A member who left, keeping their answer readable as "deleted member".
	at(now.Add(-10 * 24 * time.Hour))
	if _, err := db.DeleteAccount(ctx, members["moved_on_mia"], Password, hearth.DeleteKeepPosts); err != nil {
		return fmt.Errorf("deleted member: %w", err)
	}
	delete(members, "moved_on_mia")
	return nil
}
