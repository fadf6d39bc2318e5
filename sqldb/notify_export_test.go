package sqldb

import "context"

// ExecForNotifyTest runs a write that no service offers yet (turning a
// community private), to check that notifications follow it.
func ExecForNotifyTest(db *DB, q string, args ...any) error {
	_, err := db.write.ExecContext(context.Background(), q, args...)
	return err
}
