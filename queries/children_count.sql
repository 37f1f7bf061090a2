-- one row: the children of the register at snapshot $snapshot_date
--
-- The whole town's children (Tổng số trẻ em of the quarterly injury
-- report), counted as the targets count their denominator: every row of
-- `children` in the snapshot. Parameters: $snapshot_date DATE.
with

snapshot_children as (
    select child_id
    from children
    where snapshot_date = $snapshot_date::date
),

final as (
    select count(*) as children_count
    from snapshot_children
)

select * from final
