-- one row per snapshot: children counted, change from the previous snapshot
-- is_flagged when the count moved by more than $change_share (a fraction)
-- of the previous count (strictly). The first snapshot has no previous one:
-- change columns NULL.
-- $groups: residential groups to keep (empty list = whole town).
with snapshots as (
    select distinct snapshot_date
    from manifest
),

children_counts as (
    select
        snapshots.snapshot_date,
        count(children.child_id) as children_count
    from snapshots
    left join children
        on snapshots.snapshot_date = children.snapshot_date
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], children.residential_group)
        )
    group by snapshots.snapshot_date
),

with_previous as (
    select
        snapshot_date,
        children_count,
        lag(snapshot_date) over (order by snapshot_date)
            as previous_snapshot_date,
        lag(children_count) over (order by snapshot_date)
            as previous_children_count
    from children_counts
),

final as (
    select
        snapshot_date,
        previous_snapshot_date,
        children_count::integer as children_count,
        previous_children_count::integer as previous_children_count,
        (children_count - previous_children_count)::integer as change_count,
        case
            when previous_children_count > 0
                then 100.0 * (children_count - previous_children_count)
                    / previous_children_count
        end as change_pct,
        coalesce(
            abs(children_count - previous_children_count)
            > $change_share * previous_children_count,
            false
        ) as is_flagged
    from with_previous
    order by snapshot_date
)

select * from final
