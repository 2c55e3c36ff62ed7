import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WeChatXmlError } from './errors';

/** Largest XML body accepted, in UTF-8 bytes. WeChat's own messages are a few KiB at most. */
export const MAX_XML_BYTES = 65536;

/**
 * Deepest element nesting accepted, counting `<xml>` as 1. WeChat messages are flat; the deepest
 * real push (`SendPicsInfo > PicList > item > PicMd5Sum`) reaches 5.
 */
export const MAX_XML_DEPTH = 5;

/** Parsed WeChat XML: field name → string value. Has no prototype, so any key is just data. */
export type XmlFields = Record<string, string>;

const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const TEXT_NODE = '#text';
const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const refuseName = (name: string): string => {
  throw new WeChatXmlError('forbidden_name', `element name ${JSON.stringify(name)} is not allowed`);
};

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Keep user text byte for byte (a Content of "  hi " stays so); whitespace between elements is dropped below.
  trimValues: false,
  textNodeName: TEXT_NODE,
  maxNestedTags: MAX_XML_DEPTH + 1,
  onDangerousProperty: refuseName,
});

/**
 * Parses an untrusted WeChat XML body into a flat map of strings.
 *
 * Refuses (throws `WeChatXmlError`): bodies over `MAX_XML_BYTES`, any DOCTYPE or other `<!` declaration
 * outside CDATA and comments, malformed XML, a root other than `<xml>`, nesting deeper than
 * `MAX_XML_DEPTH`, repeated top-level fields, and names such as `__proto__`.
 *
 * Values are always strings (MsgId exceeds 2^53). Entities are not expanded: WeChat sends text in
 * CDATA, so `&amp;` outside CDATA stays as written. A field with child elements (e.g. `ScanCodeInfo`)
 * becomes a JSON string of its children (`{"ScanType":"qrcode","ScanResult":"…"}`; repeated children
 * become arrays).
 */
export function parseXml(body: string): XmlFields {
  if (typeof body !== 'string') throw new WeChatXmlError('malformed', 'body must be a string');
  if (body.length > MAX_XML_BYTES || Buffer.byteLength(body, 'utf8') > MAX_XML_BYTES) {
    throw new WeChatXmlError('too_large', `body exceeds ${MAX_XML_BYTES} bytes`);
  }
  refuseDeclarations(body);
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(body);
  } catch (cause) {
    throw new WeChatXmlError('malformed', 'body is not well-formed XML', { cause });
  }
  if (valid !== true) throw new WeChatXmlError('malformed', 'body is not well-formed XML');
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch (cause) {
    if (cause instanceof WeChatXmlError) throw cause;
    const message = cause instanceof Error ? cause.message : '';
    if (/nested/i.test(message)) throw new WeChatXmlError('too_deep', 'XML is nested too deeply', { cause });
    if (/SECURITY|Invalid tag name/i.test(message)) {
      throw new WeChatXmlError('forbidden_name', 'XML uses a forbidden element name', { cause });
    }
    throw new WeChatXmlError('malformed', 'body is not well-formed XML', { cause });
  }
  if (!isRecord(doc)) throw new WeChatXmlError('bad_root', 'root element must be <xml>');
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== 'xml' || Array.isArray(doc.xml)) {
    throw new WeChatXmlError('bad_root', 'root element must be <xml>');
  }
  const root = doc.xml;
  const fields: XmlFields = Object.create(null);
  if (typeof root === 'string') {
    if (root.trim() !== '') throw new WeChatXmlError('malformed', '<xml> holds text instead of fields');
    return fields;
  }
  if (!isRecord(root)) throw new WeChatXmlError('malformed', 'unexpected <xml> content');
  forEachChild(root, '<xml> mixes text with fields', (name, value) => {
    if (Array.isArray(value)) throw new WeChatXmlError('duplicate_field', `field ${name} appears more than once`);
    fields[name] = typeof value === 'string' ? value : JSON.stringify(toPlain(value, 2));
  });
  return fields;
}

/**
 * Builds a flat WeChat XML document: strings in CDATA, numbers bare.
 * `]]>` inside a string is split across two CDATA sections; characters XML 1.0 forbids are dropped.
 *
 * @example buildXml({ MsgType: 'text', CreateTime: 1 }) // '<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1</CreateTime></xml>'
 */
export function buildXml(fields: Record<string, string | number>): string {
  let out = '<xml>';
  for (const [name, value] of Object.entries(fields)) {
    if (!TAG_NAME.test(name) || FORBIDDEN_NAMES.has(name) || /^xml/i.test(name)) {
      throw new WeChatXmlError('bad_field', `invalid element name ${JSON.stringify(name)}`);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new WeChatXmlError('bad_field', `field ${name} is not a finite number`);
      out += `<${name}>${String(value)}</${name}>`;
    } else if (typeof value === 'string') {
      out += `<${name}>${cdata(value)}</${name}>`;
    } else {
      throw new WeChatXmlError('bad_field', `field ${name} must be a string or a number`);
    }
  }
  return `${out}</xml>`;
}

function cdata(text: string): string {
  const clean = text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
  return `<![CDATA[${clean.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

// Scans markup outside CDATA sections and comments, so a user's text that mentions
// "<!DOCTYPE" inside CDATA is still accepted while any real declaration is refused.
function refuseDeclarations(body: string): void {
  let i = body.indexOf('<!');
  while (i !== -1) {
    if (body.startsWith('<![CDATA[', i)) {
      const end = body.indexOf(']]>', i + 9);
      if (end === -1) throw new WeChatXmlError('malformed', 'unterminated CDATA section');
      i = body.indexOf('<!', end + 3);
    } else if (body.startsWith('<!--', i)) {
      const end = body.indexOf('-->', i + 4);
      if (end === -1) throw new WeChatXmlError('malformed', 'unterminated comment');
      i = body.indexOf('<!', end + 3);
    } else {
      throw new WeChatXmlError('doctype', 'DOCTYPE and entity declarations are not accepted');
    }
  }
}

function toPlain(value: unknown, depth: number): unknown {
  if (depth > MAX_XML_DEPTH) throw new WeChatXmlError('too_deep', 'XML is nested too deeply');
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => toPlain(item, depth));
  if (!isRecord(value)) return '';
  const out: Record<string, unknown> = Object.create(null);
  forEachChild(value, 'an element mixes text with child elements', (name, child) => {
    out[name] = toPlain(child, depth + 1);
  });
  return out;
}

/**
 * Visits an element's children in order: whitespace between them is skipped, any other text refused
 * (`mixedText` says where), and each name checked before `visit` sees it.
 */
function forEachChild(
  element: Record<string, unknown>,
  mixedText: string,
  visit: (name: string, value: unknown) => void,
): void {
  for (const name of Object.keys(element)) {
    const value = element[name];
    if (name === TEXT_NODE) {
      if (typeof value === 'string' && value.trim() === '') continue;
      throw new WeChatXmlError('malformed', mixedText);
    }
    if (FORBIDDEN_NAMES.has(name)) refuseName(name);
    visit(name, value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
