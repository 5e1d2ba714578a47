import { CheckField } from '../../../components/CheckField';

/** The grant's `allowOpenDriverAuthentication`, said as what it allows, with the API's problem under it. */
export function OpenDriverCheckbox({ checked, problem, onChange }: { checked: boolean; problem?: string; onChange: (checked: boolean) => void }) {
  return <CheckField label="Allow open driver authentication (client_id alone, without a client secret)" checked={checked} problem={problem} onChange={onChange} />;
}
