// Both packages' type declarations pull the DOM library into every compilation (and change the
// global `fetch` types), so they are loaded untyped and described by the little of the DOM used here.
const { DOMParser } = require('@xmldom/xmldom') as { DOMParser: new (options: object) => { parseFromString(xml: string, type: string): XmlDocument | undefined } };
const { useNamespaces } = require('xpath') as { useNamespaces(namespaces: Record<string, string>): (expression: string, node: XmlNode) => unknown };

export interface XmlNode {
  readonly nodeType: number;
  readonly namespaceURI: string | null;
  readonly localName: string | null;
  readonly parentNode: XmlNode | null;
  readonly textContent: string | null;
  toString(): string;
}

export interface XmlElement extends XmlNode {
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
}

export interface XmlDocument extends XmlNode {
  readonly documentElement: XmlElement | null;
}

export const SAML_NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const select = useNamespaces(SAML_NS);

/** A response that fails one of our rules; `message` is for the log only (docs/saml.md). */
export class SamlRefused extends Error {}

/**
 * Parses XML strictly: any DOCTYPE or entity declaration is refused before parsing (no entity
 * expansion of any kind), and any parse error refuses the whole document.
 */
export function parseXml(xml: string, what: string): XmlDocument & { readonly documentElement: XmlElement } {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlRefused(`${what} has a DOCTYPE or entity declaration`);
  let problem: string | undefined;
  const note = (message: string) => {
    problem ??= message;
  };
  const document = new DOMParser({ locator: {}, errorHandler: { warning: () => undefined, error: note, fatalError: note } }).parseFromString(xml, 'text/xml');
  if (problem !== undefined || !document?.documentElement) throw new SamlRefused(`${what} is not well-formed XML`);
  return document as XmlDocument & { readonly documentElement: XmlElement };
}

/** The elements an XPath over the SAML namespaces (prefixes samlp, saml, ds) selects. */
export function elements(expression: string, node: XmlNode): XmlElement[] {
  const found = select(expression, node);
  return Array.isArray(found) ? found.filter((item): item is XmlElement => (item as XmlNode).nodeType === 1) : [];
}

export function element(expression: string, node: XmlNode): XmlElement | undefined {
  const [first, ...more] = elements(expression, node);
  if (more.length) throw new SamlRefused(`more than one ${expression}`);
  return first;
}

/** An attribute's value, or undefined when the element or the attribute is absent. */
export function attribute(node: XmlElement | undefined, name: string): string | undefined {
  return node?.hasAttribute(name) ? node.getAttribute(name) ?? undefined : undefined;
}

export function isIn(node: XmlNode, namespace: string, localName: string): boolean {
  return node.namespaceURI === namespace && node.localName === localName;
}
