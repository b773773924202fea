-- Progress of each backfill (the backfill command): one row per feed and range, moved on after each committed
-- window, so the same command run again continues after the last committed window. Portable SQL (H2 and PostgreSQL).
CREATE TABLE backfill_progress (
    feed          VARCHAR(100)             NOT NULL,
    range_from    TIMESTAMP WITH TIME ZONE NOT NULL,
    range_to      TIMESTAMP WITH TIME ZONE NOT NULL,
    committed_to  TIMESTAMP WITH TIME ZONE NOT NULL,
    windows_done  INTEGER                  NOT NULL,
    records       BIGINT                   NOT NULL,
    elapsed_ms    BIGINT                   NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (feed, range_from, range_to)
);
