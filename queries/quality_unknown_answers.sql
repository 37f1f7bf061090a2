-- one row per snapshot per yes/no question (table column) of a table present
-- An answer is unknown when the cell is empty (NULL). Each question is
-- counted only over the rows it is asked of (data-contract.md: a flag that
-- does not apply to a row counts nowhere): special_supported of children in
-- special circumstances, disability_* of children in group d (and their
-- households), ecd_* of children aged <= 8 (and their households),
-- consulted of children aged >= 7, household questions of households with a
-- child at d, fatal of injuries, supported_timely of abuse, labour and
-- trafficking, place of injuries and abuse, reported_on of every incident.
-- $kinds, $with_deaths: the incidents counted (childplan.disclosure.rules:
-- a meeting's view leaves sensitive kinds and deaths out of these counts).
-- $groups: residential groups to keep (empty list = whole town); officers
-- then count only group-level officers of those groups, policies ignore it.
with selected_groups as (
    select $groups::varchar[] as names
),

children_at as not materialized (
    select
        children.snapshot_date,
        children.household_id,
        children.special_groups,
        children.special_supported,
        children.disability_services,
        children.disability_integration,
        children.ecd_services,
        children.consulted,
        year(children.snapshot_date) - year(children.birth_date)
        - case
            when month(children.snapshot_date) * 100
                + day(children.snapshot_date)
                < month(children.birth_date) * 100 + day(children.birth_date)
                then 1
            else 0
        end as age,
        coalesce(
            list_contains(
                string_split(children.special_groups, ';'), $disability_code
            ),
            false
        ) as is_disabled
    from children, selected_groups
    where len(selected_groups.names) = 0
        or list_contains(selected_groups.names, children.residential_group)
),

-- Households with a child at d, and whether one is aged <= 8 or
-- disabled: per (household, block of 64 snapshots), bit masks of the
-- snapshots where it has such a child (snapshot n is bit n % 64 of block
-- n // 64, as in measure_counts.sql): ~1 row per household to join, not
-- one per household and snapshot (10 million rows at province scale, and
-- a hash table of them, 1.2 GB).
snapshot_bits as (
    select
        snapshot_date,
        snapshot_no // 64 as bit_block,
        (1::ubigint << (snapshot_no % 64)::ubigint) as snapshot_bit
    from (
        select
            snapshot_date,
            (row_number() over (order by snapshot_date) - 1)::integer
                as snapshot_no
        from (select distinct snapshot_date from manifest) as d
    ) as numbered
),

household_masks as (
    select
        {'household_id': c.household_id, 'bit_block': b.bit_block}
            as household_key,
        bit_or(b.snapshot_bit) as child_mask,
        bit_or(b.snapshot_bit) filter (where c.age <= 8) as young_mask,
        bit_or(b.snapshot_bit) filter (where c.is_disabled) as disabled_mask
    from children_at as c
    inner join snapshot_bits as b on c.snapshot_date = b.snapshot_date
    group by c.household_id, b.bit_block
),

households_at as (
    select
        h.*,
        coalesce((m.young_mask & b.snapshot_bit) <> 0, false)
            as has_young_child,
        coalesce((m.disabled_mask & b.snapshot_bit) <> 0, false)
            as has_disabled_child
    from households as h
    left join snapshot_bits as b on h.snapshot_date = b.snapshot_date
    inner join household_masks as m
        on {'household_id': h.household_id, 'bit_block': b.bit_block}
        = m.household_key
    where (m.child_mask & b.snapshot_bit) <> 0
),

incidents_at as (
    select incidents.*
    from incidents, selected_groups
    where (
        len(selected_groups.names) = 0
        or list_contains(selected_groups.names, incidents.residential_group)
    )
    and list_contains($kinds::varchar[], incidents.kind)
    and ($with_deaths or not coalesce(incidents.fatal, false))
),

officers_at as (
    select officers.*
    from officers, selected_groups
    where len(selected_groups.names) = 0
        or (
            officers.level = 'group'
            and list_contains(selected_groups.names, officers.residential_group)
        )
),

-- Per snapshot and table, each question's rows asked and answers left
-- empty, counted in one pass over the table (a row per answer, unioned,
-- was 5 passes over the 21.6 million child rows of a province).
child_answers as (
    select
        snapshot_date,
        count(*) filter (where special_groups is not null) as a1,
        count(*) filter (
            where special_groups is not null and special_supported is null
        ) as u1,
        count(*) filter (where is_disabled) as a2,
        count(*) filter (where is_disabled and disability_services is null)
            as u2,
        count(*) filter (where is_disabled) as a3,
        count(*) filter (where is_disabled and disability_integration is null)
            as u3,
        count(*) filter (where age <= 8) as a4,
        count(*) filter (where age <= 8 and ecd_services is null) as u4,
        count(*) filter (where age >= 7) as a5,
        count(*) filter (where age >= 7 and consulted is null) as u5
    from children_at
    group by snapshot_date
),

household_answers as (
    select
        snapshot_date,
        count(*) as a6,
        count(*) filter (where protection_knowledge is null) as u6,
        count(*) as a7,
        count(*) filter (where labour_info is null) as u7,
        count(*) filter (where has_young_child) as a8,
        count(*) filter (where has_young_child and ecd_knowledge is null)
            as u8,
        count(*) filter (where has_disabled_child) as a9,
        count(*) filter (
            where has_disabled_child and disability_knowledge is null
        ) as u9
    from households_at
    group by snapshot_date
),

incident_answers as (
    select
        snapshot_date,
        count(*) filter (where kind in ('injury', 'abuse')) as a10,
        count(*) filter (where kind in ('injury', 'abuse') and place is null)
            as u10,
        count(*) as a11,
        count(*) filter (where reported_on is null) as u11,
        count(*) filter (where kind = 'injury') as a12,
        count(*) filter (where kind = 'injury' and fatal is null) as u12,
        count(*) filter (where kind in ('abuse', 'labour', 'trafficking'))
            as a13,
        count(*) filter (
            where kind in ('abuse', 'labour', 'trafficking')
            and supported_timely is null
        ) as u13
    from incidents_at
    group by snapshot_date
),

officer_answers as (
    select
        snapshot_date,
        count(*) as a14,
        count(*) filter (where trained is null) as u14
    from officers_at
    group by snapshot_date
),

policy_answers as (
    select
        snapshot_date,
        count(*) as a15,
        count(*) filter (where children_consulted is null) as u15
    from policies
    group by snapshot_date
),

questions as (
    select q.* from (
        values
        (1, 'children', 'special_supported'),
        (2, 'children', 'disability_services'),
        (3, 'children', 'disability_integration'),
        (4, 'children', 'ecd_services'),
        (5, 'children', 'consulted'),
        (6, 'households', 'protection_knowledge'),
        (7, 'households', 'labour_info'),
        (8, 'households', 'ecd_knowledge'),
        (9, 'households', 'disability_knowledge'),
        (10, 'incidents', 'place'),
        (11, 'incidents', 'reported_on'),
        (12, 'incidents', 'fatal'),
        (13, 'incidents', 'supported_timely'),
        (14, 'officers', 'trained'),
        (15, 'policies', 'children_consulted')
    ) as q (question_order, table_name, column_name)
),

asked as (
    select
        snapshot_date,
        1 as question_order,
        a1 as asked_count,
        u1 as unknown_count
    from child_answers
    union all
    select snapshot_date, 2, a2, u2 from child_answers
    union all
    select snapshot_date, 3, a3, u3 from child_answers
    union all
    select snapshot_date, 4, a4, u4 from child_answers
    union all
    select snapshot_date, 5, a5, u5 from child_answers
    union all
    select snapshot_date, 6, a6, u6 from household_answers
    union all
    select snapshot_date, 7, a7, u7 from household_answers
    union all
    select snapshot_date, 8, a8, u8 from household_answers
    union all
    select snapshot_date, 9, a9, u9 from household_answers
    union all
    select snapshot_date, 10, a10, u10 from incident_answers
    union all
    select snapshot_date, 11, a11, u11 from incident_answers
    union all
    select snapshot_date, 12, a12, u12 from incident_answers
    union all
    select snapshot_date, 13, a13, u13 from incident_answers
    union all
    select snapshot_date, 14, a14, u14 from officer_answers
    union all
    select snapshot_date, 15, a15, u15 from policy_answers
),

final as (
    select
        manifest.snapshot_date,
        questions.table_name,
        questions.column_name,
        coalesce(asked.asked_count, 0)::integer as asked_count,
        coalesce(asked.unknown_count, 0)::integer as unknown_count,
        case
            when coalesce(asked.asked_count, 0) > 0
                then 100.0 * asked.unknown_count / asked.asked_count
        end as unknown_pct
    from manifest
    inner join questions on manifest.table_name = questions.table_name
    left join asked
        on manifest.snapshot_date = asked.snapshot_date
        and questions.question_order = asked.question_order
    order by manifest.snapshot_date, questions.question_order
)

select * from final
