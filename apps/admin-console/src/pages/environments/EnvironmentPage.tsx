export function EnvironmentPage() {
  return <h1>Environment</h1>;
}
