"""Strict loading of the project's YAML data files.

The registry (``data/actors.yml``) and the lexicons (``analysis/data/*.yml``)
are edited by hand. A misspelt key (``aliasses:``, ``adjectivs:``) would
otherwise be ignored and the entry would silently do nothing, so every file
is checked against the keys its reader knows, and an unknown key stops the
load with the file, the line and the key. A key written twice in one mapping
stops it too: YAML keeps only the second, so the first block (a category's
``patterns:`` written again further down) would vanish without a word.

A *spec* describes the keys a mapping may hold:

- a dict ``{key: subspec}``: only these keys; ``"*"`` stands for any key
  (party names, category names) and gives the spec of its values;
- a list ``[subspec]``: a sequence whose items follow ``subspec``;
- ``None``: anything (a scalar, a list of scalars, free-form data).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file that cannot be used as it is; the message names file, line and key."""


def _check_duplicates(node: yaml.Node, path: str) -> None:
    """Stop at a key written twice in one mapping, anywhere in the file (the first line named)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in n.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise DataFileError(f"{path}, line {line}: key {key!r} written twice in one mapping "
                                        f"(first at line {seen[key]}); YAML would keep only the second")
                seen[key] = line
                stack.append(value_node)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _check(node: yaml.Node, spec: Any, path: str, where: str) -> None:
    if spec is None:
        return
    if isinstance(spec, dict):
        if not isinstance(node, yaml.MappingNode):
            return  # an empty entry ("NATO:" with nothing under it) or a scalar: the reader decides
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in spec:
                sub = spec[key]
            elif "*" in spec:
                sub = spec["*"]
            else:
                allowed = ", ".join(sorted(k for k in spec if k != "*"))
                raise DataFileError(
                    f"{path}, line {key_node.start_mark.line + 1}: unknown key {key!r}"
                    f"{' under ' + where if where else ''} (expected one of: {allowed})")
            _check(value_node, sub, path, f"{where}.{key}" if where else key)
    elif isinstance(spec, list):
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                _check(item, spec[0], path, f"{where}[{i}]")


def load_checked(path: str | Path, spec: Any) -> Any:
    """Parse a YAML file safely and check its keys against ``spec``.

    Raises :class:`DataFileError` for an unknown key, a key written twice in one
    mapping, a YAML syntax error or a file that cannot be read, always naming the file.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: cannot be read ({e})") from e
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DataFileError(f"{path}: not valid YAML ({e})".replace("\n", " ")) from e
    if node is not None:
        _check_duplicates(node, str(path))
        _check(node, spec, str(path), "")
    return data
