"""Data contracts on the registries, in the style of dbt's data tests.

Each SQL contract selects the rows that break it, run against a database the real registries
were written to (`registry_db`); a contract holds when it selects nothing. The second half pins
the transcription of the seed documents (../shared/seeds) that the registries come from.
"""

from __future__ import annotations

import pytest

from monitor.db import fetch_df
from monitor.registry import INDSATSOMRAADER, Registry

UNITS = ("andel", "antal", "gennemsnit", "beløb", "pr. 1000")
DIRECTIONS = ("higher", "lower")
SOURCE_KINDS = ("lbf", "tryghed", "lokal")


# Named value lists a contract may use as `$name` (bound as parameters, never spliced in).
LISTS = {
    "units": list(UNITS),
    "directions": list(DIRECTIONS),
    "source_kinds": list(SOURCE_KINDS),
    "indsatsomraader": list(INDSATSOMRAADER),
}


CONTRACTS = {
    # --- unique ---------------------------------------------------------------------------
    "unique_indicator_code": "select code from indicator group by code having count(*) > 1",
    "unique_goal_per_plan": ("select plan_id, goal_id from goal group by all having count(*) > 1"),
    "unique_indicator_alias": (
        "select alias_norm from indicator_alias group by alias_norm having count(*) > 1"
    ),
    # --- not null / accepted values -------------------------------------------------------
    "indicator_name_and_definition_not_empty": (
        "select code from indicator where coalesce(trim(name), '') = '' "
        "or coalesce(trim(definition), '') = ''"
    ),
    "accepted_units": "select code, unit from indicator where not list_contains($units, unit)",
    "accepted_directions": (
        "select code, direction from indicator where not list_contains($directions, direction)"
    ),
    "accepted_source_kinds": (
        "select code, source_kind from indicator "
        "where not list_contains($source_kinds, source_kind)"
    ),
    # A survey indicator names its survey; question and answer group only where a seed
    # states them (issue 9), so they are not required.
    "survey_indicator_names_its_survey": (
        "select code from indicator where source_kind = 'tryghed' and "
        "coalesce(trim(survey), '') = ''"
    ),
    "every_goal_has_an_lbf_indsatsomraade": (
        "select plan_id, goal_id, indsatsomraade from goal "
        "where indsatsomraade is null or not list_contains($indsatsomraader, indsatsomraade)"
    ),
    "every_goal_has_a_title": "select plan_id, goal_id from goal where trim(title) = ''",
    "accepted_goal_kinds": (
        "select plan_id, goal_id from goal where kind not in ('maal', 'delmaal')"
    ),
    "activity_indsatsomraade_is_an_lbf_one": (
        "select plan_id, activity_id from activity "
        "where indsatsomraade is not null "
        "and not list_contains($indsatsomraader, indsatsomraade)"
    ),
    "share_baselines_within_0_100": (
        "select b.* from baseline as b join indicator as i on i.code = b.indicator_code "
        "where i.unit = 'andel' and b.value not between 0 and 100"
    ),
    "baseline_counts_not_negative": "select * from baseline where count < 0",
    # --- relationships --------------------------------------------------------------------
    "every_indicator_a_plan_follows_exists": (
        "select gi.* from goal_indicator as gi "
        "anti join indicator as i on i.code = gi.indicator_code"
    ),
    "every_followed_geography_is_an_area": (
        "select gi.* from goal_indicator as gi "
        "left join geography as g on g.code = gi.geo_code "
        "where (g.level is null or g.level not in ('afdeling', 'boligomraade')) "
        # or the plan's own whole area (issue 9: Slagelse's goals are for the plan)
        "and gi.geo_code <> 'plan:' || gi.plan_id"
    ),
    "every_goal_indicator_has_its_goal": (
        "select gi.* from goal_indicator as gi anti join goal using (plan_id, goal_id)"
    ),
    "every_baseline_indicator_exists": (
        "select b.* from baseline as b anti join indicator as i on i.code = b.indicator_code"
    ),
    "every_baseline_geography_exists": (
        "select b.* from baseline as b anti join geography as g on g.code = b.geo_code"
    ),
    "every_baseline_belongs_to_a_goal_indicator": (
        "select b.* from baseline as b anti join goal_indicator as gi "
        "on gi.plan_id = b.plan_id and gi.goal_id = b.goal_id "
        "and gi.indicator_code = b.indicator_code and gi.geo_code = b.area_code"
    ),
    "kommune_baselines_are_kommuner": (
        "select b.* from baseline as b join geography as g on g.code = b.geo_code "
        "where b.role = 'kommune' and g.level <> 'kommune'"
    ),
    "omraade_baselines_are_areas": (
        "select b.* from baseline as b join geography as g on g.code = b.geo_code "
        "where b.role = 'omraade' and g.level not in ('afdeling', 'boligomraade') "
        "and b.geo_code <> 'plan:' || b.plan_id"
    ),
    "every_target_belongs_to_a_goal_indicator": (
        "select t.* from target as t anti join goal_indicator as gi "
        "on gi.plan_id = t.plan_id and gi.goal_id = t.goal_id "
        "and gi.indicator_code = t.indicator_code and gi.geo_code = t.geo_code"
    ),
    "thresholds_where_the_target_kind_needs_one": (
        "select * from target where kind <> 'direction' and threshold is null"
    ),
    "every_supported_goal_exists": (
        "select ag.* from activity_goal as ag anti join goal using (plan_id, goal_id)"
    ),
    "every_activity_link_has_its_activity": (
        "select ag.* from activity_goal as ag anti join activity using (plan_id, activity_id)"
    ),
    "plan_kommune_is_a_kommune": (
        "select p.* from plan as p left join geography as g on g.code = p.kommune_code "
        "where g.level is distinct from 'kommune'"
    ),
    "plan_areas_are_boligomraader": (
        "select a.* from plan_area as a left join geography as g on g.code = a.geo_code "
        "where g.level is distinct from 'boligomraade'"
    ),
    "members_are_known_geographies": (
        "select m.* from geography_member as m "
        "where m.parent_code not in (select code from geography) "
        "or m.child_code not in (select code from geography)"
    ),
    "geography_aliases_point_to_geographies": (
        "select a.* from geography_alias as a anti join geography as g on g.code = a.geo_code"
    ),
    "indicator_aliases_point_to_indicators": (
        "select a.* from indicator_alias as a anti join indicator as i on i.code = a.indicator_code"
    ),
    "afdelinger_have_an_organisation": (
        "select g.* from geography as g where g.level = 'afdeling' and ("
        "g.organisation is null or g.organisation not in (select code from organisation)) "
        # a placeholder for an afdeling no seed names has no known organisation (issue 9)
        "and not starts_with(g.code, 'ukendt:')"
    ),
    "afdeling_codes_are_org_nr": (
        "select code from geography where level = 'afdeling' "
        "and not regexp_full_match(code, '[A-ZÆØÅ]+-[0-9]+[A-Za-z]?') "
        # a member no seed gives a code for is a placeholder (issue 9)
        "and not starts_with(code, 'ukendt:')"
    ),
    "kommune_codes_are_three_digits": (
        "select code from geography where level = 'kommune' "
        "and not regexp_full_match(code, '[0-9]{3}')"
    ),
}


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_contract(registry_db, name: str) -> None:
    sql = CONTRACTS[name]
    params = {key: values for key, values in LISTS.items() if f"${key}" in sql}
    broken = fetch_df(registry_db, sql, params or None)
    assert broken.empty, f"{name}:\n{broken.to_string()}"


# goal and baseline are views of each plan's newest version (migration 019): the damage goes
# into the versioned rows they show.
BREAKAGES = [
    pytest.param(
        "update pv_goal set indsatsomraade = 'Sport' where goal_id = 'fagligt-loeft'",
        "every_goal_has_an_lbf_indsatsomraade",
        id="goal-without-lbf-indsatsomraade",
    ),
    pytest.param(
        "update pv_baseline set geo_code = 'Atlantis' where value = 88.4",
        "every_baseline_geography_exists",
        id="baseline-unknown-geography",
    ),
    pytest.param(
        "update indicator set survey = null where code = 'isoleret'",
        "survey_indicator_names_its_survey",
        id="survey-without-survey",
    ),
    pytest.param(
        "delete from indicator where code = 'udsaettelser'",
        "every_indicator_a_plan_follows_exists",
        id="followed-indicator-missing",
    ),
]


@pytest.mark.parametrize(("damage", "name"), BREAKAGES)
def test_contract_catches_a_broken_row(registry_db, damage: str, name: str) -> None:
    registry_db.execute(damage)
    sql = CONTRACTS[name]
    params = {key: values for key, values in LISTS.items() if f"${key}" in sql}
    assert not fetch_df(registry_db, sql, params or None).empty


# --- The same contracts on the YAML side, before anything is written -----------------------


def test_indicator_codes_unique_in_the_yaml(registry: Registry) -> None:
    codes = [i.code for i in registry.indicators]
    assert len(codes) == len(set(codes))


def test_every_indicator_a_plan_uses_exists(registry: Registry) -> None:
    known = {i.code for i in registry.indicators}
    used = {gi.indicator for p in registry.plans for g in p.goals for gi in g.indicators}
    assert used <= known, used - known


def test_every_goal_has_indsatsomraade_slug_and_title(registry: Registry) -> None:
    for plan in registry.plans:
        for goal in plan.goals:
            assert goal.indsatsomraade in INDSATSOMRAADER, (plan.id, goal.id)
            assert goal.id and goal.id == goal.id.lower(), (plan.id, goal.id)
            assert goal.title.strip() == goal.title and goal.title, (plan.id, goal.id)


# --- The seeds, transcribed ---------------------------------------------------------------

SEED_INDICATOR_TEXTS = {
    # seed 000 (Vejleåparken 2021-25), section 5
    "Andel 1-5-årige i dagtilbud": "dagtilbud_1_5",
    "Karaktergennemsnit i dansk og matematik for 9.-klasseselever": "karakter_dansk_matematik_9",
    "Andel 18-29-årige, der har grundskole som højest fuldførte uddannelse, og som ikke er i "
    "gang med en uddannelse": "grundskole_18_29",
    "Andel 15-29-årige, der hverken er i gang med en uddannelse eller er i beskæftigelse "
    "(restgruppen)": "restgruppe_15_29",
    "Andel 18-64-årige, der er uden tilknytning til arbejdsmarked og uddannelse": (
        "uden_tilknytning_18_64"
    ),
    "Andel 15-29-årige, som er sigtet mindst én gang": "sigtet_15_29",
    "Andel beboere over 18 år, der føler sig grundlæggende trygge i boligområdet": (
        "tryg_i_boligomraadet"
    ),
    "Andel beboere over 18 år, der laver frivilligt arbejde tit/meget tit i boligområdet": (
        "frivilligt_arbejde"
    ),
    # seed 004 (Slagelse 2021-25): its own spellings of the same indicators
    "Andel 1-5 årige i dagtilbud": "dagtilbud_1_5",
    "Andel 18-29-årige, der har grundskole som højest fuldførte uddannelse, og som ikke er i "
    "gang med en uddannelse.": "grundskole_18_29",
    "Andel 18-64 årige, der er uden tilknytning til arbejdsmarked og uddannelse": (
        "uden_tilknytning_18_64"
    ),
    "Andel 15-29-årige, der er sigtet mindst én gang": "sigtet_15_29",
    "Andel beboere over 18 år, der laver frivilligt arbejde": "frivilligt_arbejde_18",
    # seed 001 (Ishøj 2025-29, Sammenhængskraft og medborgerskab)
    "Tillid til politiet": "tillid_politiet",
    "Tillid til retsvæsnet/domstolene": "tillid_retsvaesnet",
    "Tillid til politikere": "tillid_politikere",
    "Tillid til Borgerservice, sagsbehandler osv.": "tillid_borgerservice",
    "Tilfreds med at bo i boligområdet": "tilfreds_med_boligomraadet",
    "Boligområdet giver mig en følelse af at høre til i et fællesskab": "hoerer_til_faellesskab",
    "Tilfredshed med dit liv": "tilfreds_med_livet",
    "Hvor ofte føler du dig isoleret fra andre": "isoleret",
    "Udsættelser af beboere i AAB55": "udsaettelser",
}


@pytest.mark.parametrize(("text", "code"), SEED_INDICATOR_TEXTS.items())
def test_seed_spellings_resolve_to_their_indicator(
    registry: Registry, text: str, code: str
) -> None:
    from monitor.text import loose_key

    owners = {
        ind.code
        for ind in registry.indicators
        for name in (ind.name, *ind.aliases)
        if loose_key(name) == loose_key(text)
    }
    assert owners == {code}


def test_valgdeltagelse_is_two_indicators(registry: Registry) -> None:
    goal = next(g for g in registry.plan("vejleaaparken-2021-25").goals if g.id.startswith("del"))
    figures = {
        gi.indicator: [(b.geo, b.value, b.year) for b in gi.baselines] for gi in goal.indicators
    }
    assert figures["valgdeltagelse_kommunalvalg"] == [
        ("Vejleåparken", 46.6, 2017),
        ("183", 70.8, 2017),
    ]
    assert figures["valgdeltagelse_folketingsvalg"] == [
        ("Vejleåparken", 68.5, 2019),
        ("183", 84.6, 2019),
    ]


# Seed 002's delmål per indsatsområde (with seed 001's for Sammenhængskraft), verbatim.
ISHOEJ_DELMAAL = {
    "Uddannelse og livschancer": [
        "Flere unge gennemfører en uddannelse højere end grundskolen",
        "Færre unge afbryder uddannelse uden at påbegynde en ny uddannelse",
        "Øge og styrke de unges erhvervspraktikforløb",
    ],
    "Beskæftigelse": [
        "Øge de unges viden om arbejdsmarkedet",
        "Øge de unges tilknytning til arbejdsmarkedet",
        "Øge de unges uddannelsesparathed",
        "Øge de voksnes tilknytning til arbejdsmarkedet",
    ],
    "Kriminalitetsforebyggelse": [
        "Fald i antallet af utryghedsskabende og/eller kriminelle hændelser i Vejleåparken, "
        'Vildtbanegård I og II, registreret af politiet på de såkaldte "SSP-lister" (børn og '
        "unge 0-17 år, og unge 18-25 år)",
        "Andelen af sigtelser falder",
        "Andel personer med mindst én sigtelse falder",
    ],
    "Sammenhængskraft og medborgerskab": [
        "Tilliden til myndighederne stiger",
        "Sammenhængskraften i og tilfredsheden med boligområdet stiger",
        "Trivslen på individniveau stiger",
        "Udsættelser forebygges, og antallet af udsættelser på baggrund af restance fastholdes "
        "på under 6 udsættelser årligt i AAB55",
    ],
}


def test_ishoej_delmaal_are_the_seeds(registry: Registry) -> None:
    plan = registry.plan("ishoej-2025-29")
    assert {g.kind for g in plan.goals} == {"delmaal"}
    found: dict[str, list[str]] = {}
    for goal in plan.goals:
        found.setdefault(goal.indsatsomraade, []).append(goal.title)
    assert found == ISHOEJ_DELMAAL
    assert [b.code for b in plan.boligomraader] == ["Vejleåparken", "Vildtbanegård I og II"]


def test_ishoej_sammenhaengskraft_baselines_against_the_198_largest(registry: Registry) -> None:
    plan = registry.plan("ishoej-2025-29")
    figures = {
        gi.indicator: tuple(b.value for b in gi.baselines)
        for g in plan.goals
        if g.indsatsomraade == "Sammenhængskraft og medborgerskab"
        for gi in g.indicators
        if gi.indicator != "udsaettelser"
    }
    assert figures == {
        "tillid_politiet": (68, 80),
        "tillid_retsvaesnet": (70, 76),
        "tillid_politikere": (38, 36),
        "tillid_borgerservice": (72, 68),
        "tilfreds_med_boligomraadet": (83, 80),
        "hoerer_til_faellesskab": (63, 49),
        "tilfreds_med_livet": (72, 72),
        "isoleret": (7.8, 12.9),
    }
    comparators = {
        b.geo
        for g in plan.goals
        for gi in g.indicators
        for b in gi.baselines
        if b.role == "sammenligning"
    }
    assert comparators == {"De 198 største områder i DK"}


def test_ishoej_eviction_target_and_uncertain_baseline(registry: Registry) -> None:
    goal = next(g for g in registry.plan("ishoej-2025-29").goals if g.id == "udsaettelser-under-6")
    (gi,) = goal.indicators
    assert (gi.indicator, gi.geo) == ("udsaettelser", "AAB-55")
    ((baseline),) = gi.baselines
    assert (baseline.geo, baseline.value, baseline.year, baseline.uncertain) == (
        "AAB-55",
        3,
        2024,
        True,
    )
    assert baseline.source == "Boligforeningen AAB"
    ((target),) = gi.targets
    assert (target.kind, target.threshold) == ("below", 6)


def test_ishoej_activities_support_the_seeds_delmaal(registry: Registry) -> None:
    plan = registry.plan("ishoej-2025-29")
    titles = {g.id: g.title for g in plan.goals}
    supports = {a.name: {titles[s] for s in a.supports} for a in plan.activities}
    assert supports["Beboerrådgivning"] == set(ISHOEJ_DELMAAL["Sammenhængskraft og medborgerskab"])
    assert supports["Sundhedstjek"] == {"Trivslen på individniveau stiger"}
    assert {a.name for a in plan.activities} >= {
        "Fritidsjobforløb",
        "Tættere på fritidsjob – fritidsjobworkshop i udskolingsklasser",
        "Social- og økonomisk rådgivning",
        "Fremskudt uddannelsesvejledning",
        "Styrket erhvervspraktik på 8. årgang på Strandgårdskolen",
        "Netværk for fælles forebyggelse",
        "Brobygning til fritidslivet",
        "CykelVærestedet",
    }


def test_slagelse_areas_afdelinger_and_empty_baselines(registry: Registry) -> None:
    plan = registry.plan("slagelse-2021-25")
    assert {b.code: b.afdelinger for b in plan.boligomraader} == {
        "Motalavej": ["BK-15", "BK-21", "BK-35"],
        "Ringparken": ["FOB-23", "FOB-24", "FOB-26", "FOB-32"],
        "Sydbyen": ["SB-12", "FOB-34"],
    }
    assert len(plan.afdelinger) == 9
    assert {o.name for o in plan.organisations} == {
        "FOB, Fællesorganisationens Boligforening",
        "Slagelse Boligselskab",
        "BoligKorsør",
    }
    baselines = [b for g in plan.goals for gi in g.indicators for b in gi.baselines]
    assert baselines and all(b.value is None and b.count is None for b in baselines)
    followed = {(gi.indicator, gi.geo) for g in plan.goals for gi in g.indicators}
    lbf_nine = {gi.indicator for g in plan.goals for gi in g.indicators}
    assert len(lbf_nine) == 10  # nine LBF indicators, valgdeltagelse as two
    # Issue 9: one area cell per indicator in seed 004, so each is followed once, for the
    # plan's whole area (the boligområder are the Overblik's breakdown).
    assert followed == {(i, "plan:slagelse-2021-25") for i in lbf_nine}


def test_no_invented_survey_wording(registry: Registry) -> None:
    """Issue 9: the seeds give survey indicators as texts only. No question is made up, and
    an answer group only where seed 001 states one beside the figure."""
    surveys = [i for i in registry.indicators if i.source_kind == "tryghed"]
    assert all(i.question is None for i in surveys)
    assert {i.code: i.answer_group for i in surveys if i.answer_group} == {
        "tilfreds_med_boligomraadet": "Meget tilfreds/tilfreds",
        "hoerer_til_faellesskab": "Meget enig/enig",
        "tilfreds_med_livet": "Meget tilfreds/tilfreds",
        "isoleret": "Altid eller ofte",
    }


def test_sigtelser_is_a_share_and_slagelse_keeps_its_own_wording(registry: Registry) -> None:
    sigtelser = registry.indicator("andel_sigtelser")
    assert (sigtelser.name, sigtelser.unit) == ("Andelen af sigtelser", "andel")
    slagelse = registry.plan("slagelse-2021-25")
    followed = {gi.indicator for g in slagelse.goals for gi in g.indicators}
    assert "frivilligt_arbejde_18" in followed and "frivilligt_arbejde" not in followed
    assert registry.indicator("frivilligt_arbejde_18").name == (
        "Andel beboere over 18 år, der laver frivilligt arbejde"
    )
