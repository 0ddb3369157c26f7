"""Reading a resource policy as AWS returns it: does it refuse every request made without TLS?

The components write the same statement on every queue, topic and bucket (Deny, any principal,
`aws:SecureTransport` false); a console edit that drops it, narrows its actions or its resource
leaves the resource reachable in clear text. The document is read with the policy pack's own IAM
reader (policies/support/iam.py): one notion of a statement, its actions and their wildcards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policies.support.iam import Statement, covers, parse
from policies.support.props import as_list


def _denies_insecure_transport(statement: Statement, actions: Sequence[str], resource: str) -> bool:
    condition = statement.conditions.get("Bool")
    secure_transport = condition.get("aws:SecureTransport") if isinstance(condition, Mapping) else None
    return (
        statement.body.get("Effect") == "Deny"
        and "*" in statement.principal_values("AWS")
        and [str(value).lower() for value in as_list(secure_transport)] == ["false"]
        and all(any(covers(pattern, action) for pattern in statement.actions) for action in actions)
        and any(covers(pattern, resource) for pattern in statement.resources)
    )


def insecure_transport_problem(policy_text: str | None, actions: Sequence[str], resource: str) -> str | None:
    """A problem line unless a statement of the policy denies `actions` on `resource` to anyone without TLS."""
    if not policy_text:
        return "no resource policy: requests without TLS are not refused"
    document, _ = parse(policy_text)
    if document is None:
        return "the resource policy is not a JSON policy document"
    statements = [Statement("", body) for body in as_list(document["Statement"]) if isinstance(body, Mapping)]
    if any(_denies_insecure_transport(statement, actions, resource) for statement in statements):
        return None
    return f"the resource policy does not deny {', '.join(actions)} without TLS (aws:SecureTransport false)"
