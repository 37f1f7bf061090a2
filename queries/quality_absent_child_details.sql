-- one row per incident of $snapshot_date naming a child absent from it
-- For officers only: carries the pseudonymous incident_id and child_id.
-- $groups: residential groups to keep (empty list = whole town).
with incidents_at as (
    select *
    from incidents
    where snapshot_date = $snapshot_date
        and child_id is not null
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], residential_group)
        )
),

children_at as (
    select child_id
    from children
    where snapshot_date = $snapshot_date
),

final as (
    select
        incidents_at.snapshot_date,
        incidents_at.incident_id,
        incidents_at.child_id,
        incidents_at.residential_group,
        incidents_at.kind,
        incidents_at.occurred_on,
        incidents_at.fatal
    from incidents_at
    anti join children_at on incidents_at.child_id = children_at.child_id
    order by incidents_at.occurred_on, incidents_at.incident_id
)

select * from final
