-- Fixed-window rate-limit counters, shared by every node.
CREATE TABLE rate_limits (
    key          TEXT    PRIMARY KEY,
    window_start BIGINT  NOT NULL,
    count        INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
