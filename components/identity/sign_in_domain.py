"""The user pool's custom sign-in domain: its ACM certificate (us-east-1: Cognito serves custom domains
through CloudFront, for managed login and the classic hosted UI alike), the domain, the alias record in
the app's zone, and with managed login a branding style per app client (the pages render only for
clients that have one).

AWS refuses a custom domain whose parent domain does not resolve (an A record on the parent, such as
`mobile.example.com` for `auth.mobile.example.com`); docs/deployability.md.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.edge.certificate import DnsValidatedCertificate, DnsValidatedCertificateArgs
from components.identity.args import SignInDomainArgs
from components.reference.identity import CUSTOM_DOMAIN_CERTIFICATE_REGION

CLASSIC_HOSTED_UI, MANAGED_LOGIN = 1, 2


class SignInDomain(pulumi.ComponentResource):
    """`domain_name` and `cloudfront_distribution` (the alias target)."""

    def __init__(self, name: str, args: SignInDomainArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:identity:SignInDomain", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        certificate = DnsValidatedCertificate(
            f"{name}-certificate",
            DnsValidatedCertificateArgs(
                domain_name=args.domain_name, zone_id=args.zone_id, region=CUSTOM_DOMAIN_CERTIFICATE_REGION
            ),
            opts=child,
        )
        domain = aws.cognito.UserPoolDomain(
            f"{name}-domain",
            domain=args.domain_name,
            user_pool_id=args.user_pool_id,
            certificate_arn=certificate.arn,
            managed_login_version=MANAGED_LOGIN if args.managed_login else CLASSIC_HOSTED_UI,
            opts=child,
        )
        aws.route53.Record(
            f"{name}-alias",
            zone_id=args.zone_id,
            name=args.domain_name,
            type="A",
            aliases=[
                {
                    "name": domain.cloudfront_distribution,
                    "zone_id": domain.cloudfront_distribution_zone_id,
                    "evaluate_target_health": False,
                }
            ],
            opts=child,
        )
        if args.managed_login:
            for client_name, client_id in args.client_ids.items():
                aws.cognito.ManagedLoginBranding(
                    f"{name}-{client_name}-branding",
                    user_pool_id=args.user_pool_id,
                    client_id=client_id,
                    use_cognito_provided_values=True,
                    opts=child,
                )
        self.domain_name = args.domain_name
        self.cloudfront_distribution = domain.cloudfront_distribution
        self.register_outputs(
            {"domain_name": self.domain_name, "cloudfront_distribution": self.cloudfront_distribution}
        )
