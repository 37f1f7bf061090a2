-- one row per servable snapshot, oldest first
with

snapshots as (
    select distinct snapshot_date
    from manifest
),

final as (
    select snapshot_date
    from snapshots
    order by snapshot_date
)

select * from final
