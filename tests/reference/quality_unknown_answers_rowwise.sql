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

children_at as (
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

households_with_children as (
    select
        snapshot_date,
        household_id,
        bool_or(age <= 8) as has_young_child,
        bool_or(is_disabled) as has_disabled_child
    from children_at
    group by snapshot_date, household_id
),

households_at as (
    select
        households.*,
        households_with_children.has_young_child,
        households_with_children.has_disabled_child
    from households
    inner join households_with_children
        on households.snapshot_date = households_with_children.snapshot_date
        and households.household_id = households_with_children.household_id
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

answers as (
    select
        snapshot_date, 'children' as table_name,
        'special_supported' as column_name,
        special_supported is null as is_unknown
    from children_at
    where special_groups is not null
    union all
    select
        snapshot_date, 'children', 'disability_services',
        disability_services is null
    from children_at
    where is_disabled
    union all
    select
        snapshot_date, 'children', 'disability_integration',
        disability_integration is null
    from children_at
    where is_disabled
    union all
    select snapshot_date, 'children', 'ecd_services', ecd_services is null
    from children_at
    where age <= 8
    union all
    select snapshot_date, 'children', 'consulted', consulted is null
    from children_at
    where age >= 7
    union all
    select
        snapshot_date, 'households', 'protection_knowledge',
        protection_knowledge is null
    from households_at
    union all
    select snapshot_date, 'households', 'labour_info', labour_info is null
    from households_at
    union all
    select snapshot_date, 'households', 'ecd_knowledge', ecd_knowledge is null
    from households_at
    where has_young_child
    union all
    select
        snapshot_date, 'households', 'disability_knowledge',
        disability_knowledge is null
    from households_at
    where has_disabled_child
    union all
    select snapshot_date, 'incidents', 'place', place is null
    from incidents_at
    where kind in ('injury', 'abuse')
    union all
    select snapshot_date, 'incidents', 'reported_on', reported_on is null
    from incidents_at
    union all
    select snapshot_date, 'incidents', 'fatal', fatal is null
    from incidents_at
    where kind = 'injury'
    union all
    select
        snapshot_date, 'incidents', 'supported_timely',
        supported_timely is null
    from incidents_at
    where kind in ('abuse', 'labour', 'trafficking')
    union all
    select snapshot_date, 'officers', 'trained', trained is null
    from officers_at
    union all
    select
        snapshot_date, 'policies', 'children_consulted',
        children_consulted is null
    from policies
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
        table_name,
        column_name,
        count(*) as asked_count,
        count(*) filter (where is_unknown) as unknown_count
    from answers
    group by snapshot_date, table_name, column_name
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
        and questions.table_name = asked.table_name
        and questions.column_name = asked.column_name
    order by manifest.snapshot_date, questions.question_order
)

select * from final
