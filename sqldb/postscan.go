package sqldb

import "context"

// PostRecord is one post as an operator's audit sees it.
type PostRecord struct {
	ID       int64
	ThreadID int64
	Position int
	Author   string
	Status   string
	// Title is the thread's title on the opening post, empty on replies.
	Title string
	Body  string
}

// eachPostBatch is how many posts EachPost reads per query: small
// enough that no read holds the database for long.
const eachPostBatch = 500

// EachPost calls fn for every post, in ID order, whatever its status or
// community. It is for operators' audits (`hearth privacy scan --db`),
// never for pages: it applies no visibility. Posts are read in batches by
// ID, so a large database is scanned in constant memory.
func (db *DB) EachPost(ctx context.Context, fn func(PostRecord) error) error {
	var after int64
	for {
		batch, err := db.postBatch(ctx, after)
		if err != nil {
			return err
		}
		for _, p := range batch {
			if err := fn(p); err != nil {
				return err
			}
			after = p.ID
		}
		if len(batch) < eachPostBatch {
			return nil
		}
	}
}

func (db *DB) postBatch(ctx context.Context, after int64) ([]PostRecord, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.thread_id, p.position, a.handle, p.status,
		CASE WHEN p.position = 0 THEN t.title ELSE '' END, p.body
		FROM posts p JOIN members a ON a.id = p.author_id JOIN threads t ON t.id = p.thread_id
		WHERE p.id > $1 ORDER BY p.id LIMIT $2`, after, eachPostBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]PostRecord, 0, eachPostBatch)
	for rows.Next() {
		var p PostRecord
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.Position, &p.Author, &p.Status, &p.Title, &p.Body); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
