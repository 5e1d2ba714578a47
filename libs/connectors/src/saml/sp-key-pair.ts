import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { certificateProblem, privateKeyProblem } from '../config/checks';

// The SP key pair: `decryptionKey` (secret) and `spCertificate` (published in the metadata). XML
// Encryption's key transport and our RSA-SHA256 request signatures both need an RSA key, so the
// pair is RSA; each rule is reported on the key it is about, never echoing a value.

function rsaKey(pem: string): KeyObject | undefined {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `certificate` is the certificate of `privateKey` (both PEM). */
export function keyPairMatches(privateKey: string, certificate: string): boolean {
  const key = rsaKey(privateKey);
  try {
    return key !== undefined && new X509Certificate(certificate).checkPrivateKey(key);
  } catch {
    return false;
  }
}

export function decryptionKeyProblem(pem: string, config: Record<string, unknown>): string | undefined {
  const unreadable = privateKeyProblem(pem);
  if (unreadable) return unreadable;
  if (!rsaKey(pem)) return 'must be an RSA private key';
  return config.spCertificate === undefined ? 'needs spCertificate, the certificate of this key' : undefined;
}

export function spCertificateProblem(pem: string, config: Record<string, unknown>): string | undefined {
  const unreadable = certificateProblem(pem);
  if (unreadable) return unreadable;
  if (typeof config.decryptionKey !== 'string') return 'needs decryptionKey, its private key';
  return keyPairMatches(config.decryptionKey, pem) ? undefined : 'is not the certificate of decryptionKey';
}

export function signAuthnRequestsProblem(sign: boolean, config: Record<string, unknown>): string | undefined {
  return sign && config.spCertificate === undefined ? 'needs spCertificate and decryptionKey, the key pair that signs the requests' : undefined;
}
