-- one row per calendar month with no snapshot between the first and last one
-- Months are calendar months of snapshot dates; the snapshots on either
-- side of the gap are given so the page can say where the series breaks.
with snapshots as (
    select distinct snapshot_date
    from manifest
),

snapshot_months as (
    select distinct date_trunc('month', snapshot_date)::date as month
    from snapshots
),

all_months as (
    select
        unnest(generate_series(
            min(month)::timestamp, max(month)::timestamp, interval 1 month
        ))::date as month
    from snapshot_months
    having count(*) > 0
),

final as (
    select
        all_months.month,
        (
            select max(snapshots.snapshot_date) from snapshots
            where snapshots.snapshot_date < all_months.month
        ) as previous_snapshot_date,
        (
            select min(snapshots.snapshot_date) from snapshots
            where snapshots.snapshot_date >= all_months.month
        ) as next_snapshot_date
    from all_months
    left join snapshot_months on all_months.month = snapshot_months.month
    where snapshot_months.month is null
    order by all_months.month
)

select * from final
