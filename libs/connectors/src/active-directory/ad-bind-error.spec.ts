import { BusyError, InvalidCredentialsError } from 'ldapts';
import { adBindRefused } from './ad-bind-error';

// Diagnostic messages as Active Directory sends them with resultCode 49.
const diagnostic = (data: string) => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`;

describe('adBindRefused', () => {
  it('maps data 775 to IDENTITY_TEMPORARILY_LOCKED', () => {
    expect(adBindRefused(new InvalidCredentialsError(diagnostic('775'))).code).toBe('IDENTITY_TEMPORARILY_LOCKED');
  });

  it('maps a disabled (533) or expired (701) account to ACCOUNT_DISABLED', () => {
    expect(adBindRefused(new InvalidCredentialsError(diagnostic('533'))).code).toBe('ACCOUNT_DISABLED');
    expect(adBindRefused(new InvalidCredentialsError(diagnostic('701'))).code).toBe('ACCOUNT_DISABLED');
  });

  it('keeps a wrong password (52e), an unknown user (525) and no diagnostic as INVALID_CREDENTIALS', () => {
    for (const message of [diagnostic('52e'), diagnostic('525'), '']) expect(adBindRefused(new InvalidCredentialsError(message)).code).toBe('INVALID_CREDENTIALS');
  });

  it('treats a busy directory as UPSTREAM_UNAVAILABLE, whatever its message says', () => {
    expect(adBindRefused(new BusyError(diagnostic('775'))).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('says nothing of the directory in the client message', () => {
    const error = adBindRefused(new InvalidCredentialsError(diagnostic('775')));
    expect(error.message).not.toMatch(/DSID|775|AcceptSecurityContext/);
  });
});
