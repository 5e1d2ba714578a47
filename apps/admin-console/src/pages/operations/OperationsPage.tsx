import { CleanupSection } from './CleanupSection';
import { ExportSection } from './ExportSection';
import { ImportSection } from './ImportSection';
import { SigningKeysSection } from './SigningKeysSection';
import { VaultKeysSection } from './VaultKeysSection';
import './operations.css';

/** Platform operations; each section hides itself when the caller's authority does not reach it. */
export function OperationsPage() {
  return (
    <section className="operations">
      <h1>Operations</h1>
      <CleanupSection />
      <ExportSection />
      <ImportSection />
      <SigningKeysSection />
      <VaultKeysSection />
    </section>
  );
}
