package sqldb

import "github.com/hearth-community/hearth"

// canReadCommunity is the SQL form of hearth.CanRead for a community
// aliased c. Every read query passes the viewer's ID as $1 (0 when signed
// out) and whether they are staff as $2 (0 or 1), so that visibility is
// decided inside the query: lists, counts and pages never see rows the
// viewer may not read.
//
// The casts give PostgreSQL the parameters' types; SQLite ignores them.
const canReadCommunity = `(c.visibility = 'public'
	OR (CAST($1 AS BIGINT) > 0 AND c.visibility = 'members')
	OR CAST($2 AS INTEGER) = 1
	OR EXISTS (SELECT 1 FROM memberships vm WHERE vm.community_id = c.id AND vm.member_id = CAST($1 AS BIGINT) AND vm.status = 'active'))`

// viewerArgs returns the $1 and $2 arguments of a read query.
func viewerArgs(viewer *hearth.Member) (int64, int) {
	if viewer == nil {
		return 0, 0
	}
	if viewer.IsStaff() {
		return viewer.ID, 1
	}
	return viewer.ID, 0
}

// threadAudience is the condition that the viewer is in the audience of
// the thread aliased t: every reader of its community for an 'open'
// thread; for a 'community' one, the community's active members and
// staff (hearth.CanReadThread). viewer is an SQL expression for the
// viewer's ID and staff a condition that is true for staff, so that
// queries over many recipients can pass column expressions.
func threadAudience(t, viewer, staff string) string {
	return `(` + t + `.visibility = 'open' OR ` + staff + `
	OR EXISTS (SELECT 1 FROM memberships tam WHERE tam.community_id = ` + t + `.community_id AND tam.member_id = ` + viewer + ` AND tam.status = 'active'))`
}

// canReadThread is canReadCommunity narrowed by the visibility of the
// thread aliased t, with the same $1 and $2 (thread_privacy.go): the
// constant form of threadAudience("t", "CAST($1 AS BIGINT)",
// "CAST($2 AS INTEGER) = 1"), so that other constants can hold it.
const canReadThread = `(` + canReadCommunity + ` AND ` + viewerInThreadAudience + `)`

const viewerInThreadAudience = `(t.visibility = 'open' OR CAST($2 AS INTEGER) = 1
	OR EXISTS (SELECT 1 FROM memberships tam WHERE tam.community_id = t.community_id AND tam.member_id = CAST($1 AS BIGINT) AND tam.status = 'active'))`
