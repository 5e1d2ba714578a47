import { CopyValue } from '../../../components/CopyValue';
import { useCopy } from '../../../components/use-copy';
import type { AuthService } from './types';

/**
 * The SP metadata URLs of the SAML services (v1 `/saml/:id/metadata`, v2 `/v2/saml/:id/metadata`)
 * for the IdP's admin, as the API answers them on the gateway's public URL.
 */
export function SpMetadata({ services }: { services: readonly AuthService[] }) {
  const saml = services.filter((service) => service.spMetadataUrls);
  const { copied, copy } = useCopy();
  if (saml.length === 0) return null;
  return (
    <section className="sp-metadata" aria-labelledby="sp-metadata-heading">
      <h3 id="sp-metadata-heading">SAML SP metadata</h3>
      {saml.map((service) => (
        <dl key={service.id} aria-label={`${service.name} SP metadata`}>
          {(['v1', 'v2'] as const).map((version) => {
            const url = service.spMetadataUrls![version];
            const what = `${service.name} ${version} metadata URL`;
            return (
              <div key={version}>
                <dt>
                  {service.name} ({version})
                </dt>
                <dd>
                  <CopyValue label={what} value={url} copyName={`Copy ${what}`} onCopy={() => copy(what, url)} />
                </dd>
              </div>
            );
          })}
        </dl>
      ))}
      <p role="status">{copied ? `${copied} copied.` : ''}</p>
    </section>
  );
}
