"""Images are pinned: a tag that is not `latest`, and a digest where required."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.k8s import WORKLOAD_TYPES, each_container
from policies.support.props import setting, violation

NAME = "k8s-image-pinned"
DESCRIPTION = "Container images carry an explicit tag other than 'latest' (a digest where required)."
SEVERITY = "medium"
CATEGORY = "AV"
CONTROLS = ("CKV_K8S_14", "CKV_K8S_43", "kube-linter latest-tag")
ROWS = ("K9",)
TYPES = WORKLOAD_TYPES
REMEDIATION = "Reference images as repo:tag@sha256:<digest> (or at least repo:<version tag>)."
CONFIG = {"requireDigest": {"type": "boolean", "default": False, "description": "require an @sha256 digest"}}


def _tag(image: str) -> str | None:
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    require_digest = setting(args, CONFIG, "requireDigest")

    def check(path, container, spec):
        image = container.get("image")
        if not isinstance(image, str) or not image:
            return [violation(f"{path}.image", image, "set a pinned image")]
        if "@sha256:" in image:
            return []
        if require_digest:
            return [violation(f"{path}.image", image, "pin it by digest (@sha256:...)")]
        if _tag(image) in (None, "latest"):
            return [violation(f"{path}.image", image, "use an explicit version tag")]
        return []

    each_container(args, report_violation, check)
