"""Incidents and official incidents as they stood at a moment, for every page's SQL.

The stored rows describe the latest processing run. On a replayed clock
(`OUTAGEWATCH_NOW`) that run may lie in the future: an incident resolved at 14:00 is
still open at 13:00, its peak may not have come yet, and the provider may not have said
anything. `with_as_of(sql)` puts two relations in front of a query, both cut at the
parameter `$cut` (`config.cutoff`; nothing is cut on the real clock):

* ``incidents_at``: `incident_summary` with status, resolution, milestones, duration,
  peak and total as of `$cut`, plus ``unfinished`` (the stored row knows more than
  `$cut` did: its figures are recounted from ``own_reports``, the incident's own problem
  reports up to `$cut`, also defined for the query, and ``symptom_reports``, those whose
  symptoms count: not a thread's replies where 5 other posts or more said their own), its
  `countries` and `main_countries` too; ``countries_at``
  (`incident_countries`' reports, recounted the same way) and ``main_countries_at`` (those
  holding `main_country_share()` of the located reports, as `incident_main_countries`);
  incidents not yet detected at `$cut` are absent (the detector dates an incident's start
  back to its first reports, before anyone could have known of it).
* ``official_at``: `official_incidents` with status (from its updates), acknowledgment
  and resolution as of `$cut`, plus ``visible`` (published by then).
"""

from __future__ import annotations

STATUS_UPDATES = """'[{"status": "VARCHAR", "created_at": "TIMESTAMP"}]'"""

OFFICIAL_AT = f"""
official_at AS (
    SELECT o.* REPLACE (
        CASE WHEN coalesce(greatest(o.updated_at, o.resolved_at), o.created_at, $cut) <= $cut
             THEN o.status
             ELSE coalesce(
                 (SELECT arg_max(u.status, u.created_at)
                    FROM (SELECT unnest(from_json(o.updates, {STATUS_UPDATES}),
                                        recursive := true)) u
                   WHERE u.created_at <= $cut),
                 'investigating')
        END AS status,
        CASE WHEN o.acknowledged_at <= $cut THEN o.acknowledged_at END AS acknowledged_at,
        CASE WHEN o.resolved_at <= $cut THEN o.resolved_at END AS resolved_at),
        coalesce(coalesce(o.created_at, o.acknowledged_at, o.started_at) <= $cut, true)
            AS visible
    FROM official_incidents o
)"""

# An unfinished incident's own problem reports up to the cut (the posts clustered into it,
# as the detector counted them): what its peak, total, countries and symptoms are
# recounted from, here, in the exports (outagewatch/exports/asof.py) and on the Incident page.
SO_FAR = """
unfinished AS (
    SELECT incident_id FROM incidents
    WHERE started_at <= $cut AND coalesce(resolved_at, updated_at) > $cut
),
own_reports AS (
    SELECT ip.incident_id, s.post_key, s.created_at, coalesce(s.country, '') AS country,
           coalesce(s.region, '') AS region, s.symptoms, p.is_reply
    FROM incident_posts ip JOIN post_signals s USING (post_key) JOIN posts p USING (post_key)
    WHERE ip.incident_id IN (SELECT incident_id FROM unfinished)
      AND s.problem AND s.created_at <= $cut
),
-- the reports whose symptoms describe the incident: a reply's are mostly its thread title's
-- ("down" under "Is it down?"), so they count only where fewer than 5 other posts said their
-- own, as nlp/incidents/build.py reads an incident's symptoms (min_cluster_size's default)
symptom_reports AS (
    SELECT * FROM own_reports o
    WHERE NOT o.is_reply
       OR (SELECT count(*) FROM own_reports x
           WHERE x.incident_id = o.incident_id AND NOT x.is_reply) < 5
),
so_far AS (
    SELECT incident_id, sum(n)::INTEGER AS total_reports, max(n)::INTEGER AS peak_reports,
           first(bucket ORDER BY n DESC, bucket) AS peak_at
    FROM (SELECT incident_id, time_bucket(INTERVAL 5 MINUTE, created_at) AS bucket,
                 count(*) AS n
          FROM own_reports GROUP BY ALL)
    GROUP BY incident_id
),
countries_at AS (
    SELECT incident_id, country, reports FROM incident_countries
    WHERE incident_id NOT IN (SELECT incident_id FROM unfinished)
    UNION ALL
    SELECT incident_id, country, count(*) AS reports FROM own_reports
    GROUP BY incident_id, country
),
main_countries_at AS (
    SELECT incident_id, country, reports FROM countries_at WHERE country <> ''
    QUALIFY reports / sum(reports) OVER (PARTITION BY incident_id) >= main_country_share()
)"""

INCIDENTS_AT = """
incidents_at AS (
    SELECT s.* REPLACE (
        CASE WHEN s.resolved_at > $cut THEN 'open' ELSE s.status END AS status,
        CASE WHEN s.resolved_at <= $cut THEN s.resolved_at END AS resolved_at,
        CASE WHEN s.detected_at <= $cut THEN s.detected_at END AS detected_at,
        CASE WHEN u.incident_id IS NULL THEN s.peak_at ELSE f.peak_at END AS peak_at,
        CASE WHEN u.incident_id IS NULL THEN s.peak_reports
             ELSE coalesce(f.peak_reports, 0) END AS peak_reports,
        CASE WHEN u.incident_id IS NULL THEN s.total_reports
             ELSE coalesce(f.total_reports, 0) END AS total_reports,
        CASE WHEN u.incident_id IS NULL THEN s.countries
             ELSE (SELECT string_agg(c.country, ',' ORDER BY c.reports DESC, c.country)
                     FROM countries_at c
                    WHERE c.incident_id = s.incident_id AND c.country <> '')
        END AS countries,
        CASE WHEN u.incident_id IS NULL THEN s.main_countries
             ELSE coalesce((SELECT list(m.country ORDER BY m.reports DESC, m.country)
                              FROM main_countries_at m WHERE m.incident_id = s.incident_id),
                           []::VARCHAR[])
        END AS main_countries,
        CASE WHEN s.resolved_at <= $cut THEN s.duration_minutes
             ELSE least(s.duration_minutes, date_diff('minute', s.started_at, $cut))
        END AS duration_minutes,
        CASE WHEN coalesce(o.visible, true) THEN s.official_id END AS official_id,
        CASE WHEN s.official_acknowledged_at <= $cut THEN s.official_acknowledged_at
        END AS official_acknowledged_at,
        CASE WHEN coalesce(o.visible, true) AND coalesce(s.official_acknowledged_at <= $cut, true)
             THEN s.lead_time_minutes END AS lead_time_minutes),
        u.incident_id IS NOT NULL AS unfinished
    FROM incident_summary s
    LEFT JOIN official_at o ON o.official_id = s.official_id
    LEFT JOIN unfinished u ON u.incident_id = s.incident_id
    LEFT JOIN so_far f ON f.incident_id = s.incident_id
    WHERE s.started_at <= $cut AND coalesce(s.detected_at, s.started_at) <= $cut
)"""


def with_as_of(sql: str) -> str:
    """`sql` with `incidents_at` and `official_at` (cut at `$cut`) defined in front."""
    return f"WITH {OFFICIAL_AT}, {SO_FAR}, {INCIDENTS_AT}\n{sql}"
