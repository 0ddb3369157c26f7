"""An ACM certificate for one name, validated by DNS in the app's Route 53 zone.

ACM gives the same validation CNAME for the same name in every region of an account, so the primary
and DR certificates write the same record: `allow_overwrite` lets the second one adopt it instead of
failing on an existing record. ACM renews DNS-validated certificates by itself while the record stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

# RSA 2048 is what every mobile TLS stack accepts; ECDSA P-256 would be smaller but older clients vary.
KEY_ALGORITHM = "RSA_2048"
VALIDATION_RECORD_TTL_SECONDS = 300


@dataclass(frozen=True, kw_only=True)
class DnsValidatedCertificateArgs:
    """Inputs for `DnsValidatedCertificate`.

    Attributes:
        domain_name: The name the certificate covers, such as `api.mobile.example.com`.
        zone_id: The public Route 53 zone that holds `domain_name`.
        region: Where the certificate is issued (a service served by CloudFront needs us-east-1).
            Default: - the provider's region.
    """

    domain_name: str
    zone_id: pulumi.Input[str]
    region: str | None = None

    def __post_init__(self) -> None:
        if not self.domain_name or "*" in self.domain_name:
            raise ValueError(
                f"DnsValidatedCertificateArgs.domain_name: must be one exact name (got {self.domain_name!r})"
            )


class DnsValidatedCertificate(pulumi.ComponentResource):
    """`arn` resolves once ACM has issued the certificate (the validation has completed)."""

    arn: pulumi.Output[str]

    def __init__(self, name: str, args: DnsValidatedCertificateArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("bulkhead:edge:DnsValidatedCertificate", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        certificate = aws.acm.Certificate(
            f"{name}-certificate",
            domain_name=args.domain_name,
            validation_method="DNS",
            key_algorithm=KEY_ALGORITHM,
            options={"certificate_transparency_logging_preference": "ENABLED"},
            region=args.region,
            opts=child,
        )
        option = certificate.domain_validation_options.apply(lambda options: options[0])
        record = aws.route53.Record(
            f"{name}-validation",
            zone_id=args.zone_id,
            name=option.apply(lambda o: o.resource_record_name),
            type=option.apply(lambda o: o.resource_record_type),
            records=[option.apply(lambda o: o.resource_record_value)],
            ttl=VALIDATION_RECORD_TTL_SECONDS,
            allow_overwrite=True,
            opts=child,
        )
        validation = aws.acm.CertificateValidation(
            f"{name}-validated",
            certificate_arn=certificate.arn,
            validation_record_fqdns=[record.fqdn],
            region=args.region,
            opts=child,
        )
        self.arn = validation.certificate_arn
        self.register_outputs({"arn": self.arn})
