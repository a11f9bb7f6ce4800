"""scratchnet/ imports nothing outside the Python standard library, ever."""

import ast
import sys
from pathlib import Path

import scratchnet

PACKAGE = Path(scratchnet.__file__).parent


def imported_top_level_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_import_is_standard_library_or_scratchnet() -> None:
    files = sorted(PACKAGE.glob("**/*.py"))
    assert len(files) >= 8
    allowed = set(sys.stdlib_module_names) | {"scratchnet"}
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in files
        for name in imported_top_level_modules(path)
        if name not in allowed
    }
    assert offenders == set()


def test_the_check_itself_catches_a_third_party_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy as np\nfrom textual.app import App\nimport os\n")
    assert imported_top_level_modules(bad) - set(sys.stdlib_module_names) == {"numpy", "textual"}
