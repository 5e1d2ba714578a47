import { CopyValue } from '../../../components/CopyValue';
import { useCopy } from '../../../components/use-copy';
import type { AuthService } from './types';

/**
 * The callback URL (`/oauth2/:id/callback`) the IdP's admin registers for OAuth2 (authorization code),
 * OIDC and Facebook services, as the API answers it on the gateway's public URL (docs/admin-api.md).
 */
export function CallbackUrls({ services }: { services: readonly AuthService[] }) {
  const redirected = services.filter((service) => service.callbackUrl);
  const { copied, copy } = useCopy();
  if (redirected.length === 0) return null;
  return (
    <section className="callback-urls" aria-labelledby="callback-urls-heading">
      <h3 id="callback-urls-heading">Callback URLs</h3>
      <dl>
        {redirected.map((service) => {
          const url = service.callbackUrl!;
          const what = `${service.name} callback URL`;
          return (
            <div key={service.id}>
              <dt>{service.name}</dt>
              <dd>
                <CopyValue label={what} value={url} copyName={`Copy ${what}`} onCopy={() => copy(what, url)} />
              </dd>
            </div>
          );
        })}
      </dl>
      <p role="status">{copied ? `${copied} copied.` : ''}</p>
    </section>
  );
}
