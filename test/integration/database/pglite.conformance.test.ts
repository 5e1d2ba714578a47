import { IN_MEMORY, openDatabase } from '@rapidauth/database';
import { describeDatabaseConformance } from '../../support/database-conformance';

describeDatabaseConformance(
  'PGlite (embedded)',
  () => openDatabase({ kind: 'pglite', dataDir: IN_MEMORY }),
  (database) => database.close(),
);
