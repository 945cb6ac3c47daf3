/**
 * A personal API key belongs to the origin it was saved for (issue 17): it is never sent to another
 * host because the user changed the address and left the key field empty, and it is never sent in
 * clear to a host that is not this machine unless the user said, in so many words, to do that.
 */

/** Loopback hosts: a key sent to them over plain http never leaves this machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

/** True when the key would travel unencrypted over the network: `http://` to a host other than this machine. */
export function sendsKeyInClear(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && !isLoopbackHostname(url.hostname);
}

/** The words the popup shows next to the confirmation, and the refusal when it is not given. */
export function plainHttpWarning(origin: string): string {
  return (
    `${origin} is plain http: your personal API key would travel unencrypted, readable by anyone on the network ` +
    'between you and that host. Use its https:// address if it has one.'
  );
}

export function plainHttpRefusal(origin: string): string {
  return `${plainHttpWarning(origin)} To send the key anyway, tick “Send my key to ${origin} unencrypted (plain http)” and save again.`;
}

export type KeyForHost = { ok: true; apiKey: string } | { ok: false; reason: string };

/**
 * The key to use for `origin`: the typed one, else the saved one only when it was saved for this same
 * origin. An empty field after a host change asks for that host's key instead of sending the old one.
 */
export function keyForHost(saved: { host: string; apiKey: string }, origin: string, typedKey: string): KeyForHost {
  const typed = typedKey.trim();
  if (typed) return { ok: true, apiKey: typed };
  if (saved.apiKey && saved.host === origin) return { ok: true, apiKey: saved.apiKey };
  if (saved.apiKey) {
    return {
      ok: false,
      reason: `The saved key belongs to ${saved.host}; Heatlens never sends it to another host. Enter the personal API key for ${origin}.`,
    };
  }
  return { ok: false, reason: 'Enter a personal API key (PostHog → Settings → Personal API keys).' };
}
