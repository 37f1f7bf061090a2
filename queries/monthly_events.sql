-- one row per event measure per calendar month with at least one event
-- The register of one snapshot ($snapshot_date) holds the incidents of all
-- years, so it gives both the months so far of its own year and the
-- seasonal pattern of earlier years, all as known on that date. Events are
-- placed by occurred_on, as the targets place them (targets.md, Window).
-- $groups: residential groups to keep; empty list = whole town.
with incidents_in_snapshot as (
    select
        incidents.kind,
        incidents.cause,
        incidents.fatal,
        incidents.occurred_on
    from incidents
    where incidents.snapshot_date = $snapshot_date
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], incidents.residential_group)
        )
),

events as (
    select 'injury_rate' as measure, occurred_on
    from incidents_in_snapshot
    where kind = 'injury'
    union all
    select 'injury_death_rate' as measure, occurred_on
    from incidents_in_snapshot
    where kind = 'injury' and fatal
    union all
    select 'drowning_deaths' as measure, occurred_on
    from incidents_in_snapshot
    where kind = 'injury' and fatal and cause = 'drowning'
    union all
    select 'hiv_new_infections' as measure, occurred_on
    from incidents_in_snapshot
    where kind = 'hiv'
),

final as (
    select
        measure,
        year(occurred_on)::integer as year,
        month(occurred_on)::integer as month,
        count(*)::integer as event_count
    from events
    group by measure, year(occurred_on), month(occurred_on)
    order by measure, year, month
)

select * from final
