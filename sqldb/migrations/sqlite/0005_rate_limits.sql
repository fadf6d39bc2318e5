-- Fixed-window rate-limit counters. SQLite installations are one node and
-- count in memory; the table exists so that both schemas match.
CREATE TABLE rate_limits (
    key          TEXT    PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL
);
