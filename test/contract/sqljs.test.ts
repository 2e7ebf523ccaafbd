import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { describeStorageContract } from './storage-contract.js';

describeStorageContract('sql.js (in memory)', {
  open: async () => {
    const storage = await createSqlJsStorage({});
    const created = await storage.schema.createTables()();
    if (created._tag === 'Left') throw new Error(created.left.message);
    return storage;
  },
});
