package sqldb

import "context"

// ExecForSearchTest runs a write that no service offers yet (deleting a
// thread, changing a community's visibility or a title), to check that
// search follows every kind of change.
func ExecForSearchTest(db *DB, q string, args ...any) error {
	_, err := db.write.ExecContext(context.Background(), q, args...)
	return err
}
