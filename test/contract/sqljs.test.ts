import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { describeConversationsContract } from './conversations-contract.js';
import { describeHybridSearchContract } from './hybrid-search-contract.js';
import { describeStorageContract, type StorageHarness } from './storage-contract.js';

const harness: StorageHarness = {
  open: async () => {
    const storage = await createSqlJsStorage({});
    const created = await storage.schema.createTables()();
    if (created._tag === 'Left') throw new Error(created.left.message);
    return storage;
  },
};

describeStorageContract('sql.js (in memory)', harness);
describeHybridSearchContract('sql.js (in memory)', harness);
describeConversationsContract('sql.js (in memory)', harness);
