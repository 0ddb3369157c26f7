"""The stack-file reader: what YAML tools disagree on, what JSON cannot carry, and what would make a
reader recurse or expand without bound are refused with one located line each."""

import codecs
import os
import subprocess
import sys
import textwrap

import pytest

from bulkhead.plan.runner import REPO_ROOT
from infra.settings import SettingsError, read_stack_config
from infra.settings.documents import MAX_DEPTH
from infra.settings.stack_yaml import MAX_NODES

HEADER = "config:\n  aws:region: us-east-1\n  bulkhead:settings:\n"


def problems(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(SettingsError) as caught:
        read_stack_config(path)
    return [line.removeprefix(f"{path}: ") for line in caught.value.problems]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "'yes' is a boolean in YAML 1.1 but text in YAML 1.2: write true or false, or quote it"),
        ("off", "'off' is a boolean in YAML 1.1 but text in YAML 1.2: write true or false, or quote it"),
        ("24:00", "'24:00' is a base-60 number in YAML 1.1 but text in YAML 1.2: quote it"),
        ("2024-01-01", "'2024-01-01' is a date in YAML 1.1 but text in YAML 1.2: quote it"),
        ("012", "YAML 1.1 and 1.2 read '012' differently: write a plain decimal number, or quote it"),
        ("1_000", "YAML 1.1 and 1.2 read '1_000' differently: write a plain decimal number, or quote it"),
        ("1e3", "YAML 1.1 and 1.2 read '1e3' differently: write a plain decimal number, or quote it"),
        (".inf", "'.inf' is not a number JSON can carry"),
        ("!!binary aGVsbG8=", "tag !!binary is not allowed: stack files hold plain values"),
        (
            "!!python/object/apply:os.system [id]",
            "tag !!python/object/apply:os.system is not allowed: stack files hold plain values",
        ),
        ("!!int 0x10", "'0x10' is not a plain int value"),
        ("12345678901234567890", "a number with more than 18 digits"),
    ],
)
def test_values_yaml_readers_disagree_on_are_refused_at_their_path(tmp_path, value, message):
    [line] = problems(tmp_path, HEADER + f"    network:\n      az_count: {value}\n")
    assert line == f"network.az_count: {message} (line 5, column 17)"


def test_quoted_values_are_text(tmp_path):
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(HEADER + '    tags: {on-call: "yes", window: "24:00"}\n')
    assert read_stack_config(path)["bulkhead:settings"]["tags"] == {"on-call": "yes", "window": "24:00"}


def test_duplicate_keys_name_both_lines(tmp_path):
    assert problems(tmp_path, HEADER + "    app: mobile\n    environment: dev\n    app: other\n") == [
        "bulkhead:settings: duplicate key 'app' (lines 4 and 6)"
    ]


def test_every_reader_problem_is_reported_at_once(tmp_path):
    lines = problems(tmp_path, HEADER + "    app: yes\n    app: no\n    tags: {1: x}\n")
    assert [line.rsplit(" (line", 1)[0] for line in lines] == [
        "app: 'yes' is a boolean in YAML 1.1 but text in YAML 1.2: write true or false, or quote it",
        "app: 'no' is a boolean in YAML 1.1 but text in YAML 1.2: write true or false, or quote it",
        "tags: keys must be text (got '1'); quote the key",
        "bulkhead:settings: duplicate key 'app'",
    ]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused_before_anything_recurses(tmp_path, depth):
    [line] = problems(tmp_path, HEADER + "    tags: " + "[" * depth + "]" * depth + "\n")
    assert line.startswith(f"tags: nested deeper than {MAX_DEPTH} levels")


def test_an_alias_that_contains_itself_is_refused(tmp_path):
    assert problems(tmp_path, HEADER + "    tags: &loop [*loop]\n") == [
        "an alias refers to a collection that contains it"
    ]


def test_aliases_are_allowed_within_bounds(tmp_path):
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(
        HEADER + "    keys: {admin_role_arns: &admins [arn:aws:iam::111122223333:role/a]}\n"
        "    cluster: {admin_role_arns: *admins}\n"
    )
    settings = read_stack_config(path)["bulkhead:settings"]
    assert settings["cluster"]["admin_role_arns"] == ["arn:aws:iam::111122223333:role/a"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le"), "is UTF-16 text; save it as UTF-8"),
        (codecs.BOM_UTF32_LE + HEADER.encode("utf-32-le"), "is UTF-32 text; save it as UTF-8"),
        (HEADER.encode() + b"    app: caf\xe9\n", "line 4: byte 0xe9 is not UTF-8; save the file as UTF-8"),
        (HEADER.encode("utf-16-le"), "line 1: contains NUL bytes (UTF-16 or binary?); save it as UTF-8 text"),
        (HEADER.encode() + b"    app: \x1b[2J\n", "line 4: character U+001B is not allowed in YAML"),
    ],
)
def test_other_encodings_and_stray_bytes_are_one_line(tmp_path, data, message):
    assert problems(tmp_path, data) == [message]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "Pulumi.x.yaml"
    path.write_bytes(codecs.BOM_UTF8 + (HEADER + "    app: mobile\n").encode())
    assert read_stack_config(path)["bulkhead:settings"] == {"app": "mobile"}


BOMBS = {
    # Nine-fold aliases nine levels deep expand to 9**9 (387 million) values.
    "billion laughs": "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9))
    + HEADER
    + "    tags: *a8\n",
    "deep flow nesting": HEADER + "    tags: " + "[" * 120_000 + "]" * 120_000 + "\n",
    "many aliases": "a: &a x\n" + "".join(f"b{n}: *a\n" for n in range(5000)) + HEADER,
}


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_expansion_tricks_end_quickly_in_a_fresh_process(tmp_path, bomb):
    """Run where a hang would be killed by the timeout instead of hanging the suite."""
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(BOMBS[bomb])
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from infra.settings import SettingsError, load_stack_file
        try:
            load_stack_file(Path({str(path)!r}))
        except SettingsError as error:
            print(error)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert any(
        reason in result.stdout
        for reason in (f"aliases expand to more than {MAX_NODES} values", "nested deeper than", "more than 200 aliases")
    ), result.stdout
