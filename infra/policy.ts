import type * as s3 from 'aws-cdk-lib/aws-s3'

/** Object ARNs under the given key prefixes of one bucket: `arn:aws:s3:::<bucket>/<prefix>*`. */
export function objectArns(bucket: s3.IBucket, prefixes: readonly string[]): string[] {
  return prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`))
}
