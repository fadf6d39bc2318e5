package sqldb

// Synchronous is SQLite's synchronous setting for hearth's connections,
// set before Open (hearth serve --sqlite-sync).
//
// "NORMAL", the default: in WAL mode a transaction is in the write-ahead
// log, through the operating system, before it is acknowledged, so a
// crash of hearth (kill -9) loses nothing acknowledged; the log is
// flushed to the disk at checkpoints, so a power cut or a crash of the
// machine can lose the last moments. "FULL": the log is also flushed to
// the disk (fsync) at every commit, so nothing acknowledged is lost even
// then. Group commit (batch.go) shares each flush between the writes
// waiting at the time, which is what keeps FULL fast under load.
var Synchronous = "NORMAL"
