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
--   $days         DATE[]|NULL  only these snapshots (NULL = every one)
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
        and (
            $days::date[] is null or list_contains($days::date[], snapshot_date)
        )
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

-- The group filter, a sum over the chosen groups' rows (all groups and the
-- town's row -- its town-level officers -- for the whole town; per group
-- when $by_group, never mixing groups), in the window of $year_to_date.
chosen_counts as (
    select
        c.snapshot_date,
        case when $by_group then c.residential_group end as residential_group,
        sum(c.children) as children,
        sum(c.hcdb_children) as hcdb_children,
        sum(c.hcdb_supported) as hcdb_supported,
        sum(c.young_children) as young_children,
        sum(c.young_ecd) as young_ecd,
        sum(c.disabled_children) as disabled_children,
        sum(c.disabled_services) as disabled_services,
        sum(c.disabled_integration) as disabled_integration,
        sum(c.children_7_plus) as children_7_plus,
        sum(c.consulted_7_plus) as consulted_7_plus,
        sum(c.households) as households,
        sum(c.protection_informed) as protection_informed,
        sum(c.labour_informed) as labour_informed,
        sum(c.young_households) as young_households,
        sum(c.young_households_informed) as young_households_informed,
        sum(c.disabled_households) as disabled_households,
        sum(c.disabled_households_informed) as disabled_households_informed,
        sum(c.officers) as officers,
        sum(c.officers_trained) as officers_trained,
        sum(case when $year_to_date then c.injuries_ytd else c.injuries_12m end)
            as injuries,
        sum(
            case
                when $year_to_date then c.injury_deaths_ytd else
                    c.injury_deaths_12m
            end
        )
            as injury_deaths,
        sum(
            case
                when $year_to_date then c.drowning_deaths_ytd else
                    c.drowning_deaths_12m
            end
        )
            as drowning_deaths,
        sum(
            case
                when $year_to_date then c.hiv_infections_ytd else
                    c.hiv_infections_12m
            end
        )
            as hiv_infections,
        sum(
            case
                when $year_to_date then c.labour_cases_ytd else
                    c.labour_cases_12m
            end
        )
            as labour_cases,
        sum(
            case
                when $year_to_date then c.labour_cases_supported_ytd else
                    c.labour_cases_supported_12m
            end
        )
            as labour_cases_supported
    from measure_counts as c
    where c.snapshot_date in (
            select s.snapshot_date from selected_snapshots as s
        )
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], c.residential_group)
        )
        and not ($by_group and c.residential_group is null)
    group by all
),

-- The town-wide measures (policies, assessment), whatever the filter.
town_counts as (
    select
        c.snapshot_date,
        case
            when $year_to_date then c.policies_consulted_ytd
            else c.policies_consulted_12m
        end as policies_consulted,
        case
            when $year_to_date then c.policies_ytd else c.policies_12m
        end as policies,
        c.score_total,
        c.criteria_found,
        c.min_score
    from measure_counts as c
    where c.residential_group is null
        and not $by_group
        and c.snapshot_date in (
            select s.snapshot_date from selected_snapshots as s
        )
),

-- Long form: one row per snapshot (and group) and measure, each measure's
-- numerator and denominator picked from the summed columns.
chosen_measures as (
    select
        c.snapshot_date,
        c.residential_group,
        m.measure,
        case m.measure
            when 'hcdb_share' then c.hcdb_children
            when 'hcdb_supported' then c.hcdb_supported
            when 'ecd_access' then c.young_ecd
            when 'disabled_service_access' then c.disabled_services
            when 'disabled_integration_skills' then c.disabled_integration
            when 'children_consulted' then c.consulted_7_plus
            when 'injury_rate' then c.injuries
            when 'injury_death_rate' then c.injury_deaths
            when 'drowning_deaths' then c.drowning_deaths
            when 'hiv_new_infections' then c.hiv_infections
            when 'labour_cases_supported' then c.labour_cases_supported
            when 'families_protection_knowledge' then c.protection_informed
            when 'families_labour_info' then c.labour_informed
            when 'ecd_caregiver_knowledge' then c.young_households_informed
            when
                'disabled_caregiver_knowledge'
                then c.disabled_households_informed
            when 'officers_trained' then c.officers_trained
        end as numerator,
        case m.measure
            when 'hcdb_share' then c.children
            when 'hcdb_supported' then c.hcdb_children
            when 'ecd_access' then c.young_children
            when 'disabled_service_access' then c.disabled_children
            when 'disabled_integration_skills' then c.disabled_children
            when 'children_consulted' then c.children_7_plus
            when 'injury_rate' then c.children
            when 'injury_death_rate' then c.children
            when 'labour_cases_supported' then c.labour_cases
            when 'families_protection_knowledge' then c.households
            when 'families_labour_info' then c.households
            when 'ecd_caregiver_knowledge' then c.young_households
            when 'disabled_caregiver_knowledge' then c.disabled_households
            when 'officers_trained' then c.officers
        end as denominator,
        null::decimal(38, 6) as score_total,
        null::integer as criteria_found,
        null::decimal(18, 6) as min_score
    from chosen_counts as c
    cross join measure_sources as m
    where not m.is_town_wide
    union all
    select
        snapshot_date, null, 'policies_child_consulted',
        policies_consulted, policies, null, null, null
    from town_counts
    union all
    select
        snapshot_date, null, 'child_friendly_score',
        null, null, score_total, criteria_found, min_score
    from town_counts
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
        -- (NULL = NULL for the town's rows: a hash join, where `is not
        -- distinct from` compared every row with every other)
        and coalesce(f.residential_group, '')
        = coalesce(c.residential_group, '')
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
