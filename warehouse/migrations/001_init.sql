-- Schema version 1. Tables hold data; views (views.sql) are the documented interface.
-- Every timestamp is UTC without a time zone.

CREATE TABLE IF NOT EXISTS services (
    slug          VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    category      VARCHAR NOT NULL,
    aliases       VARCHAR[],
    hashtags      VARCHAR[],
    handles       VARCHAR[],
    domains       VARCHAR[],
    countries     VARCHAR[],
    upstream      VARCHAR[],
    status_url    VARCHAR,
    status_kind   VARCHAR
);

-- Raw posts, stored exactly once per (source, native_id) before any processing.
CREATE TABLE IF NOT EXISTS posts (
    post_key        VARCHAR PRIMARY KEY,         -- source || ':' || native_id
    source          VARCHAR NOT NULL,            -- mastodon, bluesky, hackernews, reddit, x
    native_id       VARCHAR NOT NULL,
    url             VARCHAR,
    author_hash     VARCHAR,                     -- salted sha256 of the handle
    author_location VARCHAR,                     -- free-text profile location, when the source has one
    text            VARCHAR,
    lang_hint       VARCHAR,                     -- language the source declares
    geo_lat         DOUBLE,
    geo_lon         DOUBLE,
    is_repost       BOOLEAN DEFAULT FALSE,
    query           VARCHAR,                     -- the tag or search that found it
    created_at      TIMESTAMP NOT NULL,
    fetched_at      TIMESTAMP NOT NULL,
    deleted_at      TIMESTAMP                    -- set when the source reports a deletion
);

CREATE TABLE IF NOT EXISTS crawl_cursors (
    source      VARCHAR NOT NULL,
    key         VARCHAR NOT NULL,               -- e.g. instance + tag
    cursor      VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (source, key)
);

CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    requests    INTEGER DEFAULT 0,
    posts_new   INTEGER DEFAULT 0,
    posts_dup   INTEGER DEFAULT 0,
    official_new INTEGER DEFAULT 0,
    errors      INTEGER DEFAULT 0,
    PRIMARY KEY (run_id, source)
);

-- Official status-page incidents (the provider's own word).
CREATE TABLE IF NOT EXISTS official_incidents (
    official_id     VARCHAR PRIMARY KEY,         -- source || ':' || native id
    source          VARCHAR NOT NULL,            -- statuspage, atom, gcp, aws
    service_slug    VARCHAR,
    name            VARCHAR,
    status          VARCHAR,                     -- investigating, identified, monitoring, resolved, postmortem
    impact          VARCHAR,                     -- none, minor, major, critical, maintenance
    components      VARCHAR[],
    url             VARCHAR,
    created_at      TIMESTAMP,
    started_at      TIMESTAMP,
    acknowledged_at TIMESTAMP,                   -- first public update
    resolved_at     TIMESTAMP,
    updated_at      TIMESTAMP,
    updates         JSON,                        -- [{status, body, created_at}]
    fetched_at      TIMESTAMP NOT NULL
);

-- One row per processed post: what the nlp stages said of it.
CREATE TABLE IF NOT EXISTS post_signals (
    post_key        VARCHAR PRIMARY KEY,
    created_at      TIMESTAMP NOT NULL,          -- copied from posts for fast bucketing
    text_hash       VARCHAR,
    lang            VARCHAR,
    complaint       TINYINT,
    complaint_score DOUBLE,
    symptoms        VARCHAR[],
    problem         BOOLEAN,                     -- complaint with an outage-type symptom
    country         VARCHAR,
    region          VARCHAR,
    city            VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    geo_evidence    VARCHAR,                     -- text, profile, geotag, service, language, none
    geo_confidence  DOUBLE,
    pipeline_version VARCHAR,
    processed_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS post_services (
    post_key     VARCHAR NOT NULL,
    service_slug VARCHAR NOT NULL,
    PRIMARY KEY (post_key, service_slug)
);

CREATE TABLE IF NOT EXISTS post_embeddings (
    post_key  VARCHAR PRIMARY KEY,
    text_hash VARCHAR,
    embedding FLOAT[384]
);

-- Problem reports per service (country '' = global) per 5-minute bucket.
CREATE TABLE IF NOT EXISTS report_volume (
    service_slug VARCHAR NOT NULL,
    country      VARCHAR NOT NULL,
    bucket       TIMESTAMP NOT NULL,
    reports      INTEGER NOT NULL,
    baseline     DOUBLE,
    upper        DOUBLE,                         -- top of the normal band
    score        DOUBLE,                         -- higher = more anomalous
    is_anomaly   BOOLEAN,
    PRIMARY KEY (service_slug, country, bucket)
);

CREATE TABLE IF NOT EXISTS incidents (
    incident_id          VARCHAR PRIMARY KEY,
    service_slug         VARCHAR NOT NULL,
    title                VARCHAR,
    status               VARCHAR NOT NULL,        -- open, resolved
    severity             VARCHAR,                 -- minor, major, critical
    started_at           TIMESTAMP NOT NULL,
    detected_at          TIMESTAMP,
    peak_at              TIMESTAMP,
    resolved_at          TIMESTAMP,
    peak_reports         INTEGER,                 -- reports in the peak bucket
    baseline_reports     DOUBLE,                  -- normal reports per bucket at the peak
    total_reports        INTEGER,
    top_symptom          VARCHAR,
    keywords             VARCHAR[],
    official_id          VARCHAR,
    official_acknowledged_at TIMESTAMP,
    lead_time_minutes    DOUBLE,
    common_cause_group   VARCHAR,
    common_upstream      VARCHAR,
    centroid             FLOAT[384],              -- mean embedding of its posts
    detector_version     VARCHAR,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_posts (
    incident_id       VARCHAR NOT NULL,
    post_key          VARCHAR NOT NULL,
    is_representative BOOLEAN DEFAULT FALSE,
    rank              INTEGER,
    PRIMARY KEY (incident_id, post_key)
);

CREATE TABLE IF NOT EXISTS incident_regions (
    incident_id VARCHAR NOT NULL,
    country     VARCHAR NOT NULL,
    region      VARCHAR NOT NULL,
    reports     INTEGER NOT NULL,
    share       DOUBLE NOT NULL,
    PRIMARY KEY (incident_id, country, region)
);

CREATE TABLE IF NOT EXISTS incident_symptoms (
    incident_id VARCHAR NOT NULL,
    symptom     VARCHAR NOT NULL,
    reports     INTEGER NOT NULL,
    share       DOUBLE NOT NULL,
    PRIMARY KEY (incident_id, symptom)
);

CREATE TABLE IF NOT EXISTS pipeline_state (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR,
    updated_at TIMESTAMP
);
