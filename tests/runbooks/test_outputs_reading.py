"""Reading the outputs file: strict JSON within bounds, one located line per problem, nothing echoed
that looks like a secret. (What the contract means is in test_outputs_contract.py.)"""

import io
import json

import pytest

from bulkhead.runbooks.outputs import OutputsError, load_outputs


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe{\x00}\x00", "is UTF-16 text; save it as UTF-8"),
        (b'{"rpo_minutes": \xe9}', "line 1: byte 0xe9 is not UTF-8"),
        (b'{"rpo_minutes": NaN}', "NaN is not a JSON number"),
        (b'{"rpo_minutes": 1e999}', "number 1e999 is out of range"),
        (b'{"rpo_minutes": ' + b"9" * 5000 + b"}", "has more than 18 digits"),
        (b'{"a": 1, "a": 2}', "duplicate key 'a' in one object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper than"),
    ],
)
def test_what_json_cannot_carry_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "outputs.json"
    path.write_bytes(content)
    with pytest.raises(OutputsError) as caught:
        load_outputs(str(path))
    assert message in str(caught.value) and str(caught.value).startswith(f"{path}: ")


def test_a_wrong_value_is_echoed_only_when_it_does_not_look_like_a_secret(tmp_path, prod_outputs):
    prod_outputs["databases"][0]["cluster_identifier"] = ["AKIAQ7ZRX2M4WB9KT3NV", {"password": "hunter2"}]
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(prod_outputs))
    with pytest.raises(OutputsError) as caught:
        load_outputs(str(path))
    assert str(caught.value) == (
        f"{path}: databases[0].cluster_identifier: Input should be a valid string "
        "(got [[secret], {'password': [secret]}])"
    )


def test_stdin_bytes_are_decoded_as_strictly_as_a_file():
    class Stdin(io.StringIO):
        buffer = io.BytesIO(b"\xff\xfe{\x00}\x00")

    with pytest.raises(OutputsError, match=r"<stdin>: is UTF-16 text; save it as UTF-8"):
        load_outputs("-", Stdin())
