"""Edges that a LINK resource states in its inputs rather than through dependencies.

An AWS Backup selection names the stores it protects by ARN and its plan by id; the plan's rules
name the vault that receives the recovery points and the vaults copies go to. Each function takes
the link record and an index of the plan's records and returns (source URN, target URN, kind).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Record = Mapping[str, Any]
LinkEdge = tuple[str, str, str]

BACKUP, COPY = "backup", "copy"


class RecordIndex:
    """The plan's records by URN and by the identifiers other inputs use to name them."""

    def __init__(self, records: list[Record]):
        self.by_urn = {record["urn"]: record for record in records}
        self.by_arn: dict[str, Record] = {}
        self.by_id: dict[str, Record] = {}
        for record in records:
            outputs = record.get("outputs") or {}
            if isinstance(outputs.get("arn"), str):
                self.by_arn[outputs["arn"]] = record
            if isinstance(outputs.get("id"), str):
                self.by_id[outputs["id"]] = record

    def named(self, resource_type: str, name: Any, region: str | None) -> Record | None:
        """The record of `resource_type` in `region` whose physical name is `name`."""
        for record in self.by_urn.values():
            if record["type"] == resource_type and record.get("region") == region:
                physical = (record.get("inputs") or {}).get("name") or (record.get("outputs") or {}).get("name")
                if physical == name:
                    return record
        return None


def backup_links(selection: Record, index: RecordIndex) -> list[LinkEdge]:
    inputs = selection.get("inputs") or {}
    stores = [index.by_arn[arn] for arn in inputs.get("resources") or [] if arn in index.by_arn]
    plan = index.by_id.get(str(inputs.get("planId")))
    edges: list[LinkEdge] = []
    for rule in ((plan or {}).get("inputs") or {}).get("rules") or []:
        vault = index.named("aws:backup/vault:Vault", rule.get("targetVaultName"), selection.get("region"))
        if vault is None:
            continue
        edges += [(store["urn"], vault["urn"], BACKUP) for store in stores]
        for copy in rule.get("copyActions") or []:
            destination = index.by_arn.get(copy.get("destinationVaultArn"))
            if destination is not None:
                edges.append((vault["urn"], destination["urn"], COPY))
    return edges


LINK_RULES: dict[str, Callable[[Record, RecordIndex], list[LinkEdge]]] = {
    "aws:backup/selection:Selection": backup_links,
}
