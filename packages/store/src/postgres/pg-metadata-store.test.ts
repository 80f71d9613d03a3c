/**
 * The PostgreSQL MetadataStore against a real PostgreSQL 15: the same conformance suites as the embedded store,
 * each store in its own freshly created schema, dropped afterwards. Needs PROGNOS_TEST_PG_URL (scripts/test.sh
 * sets it); skipped without it.
 */
import { describe } from 'vitest';
import { metadataStoreConformance } from '../testing/metadata-store-suite';
import { pgMetadataHarness, url } from './pg-test-harness';

describe.skipIf(!url)('PostgreSQL metadata store', () => {
  metadataStoreConformance('postgresql', pgMetadataHarness);
});
