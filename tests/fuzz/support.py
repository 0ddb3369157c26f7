"""What the property-based tests of every input surface share: sample secrets, nasty values, and how
an outcome is judged (a clean exit 0/1/2, no traceback, no leaked secret, every problem located).

Each surface module exposes a strategy and an `examine(input) -> list[str]` that returns what is
wrong with the outcome (empty when it is fine); its test asserts that list is empty. Keeping the
verdict separate from the assertion lets the same generators count findings on any revision.

Example counts: a default run generates the number each test names; `--hypothesis-profile=long`
generates 2000 per test (see README, "Tests").
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import random
import re
from collections.abc import Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bulkhead.cli import main

# Credentials as they get pasted into config by mistake; none of them may come back in any message.
SAMPLE_SECRETS = {
    "aws_access_key_id": "AKIAQ7ZRX2M4WB9KT3NV",
    "aws_secret_access_key": "k9Zq2Vx7Lr4Tw1Yp8Nb3Hs6Jd0Gf5Mc2Ea7Ru9Ob",
    "private_key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Xf0kTqW8pZ5\n"
    "-----END RSA PRIVATE KEY-----",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvbmNhbGwtNDIiLCJyb2xlIjoiYWRtaW4ifQ.Xq3J9vR2mT8wL5kP0nB7cY4hF1dS6gA",
    "api_token": "Tq7vX2pL9mK4wB8nR3sY6hJ1cF5gD0zAe4Ui",
    "password": "hunter2-Correct-Horse",  # low entropy: only safe because of the key it sits under
}
# Secrets that look like secrets wherever they are; the password only sits under credential-like keys
# (a low-entropy string anywhere else is indistinguishable from ordinary text).
SECRET_VALUES = tuple(value for name, value in SAMPLE_SECRETS.items() if name != "password")
# The parts of each secret that identify it: 10 characters of any of these in an output is a leak.
_TELLTALES = {
    "aws_access_key_id": "Q7ZRX2M4WB9KT3NV",
    "aws_secret_access_key": SAMPLE_SECRETS["aws_secret_access_key"],
    "private_key": "MIIEpQIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Xf0kTqW8pZ5",
    "jwt": "eyJzdWIiOiJvbmNhbGwtNDIiLCJyb2xlIjoiYWRtaW4ifQ.Xq3J9vR2mT8wL5kP0nB7cY4hF1dS6gA",
    "api_token": SAMPLE_SECRETS["api_token"],
    "password": "hunter2-Correct-Horse",
}
_WINDOW = 10
_LEAK = re.compile(
    "|".join(
        re.escape(telltale[start : start + _WINDOW])
        for telltale in _TELLTALES.values()
        for start in range(len(telltale) - _WINDOW + 1)
    )
)
CREDENTIAL_KEYS = ("password", "client_secret", "api_key", "auth_token", "private_key")

# Values that break parsers and validators: types, encodings, digits that are not ASCII, names that
# escape directories, the internet spelled many ways, sizes near and past the limits.
NASTY_STRINGS = (
    "",
    " ",
    "\n",
    "\t",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "~",
    "true",
    "1",
    "0",
    "-1",
    "1e400",
    "NaN",
    "24:00",
    "012",
    "0x1F",
    "2024-01-01",
    "Prod",
    "PROD",
    "prod\n",
    " prod",
    "dev\x00",
    "us-east-1\n",
    "us-east-١",
    "US-EAST-1",
    "mars-1",
    "cn-north-1",
    "us-gov-west-1",
    "0.0.0.0/0",
    "0.0.0.0/00",
    "::/0",
    "::0/0",
    "::ffff:0.0.0.0/96",
    "0.0.0.0/1",
    "128.0.0.0/1",
    "10.0.0.0/016",
    "10.0.0.1/16",
    "٣",
    "１２",
    "²",
    "kube-system",
    "default",
    "kube-x",
    "../../../etc/passwd",
    "a/b",
    "/abs",
    "C:\\x",
    "x" * 300,
    "é" * 200,
    "\x1b[2J\x1b[31mred",
    "\u202egnp.exe",
    "cron(0 5/ ? * * *)",
    "cron(0 ² ? * * *)",
    "rate(1 day)",
    "aws:owner",
    "cache.t3.large",
    "db.t4g.micro",
    "16.99",
    "1.20",
    "m7i.3xlarge",
    "latest",
    "arn:aws:lambda:eu-west-1:111122223333:function:rotate",
    "arn:aws-cn:iam::111122223333:role/x",
)
nasty_scalars = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.sampled_from(SECRET_VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
credentials = st.dictionaries(st.sampled_from(CREDENTIAL_KEYS), st.just(SAMPLE_SECRETS["password"]), min_size=1)
nasty_values = st.recursive(
    nasty_scalars | credentials,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=8,
)


# Hypothesis's own default: a profile above it (`long`) asks for a deeper search.
DEFAULT_PROFILE_EXAMPLES = 100


def fuzz_settings(examples: int) -> settings:
    """`examples` per test in a normal run, so the whole suite stays fast; the profile's count when it
    asks for more than the default (`--hypothesis-profile=long`)."""
    profile = settings.default.max_examples
    return settings(
        max_examples=profile if profile > DEFAULT_PROFILE_EXAMPLES else examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def leaks(text: str) -> list[str]:
    """The sample secrets whose telltale part appears in `text`."""
    found = _LEAK.findall(text)
    return [name for name, telltale in _TELLTALES.items() if any(piece in telltale for piece in found)]


def run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    """`bulkhead <argv>` in this process: (exit status, stdout, stderr). Any exception but the
    SystemExit of argparse escapes, which is exactly a traceback the user would see."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def judge_exit(code: int, out: str, err: str, allowed: Sequence[int] = (0, 1, 2)) -> list[str]:
    """Findings about one command run: its status, a traceback, a leaked secret."""
    findings = []
    if code not in allowed:
        findings.append(f"exit status {code}")
    if "Traceback (most recent call last)" in out + err:
        findings.append("traceback printed")
    findings += [f"leaked {name}" for name in leaks(out + err)]
    return findings


def key_paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every key path of a parsed document (mappings by key, lists by index)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += key_paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += key_paths(child, (*prefix, index))
    return found


JSON_ODDITIES = ("NaN", "Infinity", "-Infinity", "1e999", "9" * 5000, '"\\ud800"', "01", "0x10", "[]]", "{}}")


@st.composite
def mutated_json(draw: st.DrawFn, base: dict, anchor: str) -> bytes:
    """`base` with a few values replaced, removed or added (secrets among them), serialised, then
    possibly broken at the byte level; `anchor` is a `"key": value` text where oddities go."""
    document = copy.deepcopy(base)
    paths = key_paths(base)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        parent = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this part
        if not isinstance(parent, dict | list):
            continue  # an earlier mutation replaced a container by a string, which indexes without error
        operation = draw(st.sampled_from(("replace", "replace", "delete", "secret", "add")))
        if operation == "replace":
            parent[path[-1]] = draw(nasty_values)
        elif operation == "delete":
            del parent[path[-1]]
        elif operation == "secret":
            parent[path[-1]] = draw(st.sampled_from(SECRET_VALUES))
        elif isinstance(parent, dict):
            key = draw(st.sampled_from(("password", "extra", SECRET_VALUES[0])))
            parent[key] = SAMPLE_SECRETS["password"] if key == "password" else draw(nasty_values)
    text = json.dumps(document, indent=draw(st.sampled_from((None, 1))))
    kind = draw(st.sampled_from(("none", "none", "oddity", "encoding", "bytes", "nesting", "truncate", "duplicate")))
    rng = random.Random(draw(st.integers(0, 2**32)))
    key = anchor.split(":")[0]
    if kind == "oddity":
        return text.replace(anchor, f"{key}: {draw(st.sampled_from(JSON_ODDITIES))}", 1).encode()
    if kind == "encoding":
        return text.encode(draw(st.sampled_from(("utf-16", "utf-32", "utf-8-sig", "latin-1"))), "replace")
    if kind == "bytes":
        data = bytearray(text.encode())
        data.insert(rng.randrange(len(data)), draw(st.sampled_from((0x00, 0x80, 0xFF, 0xC3))))
        return bytes(data)
    if kind == "nesting":
        depth = draw(st.sampled_from((40, 1000, 100_000)))
        return text.replace(anchor, f"{key}: {'[' * depth}{']' * depth}", 1).encode()
    if kind == "truncate":
        return text.encode()[: rng.randrange(len(text))]
    if kind == "duplicate":
        return text.replace(anchor, f"{anchor}, {anchor}", 1).encode()
    return text.encode()
