package sqldb

// DSNForTest exposes the PostgreSQL URL of db to tests.
func DSNForTest(db *DB) string { return db.dsn }
