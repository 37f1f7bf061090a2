-- one row per snapshot, residential group, measure (and window) -- the rollup
--
-- The additive counts behind every target, per (snapshot, residential
-- group): a share's numerator and denominator, a rate's events and
-- children, a count's events. Every target's value, interval and status is
-- computed from sums of these rows (queries/target_values.sql), so a group
-- filter is a sum over groups. Written once per snapshot when it is
-- published (childplan/store/rollup.py) -- a snapshot never changes -- and
-- run over the child rows of the whole store as the audit path
-- (`python -m childplan indicators --raw`). Definitions: docs/targets.md.
--
-- A row's residential_group is NULL for what belongs to no group: the
-- town-level officers and the town-wide measures (policies, assessment).
-- year_to_date says which event window the row counts: false = the 12
-- months to the snapshot, true = the snapshot's calendar year up to it,
-- NULL = not an event measure (the same in both).
--
-- Parameters:
--   $date_from, $date_to  DATE|NULL  snapshots to count (NULL = no bound)
--   $disability_code      VARCHAR    special_groups code of disability
--   $criteria             INTEGER[]  the recognition criteria (contract)
--
-- Kept to SQL that Spark SQL and Trino also run, but for the DuckDB forms
-- named in docs/scale.md (list functions, struct keys, `::` casts).
with

selected_snapshots as (
    select distinct snapshot_date
    from manifest
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
),

-- Snapshot n (0, 1, ... by date) is bit n % 64 of block n // 64: a
-- household's children are summarised per (household, block) as bit masks
-- of the snapshots they appear in, so the household measures join ~1 row
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

-- Both windows (the macro in_period of the database door,
-- childplan/store/definitions.py): d - 12 months < t <= d, and d's
-- calendar year up to d (a year's figure).
incident_rows as (
    select
        snapshot_date,
        residential_group,
        kind,
        cause,
        fatal,
        supported_timely,
        in_period(occurred_on, snapshot_date, false) as occurred_12m,
        in_period(occurred_on, snapshot_date, true) as occurred_ytd,
        in_period(coalesce(reported_on, occurred_on), snapshot_date, false)
            as reported_12m,
        in_period(coalesce(reported_on, occurred_on), snapshot_date, true)
            as reported_ytd
    from incidents
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
),

incident_windows as (
    select
        snapshot_date,
        residential_group,
        false as year_to_date,
        kind,
        cause,
        fatal,
        supported_timely,
        occurred_12m as occurred_in_window,
        reported_12m as reported_in_window
    from incident_rows
    where occurred_12m or reported_12m
    union all
    select
        snapshot_date,
        residential_group,
        true,
        kind,
        cause,
        fatal,
        supported_timely,
        occurred_ytd,
        reported_ytd
    from incident_rows
    where occurred_ytd or reported_ytd
),

incident_counts as (
    select
        snapshot_date,
        residential_group,
        year_to_date,
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
    from incident_windows
    group by snapshot_date, residential_group, year_to_date
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
    group by
        snapshot_date,
        case when level = 'group' then residential_group end
),

policy_windows as (
    select
        snapshot_date,
        false as year_to_date,
        children_consulted,
        in_period(issued_on, snapshot_date, false) as issued_in_window
    from policies
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
    union all
    select
        snapshot_date,
        true,
        children_consulted,
        in_period(issued_on, snapshot_date, true)
    from policies
    where snapshot_date >= coalesce($date_from::date, date '0001-01-01')
        and snapshot_date <= coalesce($date_to::date, date '9999-12-31')
),

-- One row per snapshot and window with a policy (none: no row, 0 of 0).
policy_counts as (
    select
        snapshot_date,
        year_to_date,
        count(*) filter (where issued_in_window) as policies,
        count(*) filter (where issued_in_window and children_consulted)
            as policies_consulted
    from policy_windows
    group by snapshot_date, year_to_date
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
-- than any score sheet). The pass mark is the plan's: the rollup keeps
-- what it needs (total, criteria found, lowest score), not the verdict.
assessment_totals as (
    select
        a.snapshot_date,
        sum(a.score::decimal(18, 6)) as score_total,
        count(distinct a.criterion) filter (
            where list_contains($criteria::integer[], a.criterion)
        ) as criteria_found,
        min(a.score::decimal(18, 6)) as min_score
    from assessments as a
    inner join assessment_years as y
        on a.snapshot_date = y.snapshot_date and a.year = y.assessed_year
    group by a.snapshot_date
),

-- Long form: one row per snapshot, group, measure and window.
counted as (
    select
        snapshot_date, residential_group, 'hcdb_share' as measure,
        null::boolean as year_to_date,
        hcdb_children as numerator, children as denominator
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'hcdb_supported', null,
        hcdb_supported, hcdb_children
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'ecd_access', null,
        young_ecd, young_children
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'disabled_service_access', null,
        disabled_services, disabled_children
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'disabled_integration_skills', null,
        disabled_integration, disabled_children
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'children_consulted', null,
        consulted_7_plus, children_7_plus
    from child_counts
    union all
    -- rates: the children (denominator) and the incidents (numerator)
    -- arrive as separate rows, added up per group when read
    select
        snapshot_date, residential_group, 'injury_rate', null,
        0, children
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'injury_death_rate', null,
        0, children
    from child_counts
    union all
    select
        snapshot_date, residential_group, 'injury_rate', year_to_date,
        injuries, 0
    from incident_counts
    union all
    select
        snapshot_date, residential_group, 'injury_death_rate', year_to_date,
        injury_deaths, 0
    from incident_counts
    union all
    select
        snapshot_date, residential_group, 'drowning_deaths', year_to_date,
        drowning_deaths, null
    from incident_counts
    union all
    select
        snapshot_date, residential_group, 'hiv_new_infections', year_to_date,
        hiv_infections, null
    from incident_counts
    union all
    select
        snapshot_date, residential_group, 'labour_cases_supported',
        year_to_date, labour_cases_supported, labour_cases
    from incident_counts
    union all
    select
        snapshot_date, residential_group, 'families_protection_knowledge',
        null, protection_informed, households
    from household_counts
    union all
    select
        snapshot_date, residential_group, 'families_labour_info', null,
        labour_informed, households
    from household_counts
    union all
    select
        snapshot_date, residential_group, 'ecd_caregiver_knowledge', null,
        young_households_informed, young_households
    from household_counts
    union all
    select
        snapshot_date, residential_group, 'disabled_caregiver_knowledge',
        null, disabled_households_informed, disabled_households
    from household_counts
    union all
    select
        snapshot_date, residential_group, 'officers_trained', null,
        officers_trained, officers
    from officer_counts
    union all
    select
        snapshot_date, null, 'policies_child_consulted', year_to_date,
        policies_consulted, policies
    from policy_counts
),

final as (
    select
        snapshot_date,
        residential_group,
        measure,
        year_to_date,
        numerator::bigint as numerator,
        denominator::bigint as denominator,
        null::decimal(18, 6) as score_total,
        null::integer as criteria_found,
        null::decimal(18, 6) as min_score
    from counted
    union all
    select
        snapshot_date,
        null,
        'child_friendly_score',
        null,
        null,
        null,
        score_total,
        criteria_found::integer,
        min_score
    from assessment_totals
)

select * from final
order by snapshot_date, measure, year_to_date, residential_group
