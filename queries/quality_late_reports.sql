-- one row per snapshot: incidents in its register reported late
-- Late = reported_on more than $late_days days after occurred_on (strictly;
-- the number is childplan.indicators.quality.LATE_REPORT_DAYS). The register
-- holds all years, so an old late report counts in every later snapshot
-- that still lists it. Incidents without reported_on cannot be
-- judged and are counted apart.
-- $kinds, $with_deaths: the incidents counted (childplan.disclosure.rules:
-- a meeting's view leaves sensitive kinds and deaths out of these counts).
-- $groups: residential groups to keep (empty list = whole town).
with snapshots as (
    select distinct snapshot_date
    from manifest
),

incidents_at as (
    select
        snapshot_date,
        reported_on,
        reported_on - occurred_on as delay_days
    from incidents
    where (
        len($groups::varchar[]) = 0
        or list_contains($groups::varchar[], residential_group)
    )
    and list_contains($kinds::varchar[], kind)
    and ($with_deaths or not coalesce(fatal, false))
),

counts as (
    select
        snapshot_date,
        count(*) as incident_count,
        count(*) filter (where delay_days > $late_days) as late_count,
        count(*) filter (where reported_on is null) as no_report_date_count,
        max(delay_days) filter (
            where delay_days > $late_days
        ) as longest_delay_days
    from incidents_at
    group by snapshot_date
),

final as (
    select
        snapshots.snapshot_date,
        coalesce(counts.incident_count, 0)::integer as incident_count,
        coalesce(counts.late_count, 0)::integer as late_count,
        coalesce(counts.no_report_date_count, 0)::integer
            as no_report_date_count,
        counts.longest_delay_days::integer as longest_delay_days
    from snapshots
    left join counts on snapshots.snapshot_date = counts.snapshot_date
    order by snapshots.snapshot_date
)

select * from final
