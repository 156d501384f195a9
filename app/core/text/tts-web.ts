/**
 * Email and web addresses: "info@heed.com" → "info at heed dot com", "www.heed.com/menu" →
 * "w w w dot heed dot com slash menu", "https://" is not read. Only common top-level domains count,
 * so "e.g." or "2.5" are never taken for addresses.
 */
import { rewrite } from './tts-rewrite.js';

const TLD = 'com|org|net|io|co|us|edu|gov|app|ai|dev|info|biz|shop|store|ca|uk';
const EMAIL_RE = /(?<![\w.+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4})(?![\w@-])/g;
const URL_RE = new RegExp(String.raw`(?<![\w@./-])(?:https?:\/\/)?((?:www\.)?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.(?:${TLD}))(\/[\w\-./~%]{0,200})?(?![\w@-])`, 'gi');

const SYMBOLS = new Map([['.', 'dot'], ['-', 'dash'], ['_', 'underscore'], ['+', 'plus'], ['/', 'slash'], ['%', 'percent'], ['~', 'tilde']]);

function readAddress(s: string): string {
  return s.replace(/^www\./i, 'w w w.').replace(/[.\-_+/%~]/g, (c) => ` ${SYMBOLS.get(c) ?? ''} `).replace(/\s+/g, ' ').trim();
}

export function speakWebAddresses(text: string): string {
  const t = rewrite(text, EMAIL_RE, (m) => `${readAddress(m[1] ?? '')} at ${readAddress(m[2] ?? '')}`);
  return rewrite(t, URL_RE, (m) => {
    let path = m[2] ?? '';
    let trail = '';
    while (path.endsWith('.') || path.endsWith('/')) {
      if (path.endsWith('.')) trail = `.${trail}`;
      path = path.slice(0, -1);
    }
    return `${readAddress(m[1] ?? '')}${path ? ` ${readAddress(path)}` : ''}${trail}`;
  });
}
