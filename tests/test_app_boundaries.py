"""Apps depend downwards (docs/adr/0017-app-boundaries.md): the code is checked by `lint-imports`
(`make lint`), and the migrations here, since the import graph cannot see a migration's dependencies."""

import tomllib
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent


def layer_of_app() -> dict[str, int]:
    """Each app label's height in the contract's layers: 0 at the bottom (the foundation)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(item for item in config["tool"]["importlinter"]["contracts"] if item["type"] == "layers")
    heights = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for module in layer.replace("|", ":").split(":"):
            heights[module.strip().split(".")[-1]] = height
    return heights


def test_no_migration_depends_on_an_app_above_its_own():
    heights = layer_of_app()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    upward = []
    for (app, name), migration in loader.disk_migrations.items():
        for dependency_app, dependency_name in migration.dependencies:
            if dependency_app in heights and app in heights and heights[dependency_app] > heights[app]:
                upward.append(f"{app}.{name} -> {dependency_app}.{dependency_name}")
    assert "accounts" in heights and "together_network" in heights  # the contract was read
    assert upward == []


def test_every_app_with_models_is_in_the_layers():
    from django.apps import apps

    heights = layer_of_app()
    ours = [
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(str(ROOT)) and ".venv" not in Path(config.path).parts
    ]
    assert sorted(label for label in ours if label not in heights) == []
