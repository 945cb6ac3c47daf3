import { describe, expect, it } from 'vitest';
import { assertExtensionPage, ExtensionPagesOnlyError, isExtensionPage } from '@/lib/messaging/sender';
import { LocalError, serializePostHogError } from '@/lib/posthog/errors';
import { PageUnavailableError } from '@/lib/tabs/overlay-tabs';

const CHROME = 'chrome-extension://abcdefghijklmnop/';
const FIREFOX = 'moz-extension://0b5f0c8e-1111-4222-8333-444455556666/';

describe('isExtensionPage', () => {
  it('accepts the popup in the toolbar, the popup in a tab and the options page, by URL', () => {
    expect(isExtensionPage({ url: `${CHROME}popup.html` }, CHROME)).toBe(true);
    expect(isExtensionPage({ url: `${CHROME}popup.html`, tab: { id: 4 } }, CHROME)).toBe(true);
    expect(isExtensionPage({ url: `${CHROME}options.html`, tab: { id: 9 } }, CHROME)).toBe(true);
    expect(isExtensionPage({ url: `${FIREFOX}popup.html`, tab: { id: 2 } }, FIREFOX)).toBe(true);
  });

  it('refuses content scripts, other extensions’ pages and senders without a URL', () => {
    expect(isExtensionPage({ url: 'https://shop.example/popup.html', tab: { id: 4 } }, CHROME)).toBe(false);
    expect(isExtensionPage({ url: 'chrome-extension://otherextensionid/popup.html' }, CHROME)).toBe(false);
    expect(isExtensionPage({ url: `${FIREFOX}popup.html` }, CHROME)).toBe(false);
    expect(isExtensionPage({}, CHROME)).toBe(false);
    expect(isExtensionPage({ url: 'not a url' }, CHROME)).toBe(false);
    // A page whose path merely contains the extension's address is not the extension.
    expect(isExtensionPage({ url: `https://evil.example/${CHROME}` }, CHROME)).toBe(false);
  });

  it('throws a local error that never blames PostHog', () => {
    expect(() => assertExtensionPage({ url: 'https://shop.example/' }, CHROME)).toThrow(ExtensionPagesOnlyError);
    expect(() => assertExtensionPage({ url: `${CHROME}popup.html`, tab: { id: 1 } }, CHROME)).not.toThrow();
  });
});

describe('local errors cross the message boundary as local', () => {
  it('keeps the message of a LocalError and marks it local', () => {
    const serialized = serializePostHogError(new PageUnavailableError('Cannot access a chrome:// URL'));
    expect(serialized.kind).toBe('local');
    expect(serialized.message).toContain('Heatlens cannot run on this page');
    expect(serialized.message).not.toMatch(/PostHog/);
    expect(serializePostHogError(new ExtensionPagesOnlyError()).kind).toBe('local');
    expect(new ExtensionPagesOnlyError()).toBeInstanceOf(LocalError);
  });

  it('does not claim PostHog was involved in an unexpected error', () => {
    expect(serializePostHogError(new TypeError('x is undefined')).message).not.toMatch(/PostHog/);
  });
});
