"""Veta's apps import only downward (docs/architecture.md), and never inside a function to dodge a cycle."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
# Bottom to top: each layer may import itself and the layers before it.
LAYERS = ("core", "regions", "incidents", "enforcement", "overview", "alerts", "veta")


def project_imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, top-level package, inside a function) of each import of a Veta app in a module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            else:
                names = []
            for name in names:
                package = name.split(".")[0]
                if package in LAYERS:
                    found.append((child.lineno, package, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def modules(layer: str) -> list[Path]:
    return sorted(path for path in (ROOT / layer).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_itself_and_the_layers_below(layer: str) -> None:
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    climbing = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for path in modules(layer)
        for line, package, _in_function in project_imports(path)
        if package not in allowed
    ]
    assert climbing == []


def test_no_module_imports_a_veta_app_inside_a_function_except_an_apps_ready() -> None:
    # AppConfig.ready() is where Django wants an app's models imported to connect signals.
    hidden = [
        f"{path.relative_to(ROOT)}:{line} imports {package}"
        for layer in LAYERS
        for path in modules(layer)
        if path.name != "apps.py"
        for line, package, in_function in project_imports(path)
        if in_function
    ]
    assert hidden == []


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text("import os\nfrom enforcement.models import X\n\ndef f():\n    from overview import views\n")
    assert project_imports(module) == [(2, "enforcement", False), (5, "overview", True)]


def test_a_model_relates_only_to_its_own_layer_and_the_layers_below() -> None:
    # A foreign key named by a string is no import, but it ties the app's migrations and
    # meaning to the app it points at just the same.
    climbing = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_models()
        if model._meta.app_label in LAYERS
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is not None
        and field.related_model._meta.app_label in LAYERS
        and LAYERS.index(field.related_model._meta.app_label) > LAYERS.index(model._meta.app_label)
    ]
    assert climbing == []
