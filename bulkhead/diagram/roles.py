"""What each resource type is in the architecture picture: the one table to extend for a new type.

Every custom resource type the program creates has a row. A drawn role becomes a node (or, for a
network or cluster, a box around its contents); `DETAIL` folds the resource into the drawn resource
it belongs to (a subnet into its VPC, a parameter group into its database), so a change to it marks
that node as changed; `LINK` joins drawn resources without being drawn (a global database, a backup
selection; bulkhead/diagram/links.py reads them). A type without a row is never dropped: the diagram
counts it in an "unmapped types" node of its region, and a test asks for the row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    name: str
    drawn: bool = True
    # Where the node sits: in its region, inside the VPC it uses, or inside the cluster that runs it.
    placement: str = "region"  # region | network | cluster
    shape: str = "box"  # box | cylinder | stadium | hexagon | trapezoid | container
    data: bool = False  # a workload that depends on it is drawn reaching it


NETWORK = Role("network", shape="container")
CLUSTER = Role("cluster", placement="network", shape="container")
WORKLOAD = Role("workload", placement="cluster", shape="stadium")
DATABASE = Role("database", placement="network", shape="cylinder", data=True)
CACHE = Role("cache", placement="network", shape="cylinder", data=True)
SECRET = Role("secret", data=True)
# A queue is a store of work: the services that send to it or consume it are drawn reaching it.
QUEUE = Role("queue", shape="cylinder", data=True)
# The feature flags a service reads through its AppConfig Agent, drawn as the profile it is granted.
FLAGS = Role("feature flags", data=True)
KEY = Role("key", shape="hexagon")
BACKUP_VAULT = Role("backup vault")
AUDIT = Role("audit trail", shape="cylinder")
EDGE = Role("edge", placement="network", shape="trapezoid")
# The user pool: a regional service the internet reaches directly (sign-in), outside the VPC.
IDENTITY = Role("identity", shape="trapezoid")
RUNNER = Role("runner", placement="network")
DETAIL = Role("detail", drawn=False)
LINK = Role("link", drawn=False)

# type -> (role, title shown in the node)
TYPES: dict[str, tuple[Role, str]] = {
    "aws:ec2/vpc:Vpc": (NETWORK, "VPC"),
    "aws:ec2/internetGateway:InternetGateway": (EDGE, "Internet gateway"),
    "aws:lb/loadBalancer:LoadBalancer": (EDGE, "Application Load Balancer"),
    "aws:cognito/userPool:UserPool": (IDENTITY, "Cognito user pool"),
    "aws:cognito/userPoolClient:UserPoolClient": (DETAIL, "app client"),
    "aws:cognito/resourceServer:ResourceServer": (DETAIL, "resource server"),
    "aws:cognito/riskConfiguration:RiskConfiguration": (DETAIL, "threat protection responses"),
    "aws:cognito/userPoolDomain:UserPoolDomain": (DETAIL, "sign-in domain"),
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": (DETAIL, "managed login style"),
    "aws:wafv2/webAcl:WebAcl": (DETAIL, "WAF web ACL"),
    "aws:wafv2/webAclAssociation:WebAclAssociation": (DETAIL, "WAF association"),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (DETAIL, "WAF logging"),
    "aws:lb/listener:Listener": (DETAIL, "listener"),
    "aws:lb/listenerRule:ListenerRule": (DETAIL, "listener rule"),
    "aws:lb/targetGroup:TargetGroup": (DETAIL, "target group"),
    "aws:autoscaling/attachment:Attachment": (DETAIL, "target group attachment"),
    "aws:acm/certificate:Certificate": (DETAIL, "TLS certificate"),
    "aws:acm/certificateValidation:CertificateValidation": (DETAIL, "certificate validation"),
    "aws:route53/zone:Zone": (DETAIL, "hosted zone"),
    "aws:route53/record:Record": (DETAIL, "DNS record"),
    "aws:route53/healthCheck:HealthCheck": (DETAIL, "health check"),
    "aws:s3/bucket:Bucket": (DETAIL, "S3 bucket"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (DETAIL, "bucket lifecycle"),
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": (DETAIL, "bucket object lock"),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": (DETAIL, "bucket ownership"),
    "aws:s3/bucketPolicy:BucketPolicy": (DETAIL, "bucket policy"),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (DETAIL, "bucket public access block"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
        DETAIL,
        "bucket encryption",
    ),
    "aws:s3/bucketVersioning:BucketVersioning": (DETAIL, "bucket versioning"),
    "aws:eks/cluster:Cluster": (CLUSTER, "EKS cluster"),
    "aws:codebuild/project:Project": (RUNNER, "Kubernetes-layer runner"),
    # The Kubernetes layer reads the AWS layer's outputs; the picture joins the layers itself.
    "kubernetes:apps/v1:Deployment": (WORKLOAD, "Deployment"),
    "aws:rds/cluster:Cluster": (DATABASE, "Aurora cluster"),
    "aws:elasticache/replicationGroup:ReplicationGroup": (CACHE, "ElastiCache"),
    "aws:secretsmanager/secret:Secret": (SECRET, "Secret"),
    "aws:sqs/queue:Queue": (QUEUE, "SQS queue"),
    "aws:appconfig/configurationProfile:ConfigurationProfile": (FLAGS, "AppConfig feature flags"),
    "aws:kms/key:Key": (KEY, "KMS key"),
    "aws:kms/replicaKey:ReplicaKey": (KEY, "KMS replica key"),
    "aws:backup/vault:Vault": (BACKUP_VAULT, "Backup vault"),
    "aws:cloudtrail/trail:Trail": (AUDIT, "CloudTrail trail"),
    "aws:rds/globalCluster:GlobalCluster": (LINK, "Aurora global database"),
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": (LINK, "ElastiCache global datastore"),
    "aws:backup/selection:Selection": (LINK, "AWS Backup selection"),
    "pulumi:pulumi:StackReference": (LINK, "stack reference"),
    "aws:backup/plan:Plan": (DETAIL, "AWS Backup plan"),
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": (DETAIL, "restore testing plan"),
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": (DETAIL, "restore testing selection"),
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": (DETAIL, "vault lock"),
    "aws:backup/vaultNotifications:VaultNotifications": (DETAIL, "vault notifications"),
    "aws:appautoscaling/policy:Policy": (DETAIL, "scaling policy"),
    "aws:appconfig/application:Application": (DETAIL, "AppConfig application"),
    "aws:appconfig/deployment:Deployment": (DETAIL, "flag rollout"),
    "aws:appconfig/deploymentStrategy:DeploymentStrategy": (DETAIL, "rollout strategy"),
    "aws:appconfig/environment:Environment": (DETAIL, "AppConfig environment (alarm monitors)"),
    "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion": (DETAIL, "flag version"),
    "aws:appautoscaling/target:Target": (DETAIL, "scaling target"),
    "aws:cloudwatch/logGroup:LogGroup": (DETAIL, "log group"),
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": (DETAIL, "composite alarm"),
    "aws:cloudwatch/dashboard:Dashboard": (DETAIL, "dashboard"),
    "aws:cloudwatch/eventRule:EventRule": (DETAIL, "event rule"),
    "aws:cloudwatch/eventTarget:EventTarget": (DETAIL, "event target"),
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": (DETAIL, "metric filter"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (DETAIL, "alarm"),
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": (DETAIL, "ECR registry scanning"),
    "aws:guardduty/detector:Detector": (DETAIL, "GuardDuty detector"),
    "aws:guardduty/detectorFeature:DetectorFeature": (DETAIL, "GuardDuty feature"),
    "aws:inspector2/enabler:Enabler": (DETAIL, "Inspector"),
    "aws:securityhub/account:Account": (DETAIL, "Security Hub"),
    "aws:securityhub/standardsSubscription:StandardsSubscription": (DETAIL, "Security Hub standard"),
    "aws:sns/topicSubscription:TopicSubscription": (DETAIL, "topic subscription"),
    "aws:xray/encryptionConfig:EncryptionConfig": (DETAIL, "X-Ray encryption"),
    "aws:xray/samplingRule:SamplingRule": (DETAIL, "X-Ray sampling rule"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (DETAIL, "default security group"),
    "aws:ec2/eip:Eip": (DETAIL, "Elastic IP"),
    "aws:ec2/flowLog:FlowLog": (DETAIL, "flow log"),
    "aws:ec2/launchTemplate:LaunchTemplate": (DETAIL, "launch template"),
    "aws:ec2/natGateway:NatGateway": (DETAIL, "NAT gateway"),
    "aws:ec2/route:Route": (DETAIL, "route"),
    "aws:ec2/routeTable:RouteTable": (DETAIL, "route table"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (DETAIL, "route table association"),
    "aws:ec2/securityGroup:SecurityGroup": (DETAIL, "security group"),
    "aws:ec2/subnet:Subnet": (DETAIL, "subnet"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (DETAIL, "VPC endpoint"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (DETAIL, "security group rule"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (DETAIL, "security group rule"),
    "aws:ecr/replicationConfiguration:ReplicationConfiguration": (DETAIL, "ECR replication"),
    "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": (DETAIL, "ECR creation template"),
    "aws:eks/accessEntry:AccessEntry": (DETAIL, "access entry"),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": (DETAIL, "access policy"),
    "aws:eks/addon:Addon": (DETAIL, "add-on"),
    "aws:eks/nodeGroup:NodeGroup": (DETAIL, "node group"),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (DETAIL, "Pod Identity association"),
    "aws:elasticache/subnetGroup:SubnetGroup": (DETAIL, "subnet group"),
    "aws:elasticache/user:User": (DETAIL, "cache user"),
    "aws:elasticache/userGroup:UserGroup": (DETAIL, "cache user group"),
    "aws:iam/policy:Policy": (DETAIL, "IAM policy"),
    "aws:iam/role:Role": (DETAIL, "IAM role"),
    "aws:iam/rolePolicy:RolePolicy": (DETAIL, "IAM role policy"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (DETAIL, "IAM policy attachment"),
    "aws:kms/alias:Alias": (DETAIL, "key alias"),
    "aws:lambda/permission:Permission": (DETAIL, "rotation function permission"),
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": (DETAIL, "rotation function"),
    "aws:rds/clusterInstance:ClusterInstance": (DETAIL, "DB instance"),
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": (DETAIL, "DB parameter group"),
    "aws:rds/eventSubscription:EventSubscription": (DETAIL, "event subscription"),
    "aws:rds/subnetGroup:SubnetGroup": (DETAIL, "DB subnet group"),
    "aws:secretsmanager/secretPolicy:SecretPolicy": (DETAIL, "secret policy"),
    "aws:secretsmanager/secretRotation:SecretRotation": (DETAIL, "secret rotation"),
    "aws:secretsmanager/secretVersion:SecretVersion": (DETAIL, "secret value"),
    "aws:sns/topic:Topic": (DETAIL, "SNS topic"),
    "aws:sns/topicPolicy:TopicPolicy": (DETAIL, "topic policy"),
    "aws:sqs/queuePolicy:QueuePolicy": (DETAIL, "queue policy"),
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": (DETAIL, "redrive-allow policy"),
    "aws:sqs/redrivePolicy:RedrivePolicy": (DETAIL, "redrive policy"),
    "kubernetes:apiregistration.k8s.io/v1:APIService": (DETAIL, "API service"),
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": (DETAIL, "HPA"),
    "kubernetes:core/v1:Namespace": (DETAIL, "namespace"),
    "kubernetes:core/v1:Service": (DETAIL, "Service"),
    "kubernetes:core/v1:ServiceAccount": (DETAIL, "service account"),
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": (DETAIL, "NetworkPolicy"),
    "kubernetes:policy/v1:PodDisruptionBudget": (DETAIL, "PodDisruptionBudget"),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": (DETAIL, "ClusterRole"),
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": (DETAIL, "ClusterRoleBinding"),
    "kubernetes:rbac.authorization.k8s.io/v1:Role": (DETAIL, "Role"),
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": (DETAIL, "RoleBinding"),
}


def role_of(resource_type: str) -> Role | None:
    """The role of a custom resource type; None when the table has no row for it."""
    row = TYPES.get(resource_type)
    return row[0] if row else None


def is_structural(record_type: str, custom: bool) -> bool:
    """Components and providers shape the program, not the architecture: neither drawn nor unmapped."""
    return not custom or record_type.startswith("pulumi:providers:")
