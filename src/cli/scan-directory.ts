// The scan's KeyDirectory over the caller's session: DescribeKey for the ARN, ListKeyVersions (Keyward's extension
// API) for the newest version. A key id the server does not know is null, not an error: it is what noise looks like.
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { KeyDirectory } from '../scan/key-resolver.js';
import { aws, type AwsSession } from './aws-client.js';

export function sessionDirectory(s: AwsSession): KeyDirectory {
  return {
    async lookup(keyId) {
      let arn: string;
      try {
        arn = (await s.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Arn!;
      } catch (err) {
        if ((err as { name?: string }).name === 'NotFoundException') return null;
        return aws(Promise.reject(err), s.endpoint); // unreachable, refused: the scan cannot confirm anything
      }
      let newestVersion = 0;
      let marker: string | undefined;
      do {
        const page = await s.keyward('ListKeyVersions', { KeyId: arn, ...(marker ? { Marker: marker } : {}) });
        for (const v of (page.Versions as { KeyVersion?: number }[] | undefined) ?? []) newestVersion = Math.max(newestVersion, v.KeyVersion ?? 0);
        marker = page.Truncated ? (page.NextMarker as string) : undefined;
      } while (marker);
      return { arn, newestVersion };
    },
  };
}
