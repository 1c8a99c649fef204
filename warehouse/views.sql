-- The documented views: the stable SQL interface (docs/sql.md). Plain SQL only, so the
-- plain `duckdb` CLI and duckdb.connect(path, read_only=True) can use them too.

-- The share of an incident's located reports from which the dashboard's cards and the country
-- feeds name a country (incident_main_countries, and the cards' as-of recount in asof.py).
CREATE OR REPLACE MACRO main_country_share() AS 0.10;

CREATE OR REPLACE VIEW problem_reports AS
SELECT
    p.post_key,
    ps.service_slug,
    s.created_at,
    date_trunc('day', s.created_at) AS day,
    s.country,
    s.region,
    s.city,
    s.lat,
    s.lon,
    s.symptoms,
    s.complaint_score,
    s.lang,
    p.source,
    p.url,
    p.author_hash,
    p.text
FROM post_signals s
JOIN posts p USING (post_key)
JOIN post_services ps USING (post_key)
WHERE s.problem AND p.deleted_at IS NULL;

CREATE OR REPLACE VIEW volume_vs_baseline AS
SELECT
    v.service_slug,
    v.country,
    v.bucket,
    v.reports,
    v.baseline,
    v.upper,
    v.score,
    v.is_anomaly,
    CASE WHEN v.baseline > 0 THEN v.reports / v.baseline END AS ratio
FROM report_volume v;

-- Incident countries come before incident_summary, whose main_countries they give.
CREATE OR REPLACE VIEW incident_countries AS
SELECT
    r.incident_id,
    i.service_slug,
    r.country,
    sum(r.reports)::BIGINT AS reports,
    sum(r.reports) / sum(sum(r.reports)) OVER (PARTITION BY r.incident_id) AS share,
    -- located countries only: the unknown '' (often the biggest group) is no country
    CASE WHEN r.country <> '' THEN
        row_number() OVER (PARTITION BY r.incident_id, r.country = ''
                           ORDER BY sum(r.reports) DESC, r.country)
    END AS rank
FROM incident_regions r
JOIN incidents i USING (incident_id)
GROUP BY r.incident_id, i.service_slug, r.country;

-- The countries holding at least 10 % of an incident's located reports: those the dashboard's
-- cards, the country feeds and a watchlist's countries name, so one stray or mislocated report
-- makes no national outage global. The API's ?country= filter uses it too.
CREATE OR REPLACE VIEW incident_main_countries AS
SELECT incident_id, service_slug, country, reports,
       reports / sum(reports) OVER (PARTITION BY incident_id) AS share_of_located
FROM incident_countries
WHERE country <> ''
QUALIFY share_of_located >= main_country_share();

CREATE OR REPLACE VIEW incident_summary AS
SELECT
    i.incident_id,
    i.service_slug,
    sv.name AS service_name,
    sv.category,
    i.title,
    i.status,
    i.severity,
    i.started_at,
    i.detected_at,
    i.peak_at,
    i.resolved_at,
    date_diff('minute', i.started_at, coalesce(i.resolved_at, i.updated_at)) AS duration_minutes,
    i.peak_reports,
    i.baseline_reports,
    i.total_reports,
    i.top_symptom,
    i.keywords,
    (SELECT string_agg(r.country, ',' ORDER BY r.reports DESC, r.country)
       FROM (SELECT country, sum(reports) AS reports FROM incident_regions
             WHERE incident_id = i.incident_id AND country <> ''
             GROUP BY country) r) AS countries,
    i.official_id,
    i.official_acknowledged_at,
    i.lead_time_minutes,
    i.common_cause_group,
    i.common_upstream,
    -- added last (review 115), so the columns before keep their places: the countries the
    -- cards and country feeds name, as a list ("incidents in Brazil" without a LIKE)
    coalesce((SELECT list(m.country ORDER BY m.reports DESC, m.country)
                FROM incident_main_countries m
               WHERE m.incident_id = i.incident_id), []::VARCHAR[]) AS main_countries
FROM incidents i
LEFT JOIN services sv ON sv.slug = i.service_slug;

CREATE OR REPLACE VIEW active_incidents AS
SELECT * FROM incident_summary WHERE status = 'open';

-- One row per incident per UTC day it was active. An open incident counts as active up
-- to its last update (updated_at). A day the incident merely touches at 00:00 is skipped.
CREATE OR REPLACE VIEW incident_days AS
SELECT
    i.incident_id,
    i.service_slug,
    d.day::DATE AS day,
    greatest(i.started_at, d.day) AS active_from,
    least(coalesce(i.resolved_at, i.updated_at), d.day + INTERVAL 1 DAY) AS active_until,
    date_diff('minute',
        greatest(i.started_at, d.day),
        least(coalesce(i.resolved_at, i.updated_at), d.day + INTERVAL 1 DAY)) AS minutes_active,
    d.day = date_trunc('day', i.started_at) AS is_start_day,
    i.status = 'open' AS ongoing
FROM incidents i,
     LATERAL (SELECT unnest(generate_series(date_trunc('day', i.started_at),
                                            date_trunc('day', coalesce(i.resolved_at, i.updated_at)),
                                            INTERVAL 1 DAY)) AS day) d
WHERE d.day = date_trunc('day', i.started_at)
   OR d.day < coalesce(i.resolved_at, i.updated_at);

-- minutes_disrupted counts a minute once even when two incidents of the service overlap
-- (Netflix's login and playback problems of the same two hours are two hours, not four):
-- the day's active intervals are merged into islands first.
CREATE OR REPLACE VIEW incidents_by_service_day AS
WITH ordered AS (
    SELECT service_slug, day, active_from, active_until,
           max(active_until) OVER (
               PARTITION BY service_slug, day ORDER BY active_from, active_until
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
    FROM incident_days
), islands AS (
    SELECT *, sum(CASE WHEN reached IS NULL OR active_from > reached THEN 1 ELSE 0 END)
              OVER (PARTITION BY service_slug, day ORDER BY active_from, active_until
                    ROWS UNBOUNDED PRECEDING) AS island
    FROM ordered
), disrupted AS (
    SELECT service_slug, day,
           sum(greatest(date_diff('minute', island_from, island_until), 0)) AS minutes
    FROM (SELECT service_slug, day, island, min(active_from) AS island_from,
                 max(active_until) AS island_until
          FROM islands GROUP BY service_slug, day, island)
    GROUP BY service_slug, day
)
SELECT
    d.service_slug,
    d.day,
    count(*) AS incidents,
    sum(i.total_reports)::BIGINT AS total_reports,
    any_value(u.minutes)::BIGINT AS minutes_disrupted
FROM incident_days d
JOIN incidents i USING (incident_id)
JOIN disrupted u ON u.service_slug = d.service_slug AND u.day = d.day
GROUP BY d.service_slug, d.day;

CREATE OR REPLACE VIEW incident_top_symptoms AS
SELECT
    s.incident_id,
    i.service_slug,
    s.symptom,
    s.reports,
    s.share,
    row_number() OVER (PARTITION BY s.incident_id ORDER BY s.reports DESC, s.symptom) AS rank
FROM incident_symptoms s
JOIN incidents i USING (incident_id);

CREATE OR REPLACE VIEW lead_time_by_provider AS
SELECT
    i.service_slug,
    count(*) AS incidents_linked,
    median(i.lead_time_minutes) AS median_lead_minutes,
    avg(i.lead_time_minutes) AS mean_lead_minutes,
    avg(CASE WHEN i.lead_time_minutes > 0 THEN 1.0 ELSE 0.0 END) AS share_detected_first
FROM incidents i
WHERE i.official_id IS NOT NULL AND i.lead_time_minutes IS NOT NULL
GROUP BY i.service_slug;

CREATE OR REPLACE VIEW incident_embeddings AS
SELECT incident_id, service_slug, title, started_at, centroid AS embedding
FROM incidents
WHERE centroid IS NOT NULL;

-- One row per source, every run's counts summed: what `outagewatch status` shows.
-- official_new (official incidents stored; a status-page source brings no posts, only
-- those) came after the others were documented, so it goes last and they keep their places.
CREATE OR REPLACE VIEW crawl_status AS
SELECT
    source,
    max(finished_at) AS last_crawl,
    sum(requests) AS requests,
    sum(posts_new) AS posts_new,
    sum(posts_dup) AS posts_dup,
    sum(errors) AS errors,
    sum(official_new) AS official_new
FROM crawl_runs
GROUP BY source;

-- Added in 0.1.0 for the daily summaries and the questions people ask (incident_countries
-- and incident_main_countries too, above).

-- main_incidents: those the country is a main country of; one traveller's report makes
-- `incidents` count an outage abroad.
CREATE OR REPLACE VIEW incidents_per_country AS
SELECT
    r.country,
    count(DISTINCT r.incident_id) AS incidents,
    sum(r.reports)::BIGINT AS reports,
    count(DISTINCT i.service_slug) AS services,
    count(DISTINCT m.incident_id) AS main_incidents
FROM incident_regions r
JOIN incidents i USING (incident_id)
LEFT JOIN incident_main_countries m
    ON m.incident_id = r.incident_id AND m.country = r.country
WHERE r.country <> ''
GROUP BY r.country;

CREATE OR REPLACE VIEW incident_representative_posts AS
SELECT
    ip.incident_id,
    ip.rank,
    ip.post_key,
    p.source,
    p.created_at,
    p.author_hash,
    p.text,
    p.url,
    s.country,
    p.venue,
    p.thread_title
FROM incident_posts ip
JOIN posts p USING (post_key)
LEFT JOIN post_signals s USING (post_key)
WHERE ip.is_representative AND p.deleted_at IS NULL;

CREATE OR REPLACE VIEW incident_official AS
SELECT
    i.incident_id,
    i.service_slug,
    i.started_at,
    i.detected_at,
    o.official_id,
    o.source AS official_source,
    o.name AS official_name,
    o.status AS official_status,
    o.impact AS official_impact,
    o.url AS official_url,
    coalesce(i.official_acknowledged_at, o.acknowledged_at) AS official_acknowledged_at,
    i.lead_time_minutes,
    i.resolved_at,
    o.started_at AS official_started_at,
    o.resolved_at AS official_resolved_at
FROM incidents i
JOIN official_incidents o ON o.official_id = i.official_id;

CREATE OR REPLACE VIEW daily_report_volume AS
SELECT
    v.service_slug,
    v.country,
    v.bucket::DATE AS day,
    sum(v.reports)::BIGINT AS reports,
    sum(v.baseline) AS baseline_reports,
    max(v.reports) AS peak_bucket_reports,
    count(*) FILTER (WHERE v.is_anomaly) AS anomalous_buckets
FROM report_volume v
GROUP BY v.service_slug, v.country, v.bucket::DATE;

CREATE OR REPLACE VIEW incident_similarity AS
SELECT
    a.incident_id,
    b.incident_id AS similar_incident_id,
    b.service_slug AS similar_service_slug,
    b.title AS similar_title,
    b.started_at AS similar_started_at,
    array_cosine_similarity(a.centroid, b.centroid) AS similarity
FROM incidents a
JOIN incidents b ON a.incident_id <> b.incident_id
WHERE a.centroid IS NOT NULL AND b.centroid IS NOT NULL;

-- Added for notifications (schema version 2, docs/notifications.md).

CREATE OR REPLACE VIEW notifications AS
SELECT
    n.notification_id,
    n.channel,
    n.channel_kind,
    n.recipient,
    n.incident_id,
    n.service_slug,
    n.transition,
    n.severity,
    n.subject,
    n.event_at,
    n.created_at,
    n.last_attempt_at,
    n.delivered_at,
    n.result,
    n.attempts,
    greatest(n.attempts - 1, 0) AS retries,
    n.http_status,
    n.error
FROM notification_log n;

-- "Failing now", defined here once (`status` selects from this view): a failed or pending
-- message counts only while its last attempt is later than the channel's latest delivery. A
-- row changes only when the same message is sent again, and many never are (a recap goes
-- instead, the incident left the lookback, a worse severity superseded it), so counting every
-- failed row ever written kept a channel failing for good after one outage.
CREATE OR REPLACE VIEW notification_channels AS
WITH attempts AS (
    SELECT
        *,
        result IN ('failed', 'pending') AND coalesce(last_attempt_at, created_at)
            > coalesce(max(delivered_at) OVER (PARTITION BY channel), '-infinity'::TIMESTAMP)
            AS failing_now
    FROM notification_log
)
SELECT
    channel,
    any_value(channel_kind) AS channel_kind,
    count(*) FILTER (WHERE result IN ('sent', 'dry_run')) AS delivered,
    count(*) FILTER (WHERE failing_now) AS failing,
    count(*) FILTER (WHERE result = 'rejected') AS rejected,
    sum(greatest(attempts - 1, 0))::BIGINT AS retries,
    max(delivered_at) AS last_delivered_at,
    count(*) FILTER (WHERE failing_now AND result = 'pending') AS pending,
    min(created_at) FILTER (WHERE failing_now) AS failing_since,
    arg_max(error, last_attempt_at) FILTER (WHERE failing_now AND result = 'failed') AS last_error
FROM attempts
GROUP BY channel;

-- Added in review 115 for analysts' queries.

-- The problem reports behind each incident: one row per report and incident. A post naming
-- two services is in problem_reports once per service; only the incident's service's row is
-- joined here, so a count is the incident's reports, not more.
CREATE OR REPLACE VIEW incident_reports AS
SELECT
    ip.incident_id,
    r.service_slug,
    r.post_key,
    r.created_at,
    r.country,
    r.region,
    r.city,
    r.symptoms,
    r.lang,
    r.source,
    r.url,
    r.author_hash,
    r.text,
    ip.is_representative,
    ip.rank
FROM incident_posts ip
JOIN incidents i USING (incident_id)
JOIN problem_reports r ON r.post_key = ip.post_key AND r.service_slug = i.service_slug;

-- "Now" as outagewatch sees this warehouse: the demo's frozen clock (pipeline_state's
-- replay_clock) on a demo warehouse, else the current time; naive UTC whatever the session's
-- TimeZone (epoch_us of the instant, not a cast through the zone).
CREATE OR REPLACE VIEW warehouse_clock AS
SELECT
    coalesce(c.clock, make_timestamp(epoch_us(get_current_timestamp()))) AS now,
    c.clock IS NOT NULL AS replayed
FROM (SELECT max(TRY_CAST(value AS TIMESTAMP)) AS clock
      FROM pipeline_state WHERE key = 'replay_clock') c;

-- Each service's problem reports in the hour before `until_at` against its normal: the
-- global series' 5-minute buckets, `normal` the mean of their baselines on the hour's scale.
-- The one query behind the dashboard's Now cards and the API's /api/v1/services/{slug};
-- a service without buckets in the hour has no row.
CREATE OR REPLACE MACRO service_hour(until_at) AS TABLE
SELECT v.service_slug, s.name AS service_name, sum(v.reports) AS reports,
       avg(v.baseline) * 12 AS normal, bool_or(v.is_anomaly) AS anomalous,
       max(v.bucket) FILTER (WHERE v.is_anomaly) AS last_anomaly
FROM report_volume v LEFT JOIN services s ON s.slug = v.service_slug
WHERE v.country = '' AND v.bucket >= until_at - INTERVAL 1 HOUR AND v.bucket < until_at
GROUP BY ALL;

-- service_hour at the warehouse's now, for every service of the catalog (and one taken out
-- of it that still has incidents): on the real clock the hour ends now; on a demo's frozen
-- clock it ends where the bucket holding now begins (that bucket holds its future too), as
-- the dashboard's Now page counts.
CREATE OR REPLACE VIEW service_last_hour AS
WITH w AS (
    SELECT CASE WHEN replayed THEN time_bucket(INTERVAL 5 MINUTE, now) ELSE now END AS until_at
    FROM warehouse_clock
), known AS (
    SELECT slug FROM services UNION SELECT service_slug FROM incidents
)
SELECT k.slug AS service_slug, s.name AS service_name,
       w.until_at - INTERVAL 1 HOUR AS window_start, w.until_at AS window_end,
       coalesce(h.reports, 0)::BIGINT AS reports, h.normal,
       coalesce(h.anomalous, false) AS anomalous, h.last_anomaly
FROM known k
CROSS JOIN w
LEFT JOIN services s ON s.slug = k.slug
LEFT JOIN service_hour((SELECT until_at FROM w)) h ON h.service_slug = k.slug;
