export { knowledgeSearchConformance } from './knowledge-suite';
export { type MetadataStoreHarness, metadataStoreConformance } from './metadata-store-suite';
export { expectedTier, type ReadingStoreHarness, readingStoreConformance } from './reading-store-suite';
