/**
 * Where Amazon SES (the email API, endpoint `email.<region>.amazonaws.com`) can be used, as the
 * AWS General Reference lists it: "Amazon Simple Email Service endpoints and quotas", Service API
 * endpoints, https://docs.aws.amazon.com/general/latest/gr/ses.html (read November 2026; only the
 * regions listed there at that date, so a region SES reaches later is refused until it is added
 * here). Neither the China regions (a separate partition, with no SES) nor Hong Kong (ap-east-1)
 * are among them.
 */
export const SES_REGIONS_SOURCE = 'AWS General Reference, https://docs.aws.amazon.com/general/latest/gr/ses.html';

export const SES_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
];

/**
 * Regions an account must enable before it can use them (Account console: "AWS Regions"; AWS
 * Account Management guide, "Specify which AWS Regions your account can use",
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html). Until enabled,
 * nothing deploys there, and IAM, STS and bootstrap calls for it fail.
 */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

/** The China regions: the aws-cn partition, with accounts of its own and no SES. */
export const CHINA_REGIONS: readonly string[] = ['cn-north-1', 'cn-northwest-1'];

/** The mail regions to suggest for a region without SES: the nearest first. */
const NEAREST_MAIL_REGIONS: Readonly<Record<string, readonly string[]>> = {
  'ap-east-1': ['ap-southeast-1', 'ap-northeast-1'],
  'ap-east-2': ['ap-southeast-1', 'ap-northeast-1'],
  'cn-north-1': ['ap-northeast-1', 'ap-southeast-1'],
  'cn-northwest-1': ['ap-southeast-1', 'ap-northeast-1'],
};

export const hasSes = (region: string): boolean => SES_REGIONS.includes(region);
export const isOptIn = (region: string): boolean => OPT_IN_REGIONS.includes(region);
export const isChina = (region: string): boolean => CHINA_REGIONS.includes(region);

/** SES regions close to `region` (for a mail region), else the Asia Pacific ones, which a chain in China reaches best. */
export function nearestSesRegions(region: string): readonly string[] {
  return NEAREST_MAIL_REGIONS[region] ?? ['ap-southeast-1', 'ap-northeast-1'];
}
