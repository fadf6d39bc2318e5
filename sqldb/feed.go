package sqldb

import (
	"context"

	"github.com/hearth-community/hearth"
)

var _ hearth.FeedService = (*DB)(nil)

// NewestThreads lists a community's newest threads that the viewer may
// read, by creation time. The feeds call it as a signed-out viewer, so the
// same visibility rules as every list (canReadCommunity, canListThread)
// keep anything but public, published threads out.
func (db *DB) NewestThreads(ctx context.Context, viewer *hearth.Member, slug string, limit int) ([]*hearth.Thread, error) {
	if _, err := db.FindCommunity(ctx, viewer, slug); err != nil {
		return nil, err
	}
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT `+threadColumns+` FROM threads t
		JOIN communities c ON c.id = t.community_id JOIN members a ON a.id = t.author_id
		WHERE c.slug = $3 AND `+canReadThread+` AND `+canListThread+` ORDER BY t.created_at DESC, t.id DESC LIMIT $4`,
		vid, staff, slug, limit)
	return scanAll(rows, err, scanThread)
}
