import { Column } from 'typeorm';

/**
 * Who signed in and how (docs/gateway.md#login-claims), as each record of a login keeps them for
 * its tokens: its browser session, its authorization code, its refresh-token family. Embedded
 * without a prefix: the columns are `provider`, `provider_uid`, `amr`.
 */
export class LoginClaimsColumns {
  @Column({ type: 'text', nullable: true })
  provider: string | null;

  @Column({ type: 'text', nullable: true })
  providerUid: string | null;

  /** RFC 8176 authentication method references. */
  @Column({ type: 'text', array: true, nullable: true })
  amr: string[] | null;
}
