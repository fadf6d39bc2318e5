package hearth

import "context"

// FeedService reads what the Atom feeds list. Feeds are for public
// content only: the web layer reads them as a signed-out viewer (nil), so
// that visibility is decided in storage like everywhere else.
type FeedService interface {
	// NewestThreads lists a community's newest threads that the viewer
	// may read, newest first by creation (not by activity).
	NewestThreads(ctx context.Context, viewer *Member, slug string, limit int) ([]*Thread, error)
}
