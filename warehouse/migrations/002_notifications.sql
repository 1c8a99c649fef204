-- Schema version 2: notifications (issue 9). What was sent, to whom, when, with what result,
-- and per incident and channel the last state announced, so a restart never re-sends.

-- One row per message (incident transition × channel). `dedup_key` makes a message unique
-- per channel; a retry updates the same row (attempts grows), it never adds one.
CREATE TABLE IF NOT EXISTS notification_log (
    notification_id VARCHAR PRIMARY KEY,         -- short hash of channel + dedup_key
    channel         VARCHAR NOT NULL,            -- channel name from [[notify.channels]], or dry-run
    channel_kind    VARCHAR NOT NULL,            -- webhook, slack, discord, teams, email, dry_run
    recipient       VARCHAR,                     -- URL without its secret path, or email addresses
    dedup_key       VARCHAR NOT NULL,            -- incident_id:transition[:n]
    incident_id     VARCHAR,
    service_slug    VARCHAR,
    transition      VARCHAR NOT NULL,            -- opened, reopened, worsened, acknowledged, resolved, test
    severity        VARCHAR,
    status          VARCHAR,
    subject         VARCHAR,                     -- one-line text of the message
    payload         JSON,                        -- the generic JSON payload (version 1)
    event_at        TIMESTAMP,                   -- when the transition happened
    created_at      TIMESTAMP NOT NULL,          -- when outagewatch first derived the message
    attempts        INTEGER NOT NULL DEFAULT 0,  -- delivery attempts, all cycles
    last_attempt_at TIMESTAMP,
    delivered_at    TIMESTAMP,
    result          VARCHAR NOT NULL,            -- sent, failed (retried next cycle), rejected, dry_run
    http_status     INTEGER,
    error           VARCHAR,
    UNIQUE (channel, dedup_key)
);

-- The last state announced per incident and channel.
CREATE TABLE IF NOT EXISTS notification_state (
    incident_id    VARCHAR NOT NULL,
    channel        VARCHAR NOT NULL,
    status         VARCHAR,                      -- open or resolved, as last announced
    severity       VARCHAR,                      -- highest severity announced
    acknowledged   BOOLEAN NOT NULL DEFAULT FALSE,
    opened_count   INTEGER NOT NULL DEFAULT 0,   -- opened + reopened messages
    resolved_count INTEGER NOT NULL DEFAULT 0,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (incident_id, channel)
);
