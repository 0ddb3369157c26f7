"""IAM documents parse, so every other IAM rule can actually read them."""

from pulumi_policy import ResourceValidationArgs

from policies.rule import ReportViolation
from policies.support.iam import parse
from policies.support.props import as_list, get, violation

NAME = "iam-policy-document-valid"
DESCRIPTION = "Identity, trust and resource policy documents are present where required and are valid JSON policies."
SEVERITY = "high"
CATEGORY = "LP"
CONTROLS = ("custom: analysable IAM documents",)
ROWS = ("73", "75")
REQUIRED = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws:iam/role:Role": "assumeRolePolicy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:backup/vaultPolicy:VaultPolicy": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
}
OPTIONAL = {
    "aws:sqs/queue:Queue": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:s3/bucket:Bucket": "policy",
    "aws:opensearch/domain:Domain": "accessPolicies",
}
TYPES = frozenset({*REQUIRED, *OPTIONAL})
REMEDIATION = "Build the document with json.dumps({'Version': '2012-10-17', 'Statement': [...]})."


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    documents = []
    if args.resource_type in REQUIRED:
        documents.append((REQUIRED[args.resource_type], get(args.props, REQUIRED[args.resource_type])))
    elif args.resource_type in OPTIONAL and get(args.props, OPTIONAL[args.resource_type]) is not None:
        documents.append((OPTIONAL[args.resource_type], get(args.props, OPTIONAL[args.resource_type])))
    if args.resource_type == "aws:iam/role:Role":
        documents += [
            (f"inlinePolicies[{i}].policy", get(p, "policy"))
            for i, p in enumerate(as_list(get(args.props, "inlinePolicies")))
        ]
    for path, value in documents:
        _, problem = parse(value)
        if problem:
            shown = value if value is None else "<document>"
            report_violation(violation(path, shown, f"the document {problem}; write a valid IAM policy"))
