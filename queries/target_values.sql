-- one row per target per snapshot (and per residential group when $by_group)
--
-- Every target of the plan at every selected snapshot, from the additive
-- counts per (snapshot, residential group) in `measure_counts`: the rollup
-- written when each snapshot was published, or queries/measure_counts.sql
-- run over the child rows (the audit path, `--raw`); the database door
-- (childplan/store/db.py) says which. Shares, rates, statuses are computed
-- here from sums over the chosen groups. Definitions: docs/targets.md.
--
-- Parameters:
--   $groups       VARCHAR[]  chosen residential groups; [] = whole town
--   $date_from    DATE|NULL  first snapshot date (NULL = no bound)
--   $date_to      DATE|NULL  last snapshot date (NULL = no bound)
--   $by_group     BOOLEAN    one row per group instead of the chosen total
--   $year_to_date BOOLEAN    events of d's calendar year up to d instead of
--                            the 12-month window (a year's figure)
--   $pass_mark    DOUBLE     child-friendly pass mark (plan setting)
--   $criteria     INTEGER[]  the criteria a recognised year must all have
--   $target_ids, $measures, $kinds, $operators, $when_none  VARCHAR[]
--   $thresholds   DOUBLE[]   the plan, one element per target, plan order
with

selected_snapshots as (
    select distinct snapshot_date
    from manifest
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
),

tables_present as (
    select snapshot_date, table_name
    from manifest
    where snapshot_date in (select s.snapshot_date from selected_snapshots as s)
),

-- Where each measure's rows come from (for "table missing" = no data).
measure_sources (measure, source_table, is_town_wide) as (
    values
    ('hcdb_share', 'children', false),
    ('hcdb_supported', 'children', false),
    ('officers_trained', 'officers', false),
    ('families_protection_knowledge', 'households', false),
    ('injury_rate', 'incidents', false),
    ('injury_death_rate', 'incidents', false),
    ('drowning_deaths', 'incidents', false),
    ('hiv_new_infections', 'incidents', false),
    ('ecd_access', 'children', false),
    ('ecd_caregiver_knowledge', 'households', false),
    ('disabled_service_access', 'children', false),
    ('disabled_integration_skills', 'children', false),
    ('disabled_caregiver_knowledge', 'households', false),
    ('policies_child_consulted', 'policies', true),
    ('children_consulted', 'children', false),
    ('labour_cases_supported', 'incidents', false),
    ('families_labour_info', 'households', false),
    ('child_friendly_score', 'assessments', true)
),

-- The group filter: chosen groups only (town-level officers, with no
-- group, only for the whole town; town-wide measures whatever the filter);
-- per-group rows never mix groups. One window: the rows of $year_to_date's
-- and those that are the same in both (year_to_date NULL).
chosen_measures as (
    select
        c.snapshot_date,
        case when $by_group then c.residential_group end as residential_group,
        c.measure,
        sum(c.numerator) as numerator,
        sum(c.denominator) as denominator,
        sum(c.score_total) as score_total,
        max(c.criteria_found) as criteria_found,
        min(c.min_score) as min_score
    from measure_counts as c
    inner join measure_sources as m on c.measure = m.measure
    where c.snapshot_date in (
        select s.snapshot_date from selected_snapshots as s
    )
    and (c.year_to_date is null or c.year_to_date = $year_to_date)
    and (
        (m.is_town_wide and not $by_group)
        or (
            not m.is_town_wide
            and (
                len($groups::varchar[]) = 0
                or list_contains($groups::varchar[], c.residential_group)
            )
            and not ($by_group and c.residential_group is null)
        )
    )
    group by all
),

plan_targets as (
    select
        unnest(range(1, len($target_ids::varchar[]) + 1)) as plan_order,
        unnest($target_ids::varchar[]) as target_id,
        unnest($measures::varchar[]) as measure,
        unnest($kinds::varchar[]) as kind,
        unnest($operators::varchar[]) as operator,
        unnest($thresholds::double[]) as threshold,
        unnest($when_none::varchar[]) as when_none
),

frame as (
    select snapshot_date, null::varchar as residential_group
    from selected_snapshots
    where not $by_group
    union all
    select snapshot_date, residential_group
    from residential_groups
    where $by_group
        and snapshot_date in (
            select s.snapshot_date from selected_snapshots as s
        )
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], residential_group)
        )
),

counted as (
    select
        p.plan_order,
        p.target_id,
        f.snapshot_date,
        f.residential_group,
        p.kind,
        p.operator,
        p.threshold,
        p.when_none,
        t.table_name is not null as has_table,
        coalesce(c.numerator, 0) as numerator,
        coalesce(c.denominator, 0) as denominator,
        c.score_total::double as score_total,
        coalesce(
            c.criteria_found = len($criteria::integer[])
            and c.min_score > 0
            and c.score_total >= $pass_mark::decimal(18, 6),
            false
        ) as is_recognised
    from frame as f
    cross join plan_targets as p
    inner join measure_sources as m on p.measure = m.measure
    left join tables_present as t
        on f.snapshot_date = t.snapshot_date
        and m.source_table = t.table_name
    left join chosen_measures as c
        on f.snapshot_date = c.snapshot_date
        and f.residential_group is not distinct from c.residential_group
        and p.measure = c.measure
    where not ($by_group and m.is_town_wide)
),

valued as (
    select
        *,
        case
            when not has_table then null
            when kind = 'share' and denominator > 0
                then 100.0::double * numerator / denominator
            when kind = 'rate' and denominator > 0
                then 1000.0::double * numerator / denominator
            when kind = 'count' then numerator::double
            when kind = 'score' then score_total
        end as value
    from counted
),

final as (
    select
        target_id,
        snapshot_date,
        residential_group,
        case
            when has_table and kind in ('share', 'rate', 'count')
                then numerator::double
        end as numerator,
        case
            when has_table and kind in ('share', 'rate')
                then denominator::double
        end as denominator,
        value,
        threshold,
        operator,
        case
            when not has_table then 'no_data'
            when kind in ('share', 'rate') and denominator = 0 then when_none
            when value is null then 'no_data'
            when operator = 'info' then 'info'
            when kind = 'score' and not is_recognised then 'not_met'
            when meets(value, operator, threshold) then 'met'
            else 'not_met'
        end as status
    from valued
    order by plan_order, snapshot_date, residential_group
)

select * from final
