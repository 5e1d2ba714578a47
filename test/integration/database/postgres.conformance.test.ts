import { openDatabase } from '@rapidauth/database';
import { describeDatabaseConformance } from '../../support/database-conformance';
import { createScratchDatabase, type ScratchDatabase } from '../../support/test-servers';

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
