-- one row per snapshot and residential group, plus the town's row -- the rollup
--
-- The additive counts behind every target, per (snapshot, residential
-- group), one column each: the children, households and officers counted
-- and those who meet a target, and the events of both windows (`_12m`: the
-- 12 months to the snapshot; `_ytd`: its calendar year up to it). Every
-- target's value, interval and status is computed from sums of these rows
-- (queries/target_values.sql), so a group filter is a sum over groups.
-- Written once per snapshot when it is published
-- (childplan/store/rollup.py) -- a snapshot never changes -- and
-- run over the child rows of the whole store as the audit path
-- (`python -m childplan indicators --raw`). Definitions: docs/targets.md.
--
-- The town's row (residential_group NULL) holds what belongs to no group:
-- the town-level officers, the policies, the assessment (its total, how
-- many of the criteria it has, its lowest score: the pass mark is the
-- plan's, applied when read). One row per (snapshot, group) in all.
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
child_counts as materialized (
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
household_counts as materialized (
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
        kind = 'injury' and fatal as is_death,
        kind = 'injury' and fatal and cause = 'drowning' as is_drowning,
        kind in ('labour', 'trafficking') as is_labour,
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

incident_counts as materialized (
    select
        snapshot_date,
        residential_group,
        count(*) filter (where kind = 'injury' and occurred_12m)
            as injuries_12m,
        count(*) filter (where is_death and occurred_12m)
            as injury_deaths_12m,
        count(*) filter (where is_drowning and occurred_12m)
            as drowning_deaths_12m,
        count(*) filter (where kind = 'hiv' and occurred_12m)
            as hiv_infections_12m,
        count(*) filter (where is_labour and reported_12m)
            as labour_cases_12m,
        count(*) filter (where is_labour and reported_12m and supported_timely)
            as labour_cases_supported_12m,
        count(*) filter (where kind = 'injury' and occurred_ytd)
            as injuries_ytd,
        count(*) filter (where is_death and occurred_ytd)
            as injury_deaths_ytd,
        count(*) filter (where is_drowning and occurred_ytd)
            as drowning_deaths_ytd,
        count(*) filter (where kind = 'hiv' and occurred_ytd)
            as hiv_infections_ytd,
        count(*) filter (where is_labour and reported_ytd)
            as labour_cases_ytd,
        count(*) filter (where is_labour and reported_ytd and supported_timely)
            as labour_cases_supported_ytd
    from incident_rows
    group by snapshot_date, residential_group
),

-- Town-level officers carry no group: they count only without a filter.
officer_counts as materialized (
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

-- One row per snapshot with a policy (none: no row, 0 of 0).
policy_counts as (
    select
        snapshot_date,
        count(*) filter (where issued_12m) as policies_12m,
        count(*) filter (where issued_12m and children_consulted)
            as policies_consulted_12m,
        count(*) filter (where issued_ytd) as policies_ytd,
        count(*) filter (where issued_ytd and children_consulted)
            as policies_consulted_ytd
    from (
        select
            snapshot_date,
            children_consulted,
            in_period(issued_on, snapshot_date, false) as issued_12m,
            in_period(issued_on, snapshot_date, true) as issued_ytd
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

-- Every (snapshot, group) that has a row of any kind. (The counts above
-- are materialized: each is read here and joined below, and inlined twice
-- the 21.6 million child rows of a province would be counted twice.)
group_keys as (
    select snapshot_date, residential_group from child_counts
    union
    select snapshot_date, residential_group from household_counts
    union
    select snapshot_date, residential_group from incident_counts
    union
    select snapshot_date, residential_group from officer_counts
    where residential_group is not null
),

group_rows as (
    select
        k.snapshot_date,
        k.residential_group,
        coalesce(c.children, 0)::bigint as children,
        coalesce(c.hcdb_children, 0)::bigint as hcdb_children,
        coalesce(c.hcdb_supported, 0)::bigint as hcdb_supported,
        coalesce(c.young_children, 0)::bigint as young_children,
        coalesce(c.young_ecd, 0)::bigint as young_ecd,
        coalesce(c.disabled_children, 0)::bigint as disabled_children,
        coalesce(c.disabled_services, 0)::bigint as disabled_services,
        coalesce(c.disabled_integration, 0)::bigint as disabled_integration,
        coalesce(c.children_7_plus, 0)::bigint as children_7_plus,
        coalesce(c.consulted_7_plus, 0)::bigint as consulted_7_plus,
        coalesce(h.households, 0)::bigint as households,
        coalesce(h.protection_informed, 0)::bigint as protection_informed,
        coalesce(h.labour_informed, 0)::bigint as labour_informed,
        coalesce(h.young_households, 0)::bigint as young_households,
        coalesce(h.young_households_informed, 0)::bigint
            as young_households_informed,
        coalesce(h.disabled_households, 0)::bigint as disabled_households,
        coalesce(h.disabled_households_informed, 0)::bigint
            as disabled_households_informed,
        coalesce(o.officers, 0)::bigint as officers,
        coalesce(o.officers_trained, 0)::bigint as officers_trained,
        coalesce(i.injuries_12m, 0)::bigint as injuries_12m,
        coalesce(i.injury_deaths_12m, 0)::bigint as injury_deaths_12m,
        coalesce(i.drowning_deaths_12m, 0)::bigint as drowning_deaths_12m,
        coalesce(i.hiv_infections_12m, 0)::bigint as hiv_infections_12m,
        coalesce(i.labour_cases_12m, 0)::bigint as labour_cases_12m,
        coalesce(i.labour_cases_supported_12m, 0)::bigint
            as labour_cases_supported_12m,
        coalesce(i.injuries_ytd, 0)::bigint as injuries_ytd,
        coalesce(i.injury_deaths_ytd, 0)::bigint as injury_deaths_ytd,
        coalesce(i.drowning_deaths_ytd, 0)::bigint as drowning_deaths_ytd,
        coalesce(i.hiv_infections_ytd, 0)::bigint as hiv_infections_ytd,
        coalesce(i.labour_cases_ytd, 0)::bigint as labour_cases_ytd,
        coalesce(i.labour_cases_supported_ytd, 0)::bigint
            as labour_cases_supported_ytd,
        0::bigint as policies_12m,
        0::bigint as policies_consulted_12m,
        0::bigint as policies_ytd,
        0::bigint as policies_consulted_ytd,
        null::decimal(18, 6) as score_total,
        null::integer as criteria_found,
        null::decimal(18, 6) as min_score
    from group_keys as k
    left join child_counts as c
        on k.snapshot_date = c.snapshot_date
        and k.residential_group = c.residential_group
    left join household_counts as h
        on k.snapshot_date = h.snapshot_date
        and k.residential_group = h.residential_group
    left join officer_counts as o
        on k.snapshot_date = o.snapshot_date
        and k.residential_group = o.residential_group
    left join incident_counts as i
        on k.snapshot_date = i.snapshot_date
        and k.residential_group = i.residential_group
),

-- The town's row of every snapshot: what belongs to no group.
town_rows as (
    select
        s.snapshot_date,
        null::varchar as residential_group,
        0::bigint as children,
        0::bigint as hcdb_children,
        0::bigint as hcdb_supported,
        0::bigint as young_children,
        0::bigint as young_ecd,
        0::bigint as disabled_children,
        0::bigint as disabled_services,
        0::bigint as disabled_integration,
        0::bigint as children_7_plus,
        0::bigint as consulted_7_plus,
        0::bigint as households,
        0::bigint as protection_informed,
        0::bigint as labour_informed,
        0::bigint as young_households,
        0::bigint as young_households_informed,
        0::bigint as disabled_households,
        0::bigint as disabled_households_informed,
        coalesce(o.officers, 0)::bigint as officers,
        coalesce(o.officers_trained, 0)::bigint as officers_trained,
        0::bigint as injuries_12m,
        0::bigint as injury_deaths_12m,
        0::bigint as drowning_deaths_12m,
        0::bigint as hiv_infections_12m,
        0::bigint as labour_cases_12m,
        0::bigint as labour_cases_supported_12m,
        0::bigint as injuries_ytd,
        0::bigint as injury_deaths_ytd,
        0::bigint as drowning_deaths_ytd,
        0::bigint as hiv_infections_ytd,
        0::bigint as labour_cases_ytd,
        0::bigint as labour_cases_supported_ytd,
        coalesce(p.policies_12m, 0)::bigint as policies_12m,
        coalesce(p.policies_consulted_12m, 0)::bigint as policies_consulted_12m,
        coalesce(p.policies_ytd, 0)::bigint as policies_ytd,
        coalesce(p.policies_consulted_ytd, 0)::bigint as policies_consulted_ytd,
        a.score_total,
        a.criteria_found::integer as criteria_found,
        a.min_score
    from selected_snapshots as s
    left join officer_counts as o
        on s.snapshot_date = o.snapshot_date and o.residential_group is null
    left join policy_counts as p on s.snapshot_date = p.snapshot_date
    left join assessment_totals as a on s.snapshot_date = a.snapshot_date
),

final as (
    select * from group_rows
    union all
    select * from town_rows
)

select * from final
order by snapshot_date, residential_group nulls first
