-- one row per snapshot: incidents naming a child absent from its children
-- An incident whose child_id is set but not among the same snapshot's
-- children. Allowed by the contract (a child who died or moved away), so
-- fatal ones are counted apart: the rest are worth a look.
-- $kinds, $with_deaths: the incidents counted (childplan.disclosure.rules:
-- a meeting's view leaves sensitive kinds and deaths out of these counts).
-- $groups: residential groups to keep (empty list = whole town).
with snapshots as (
    select distinct snapshot_date
    from manifest
),

incidents_at as (
    select snapshot_date, child_id, fatal
    from incidents
    where child_id is not null
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], residential_group)
        )
        and list_contains($kinds::varchar[], kind)
        and ($with_deaths or not coalesce(fatal, false))
),

absent as (
    select incidents_at.*
    from incidents_at
    anti join children
        on incidents_at.snapshot_date = children.snapshot_date
        and incidents_at.child_id = children.child_id
),

counts as (
    select
        snapshot_date,
        count(*) as absent_child_count,
        count(*) filter (where fatal) as absent_fatal_count
    from absent
    group by snapshot_date
),

named as (
    select snapshot_date, count(*) as naming_child_count
    from incidents_at
    group by snapshot_date
),

final as (
    select
        snapshots.snapshot_date,
        coalesce(named.naming_child_count, 0)::integer as naming_child_count,
        coalesce(counts.absent_child_count, 0)::integer as absent_child_count,
        coalesce(counts.absent_fatal_count, 0)::integer as absent_fatal_count
    from snapshots
    left join named on snapshots.snapshot_date = named.snapshot_date
    left join counts on snapshots.snapshot_date = counts.snapshot_date
    order by snapshots.snapshot_date
)

select * from final
