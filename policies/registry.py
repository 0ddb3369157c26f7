"""The explicit list of policies in the pack, sorted by module path; adding a rule means adding it here.

No rule registers itself: importing a rules module has no side effect, and this file is the whole pack.
"""

from __future__ import annotations

from policies.rule import Rule
from policies.rules.acm import certificate_dns_validation as acm_certificate_dns_validation
from policies.rules.appconfig import deployment_strategy_gradual as appconfig_deployment_strategy_gradual
from policies.rules.appconfig import environment_monitors as appconfig_environment_monitors
from policies.rules.appconfig import hosted_configuration_cmk as appconfig_hosted_configuration_cmk
from policies.rules.backup import plan_continuous as backup_plan_continuous
from policies.rules.backup import plan_copy_to_dr as backup_plan_copy_to_dr
from policies.rules.backup import plan_schedule as backup_plan_schedule
from policies.rules.backup import vault_cmk as backup_vault_cmk
from policies.rules.backup import vault_force_destroy as backup_vault_force_destroy
from policies.rules.cloudtrail import cis_metric_filters as cloudtrail_cis_metric_filters
from policies.rules.cloudtrail import trail_cloudwatch as cloudtrail_trail_cloudwatch
from policies.rules.cloudtrail import trail_cmk as cloudtrail_trail_cmk
from policies.rules.cloudtrail import trail_logging as cloudtrail_trail_logging
from policies.rules.cloudwatch import alarm_actions as cloudwatch_alarm_actions
from policies.rules.cloudwatch import minimum_alarms as cloudwatch_minimum_alarms
from policies.rules.codebuild import no_plaintext_credentials as codebuild_no_plaintext_credentials
from policies.rules.codebuild import project_encryption_logging as codebuild_project_encryption_logging
from policies.rules.codebuild import project_isolated as codebuild_project_isolated
from policies.rules.cognito import client_flows as cognito_client_flows
from policies.rules.cognito import client_secret as cognito_client_secret
from policies.rules.cognito import client_token_revocation as cognito_client_token_revocation
from policies.rules.cognito import user_pool_deletion_protection as cognito_user_pool_deletion_protection
from policies.rules.cognito import user_pool_mfa as cognito_user_pool_mfa
from policies.rules.cognito import user_pool_threat_protection as cognito_user_pool_threat_protection
from policies.rules.dynamodb import table_cmk as dynamodb_table_cmk
from policies.rules.dynamodb import table_recovery as dynamodb_table_recovery
from policies.rules.ebs import volume_encrypted as ebs_volume_encrypted
from policies.rules.ec2 import default_security_group_empty as ec2_default_security_group_empty
from policies.rules.ec2 import egress_rule_scoped as ec2_egress_rule_scoped
from policies.rules.ec2 import eip_nat_only as ec2_eip_nat_only
from policies.rules.ec2 import instance_ebs_encrypted as ec2_instance_ebs_encrypted
from policies.rules.ec2 import instance_imdsv2 as ec2_instance_imdsv2
from policies.rules.ec2 import instance_no_public_ip as ec2_instance_no_public_ip
from policies.rules.ec2 import launch_template_ebs_encrypted as ec2_launch_template_ebs_encrypted
from policies.rules.ec2 import launch_template_imdsv2 as ec2_launch_template_imdsv2
from policies.rules.ec2 import launch_template_no_public_ip as ec2_launch_template_no_public_ip
from policies.rules.ec2 import no_public_ingress as ec2_no_public_ingress
from policies.rules.ec2 import subnet_no_public_ip as ec2_subnet_no_public_ip
from policies.rules.ecr import enhanced_scanning as ecr_enhanced_scanning
from policies.rules.ecr import repository_cmk as ecr_repository_cmk
from policies.rules.ecr import repository_hardening as ecr_repository_hardening
from policies.rules.efs import file_system_cmk as efs_file_system_cmk
from policies.rules.eks import access_config as eks_access_config
from policies.rules.eks import control_plane_logging as eks_control_plane_logging
from policies.rules.eks import deletion_protection as eks_deletion_protection
from policies.rules.eks import node_group_no_remote_access as eks_node_group_no_remote_access
from policies.rules.eks import node_group_resilience as eks_node_group_resilience
from policies.rules.eks import private_endpoint as eks_private_endpoint
from policies.rules.eks import public_access_cidrs as eks_public_access_cidrs
from policies.rules.eks import secrets_encryption as eks_secrets_encryption
from policies.rules.eks import supported_version as eks_supported_version
from policies.rules.elasticache import at_rest_encryption as elasticache_at_rest_encryption
from policies.rules.elasticache import authentication as elasticache_authentication
from policies.rules.elasticache import auto_minor_version_upgrade as elasticache_auto_minor_version_upgrade
from policies.rules.elasticache import cmk as elasticache_cmk
from policies.rules.elasticache import log_delivery as elasticache_log_delivery
from policies.rules.elasticache import multi_az as elasticache_multi_az
from policies.rules.elasticache import network_placement as elasticache_network_placement
from policies.rules.elasticache import snapshots as elasticache_snapshots
from policies.rules.elasticache import transit_encryption as elasticache_transit_encryption
from policies.rules.elasticache import user_access as elasticache_user_access
from policies.rules.guardduty import detector_coverage as guardduty_detector_coverage
from policies.rules.guardduty import eks_protection as guardduty_eks_protection
from policies.rules.iam import no_admin_access as iam_no_admin_access
from policies.rules.iam import no_aws_managed_policies as iam_no_aws_managed_policies
from policies.rules.iam import no_kms_decrypt_all as iam_no_kms_decrypt_all
from policies.rules.iam import no_long_lived_credentials as iam_no_long_lived_credentials
from policies.rules.iam import no_wildcard_actions as iam_no_wildcard_actions
from policies.rules.iam import no_wildcard_resources as iam_no_wildcard_resources
from policies.rules.iam import passrole_scoped as iam_passrole_scoped
from policies.rules.iam import policy_document_valid as iam_policy_document_valid
from policies.rules.iam import resource_policy_no_public_principal as iam_resource_policy_no_public_principal
from policies.rules.iam import role_trust_policy as iam_role_trust_policy
from policies.rules.iam import workload_permissions_boundary as iam_workload_permissions_boundary
from policies.rules.kms import deletion_window as kms_deletion_window
from policies.rules.kms import key_policy_explicit as kms_key_policy_explicit
from policies.rules.kms import key_rotation as kms_key_rotation
from policies.rules.kubernetes import allowed_volume_types as kubernetes_allowed_volume_types
from policies.rules.kubernetes import drop_all_capabilities as kubernetes_drop_all_capabilities
from policies.rules.kubernetes import hpa_min_replicas as kubernetes_hpa_min_replicas
from policies.rules.kubernetes import image_pinned as kubernetes_image_pinned
from policies.rules.kubernetes import namespace_restricted as kubernetes_namespace_restricted
from policies.rules.kubernetes import network_policy_not_open as kubernetes_network_policy_not_open
from policies.rules.kubernetes import no_default_namespace as kubernetes_no_default_namespace
from policies.rules.kubernetes import no_host_access as kubernetes_no_host_access
from policies.rules.kubernetes import no_privilege_escalation as kubernetes_no_privilege_escalation
from policies.rules.kubernetes import no_privileged as kubernetes_no_privileged
from policies.rules.kubernetes import no_secret_env as kubernetes_no_secret_env
from policies.rules.kubernetes import probes as kubernetes_probes
from policies.rules.kubernetes import rbac_least_privilege as kubernetes_rbac_least_privilege
from policies.rules.kubernetes import read_only_root_filesystem as kubernetes_read_only_root_filesystem
from policies.rules.kubernetes import resources as kubernetes_resources
from policies.rules.kubernetes import rolling_update as kubernetes_rolling_update
from policies.rules.kubernetes import rollout_deadline as kubernetes_rollout_deadline
from policies.rules.kubernetes import run_as_non_root as kubernetes_run_as_non_root
from policies.rules.kubernetes import seccomp_profile as kubernetes_seccomp_profile
from policies.rules.kubernetes import service_account as kubernetes_service_account
from policies.rules.kubernetes import service_exposure as kubernetes_service_exposure
from policies.rules.kubernetes import zone_spread as kubernetes_zone_spread
from policies.rules.lambda_ import function_cmk as lambda_function_cmk
from policies.rules.lambda_ import function_url_auth as lambda_function_url_auth
from policies.rules.lambda_ import permission_scoped as lambda_permission_scoped
from policies.rules.lb import access_logs as lb_access_logs
from policies.rules.lb import hardening as lb_hardening
from policies.rules.lb import internet_facing_waf as lb_internet_facing_waf
from policies.rules.lb import listener_tls as lb_listener_tls
from policies.rules.logs import log_group_cmk as logs_log_group_cmk
from policies.rules.logs import log_group_retention as logs_log_group_retention
from policies.rules.logs import service_log_groups_precreated as logs_service_log_groups_precreated
from policies.rules.opensearch import domain_encryption as opensearch_domain_encryption
from policies.rules.opensearch import domain_private as opensearch_domain_private
from policies.rules.opensearch import domain_tls as opensearch_domain_tls
from policies.rules.pack import environment_baseline as pack_environment_baseline
from policies.rules.pack import resource_type_reviewed as pack_resource_type_reviewed
from policies.rules.rds import activity_stream as rds_activity_stream
from policies.rules.rds import auto_minor_version_upgrade as rds_auto_minor_version_upgrade
from policies.rules.rds import backup_retention as rds_backup_retention
from policies.rules.rds import ca_certificate as rds_ca_certificate
from policies.rules.rds import copy_tags_to_snapshot as rds_copy_tags_to_snapshot
from policies.rules.rds import deletion_protection as rds_deletion_protection
from policies.rules.rds import dr_replica_encrypted as rds_dr_replica_encrypted
from policies.rules.rds import enhanced_monitoring as rds_enhanced_monitoring
from policies.rules.rds import event_subscription as rds_event_subscription
from policies.rules.rds import final_snapshot as rds_final_snapshot
from policies.rules.rds import force_ssl as rds_force_ssl
from policies.rules.rds import iam_authentication as rds_iam_authentication
from policies.rules.rds import instance_multi_az as rds_instance_multi_az
from policies.rules.rds import log_exports as rds_log_exports
from policies.rules.rds import master_credentials as rds_master_credentials
from policies.rules.rds import master_secret_cmk as rds_master_secret_cmk
from policies.rules.rds import not_publicly_accessible as rds_not_publicly_accessible
from policies.rules.rds import performance_insights as rds_performance_insights
from policies.rules.rds import performance_insights_cmk as rds_performance_insights_cmk
from policies.rules.rds import storage_cmk as rds_storage_cmk
from policies.rules.rds import storage_encrypted as rds_storage_encrypted
from policies.rules.rds import subnet_group as rds_subnet_group
from policies.rules.route53 import failover_health_check as route53_failover_health_check
from policies.rules.s3 import bucket_encryption as s3_bucket_encryption
from policies.rules.s3 import bucket_no_public_acl as s3_bucket_no_public_acl
from policies.rules.s3 import bucket_policy_tls as s3_bucket_policy_tls
from policies.rules.s3 import bucket_versioning as s3_bucket_versioning
from policies.rules.s3 import public_access_block as s3_public_access_block
from policies.rules.secretsmanager import secret_cmk as secretsmanager_secret_cmk
from policies.rules.secretsmanager import secret_policy as secretsmanager_secret_policy
from policies.rules.secretsmanager import secret_recovery as secretsmanager_secret_recovery
from policies.rules.securityhub import standards as securityhub_standards
from policies.rules.serverlessrepo import rotation_application as serverlessrepo_rotation_application
from policies.rules.sns import subscription_transport as sns_subscription_transport
from policies.rules.sns import topic_cmk as sns_topic_cmk
from policies.rules.sqs import queue_cmk as sqs_queue_cmk
from policies.rules.stack import account_security_baseline as stack_account_security_baseline
from policies.rules.stack import backup_restore_testing as stack_backup_restore_testing
from policies.rules.stack import backup_selection_coverage as stack_backup_selection_coverage
from policies.rules.stack import backup_vault_lock as stack_backup_vault_lock
from policies.rules.stack import cloudtrail_bucket_immutable as stack_cloudtrail_bucket_immutable
from policies.rules.stack import cognito_waf as stack_cognito_waf
from policies.rules.stack import data_store_ingress as stack_data_store_ingress
from policies.rules.stack import data_store_subnets as stack_data_store_subnets
from policies.rules.stack import ecr_lifecycle_policy as stack_ecr_lifecycle_policy
from policies.rules.stack import eks_managed_addons as stack_eks_managed_addons
from policies.rules.stack import eks_node_group_launch_template as stack_eks_node_group_launch_template
from policies.rules.stack import eks_pod_identity_isolation as stack_eks_pod_identity_isolation
from policies.rules.stack import global_replication as stack_global_replication
from policies.rules.stack import iam_cross_account_principals as stack_iam_cross_account_principals
from policies.rules.stack import k8s_horizontal_pod_autoscaler as stack_k8s_horizontal_pod_autoscaler
from policies.rules.stack import k8s_network_policy as stack_k8s_network_policy
from policies.rules.stack import k8s_pod_disruption_budget as stack_k8s_pod_disruption_budget
from policies.rules.stack import k8s_rbac_bindings as stack_k8s_rbac_bindings
from policies.rules.stack import kms_multi_region_replicas as stack_kms_multi_region_replicas
from policies.rules.stack import rds_cluster_availability as stack_rds_cluster_availability
from policies.rules.stack import rds_tls_parameter_group as stack_rds_tls_parameter_group
from policies.rules.stack import s3_bucket_baseline as stack_s3_bucket_baseline
from policies.rules.stack import s3_bucket_ownership as stack_s3_bucket_ownership
from policies.rules.stack import secret_rotation as stack_secret_rotation
from policies.rules.stack import sqs_dead_letter_alarm as stack_sqs_dead_letter_alarm
from policies.rules.stack import sqs_dead_letter_queue as stack_sqs_dead_letter_queue
from policies.rules.stack import sqs_queue_policy_tls as stack_sqs_queue_policy_tls
from policies.rules.stack import vpc_flow_logs as stack_vpc_flow_logs
from policies.rules.stack import waf_logging as stack_waf_logging
from policies.rules.wafv2 import logging_redaction as wafv2_logging_redaction
from policies.rules.wafv2 import web_acl_protections as wafv2_web_acl_protections
from policies.rules.xray import encryption_cmk as xray_encryption_cmk

MODULES = (
    acm_certificate_dns_validation,
    appconfig_deployment_strategy_gradual,
    appconfig_environment_monitors,
    appconfig_hosted_configuration_cmk,
    backup_plan_continuous,
    backup_plan_copy_to_dr,
    backup_plan_schedule,
    backup_vault_cmk,
    backup_vault_force_destroy,
    cloudtrail_cis_metric_filters,
    cloudtrail_trail_cloudwatch,
    cloudtrail_trail_cmk,
    cloudtrail_trail_logging,
    cloudwatch_alarm_actions,
    cloudwatch_minimum_alarms,
    codebuild_no_plaintext_credentials,
    codebuild_project_encryption_logging,
    codebuild_project_isolated,
    cognito_client_flows,
    cognito_client_secret,
    cognito_client_token_revocation,
    cognito_user_pool_deletion_protection,
    cognito_user_pool_mfa,
    cognito_user_pool_threat_protection,
    dynamodb_table_cmk,
    dynamodb_table_recovery,
    ebs_volume_encrypted,
    ec2_default_security_group_empty,
    ec2_egress_rule_scoped,
    ec2_eip_nat_only,
    ec2_instance_ebs_encrypted,
    ec2_instance_imdsv2,
    ec2_instance_no_public_ip,
    ec2_launch_template_ebs_encrypted,
    ec2_launch_template_imdsv2,
    ec2_launch_template_no_public_ip,
    ec2_no_public_ingress,
    ec2_subnet_no_public_ip,
    ecr_enhanced_scanning,
    ecr_repository_cmk,
    ecr_repository_hardening,
    efs_file_system_cmk,
    eks_access_config,
    eks_control_plane_logging,
    eks_deletion_protection,
    eks_node_group_no_remote_access,
    eks_node_group_resilience,
    eks_private_endpoint,
    eks_public_access_cidrs,
    eks_secrets_encryption,
    eks_supported_version,
    elasticache_at_rest_encryption,
    elasticache_authentication,
    elasticache_auto_minor_version_upgrade,
    elasticache_cmk,
    elasticache_log_delivery,
    elasticache_multi_az,
    elasticache_network_placement,
    elasticache_snapshots,
    elasticache_transit_encryption,
    elasticache_user_access,
    guardduty_detector_coverage,
    guardduty_eks_protection,
    iam_no_admin_access,
    iam_no_aws_managed_policies,
    iam_no_kms_decrypt_all,
    iam_no_long_lived_credentials,
    iam_no_wildcard_actions,
    iam_no_wildcard_resources,
    iam_passrole_scoped,
    iam_policy_document_valid,
    iam_resource_policy_no_public_principal,
    iam_role_trust_policy,
    iam_workload_permissions_boundary,
    kms_deletion_window,
    kms_key_policy_explicit,
    kms_key_rotation,
    kubernetes_allowed_volume_types,
    kubernetes_drop_all_capabilities,
    kubernetes_hpa_min_replicas,
    kubernetes_image_pinned,
    kubernetes_namespace_restricted,
    kubernetes_network_policy_not_open,
    kubernetes_no_default_namespace,
    kubernetes_no_host_access,
    kubernetes_no_privilege_escalation,
    kubernetes_no_privileged,
    kubernetes_no_secret_env,
    kubernetes_probes,
    kubernetes_rbac_least_privilege,
    kubernetes_read_only_root_filesystem,
    kubernetes_resources,
    kubernetes_rolling_update,
    kubernetes_rollout_deadline,
    kubernetes_run_as_non_root,
    kubernetes_seccomp_profile,
    kubernetes_service_account,
    kubernetes_service_exposure,
    kubernetes_zone_spread,
    lambda_function_cmk,
    lambda_function_url_auth,
    lambda_permission_scoped,
    lb_access_logs,
    lb_hardening,
    lb_internet_facing_waf,
    lb_listener_tls,
    logs_log_group_cmk,
    logs_log_group_retention,
    logs_service_log_groups_precreated,
    opensearch_domain_encryption,
    opensearch_domain_private,
    opensearch_domain_tls,
    pack_environment_baseline,
    pack_resource_type_reviewed,
    rds_activity_stream,
    rds_auto_minor_version_upgrade,
    rds_backup_retention,
    rds_ca_certificate,
    rds_copy_tags_to_snapshot,
    rds_deletion_protection,
    rds_dr_replica_encrypted,
    rds_enhanced_monitoring,
    rds_event_subscription,
    rds_final_snapshot,
    rds_force_ssl,
    rds_iam_authentication,
    rds_instance_multi_az,
    rds_log_exports,
    rds_master_credentials,
    rds_master_secret_cmk,
    rds_not_publicly_accessible,
    rds_performance_insights,
    rds_performance_insights_cmk,
    rds_storage_cmk,
    rds_storage_encrypted,
    rds_subnet_group,
    route53_failover_health_check,
    s3_bucket_encryption,
    s3_bucket_no_public_acl,
    s3_bucket_policy_tls,
    s3_bucket_versioning,
    s3_public_access_block,
    secretsmanager_secret_cmk,
    secretsmanager_secret_policy,
    secretsmanager_secret_recovery,
    securityhub_standards,
    serverlessrepo_rotation_application,
    sns_subscription_transport,
    sns_topic_cmk,
    sqs_queue_cmk,
    stack_account_security_baseline,
    stack_backup_restore_testing,
    stack_backup_selection_coverage,
    stack_backup_vault_lock,
    stack_cloudtrail_bucket_immutable,
    stack_cognito_waf,
    stack_data_store_ingress,
    stack_data_store_subnets,
    stack_ecr_lifecycle_policy,
    stack_eks_managed_addons,
    stack_eks_node_group_launch_template,
    stack_eks_pod_identity_isolation,
    stack_global_replication,
    stack_iam_cross_account_principals,
    stack_k8s_horizontal_pod_autoscaler,
    stack_k8s_network_policy,
    stack_k8s_pod_disruption_budget,
    stack_k8s_rbac_bindings,
    stack_kms_multi_region_replicas,
    stack_rds_cluster_availability,
    stack_rds_tls_parameter_group,
    stack_s3_bucket_baseline,
    stack_s3_bucket_ownership,
    stack_secret_rotation,
    stack_sqs_dead_letter_alarm,
    stack_sqs_dead_letter_queue,
    stack_sqs_queue_policy_tls,
    stack_vpc_flow_logs,
    stack_waf_logging,
    wafv2_logging_redaction,
    wafv2_web_acl_protections,
    xray_encryption_cmk,
)

RULES: tuple[Rule, ...] = tuple(sorted((Rule.from_module(m) for m in MODULES), key=lambda rule: rule.name))


def by_name() -> dict[str, Rule]:
    return {rule.name: rule for rule in RULES}
