// AWS managed policies Keyward provides (ARNs `arn:aws:iam::aws:policy/<name>`), with AWS's documents for the actions
// Keyward serves: attachable to users, groups and roles, never editable. The bootstrap administrator has
// AdministratorAccess. https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
export interface AwsManagedPolicy {
  name: string;
  arn: string;
  path: string;
  id: string;
  description: string;
  document: string;
  /** When AWS created it (CreateDate/UpdateDate as AWS lists them). */
  createdAt: number;
}

const policy = (name: string, id: string, description: string, statements: unknown[], created: string): AwsManagedPolicy => ({
  name, arn: `arn:aws:iam::aws:policy/${name}`, path: '/', id, description, createdAt: Date.parse(created),
  document: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4),
});

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  policy('AdministratorAccess', 'ANPAIWMBCKSKIEE64ZLYK', 'Provides full access to AWS services and resources.',
    [{ Effect: 'Allow', Action: '*', Resource: '*' }], '2015-02-06T18:39:46Z'),
  policy('AWSKeyManagementServicePowerUser', 'ANPAJNPP7PPPPMJRV2SA4', 'Provides access to AWS Key Management Service (KMS).',
    [{ Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:CreateKey', 'kms:DeleteAlias', 'kms:Describe*', 'kms:GenerateRandom',
      'kms:Get*', 'kms:List*', 'kms:TagResource', 'kms:UntagResource', 'iam:ListGroups', 'iam:ListRoles', 'iam:ListUsers'], Resource: '*' }],
    '2015-02-06T18:40:40Z'),
  policy('ReadOnlyAccess', 'ANPAILL3HVNFSB6DCOWYQ', 'Provides read-only access to AWS services and resources.',
    [{ Effect: 'Allow', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'iam:Get*', 'iam:List*', 'sts:GetCallerIdentity'], Resource: '*' }],
    '2015-02-06T18:39:48Z'),
  policy('IAMFullAccess', 'ANPAI7XKCFMBPM3QQRRVQ', 'Provides full access to IAM via the AWS Management Console.',
    [{ Effect: 'Allow', Action: ['iam:*'], Resource: '*' }], '2015-02-06T18:40:38Z'),
];

export const AWS_MANAGED_BY_ARN: ReadonlyMap<string, AwsManagedPolicy> = new Map(AWS_MANAGED_POLICIES.map((p) => [p.arn, p]));

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
