-- one row per snapshot per residential group missing from it
-- A group is missing from snapshot d when it was seen in an earlier snapshot
-- (listed in its residential_groups or holding children there) and has no
-- child in d's children table. is_listed tells the two cases apart: false =
-- dropped from d's residential_groups too; true = still listed but with no
-- child. last_seen_date is the latest earlier snapshot where it had
-- children (NULL if it never had any, i.e. it was only ever listed).
with listed as (
    select snapshot_date, residential_group
    from residential_groups
),

populated as (
    select distinct snapshot_date, residential_group
    from children
),

seen as (
    select snapshot_date, residential_group from listed
    union
    select snapshot_date, residential_group from populated
),

snapshots as (
    select distinct snapshot_date
    from manifest
),

candidates as (
    select
        snapshots.snapshot_date,
        seen.residential_group
    from snapshots
    inner join seen on snapshots.snapshot_date > seen.snapshot_date
    group by snapshots.snapshot_date, seen.residential_group
),

final as (
    select
        candidates.snapshot_date,
        candidates.residential_group,
        listed.residential_group is not null as is_listed,
        (
            select max(earlier.snapshot_date)
            from populated as earlier
            where earlier.residential_group = candidates.residential_group
                and earlier.snapshot_date < candidates.snapshot_date
        ) as last_seen_date
    from candidates
    left join populated
        on candidates.snapshot_date = populated.snapshot_date
        and candidates.residential_group = populated.residential_group
    left join listed
        on candidates.snapshot_date = listed.snapshot_date
        and candidates.residential_group = listed.residential_group
    where populated.residential_group is null
    order by candidates.snapshot_date, candidates.residential_group
)

select * from final
