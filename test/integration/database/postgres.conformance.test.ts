import { openDatabase } from '@rapidauth/database';
import { createScratchDatabase, describeDatabaseConformance, type ScratchDatabase } from '@rapidauth/testing';

let scratch: ScratchDatabase;

describeDatabaseConformance(
  'PostgreSQL server',
  async () => {
    scratch = await createScratchDatabase();
    return openDatabase({ kind: 'postgres', url: scratch.url });
  },
  async (database) => {
    await database.close();
    await scratch.drop();
  },
);
