package sqldb

import "context"

// CountForTest runs a COUNT query (account tests check that deletion
// leaves nothing behind in tables no service lists).
func CountForTest(db *DB, q string, args ...any) int {
	var n int
	if err := db.read.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		panic(err)
	}
	return n
}
