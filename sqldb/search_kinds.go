package sqldb

import (
	"strconv"

	"github.com/hearth-community/hearth"
)

// Stories and experiences in search (migration 0014). Each search_docs
// row names its source: post_id (threads and replies), story_id or
// report_id. Queries join all three sources with LEFT JOINs over the
// aliases d (search_docs), t (threads), s (stories), r (tried_reports)
// and c (the community of the thread or of the report; none for a
// story), and searchReadable picks the rule of the row's kind.

// searchSources are the joins from d to every kind's source, for the
// queries that decide visibility. SQLite keeps LEFT JOINs in the order
// written, so the full-text index stays the outer loop.
const searchSources = ` LEFT JOIN threads t ON t.id = d.thread_id
	LEFT JOIN stories s ON s.id = d.story_id
	LEFT JOIN tried_reports r ON r.id = d.report_id
	LEFT JOIN communities c ON c.id = COALESCE(t.community_id, r.community_id)`

// experienceVisible shows an experience exactly where its treatment's
// page (TreatmentPage, web/tried.go) would: in a community the viewer
// may read, with text, on a treatment that is on the list (approved:
// proposals have no page, and a merge moves reports to the treatment
// they went into), and among the ExperiencesPerPage newest texts that
// the page lists. The page shows texts whatever the number of reports
// (the k-anonymity threshold guards the numbers, not the words), so
// search does too; the structured answers of a report (for whom,
// effectiveness, side effects) are never indexed or returned.
var experienceVisible = canReadCommunity + ` AND r.body <> ''
	AND EXISTS (SELECT 1 FROM tried_treatments vt WHERE vt.id = r.treatment_id AND vt.community_id = r.community_id AND vt.status = 'approved')
	AND (SELECT COUNT(*) FROM tried_reports vr WHERE vr.treatment_id = r.treatment_id AND vr.body <> ''
		AND (vr.updated_at > r.updated_at OR (vr.updated_at = r.updated_at AND vr.id > r.id))) < ` + strconv.Itoa(hearth.ExperiencesPerPage)

// searchReadable is the reader's visibility of any search document:
// searchVisible for threads and replies, canReadStory for stories (a
// deleted story has no row left; a members-only one needs a sign-in),
// experienceVisible for experiences.
var searchReadable = `((d.kind IN ('thread', 'reply') AND ` + searchVisible + `)
	OR (d.kind = 'story' AND ` + canReadStory + `)
	OR (d.kind = 'experience' AND ` + experienceVisible + `))`

// searchResultFrom joins what a page of results shows besides the
// author (aliases d, p, t, s, r, c); each engine joins members a on
// d.author_id in its own way.
const searchResultFrom = ` LEFT JOIN posts p ON p.id = d.post_id` + searchSources

// searchBody is the indexed text of any document, for snippets: an
// experience's is its treatment's name, its other names and its text
// (migrations 0014 and 0023).
const searchBody = `CASE d.kind WHEN 'story' THEN s.body WHEN 'experience' THEN d.title || d.other_names || ': ' || r.body ELSE p.body END`
