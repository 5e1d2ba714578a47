export function ServicesTab({ environmentId }: { environmentId: string }) {
  return <p>Auth services of {environmentId}</p>;
}
