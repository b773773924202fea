-- Bulk batches between "about to POST" and "every record settled": a row left behind by a crash is in doubt and is
-- reconciled against Playvox before anything of it is sent again. Portable SQL (H2 and PostgreSQL).
CREATE TABLE in_flight_batch (
    id           VARCHAR(64)              PRIMARY KEY,
    integration  VARCHAR(100)             NOT NULL,
    feed         VARCHAR(100)             NOT NULL,
    job_id       VARCHAR(100),
    records      TEXT                     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
