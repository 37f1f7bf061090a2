-- one row per target per snapshot (and per residential group when $by_group)
--
-- Every target of the plan at every selected snapshot, set-based: all
-- snapshots at once, counted per (snapshot, group), then summed over the
-- chosen groups. Definitions: docs/targets.md.
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

-- Snapshot n (0, 1, ... by date) is bit n % 64 of block n // 64: a
-- household's children are summarised per (household, block) as bit masks
-- of the snapshots they appear in, so the household targets join ~1 row
-- per household instead of one per household and snapshot.
snapshot_bits as (
    select
        snapshot_date,
        -- age at d >= n  <=>  born on or before d - n years, where d - n
        -- years is clamped to the month's end: a child born 29 Feb turns n
        -- on 1 Mar in common years (2016-02-29 is 6 on 2023-02-28, as
        -- 2023-02-28 - 7 years = 2016-02-28 < 2016-02-29).
        (snapshot_date - interval 7 year)::date as born_by_for_age_7,
        (snapshot_date - interval 9 year)::date as born_by_for_age_9,
        snapshot_no // 64 as bit_block,
        (1::ubigint << (snapshot_no % 64)::ubigint) as snapshot_bit
    from (
        select
            snapshot_date,
            (row_number() over (order by snapshot_date) - 1)::integer
                as snapshot_no
        from selected_snapshots
    ) as numbered
),

tables_present as (
    select snapshot_date, table_name
    from manifest
    where snapshot_date in (select s.snapshot_date from selected_snapshots as s)
),

-- Age in completed years at d, compared with a birth-date cutoff per
-- snapshot (above): aged <= 8 is "not yet 9", aged >= 7 is "already 7".
-- Inlined where used (not materialized): each use reads only its columns.
child_rows as not materialized (
    select
        c.snapshot_date,
        c.residential_group,
        c.household_id,
        b.bit_block,
        b.snapshot_bit,
        c.birth_date > b.born_by_for_age_9 as is_aged_8_or_less,
        c.birth_date <= b.born_by_for_age_7 as is_aged_7_or_more,
        coalesce(c.special_groups <> '', false) as is_hcdb,
        coalesce(
            list_contains(
                string_split(c.special_groups, ';'), $disability_code
            ),
            false
        ) as is_disabled,
        c.special_supported,
        c.disability_services,
        c.disability_integration,
        c.ecd_services,
        c.consulted
    from children as c
    inner join snapshot_bits as b on c.snapshot_date = b.snapshot_date
    where c.snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and c.snapshot_date <= coalesce($date_to::date, date '9999-12-31')
),

-- A NULL (unknown) flag fails `filter (where ...)`: counted as not
-- achieved while the child stays in the denominator.
child_counts as (
    select
        snapshot_date,
        residential_group,
        count(*) as children,
        count(*) filter (where is_hcdb) as hcdb_children,
        count(*) filter (where is_hcdb and special_supported)
            as hcdb_supported,
        count(*) filter (where is_aged_8_or_less) as young_children,
        count(*) filter (where is_aged_8_or_less and ecd_services)
            as young_ecd,
        count(*) filter (where is_disabled) as disabled_children,
        count(*) filter (where is_disabled and disability_services)
            as disabled_services,
        count(*) filter (where is_disabled and disability_integration)
            as disabled_integration,
        count(*) filter (where is_aged_7_or_more) as children_7_plus,
        count(*) filter (where is_aged_7_or_more and consulted)
            as consulted_7_plus
    from child_rows
    group by snapshot_date, residential_group
),

-- Per household and block: the snapshots where it has a child, a child
-- aged <= 8, a disabled child.
household_children as (
    select
        {'household_id': household_id, 'bit_block': bit_block}
            as household_key,
        bit_or(snapshot_bit) as child_mask,
        bit_or(snapshot_bit) filter (where is_aged_8_or_less) as young_mask,
        bit_or(snapshot_bit) filter (where is_disabled) as disabled_mask
    from child_rows
    group by household_id, bit_block
),

-- Only households with at least one child in `children` at d count.
-- (Every household row has its snapshot in snapshot_bits: the left join
-- and the one-column struct key are for DuckDB's join order, which
-- otherwise pairs household_children with snapshot_bits first or hashes
-- the ~10 million household rows instead of the ~260,000 masks.)
household_counts as (
    select
        h.snapshot_date,
        h.residential_group,
        count(*) as households,
        count(*) filter (where h.protection_knowledge) as protection_informed,
        count(*) filter (where h.labour_info) as labour_informed,
        count(*) filter (where (hc.young_mask & b.snapshot_bit) <> 0)
            as young_households,
        count(*) filter (
            where (hc.young_mask & b.snapshot_bit) <> 0 and h.ecd_knowledge
        ) as young_households_informed,
        count(*) filter (where (hc.disabled_mask & b.snapshot_bit) <> 0)
            as disabled_households,
        count(*) filter (
            where (hc.disabled_mask & b.snapshot_bit) <> 0
            and h.disability_knowledge
        ) as disabled_households_informed
    from households as h
    left join snapshot_bits as b on h.snapshot_date = b.snapshot_date
    inner join household_children as hc
        on {'household_id': h.household_id, 'bit_block': b.bit_block}
        = hc.household_key
    where h.snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and h.snapshot_date <= coalesce($date_to::date, date '9999-12-31')
        and (hc.child_mask & b.snapshot_bit) <> 0
    group by h.snapshot_date, h.residential_group
),

-- Window: d - 12 months < t <= d, or d's calendar year up to d when
-- $year_to_date: the macro in_period of the database door
-- (childplan/store/definitions.py).
incident_rows as (
    select
        snapshot_date,
        residential_group,
        kind,
        cause,
        fatal,
        supported_timely,
        in_period(occurred_on, snapshot_date, $year_to_date)
            as occurred_in_window,
        in_period(
            coalesce(reported_on, occurred_on), snapshot_date, $year_to_date
        ) as reported_in_window
    from incidents
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
),

incident_counts as (
    select
        snapshot_date,
        residential_group,
        count(*) filter (where kind = 'injury' and occurred_in_window)
            as injuries,
        count(*) filter (
            where kind = 'injury' and occurred_in_window and fatal
        ) as injury_deaths,
        count(*) filter (
            where kind = 'injury' and occurred_in_window and fatal
            and cause = 'drowning'
        ) as drowning_deaths,
        count(*) filter (where kind = 'hiv' and occurred_in_window)
            as hiv_infections,
        count(*) filter (
            where kind in ('labour', 'trafficking') and reported_in_window
        ) as labour_cases,
        count(*) filter (
            where kind in ('labour', 'trafficking') and reported_in_window
            and supported_timely
        ) as labour_cases_supported
    from incident_rows
    group by snapshot_date, residential_group
),

-- Town-level officers carry no group: they count only without a filter.
officer_counts as (
    select
        snapshot_date,
        case when level = 'group' then residential_group end
            as residential_group,
        count(*) as officers,
        count(*) filter (where trained) as officers_trained
    from officers
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
    group by all
),

policy_counts as (
    select
        snapshot_date,
        count(*) filter (where issued_in_window) as policies,
        count(*) filter (where issued_in_window and children_consulted)
            as policies_consulted
    from (
        select
            snapshot_date,
            children_consulted,
            in_period(issued_on, snapshot_date, $year_to_date)
                as issued_in_window
        from policies
        where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
            and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
    ) as p
    group by snapshot_date
),

-- The latest year <= year(d) that has any assessment row in snapshot d.
assessment_years as (
    select snapshot_date, max(year) as assessed_year
    from assessments
    where year <= year(snapshot_date)
        and snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
    group by snapshot_date
),

-- Scores are summed as decimals: 12 x 65.3 + 66.4 is exactly 850 as
-- written, but 849.9999999999999 as a float sum, which would refuse a
-- recognised year (scores are stored as doubles; 6 decimals is far finer
-- than any score sheet).
assessment_scores as (
    select
        snapshot_date, year, criterion,
        score::decimal(18, 6) as score
    from assessments
),

assessment_totals as (
    select
        a.snapshot_date,
        sum(a.score)::double as score_total,
        count(distinct a.criterion) filter (
            where list_contains($criteria::integer[], a.criterion)
        ) = len($criteria::integer[])
        and min(a.score) > 0
        and sum(a.score) >= $pass_mark::decimal(18, 6) as is_recognised
    from assessment_scores as a
    inner join assessment_years as y
        on a.snapshot_date = y.snapshot_date and a.year = y.assessed_year
    group by a.snapshot_date
),

-- Long form: one row per snapshot, group and measure. Materialized (a few
-- thousand rows) so the group filter below is applied here and not pushed
-- into the scans: pushed down, it changed DuckDB's plan and tripled the
-- peak memory at province scale (0.4 -> 1.8 GB).
group_measures as materialized (
    select
        snapshot_date, residential_group, measure, numerator, denominator,
        null::double as score_total, null::boolean as is_recognised
    from (
        select
            snapshot_date, residential_group, 'hcdb_share' as measure,
            hcdb_children as numerator, children as denominator
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'hcdb_supported',
            hcdb_supported, hcdb_children
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'ecd_access',
            young_ecd, young_children
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'disabled_service_access',
            disabled_services, disabled_children
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'disabled_integration_skills',
            disabled_integration, disabled_children
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'children_consulted',
            consulted_7_plus, children_7_plus
        from child_counts
        union all
        -- rates: the children (denominator) and the incidents (numerator)
        -- arrive as separate rows, added up per group below
        select
            snapshot_date, residential_group, 'injury_rate',
            0, children
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'injury_death_rate',
            0, children
        from child_counts
        union all
        select
            snapshot_date, residential_group, 'injury_rate',
            injuries, 0
        from incident_counts
        union all
        select
            snapshot_date, residential_group, 'injury_death_rate',
            injury_deaths, 0
        from incident_counts
        union all
        select
            snapshot_date, residential_group, 'drowning_deaths',
            drowning_deaths, null
        from incident_counts
        union all
        select
            snapshot_date, residential_group, 'hiv_new_infections',
            hiv_infections, null
        from incident_counts
        union all
        select
            snapshot_date, residential_group, 'labour_cases_supported',
            labour_cases_supported, labour_cases
        from incident_counts
        union all
        select
            snapshot_date, residential_group, 'families_protection_knowledge',
            protection_informed, households
        from household_counts
        union all
        select
            snapshot_date, residential_group, 'families_labour_info',
            labour_informed, households
        from household_counts
        union all
        select
            snapshot_date, residential_group, 'ecd_caregiver_knowledge',
            young_households_informed, young_households
        from household_counts
        union all
        select
            snapshot_date, residential_group, 'disabled_caregiver_knowledge',
            disabled_households_informed, disabled_households
        from household_counts
        union all
        select
            snapshot_date, residential_group, 'officers_trained',
            officers_trained, officers
        from officer_counts
    ) as counted
),

town_measures as (
    select
        snapshot_date, 'policies_child_consulted' as measure,
        policies_consulted as numerator, policies as denominator,
        null::double as score_total, null::boolean as is_recognised
    from policy_counts
    union all
    select
        snapshot_date, 'child_friendly_score', null, null,
        score_total, is_recognised
    from assessment_totals
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
-- group, only for the whole town); per-group rows never mix groups.
chosen_measures as (
    select
        snapshot_date,
        case when $by_group then residential_group end as residential_group,
        measure,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        null::double as score_total,
        null::boolean as is_recognised
    from group_measures
    where (
        len($groups::varchar[]) = 0
        or list_contains($groups::varchar[], residential_group)
    )
    and not ($by_group and residential_group is null)
    group by all
    union all
    select
        snapshot_date, null, measure, numerator, denominator,
        score_total, is_recognised
    from town_measures
    where not $by_group
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
        c.score_total,
        coalesce(c.is_recognised, false) as is_recognised
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
