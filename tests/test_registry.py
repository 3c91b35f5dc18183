"""Registries are validated on load: a broken file names the file and the key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from monitor import config
from monitor.registry import RegistryError, load_registry

PLAN = "plans/vejleaaparken-2021-25.yaml"
ISHOEJ = "plans/ishoej-2025-29.yaml"


def _goal(plan: dict, goal_id: str) -> dict:
    return next(g for g in plan["goals"] if g["id"] == goal_id)


def _edit(rel: str, change: Callable[[object], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    return apply


def _write(rel: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).write_text(text, encoding="utf-8")


BROKEN = [
    pytest.param(
        _edit("indicators.yaml", lambda d: d[0].update(unit="procent")),
        ["indicators.yaml", "indicators[0](dagtilbud_1_5).unit", "skal være en af"],
        id="unknown-unit",
    ),
    pytest.param(
        _edit("indicators.yaml", lambda d: d[1].update(code=d[0]["code"])),
        ["indicators.yaml", "findes flere gange"],
        id="duplicate-indicator-code",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d["goals"][0]["indicators"][0].update(indicator="findes_ikke")),
        [PLAN, "goals(", "ukendt indikator 'findes_ikke'"],
        id="unknown-indicator",
    ),
    pytest.param(
        _edit(
            PLAN, lambda d: d["goals"][0]["indicators"][0]["baselines"][0].update(geo="Atlantis")
        ),
        [PLAN, "baselines", "ukendt geografi 'Atlantis'"],
        id="unknown-geography",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d["goals"][0].update(indsatsomraade="Sport")),
        [PLAN, "goals[0](fagligt-loeft).indsatsomraade", "'Sport'"],
        id="unknown-indsatsomraade",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d["goals"][0]["indicators"][0]["baselines"][0].update(value=188.4)),
        [PLAN, "uden for 0-100"],
        id="share-above-100",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d.pop("kommune")),
        [PLAN, "nøgle kommune", "feltet mangler"],
        id="missing-key",
    ),
    pytest.param(_write(PLAN, "id: [unclosed\n"), [PLAN, "ugyldig YAML"], id="bad-yaml"),
    pytest.param(
        _edit(
            PLAN, lambda d: d["goals"][0]["indicators"][0]["baselines"][1].update(geo="Øvrige HHP")
        ),
        [PLAN, "goals(fagligt-loeft).indicators(dagtilbud_1_5).baselines(Øvrige HHP).role"],
        id="kommune-baseline-not-a-kommune",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d["goals"][0]["indicators"][0].update(geo="183")),
        [PLAN, "indicators(dagtilbud_1_5).geo", "ikke en af planens afdelinger"],
        id="followed-geo-not-a-plan-area",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d["goals"][0]["indicators"].append(d["goals"][0]["indicators"][0])),
        [PLAN, "goals(fagligt-loeft).indicators", "dagtilbud_1_5@Vejleåparken", "flere gange"],
        id="duplicate-goal-indicator",
    ),
    pytest.param(
        _edit(
            PLAN,
            lambda d: d["goals"][0]["indicators"][0]["baselines"].append(
                d["goals"][0]["indicators"][0]["baselines"][0]
            ),
        ),
        [PLAN, "baselines(Vejleåparken)", "flere baselines"],
        id="duplicate-baseline",
    ),
    pytest.param(
        _edit(
            ISHOEJ,
            lambda d: _goal(d, "udsaettelser-under-6")["indicators"][0]["targets"][0].pop(
                "threshold"
            ),
        ),
        [ISHOEJ, "targets[0]", "threshold"],
        id="target-without-threshold",
    ),
    pytest.param(
        _edit(ISHOEJ, lambda d: d["activities"][0].update(indsatsomraade="Sport")),
        [ISHOEJ, "activities[0](beboerraadgivning).indsatsomraade", "'Sport'"],
        id="activity-unknown-indsatsomraade",
    ),
    pytest.param(
        _edit(ISHOEJ, lambda d: d["activities"][0]["supports"].append("findes-ikke")),
        [ISHOEJ, "activities(beboerraadgivning).supports", "ukendt mål 'findes-ikke'"],
        id="activity-supports-unknown-goal",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d["afdelinger"][0].update(name="Et andet navn")),
        [PLAN, "afdelinger(AAB-55)", "afviger fra"],
        id="afdeling-differs-between-plans",
    ),
    pytest.param(
        _edit("geographies.yaml", lambda d: d["comparators"][0]["aliases"].append("Ishøj")),
        ["geographies.yaml", "comparators(Øvrige HHP)", "'Ishøj'", "bruges også om"],
        id="geography-name-used-twice",
    ),
    pytest.param(
        _edit(PLAN, lambda d: d.update(id="noget-andet")),
        [PLAN, "nøgle id", "filnavnet"],
        id="plan-id-not-file-stem",
    ),
    pytest.param(
        _edit(
            "indicators.yaml",
            lambda d: next(i for i in d if i["code"] == "isoleret").pop("survey"),
        ),
        ["indicators.yaml", "(isoleret)", "survey"],
        id="survey-indicator-without-survey",
    ),
    pytest.param(
        lambda root: (root / "geographies.yaml").unlink(),
        ["geographies.yaml", "findes ikke"],
        id="missing-file",
    ),
]


@pytest.mark.parametrize(("breakage", "expected"), BROKEN)
def test_broken_registry_names_file_and_key(
    tmp_path: Path, breakage: Callable[[Path], None], expected: list[str]
) -> None:
    root = tmp_path / "data"
    shutil.copytree(config.REGISTRY_DIR, root, ignore=shutil.ignore_patterns("*.duckdb*", "demo"))
    breakage(root)
    with pytest.raises(RegistryError) as caught:
        load_registry(root)
    message = str(caught.value)
    for fragment in expected:
        assert fragment in message


def test_real_registry_loads(registry) -> None:
    assert {p.id for p in registry.plans} == {
        "vejleaaparken-2021-25",
        "ishoej-2025-29",
        "slagelse-2021-25",
    }
