/**
 * Know-how in SQLite (migration 9): the findings of work orders in an FTS5 index. The metadata store calls index()
 * on every saveWorkOrderDetail, so the index never lags the work orders.
 */
import type { KnowledgeHit, KnowledgeQuery, WorkOrderDetail } from '@prognos/core';
import type Database from 'better-sqlite3';

export class SqliteKnowledge {
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {}

  /** Puts the work order's findings in the index (or takes it out when it has none). */
  index(_wo: WorkOrderDetail): void {
    // TODO(knowledge helper): implement
  }

  search(_q: KnowledgeQuery): KnowledgeHit[] {
    this.check();
    void this.db;
    throw new Error('searchKnowledge: not implemented yet');
  }
}
