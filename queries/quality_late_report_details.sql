-- one row per incident of snapshot $snapshot_date reported late
-- (reported_on more than $late_days days after occurred_on).
-- For officers only: carries the pseudonymous incident_id and child_id.
-- $groups: residential groups to keep (empty list = whole town).
with incidents_at as (
    select *
    from incidents
    where snapshot_date = $snapshot_date
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], residential_group)
        )
),

final as (
    select
        snapshot_date,
        incident_id,
        child_id,
        residential_group,
        kind,
        occurred_on,
        reported_on,
        (reported_on - occurred_on)::integer as delay_days
    from incidents_at
    where reported_on - occurred_on > $late_days
    order by delay_days desc, incident_id asc
)

select * from final
