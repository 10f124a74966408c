import net from 'node:net';

/**
 * Tests may talk only to this machine. Any connection to a non-loopback host throws, so a test that
 * would reach WeChat (or anything else) fails instead of silently depending on the network.
 */
const loopback = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;

export class OutboundConnectionBlocked extends Error {
  constructor(host: string) {
    super(`outbound connection to ${host} blocked in tests: only loopback is allowed`);
    this.name = 'OutboundConnectionBlocked';
  }
}

type ConnectArgs = Parameters<net.Socket['connect']>;
const originalConnect = net.Socket.prototype.connect;

function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined; // unix socket: local by definition
    return options.host ?? 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof second === 'string' ? second : 'localhost';
  }
  return undefined;
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const host = hostOf(args);
  if (host !== undefined && !loopback.test(host)) throw new OutboundConnectionBlocked(host);
  return originalConnect.apply(this, args);
} as typeof net.Socket.prototype.connect;
