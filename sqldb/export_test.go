package sqldb

import "context"

// DSNForTest exposes the PostgreSQL URL of db to tests.
func DSNForTest(db *DB) string { return db.dsn }

// OpenBeforeMigration opens dsn with the migrations before the one named
// stop (a file name such as "0014") applied and none after; MigrateRest
// applies the others, as a later start of the server would.
func OpenBeforeMigration(ctx context.Context, dsn, stop string) (*DB, error) {
	return Open(context.WithValue(ctx, migrateStopKey{}, stop), dsn)
}

// MigrateRest applies the migrations not applied yet.
func MigrateRest(ctx context.Context, db *DB) error { return db.migrate(ctx) }

// QueryIDForTest runs an INSERT … RETURNING id (or any one-number
// query) against the writer, for writing rows with an older schema than
// the code's.
func QueryIDForTest(db *DB, q string, args ...any) (int64, error) {
	var id int64
	err := db.write.QueryRowContext(context.Background(), q, args...).Scan(&id)
	return id, err
}
